#include "core/eval/rolling_perplexity.h"

#include <chrono>
#include <cmath>

#include <torch/torch.h>

#include "core/data/wikitext_documents.h"
#include "core/model/llama_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

std::vector<RollingWindow> rollingWindows(const std::vector<int32_t>& tokens, int32_t prefix, int64_t max_length) {
    if (max_length < 1) throw Error("rolling windows need max_length >= 1");
    std::vector<RollingWindow> out;
    const int64_t n = int64_t(tokens.size());
    if (n == 0) return out;
    const auto slice = [&](int64_t a, int64_t b) {  // tokens[a:b], Python-style with a clamped at 0
        a = std::max<int64_t>(a, 0);
        return std::vector<int32_t>(tokens.begin() + a, tokens.begin() + std::max(a, b));
    };
    // get_rolling_token_windows (context_len = 1: pred_len = max_length)
    const int64_t first = std::min(max_length, n);
    RollingWindow w0;
    w0.context = {prefix};
    auto head = slice(0, first - 1);
    w0.context.insert(w0.context.end(), head.begin(), head.end());
    w0.continuation = slice(0, first);
    std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> raw = {{w0.context, w0.continuation}};
    int64_t predicted = first;
    while (predicted < n) {
        const int64_t p = std::min(n - predicted, max_length);
        const int64_t end = predicted + p;
        raw.push_back({slice(end - max_length - 1, end - 1), slice(end - p, end)});
        predicted += p;
    }
    // make_disjoint_window: a[: len(a) - (len(b) - 1)], b
    for (auto& [a, b] : raw) {
        RollingWindow w;
        w.context.assign(a.begin(), a.begin() + long(a.size() - (b.size() - 1)));
        w.continuation = std::move(b);
        out.push_back(std::move(w));
    }
    return out;
}

RollingResult rollingPerplexity(const LlamaModel& model, const Tokenizer& tok, const std::vector<std::string>& pages,
                                const RollingOptions& o, const ProgressFn& progress) {
    if (pages.empty()) throw Error("no document to score");
    const auto t0 = std::chrono::steady_clock::now();
    torch::NoGradGuard ng;
    RollingResult r;
    r.max_length = o.max_length > 0 ? o.max_length : (model.config.max_position > 0 ? model.config.max_position : 2048);
    const int32_t prefix = tok.bosId() >= 0 ? tok.bosId() : tok.eosId();
    if (prefix < 0) throw Error("the tokenizer has neither BOS nor EOS for the first window's prefix");
    for (size_t d = 0; d < pages.size(); ++d) {
        reportProgress(progress, double(d) / double(pages.size()), "document " + std::to_string(d + 1) + "/" + std::to_string(pages.size()));
        const std::string& page = pages[d];
        const auto ids = tok.encode(wikitextDetokenize(page), false);
        if (ids.empty()) throw Error("document " + std::to_string(d + 1) + " encodes to no tokens");
        double ll = 0;
        for (const RollingWindow& w : rollingWindows(ids, prefix, r.max_length)) {
            std::vector<int64_t> input(w.context.begin(), w.context.end());
            input.insert(input.end(), w.continuation.begin(), w.continuation.end() - 1);
            const int64_t T = int64_t(input.size()), c = int64_t(w.continuation.size());
            auto x = torch::tensor(input, torch::kInt64).view({1, T}).to(model.device());          // [1, T]
            auto lp = torch::log_softmax(model.forward(x)[0].narrow(0, T - c, c).to(torch::kFloat32), -1);  // [c, V]
            auto tgt = torch::tensor(std::vector<int64_t>(w.continuation.begin(), w.continuation.end()), torch::kInt64)
                           .to(lp.device()).unsqueeze(1);  // [c, 1]
            ll += lp.gather(1, tgt).sum().item<double>();
            ++r.windows;
        }
        r.loglikelihood += ll;
        r.tokens += int64_t(ids.size());
        r.words += pySplitWordCount(page);
        r.bytes += int64_t(page.size());
        ++r.documents;
    }
    if (!std::isfinite(r.loglikelihood)) throw Error("the log-likelihood is not finite");
    r.word_perplexity = std::exp(-r.loglikelihood / double(r.words));
    r.byte_perplexity = std::exp(-r.loglikelihood / double(r.bytes));
    r.bits_per_byte = -r.loglikelihood / double(r.bytes) / std::log(2.0);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    reportProgress(progress, 1.0, "done");
    return r;
}

} // namespace pb
