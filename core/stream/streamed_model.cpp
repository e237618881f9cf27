#include "core/stream/streamed_model.h"

#include <chrono>
#include <cmath>
#include <map>
#include <utility>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/plan/criteria.h"
#include "core/prune/activation_scores.h"
#include "core/stream/layer_loader.h"
#include "core/stream/stream_core.h"
#include "core/stream/streamed_gradient_scores.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/elapsed.h"
#include "core/util/error.h"

namespace pb {

namespace {

using Clock = std::chrono::steady_clock;

void checkIds(const torch::Tensor& ids, int64_t vocab) {
    if (ids.numel() == 0) return;
    if (ids.min().item<int64_t>() < 0 || ids.max().item<int64_t>() >= vocab)
        throw Error("token id out of range for vocabulary of " + std::to_string(vocab));
}

} // namespace

struct StreamedModel::Impl : StreamCore {
    using StreamCore::StreamCore;
};

StreamedModel::StreamedModel(const std::filesystem::path& path, const StreamOptions& options)
    : impl_(std::make_unique<Impl>(path, options)) {}
StreamedModel::~StreamedModel() = default;

const ModelConfig& StreamedModel::config() const { return impl_->loader.config(); }
const Tokenizer& StreamedModel::tokenizer() const { return *impl_->loader.tokenizer(); }
uint64_t StreamedModel::fileBytes() const { return impl_->loader.fileBytes(); }
const StreamStats& StreamedModel::stats() const { return impl_->stats; }

bool StreamedModel::streams(Criterion c) { return criterionInfo(c).streamed; }

namespace {
// "criterion 'l1' is not streamed (streamed width criteria: wanda_sp, flap)"
void requireStreamed(Criterion c, bool depth) {
    const CriterionInfo& info = criterionInfo(c);
    if (info.streamed && info.depth == depth) return;
    throw Error("criterion '" + info.name + "' is not streamed (streamed " + (depth ? "block" : "width") +
                " criteria: " + criterionList(depth, true) + ")");
}

// What scoreWidth and scoreBlocks (`depth`) check before a pass: the criterion streams at that
// depth, every block of the model can be scored, and the calibration ids ([N, T]) fit the vocabulary.
void requireScorable(Criterion c, bool depth, const ModelConfig& config, const std::filesystem::path& source,
                     const torch::Tensor& ids) {
    requireStreamed(c, depth);
    requireScorableBlocks(config, "the model '" + source.string() + "'");
    checkIds(ids, config.vocab);
}
} // namespace

PerplexityResult StreamedModel::perplexity(const std::vector<int32_t>& ids, const PerplexityOptions& o,
                                           const PruningPlan* plan, const ProgressFn& progress) {
    const int64_t windows = perplexityWindows(ids.size(), o);
    if (plan) {
        plan->validate(config());
        if (!plan->resolved()) throw Error("the plan gives ratios but no unit indices: score the model to resolve it first");
        if (plan->hidden_keep) throw Error("plans that remove hidden channels are not streamed; load the model instead");
        requirePlanKeepsBlocks(config(), *plan);
    }
    torch::NoGradGuard ng;
    LlamaModel& m = impl_->shell;
    const int64_t T = o.seq_len;
    auto all = torch::from_blob(const_cast<int32_t*>(ids.data()), {windows * T}, torch::kInt32)
                   .to(torch::kInt64)
                   .view({windows, T});  // [W, T]
    checkIds(all, config().vocab);
    const auto t0 = Clock::now();
    const std::vector<torch::Tensor> x = streamBatches(all, o.batch, impl_->device);  // [b, T] each
    std::vector<torch::Tensor> h = impl_->embedded(x);                             // [b, T, H] each
    impl_->pass(plan, progress, "perplexity", [&](size_t i) {
        for (auto& hb : h) hb = m.runBlock(i, hb);
    });
    auto nll = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(impl_->device));
    for (size_t k = 0; k < h.size(); ++k) {
        auto logp = torch::log_softmax(m.logitsOf(h[k]).narrow(1, 0, T - 1), -1);  // [b, T-1, V]
        auto target = x[k].narrow(1, 1, T - 1).unsqueeze(-1);                      // [b, T-1, 1]
        nll -= logp.gather(-1, target).sum().to(torch::kFloat64);
    }
    const double nll_sum = nll.item<double>();
    reportProgress(progress, 1.0, "done");
    return perplexityResult(nll_sum, windows, T, secondsSince(t0));
}

namespace {
// Wanda-sp or FLAP in one pass: the activation moments of each block's o_proj/down_proj inputs.
WidthScores activationWidth(StreamCore& core, const Calibration& calib, const ScoreOptions& o,
                            const ProgressFn& progress) {
    torch::NoGradGuard ng;
    LlamaModel& m = core.shell;
    const ModelConfig& c = core.loader.config();
    const size_t L = c.layers.size();
    WidthScores out;
    out.attention_groups.assign(L, {}), out.attention_heads.assign(L, {}), out.mlp.assign(L, {});
    std::vector<torch::Tensor> h = core.embedded(streamBatches(calib.ids, o.batch, core.device));  // [b, T, H] each
    const double tokens = double(calib.ids.numel());
    core.pass(nullptr, progress, "activations", [&](size_t i) {
        BlockMoments moments;
        auto probe = [&](const std::string& name, const torch::Tensor& a) { moments.observe(name, a); };  // a: [b, T, C]
        for (auto& hb : h) hb = m.runBlock(i, hb, probe);
        setActivationScores(out, i, c.layers[i], c.head_dim, m.layers[i], moments, o.criterion == Criterion::Flap, tokens);
    });
    return out;
}
} // namespace

WidthScores StreamedModel::scoreWidth(const Calibration& calib, const ScoreOptions& o, const ProgressFn& progress) {
    requireScorable(o.criterion, false, config(), impl_->loader.source(), calib.ids);
    const auto t0 = Clock::now();
    WidthScores out = criterionInfo(o.criterion).gradients ? streamedGradientWidth(*impl_, calib, o, progress)
                                                           : activationWidth(*impl_, calib, o, progress);
    reportProgress(progress, 1.0, "scored");
    out.criterion = o.criterion;
    out.aggregation = o.aggregation;
    out.seconds = secondsSince(t0);
    return out;
}

BlockScores StreamedModel::scoreBlocks(const Calibration& calib, const ScoreOptions& o, const ProgressFn& progress) {
    requireScorable(o.criterion, true, config(), impl_->loader.source(), calib.ids);
    const auto t0 = Clock::now();
    auto finished = [&](BlockScores out) {  // every block criterion ends alike
        for (double s : out.scores)
            if (!std::isfinite(s)) throw Error("block criterion '" + criterionName(o.criterion) + "' produced a non-finite score");
        reportProgress(progress, 1.0, "scored");
        out.criterion = o.criterion;
        out.seconds = secondsSince(t0);
        return out;
    };
    if (o.criterion == Criterion::BlockTaylor) return finished(streamedBlockTaylor(*impl_, calib, o, progress));
    torch::NoGradGuard ng;
    LlamaModel& m = impl_->shell;
    const ModelConfig& c = config();
    const size_t L = c.layers.size();
    const std::vector<torch::Tensor> ids = streamBatches(calib.ids, o.batch, impl_->device);  // [b, T] each
    std::vector<torch::Tensor> dense = impl_->embedded(ids);                              // [b, T, H] each
    BlockScores out;
    if (o.criterion == Criterion::BlockBi) {
        auto cos_sum = torch::zeros({static_cast<int64_t>(L)}, torch::TensorOptions().dtype(torch::kFloat64).device(impl_->device));
        impl_->pass(nullptr, progress, "block influence", [&](size_t i) {
            for (auto& hb : dense) {
                auto next = m.runBlock(i, hb);
                cos_sum[static_cast<int64_t>(i)] += torch::cosine_similarity(hb.to(torch::kFloat32), next.to(torch::kFloat32), -1)
                                                        .sum().to(torch::kFloat64);
                hb = next;
            }
        });
        auto cs = cos_sum.cpu();
        const double tokens = double(calib.ids.numel());
        for (size_t i = 0; i < L; ++i) out.scores.push_back(1.0 - cs[static_cast<int64_t>(i)].item<double>() / tokens);
    } else {
        // Block PPL: stream j is the model without block j. Before block j it equals the dense
        // model, so it starts as a copy of the dense states there and skips j; every variant
        // then advances through the same loaded blocks (one pass, ~L²/2 block runs).
        std::map<size_t, std::vector<torch::Tensor>> without;  // j -> [b, T, H] each
        impl_->pass(nullptr, progress, "without each block", [&](size_t i) {
            for (auto& [j, hs] : without)
                for (auto& hb : hs) hb = m.runBlock(i, hb);
            without[i] = dense;  // skips block i
            for (auto& hb : dense) hb = m.runBlock(i, hb);
        });
        const int64_t T = calib.length(), N = calib.samples();
        for (size_t j = 0; j < L; ++j) {
            double sum = 0;
            for (size_t k = 0; k < ids.size(); ++k) {
                auto logits = m.logitsOf(without[j][k]);  // [b, T, V] float32
                auto loss = torch::nn::functional::cross_entropy(
                    logits.narrow(1, 0, T - 1).reshape({-1, logits.size(-1)}), ids[k].narrow(1, 1, T - 1).reshape({-1}));
                sum += loss.item<double>() * double(ids[k].size(0));
            }
            out.scores.push_back(std::exp(sum / double(N)));  // ppl without block j
        }
    }
    return finished(std::move(out));
}

} // namespace pb
