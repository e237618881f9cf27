// Perplexity forward through the product's path (core/eval/perplexity): `batch` windows
// of `seq` random tokens in one pass.
#include <torch/torch.h>

#include "core/bench/timed_runs.h"
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
    t.seconds = timedRuns(dev, o, before_timed, [&] { return perplexity(model, ids, po); },
                          [&](const PerplexityResult& r) { t.loss = r.mean_nll; });
    return t;
}

} // namespace pb
