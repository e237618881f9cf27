#include "core/evalzs/loglikelihood.h"

#include <algorithm>
#include <map>
#include <numeric>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::zs {

EncodedRequest encodeRequest(const Tokenizer& tok, const Request& r, Harness harness) {
    const EncodingRules rules = encodingRules(harness);
    std::string context = r.context, continuation = r.continuation;
    if (rules.move_whitespace) {
        const size_t keep = context.find_last_not_of(" \t\n\r\f\v");
        const size_t cut = keep == std::string::npos ? 0 : keep + 1;
        if (cut < context.size()) {
            continuation = context.substr(cut) + continuation;
            context.resize(cut);
        }
    }
    EncodedRequest e;
    if (context.empty()) {
        const int32_t prefix = rules.eos_for_empty ? tok.eosId() : (tok.bosId() >= 0 ? tok.bosId() : tok.eosId());
        if (prefix < 0)
            throw Error(rules.eos_for_empty ? "empty context and the tokenizer has no EOS"
                                            : "empty context and the tokenizer has neither BOS nor EOS");
        e.context = {prefix};
        e.continuation = tok.encode(continuation, false);
        return e;
    }
    if (rules.separate) {  // LLM-Pruner's BaseLM: tok_encode(context) + tok_encode(continuation)
        e.context = tok.encode(context, rules.add_special);
        e.continuation = tok.encode(continuation, rules.add_special);
        return e;
    }
    auto whole = tok.encode(context + continuation, rules.add_special);
    e.context = tok.encode(context, rules.add_special);
    const size_t n = std::min(e.context.size(), whole.size());
    e.continuation.assign(whole.begin() + long(n), whole.end());
    return e;
}

namespace {

constexpr size_t kShareMinContext = 24;  // tokens

// The requests `members` share the context tokens `ctx`: one pass over the context fills a KV
// cache and gives the first continuation token's log-probabilities; the rest of each
// continuation (its tokens but the last as input) runs in one batch on copies of the cache.
void sharedContext(const LlamaModel& model, const std::vector<int32_t>& ctx, const std::vector<size_t>& members,
                   const std::vector<EncodedRequest>& enc, std::vector<double>& out) {
    const torch::Device dev = model.device();
    const int64_t Tc = int64_t(ctx.size());
    auto ids = torch::tensor(std::vector<int64_t>(ctx.begin(), ctx.end()), torch::kInt64).view({1, Tc}).to(dev);
    KVCache cache;
    const auto h = model.hidden(ids, &cache);  // [1, Tc, H]
    const auto first = torch::log_softmax(
        torch::nn::functional::linear(h.narrow(1, Tc - 1, 1), model.lm_head).to(torch::kFloat32)[0][0], -1);  // [V]
    const auto first_cpu = first.to(torch::kCPU);
    const auto fa = first_cpu.accessor<float, 1>();
    std::vector<size_t> longer;  // continuations of 2+ tokens
    int64_t L = 0;
    for (size_t i : members) {
        out[i] = double(fa[enc[i].continuation[0]]);
        if (enc[i].continuation.size() > 1) {
            longer.push_back(i);
            L = std::max<int64_t>(L, int64_t(enc[i].continuation.size()) - 1);
        }
    }
    if (longer.empty()) return;
    const int64_t m = int64_t(longer.size());
    auto cont = torch::zeros({m, L}, torch::kInt64);  // right-padded: causal attention never sees the pads
    auto ca = cont.accessor<int64_t, 2>();
    for (int64_t r = 0; r < m; ++r) {
        const auto& c = enc[longer[size_t(r)]].continuation;
        for (size_t t = 0; t + 1 < c.size(); ++t) ca[r][int64_t(t)] = c[t];
    }
    KVCache batch;
    for (size_t l = 0; l < cache.k.size(); ++l) {
        batch.k.push_back(cache.k[l].defined() ? cache.k[l].expand({m, -1, -1, -1}).contiguous() : cache.k[l]);
        batch.v.push_back(cache.v[l].defined() ? cache.v[l].expand({m, -1, -1, -1}).contiguous() : cache.v[l]);
    }
    const auto logits = model.forward(cont.to(dev), &batch);  // [m, L, V] f32
    for (int64_t r = 0; r < m; ++r) {
        const auto& c = enc[longer[size_t(r)]].continuation;
        const int64_t n = int64_t(c.size()) - 1;  // predictions of tokens 1..n
        auto lp = torch::log_softmax(logits[r].narrow(0, 0, n), -1);
        auto tgt = torch::tensor(std::vector<int64_t>(c.begin() + 1, c.end()), torch::kInt64).to(lp.device()).unsqueeze(1);
        out[longer[size_t(r)]] += lp.gather(1, tgt).sum().item<double>();
    }
}

} // namespace

LogLikelihoodFn modelLogLikelihood(const LlamaModel& model, const Tokenizer& tok, const LogLikelihoodOptions& o) {
    return [&model, &tok, o](const std::vector<Request>& reqs) {
        torch::NoGradGuard ng;
        const int64_t max_len = o.max_length > 0 ? o.max_length : (model.config.max_position > 0 ? model.config.max_position : 2048);
        struct Row {
            std::vector<int64_t> input;
            std::vector<int64_t> target;  // the continuation tokens (the last target.size() predictions)
        };
        std::vector<EncodedRequest> enc(reqs.size());
        for (size_t i = 0; i < reqs.size(); ++i) {
            enc[i] = encodeRequest(tok, reqs[i], o.harness);
            if (enc[i].continuation.empty())
                throw Error("a continuation encodes to no tokens: '" + reqs[i].continuation + "'");
        }
        std::vector<double> out(reqs.size(), 0.0);
        std::vector<bool> done(reqs.size(), false);
        if (o.share_context) {
            std::map<std::vector<int32_t>, std::vector<size_t>> groups;  // context tokens -> requests
            for (size_t i = 0; i < reqs.size(); ++i) groups[enc[i].context].push_back(i);
            for (const auto& [ctx, members] : groups) {
                size_t longest = 0;
                for (size_t i : members) longest = std::max(longest, enc[i].continuation.size());
                // One-token choices share a row of the plain path below; a short context costs
                // less than the two passes of this path (measured on the demo model, 2 cores).
                if (members.size() < 2 || longest < 2 || ctx.size() < kShareMinContext ||
                    int64_t(ctx.size() + longest) > max_len + 1)
                    continue;
                sharedContext(model, ctx, members, enc, out);
                for (size_t i : members) done[i] = true;
            }
        }
        std::vector<Row> rows(reqs.size());
        for (size_t i = 0; i < reqs.size(); ++i) {
            if (done[i]) continue;
            const EncodedRequest& e = enc[i];
            std::vector<int64_t> all(e.context.begin(), e.context.end());
            all.insert(all.end(), e.continuation.begin(), e.continuation.end());
            if (int64_t(all.size()) > max_len + 1) all.erase(all.begin(), all.end() - (max_len + 1));
            rows[i].input.assign(all.begin(), all.end() - 1);
            const size_t cl = std::min(e.continuation.size(), rows[i].input.size());
            rows[i].target.assign(all.end() - long(cl), all.end());
        }
        // Requests with the same model input (one-token choices of one context) share a row.
        std::map<std::vector<int64_t>, std::vector<size_t>> same_input;
        std::vector<size_t> order;  // one request per distinct input
        for (size_t i = 0; i < reqs.size(); ++i) {
            if (done[i]) continue;
            auto& list = same_input[rows[i].input];
            if (list.empty()) order.push_back(i);
            list.push_back(i);
        }
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a].input.size() > rows[b].input.size(); });
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
                const int64_t L = int64_t(rows[order[k]].input.size());
                for (size_t i : same_input[rows[order[k]].input]) {
                    const Row& r = rows[i];
                    const int64_t cl = int64_t(r.target.size());
                    auto lp = torch::log_softmax(logits[int64_t(k - s)].narrow(0, L - cl, cl), -1);  // [cl, V]
                    auto tgt = torch::tensor(r.target, torch::kInt64).to(lp.device()).unsqueeze(1);
                    out[i] = lp.gather(1, tgt).sum().item<double>();
                }
            }
        }
        return out;
    };
}

} // namespace pb::zs
