// Perplexity forward through the product's path (core/eval/perplexity): `batch` windows
// of `seq` random tokens in one pass.
#include <torch/torch.h>

#include "core/bench/works.h"
#include "core/eval/perplexity.h"
#include "core/model/llama_model.h"

namespace pb {

WorkTiming benchPpl(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed) {
    auto ids64 = randomIds(1, o.batch * o.seq, model.config.vocab, o.seed).view({-1});  // [B*S]
    auto ids32 = ids64.to(torch::kInt32).contiguous();
    std::vector<int32_t> ids(ids32.data_ptr<int32_t>(), ids32.data_ptr<int32_t>() + ids32.numel());
    PerplexityOptions po;
    po.seq_len = o.seq;
    po.max_windows = o.batch;
    po.batch = o.batch;
    WorkTiming t;
    t.tokens = o.batch * o.seq;
    const torch::Device dev = model.device();
    for (int64_t i = 0; i < o.warmup + o.repeat; ++i) {
        if (i == o.warmup && before_timed) before_timed();
        syncDevice(dev);
        const double t0 = nowSeconds();
        PerplexityResult r = perplexity(model, ids, po);
        const double dt = secondsSince(dev, t0);
        t.loss = r.mean_nll;
        if (i >= o.warmup) t.seconds.push_back(dt);
    }
    return t;
}

} // namespace pb
