#include "core/stream/stream_core.h"

#include <algorithm>
#include <chrono>

#include <torch/torch.h>

#include "core/graph/plan_cut.h"
#include "core/model/devices.h"
#include "core/prune/apply.h"
#include "core/prune/bias_compensation.h"
#include "core/util/elapsed.h"

namespace pb {

namespace {

// The dims a (possibly cut) block's weights have.
LayerDims dimsOf(const LayerWeights& w, const LayerDims& before, int64_t hd) {
    LayerDims d = before;
    if (before.hasAttention()) d.n_heads = w.wq.size(0) / hd, d.n_kv_heads = w.wk.size(0) / hd;
    if (before.hasMlp()) d.ffn = w.w_gate.size(0);
    return d;
}

} // namespace

std::vector<torch::Tensor> streamBatches(const torch::Tensor& ids, int64_t batch, torch::Device device) {
    std::vector<torch::Tensor> out;
    const int64_t N = ids.size(0), step = std::max<int64_t>(batch, 1);
    for (int64_t s = 0; s < N; s += step) out.push_back(ids.narrow(0, s, std::min(step, N - s)).to(device));
    return out;
}

StreamCore::StreamCore(const std::filesystem::path& path, const StreamOptions& o)
    : options(o), device(parseDevice(o.device)), loader(path, device, parseDtype(o.dtype, device)) {
    shell.config = loader.config();
    shell.embed = loader.tensor(TensorRole::Embed);
    shell.final_norm = loader.tensor(TensorRole::FinalNorm);
    shell.lm_head = shell.config.tie_embeddings ? shell.embed : loader.tensor(TensorRole::LmHead);
    shell.layers.resize(shell.config.layers.size());
}

std::vector<torch::Tensor> StreamCore::embedded(const std::vector<torch::Tensor>& ids) const {
    std::vector<torch::Tensor> h;
    for (const auto& b : ids) h.push_back(embedTokens(shell.config, shell.embed, b));  // [b, T, H]
    return h;
}

void StreamCore::pass(const PruningPlan* plan, const ProgressFn& progress, const std::string& what,
                      const std::function<void(size_t)>& body, bool last_to_first) {
    const auto t0 = std::chrono::steady_clock::now();
    const ModelConfig& full = loader.config();
    DependencyGraph graph;
    PlanCut cut;  // what each tensor keeps, from the graph's groups
    if (plan) graph = buildDependencyGraph(full), cut = planCut(graph, *plan);
    std::vector<size_t> order;  // the blocks the plan keeps (the block groups it cuts are never loaded)
    for (size_t i = 0; i < full.layers.size(); ++i)
        if (!cut.dropsBlock(int(i))) order.push_back(i);
    if (last_to_first) std::reverse(order.begin(), order.end());
    shell.config = full;
    if (options.read_ahead && !order.empty()) loader.prefetch(order[0]);
    for (size_t k = 0; k < order.size(); ++k) {
        const size_t i = order[k];
        reportProgress(progress, double(k) / double(order.size()), what + ", block " + std::to_string(i));
        LayerWeights w = loader.layer(i);
        if (options.read_ahead && k + 1 < order.size()) loader.prefetch(order[k + 1]);
        if (plan) {
            const LayerWeights src = w;
            w = cutLayer(src, graph, cut, int(i));
            compensateLayer(w, src, graph, cut, int(i), *plan);  // FLAP's bias compensation
            shell.config.layers[i] = dimsOf(w, full.layers[i], full.head_dim);
        }
        shell.layers[i] = std::move(w);
        try {
            body(i);
        } catch (...) {  // cancelled or failed: leave the shell as it was
            shell.layers[i] = LayerWeights{};
            shell.config = full;
            throw;
        }
        shell.layers[i] = LayerWeights{};
        loader.release(i);
        ++stats.blocks_loaded;
    }
    shell.config = full;
    ++stats.passes;
    stats.bytes_copied = loader.bytesCopied();
    stats.load_seconds = loader.loadSeconds();
    stats.seconds += secondsSince(t0);
}

} // namespace pb
