#include "core/eval/perplexity.h"

#include <chrono>
#include <cmath>
#include <memory>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/model/cuda_graph.h"
#include "core/model/llama_model.h"
#include "core/util/error.h"

namespace pb {

namespace {

// Token ids [W, L] (CPU) must index the vocabulary.
void checkTokenIds(const torch::Tensor& ids, int64_t vocab) {
    if (ids.numel() == 0) return;
    const int64_t lo = ids.min().item<int64_t>(), hi = ids.max().item<int64_t>();
    if (lo < 0 || hi >= vocab) throw Error("token id out of range for vocabulary of " + std::to_string(vocab));
}

} // namespace

int64_t perplexityWindows(size_t n_ids, const PerplexityOptions& options) {
    if (options.seq_len < 2) throw Error("seq_len must be at least 2");
    if (options.batch < 1) throw Error("batch must be at least 1");
    int64_t windows = static_cast<int64_t>(n_ids) / options.seq_len;
    if (windows == 0)
        throw Error("the text has " + std::to_string(n_ids) + " tokens, fewer than one window of " +
                    std::to_string(options.seq_len));
    if (options.max_windows > 0) windows = std::min(windows, options.max_windows);
    return windows;
}

PerplexityResult perplexityResult(double nll_sum, int64_t windows, int64_t seq_len, double seconds) {
    PerplexityResult r;
    r.windows = windows;
    r.seq_len = seq_len;
    r.tokens = windows * seq_len;
    r.predicted = windows * (seq_len - 1);
    r.mean_nll = nll_sum / double(r.predicted);
    if (!std::isfinite(r.mean_nll)) throw Error("the loss is not finite (NaN or infinity): the model is broken");
    r.ppl = std::exp(r.mean_nll);
    r.seconds = seconds;
    r.tokens_per_s = seconds > 0 ? double(r.tokens) / seconds : 0.0;
    return r;
}

PerplexityResult perplexity(const LlamaModel& model, const std::vector<int32_t>& ids,
                            const PerplexityOptions& options, const ProgressFn& progress) {
    const int64_t windows = perplexityWindows(ids.size(), options);
    torch::NoGradGuard no_grad;
    const int64_t L = options.seq_len;
    auto all = torch::from_blob(const_cast<int32_t*>(ids.data()), {windows * L}, torch::kInt32)
                   .to(torch::kInt64)
                   .view({windows, L});  // [W, L]
    // Summed on the device: one sync at the end, so the CPU queues the next window while
    // the GPU works.
    auto nll = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(model.device()));
    const auto t0 = std::chrono::steady_clock::now();
    checkTokenIds(all, model.config.vocab);  // on the host, once: the forwards need no sync
    TrustedIds trusted;
    // -Σ log p(next token) of one batch of windows x [b, L] on the device.
    auto batchNll = [&](const torch::Tensor& x) {
        auto logits = model.forward(x);                                  // [b, L, V] float32
        auto logp = torch::log_softmax(logits.narrow(1, 0, L - 1), -1);  // [b, L-1, V]
        auto target = x.narrow(1, 1, L - 1).unsqueeze(-1);               // [b, L-1, 1]
        return -logp.gather(-1, target).sum().to(torch::kFloat64);       // []
    };
    dist::World& world = dist::orOne(options.world);
    const dist::Shard mine = dist::shardOf(windows, world);  // every window in one process
    // On the GPU, three or more full batches replay one recorded CUDA graph (core/model/
    // cuda_graph): the same kernels, launched once per batch instead of one by one.
    const int64_t full = mine.count() / options.batch;
    std::unique_ptr<CapturedWork> graph;
    torch::Tensor graph_x, graph_nll;           // [batch, L] and [] the graph reads and writes
    LlamaModel::RopeTables graph_rope;          // the tables it reads, kept alive
    if (model.device().is_cuda() && full >= 3 && CapturedWork::available() && !model.linear_hook &&
        !model.linear_override) {
        graph_x = all.narrow(0, mine.begin, options.batch).to(model.device());
        graph_rope = model.ropeFor(0, L, model.device());
        try {
            graph = std::make_unique<CapturedWork>([&] { graph_nll = batchNll(graph_x); },
                                                   model.device().index(), 1);
        } catch (const Error&) {
            graph.reset();  // eager below
        }
    }
    for (int64_t w = mine.begin; w < mine.end; w += options.batch) {
        reportProgress(progress, double(w - mine.begin) / double(mine.count()),
                       "window " + std::to_string(w + 1) + " of " + std::to_string(windows));
        const int64_t b = std::min(options.batch, mine.end - w);
        if (graph && b == options.batch) {
            graph_x.copy_(all.narrow(0, w, b));
            graph->replay();
            nll += graph_nll;
        } else {
            nll += batchNll(all.narrow(0, w, b).to(model.device()));  // [b, L]
        }
    }
    const double nll_sum = dist::allReduceSum(world, nll.item<double>());  // after the slowest rank
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    reportProgress(progress, 1.0, "done");
    return perplexityResult(nll_sum, windows, L, seconds);
}

} // namespace pb
