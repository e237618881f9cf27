// Greedy decoding with the KV cache, as core/model/generator does it (one forward per
// token, argmax of the last position, the id read back to the host every step): a prompt
// of `prompt` random tokens, then `seq` new tokens, for `batch` sequences at once.
#include <torch/torch.h>

#include "core/bench/works.h"
#include "core/model/llama_model.h"

namespace pb {

WorkTiming benchGenerate(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed) {
    torch::NoGradGuard ng;
    const torch::Device dev = model.device();
    auto prompt = randomIds(o.batch, o.prompt, model.config.vocab, o.seed).to(dev);  // [B, P]
    WorkTiming t;
    t.tokens = o.batch * o.seq;
    std::vector<double> prefill;
    double nll = 0.0;
    for (int64_t i = 0; i < o.warmup + o.repeat; ++i) {
        if (i == o.warmup && before_timed) before_timed();
        KVCache cache;
        syncDevice(dev);
        const double t0 = nowSeconds();
        auto input = prompt;
        double t_prefill = 0.0;
        for (int64_t s = 0; s < o.seq; ++s) {
            auto logits = model.forward(input, &cache);                   // [B, T, V] float32
            auto last = logits.select(1, logits.size(1) - 1);             // [B, V]
            auto next = last.argmax(-1, /*keepdim=*/true);                // [B, 1]
            if (s == 0) {
                nll = -torch::log_softmax(last, -1).gather(-1, next).mean().item<double>();
                t_prefill = nowSeconds() - t0;
            }
            input = next.cpu().to(dev);  // the host sees every id, as the generator does
        }
        const double dt = secondsSince(dev, t0);
        if (i >= o.warmup) t.seconds.push_back(dt), prefill.push_back(t_prefill);
    }
    t.prefill_seconds = median(prefill);
    t.loss = nll;  // of the first greedy choice (a sanity value)
    t.note = std::to_string(o.prompt) + "-token prompt, greedy, KV cache";
    return t;
}

} // namespace pb
