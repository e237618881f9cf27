#include "core/dist/pipeline_ppl.h"

#include <chrono>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/dist/stage_run.h"
#include "core/util/error.h"

namespace pb {

PerplexityResult pipelinePerplexity(dist::Pipeline& pipe, const StageModel& s, const std::vector<int32_t>& ids,
                                    const PerplexityOptions& o, int64_t in_flight, const ProgressFn& progress) {
    const int64_t windows = perplexityWindows(ids.size(), o);
    torch::NoGradGuard ng;
    const int64_t L = o.seq_len;
    auto all = torch::from_blob(const_cast<int32_t*>(ids.data()), {windows * L}, torch::kInt32)
                   .to(torch::kInt64)
                   .view({windows, L});  // [W, L]
    if (all.min().item<int64_t>() < 0 || all.max().item<int64_t>() >= s.full.vocab)
        throw Error("token id out of range for vocabulary of " + std::to_string(s.full.vocab));
    const auto t0 = std::chrono::steady_clock::now();
    const dist::Shard mine = dist::shardOf(windows, pipe.replica(), pipe.layout().replicas);
    const auto batches = dist::microBatches(mine.begin, mine.end, o.batch);  // [first window, count]
    const size_t per_round = size_t(std::max<int64_t>(in_flight, 1));
    auto nll = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(s.model->device()));
    for (size_t r0 = 0; r0 < batches.size(); r0 += per_round) {
        reportProgress(progress, double(r0) / double(batches.size()),
                       "window " + std::to_string(batches[r0].first + 1) + " of " + std::to_string(windows));
        const size_t n = std::min(per_round, batches.size() - r0);
        auto ids_of = [&](size_t m) { return all.narrow(0, batches[r0 + m].first, batches[r0 + m].second); };  // [b, L]
        auto head = [&](size_t m, const torch::Tensor& y) {  // y [b, L, H] -> -Σ log p(next token), as perplexity()
            auto logits = s.model->logitsOf(y);                                   // [b, L, V] float32
            auto logp = torch::log_softmax(logits.narrow(1, 0, L - 1), -1);       // [b, L-1, V]
            auto target = ids_of(m).narrow(1, 1, L - 1).unsqueeze(-1).to(logp.device());  // [b, L-1, 1]
            nll += -logp.gather(-1, target).sum().to(torch::kFloat64);
            return torch::Tensor();
        };
        pipe.run(shapesOf(n, ids_of), stageRun(s, ids_of, head), false);
    }
    // The last stage of every replica holds its windows' sum; the others add nothing.
    const double nll_sum = dist::allReduceSum(pipe.world(), pipe.last() ? nll.item<double>() : 0.0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    reportProgress(progress, 1.0, "done");
    return perplexityResult(nll_sum, windows, L, seconds);
}

} // namespace pb
