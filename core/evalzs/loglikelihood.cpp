#include "core/evalzs/loglikelihood.h"

#include <algorithm>
#include <numeric>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::zs {

EncodedRequest encodeRequest(const Tokenizer& tok, const Request& r, bool add_special) {
    std::string context = r.context, continuation = r.continuation;
    const size_t keep = context.find_last_not_of(" \t\n\r\f\v");
    const size_t cut = keep == std::string::npos ? 0 : keep + 1;
    if (cut < context.size()) {
        continuation = context.substr(cut) + continuation;
        context.resize(cut);
    }
    EncodedRequest e;
    if (context.empty()) {
        const int32_t prefix = tok.bosId() >= 0 ? tok.bosId() : tok.eosId();
        if (prefix < 0) throw Error("empty context and the tokenizer has neither BOS nor EOS");
        e.context = {prefix};
        e.continuation = tok.encode(continuation, false);
        return e;
    }
    auto whole = tok.encode(context + continuation, add_special);
    e.context = tok.encode(context, add_special);
    const size_t n = std::min(e.context.size(), whole.size());
    e.continuation.assign(whole.begin() + long(n), whole.end());
    return e;
}

LogLikelihoodFn modelLogLikelihood(const LlamaModel& model, const Tokenizer& tok, const LogLikelihoodOptions& o) {
    return [&model, &tok, o](const std::vector<Request>& reqs) {
        torch::NoGradGuard ng;
        const int64_t max_len = o.max_length > 0 ? o.max_length : (model.config.max_position > 0 ? model.config.max_position : 2048);
        struct Row {
            std::vector<int64_t> input;
            std::vector<int64_t> target;  // the continuation tokens (the last target.size() predictions)
        };
        std::vector<Row> rows(reqs.size());
        for (size_t i = 0; i < reqs.size(); ++i) {
            EncodedRequest e = encodeRequest(tok, reqs[i], o.add_special);
            if (e.continuation.empty()) throw Error("a continuation encodes to no tokens: '" + reqs[i].continuation + "'");
            std::vector<int64_t> all(e.context.begin(), e.context.end());
            all.insert(all.end(), e.continuation.begin(), e.continuation.end());
            if (int64_t(all.size()) > max_len + 1) all.erase(all.begin(), all.end() - (max_len + 1));
            rows[i].input.assign(all.begin(), all.end() - 1);
            const size_t cl = std::min(e.continuation.size(), rows[i].input.size());
            rows[i].target.assign(all.end() - long(cl), all.end());
        }
        std::vector<size_t> order(reqs.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a].input.size() > rows[b].input.size(); });
        std::vector<double> out(reqs.size(), 0.0);
        const size_t bs = size_t(std::max<int64_t>(o.batch, 1));
        for (size_t s = 0; s < order.size(); s += bs) {
            const size_t e = std::min(order.size(), s + bs);
            const int64_t T = int64_t(rows[order[s]].input.size());
            auto ids = torch::zeros({int64_t(e - s), T}, torch::kInt64);
            auto acc = ids.accessor<int64_t, 2>();
            for (size_t k = s; k < e; ++k)
                for (size_t t = 0; t < rows[order[k]].input.size(); ++t) acc[int64_t(k - s)][int64_t(t)] = rows[order[k]].input[t];
            auto logits = model.forward(ids.to(model.device()));  // [B, T, V] f32
            for (size_t k = s; k < e; ++k) {
                const Row& r = rows[order[k]];
                const int64_t L = int64_t(r.input.size()), cl = int64_t(r.target.size());
                auto lp = torch::log_softmax(logits[int64_t(k - s)].narrow(0, L - cl, cl), -1);  // [cl, V]
                auto tgt = torch::tensor(r.target, torch::kInt64).to(lp.device()).unsqueeze(1);
                out[order[k]] = lp.gather(1, tgt).sum().item<double>();
            }
        }
        return out;
    };
}

} // namespace pb::zs
