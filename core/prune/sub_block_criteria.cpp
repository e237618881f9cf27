// Sub-block depth criteria (BlockPruner, core/plan/sub_block.h): the block criteria's scores for
// a layer's attention alone and its MLP alone. A sub-block is taken out by masking it (MaskGuard:
// its o_proj / down_proj and bias zeroed, which equals removing it).
#include <cmath>
#include <limits>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/prune/data_parallel.h"
#include "core/prune/gradient_pass.h"
#include "core/prune/importance.h"
#include "core/prune/masking.h"
#include "core/prune/taylor_terms.h"
#include "core/util/elapsed.h"
#include "core/util/error.h"

namespace pb {

namespace {

bool inPart(TensorRole role, SubBlockPart part) {
    return part == SubBlockPart::Attention ? isAttentionRole(role) : isMlpRole(role);
}

// Mean calibration loss with the sub-blocks `removed` masked (across ranks: each its shard).
double maskedLoss(LlamaModel& model, const Calibration& calib, const std::vector<SubBlockRef>& removed, int64_t batch,
                  dist::World& world) {
    torch::NoGradGuard ng;
    MaskGuard mask(model);
    for (const SubBlockRef& s : removed) {
        if (s.part == SubBlockPart::Attention) mask.maskAttention(size_t(s.layer));
        else mask.maskMlp(size_t(s.layer));
    }
    double sum = 0;
    const int64_t N = calib.samples(), step = std::max<int64_t>(batch, 1);
    const dist::Shard mine = dist::shardOf(N, world);
    for (int64_t s = mine.begin; s < mine.end; s += step) {
        const int64_t b = std::min(step, mine.end - s);
        sum += calibrationLoss(model, calib.ids.narrow(0, s, b)).item<double>() * double(b);
    }
    return dist::allReduceSum(world, sum) / double(N);
}

std::vector<double> magnitude(LlamaModel& model, const std::vector<SubBlockRef>& units) {
    torch::NoGradGuard ng;
    std::vector<double> out;
    for (const SubBlockRef& u : units) {
        double s = 0;
        for (const LayerSlotSpec& slot : kLayerSlots)
            if (const torch::Tensor& t = model.layers[size_t(u.layer)].*slot.field; t.defined() && inPart(slot.role, u.part))
                s += t.abs().sum().to(torch::kFloat64).item<double>();
        out.push_back(s);
    }
    return out;
}

// First-order Taylor of the sub-block's weights (as block Taylor sums it over a whole block).
std::vector<double> taylor(LlamaModel& model, const Calibration& calib, const std::vector<SubBlockRef>& units,
                           const ScoreOptions& o, const ProgressFn& progress) {
    std::vector<double> out;
    gradientPasses(model, calib, o.batch, false, [&] {
        for (const SubBlockRef& u : units) {
            double s = 0;
            for (const LayerSlotSpec& slot : kLayerSlots)
                if (const torch::Tensor& t = model.layers[size_t(u.layer)].*slot.field;
                    t.defined() && inPart(slot.role, u.part))
                    s += taylorFirstOrder(t.grad(), t, false).sum().item<double>();
            out.push_back(s);
        }
    }, progress, dist::orOne(o.world));
    return out;
}

std::vector<double> ppl(LlamaModel& model, const Calibration& calib, const std::vector<SubBlockRef>& units,
                        const ScoreOptions& o, const ProgressFn& progress) {
    std::vector<double> out;
    for (size_t k = 0; k < units.size(); ++k) {
        reportProgress(progress, double(k) / double(units.size()), "without " + subBlockText(units[k]));
        out.push_back(std::exp(maskedLoss(model, calib, {units[k]}, o.batch, dist::orOne(o.world))));
    }
    return out;
}

// Block Influence of a sub-block: 1 - mean over tokens of cos(residual before, residual after).
std::vector<double> influence(LlamaModel& model, const Calibration& calib, const std::vector<SubBlockRef>& units,
                              const ScoreOptions& o, const ProgressFn& progress) {
    torch::NoGradGuard ng;
    const size_t L = model.layers.size();
    std::vector<double> cos_attn(L, 0.0), cos_mlp(L, 0.0);
    std::vector<torch::Tensor> input(L), mid(L);
    auto cosSum = [](const torch::Tensor& a, const torch::Tensor& b) {  // a, b: [B, T, H]
        return torch::cosine_similarity(a.to(torch::kFloat32), b.to(torch::kFloat32), -1).sum().item<double>();
    };
    auto probe = [&](const std::string& name, const torch::Tensor& x) {
        const size_t dot = name.find('.', 7);
        const size_t i = std::stoul(name.substr(7, dot - 7));
        if (name.ends_with(".input")) input[i] = x;
        else if (name.ends_with(".mid")) cos_attn[i] += cosSum(input[i], x), mid[i] = x;
        else if (name.ends_with(".output")) cos_mlp[i] += cosSum(mid[i], x);
    };
    double tokens = 0;
    const int64_t step = std::max<int64_t>(o.batch, 1);
    const dist::Shard mine = dist::shardOf(calib.samples(), dist::orOne(o.world));
    for (int64_t s = mine.begin; s < mine.end; s += step) {
        reportProgress(progress, double(s - mine.begin) / double(std::max<int64_t>(mine.count(), 1)),
                       "sub-block influence, sample " + std::to_string(s + 1));
        auto x = calib.ids.narrow(0, s, std::min(step, mine.end - s)).to(model.device());
        model.hidden(x, nullptr, probe);
        tokens += double(x.numel());
    }
    std::vector<double> sums = cos_attn;  // summed across ranks: attention, MLP, tokens
    sums.insert(sums.end(), cos_mlp.begin(), cos_mlp.end());
    sums.push_back(tokens);
    dist::allReduceSum(dist::orOne(o.world), sums);
    tokens = sums.back();
    std::vector<double> out;
    for (const SubBlockRef& u : units)
        out.push_back(1.0 - sums[size_t(u.layer) + (u.part == SubBlockPart::Attention ? 0 : L)] / tokens);
    return out;
}

// BlockPruner's iterative search: each step removes the sub-block whose removal (with those
// removed before) gives the lowest calibration loss. Scores: the step it went at (earlier = less
// important); the units never removed score the number of units.
std::vector<double> greedy(LlamaModel& model, const Calibration& calib, const std::vector<SubBlockRef>& units,
                           const ScoreOptions& o, const ProgressFn& progress, std::vector<SubBlockRef>& order) {
    const int64_t n = int64_t(units.size());
    const int64_t steps = std::min<int64_t>(o.sleb_steps > 0 ? o.sleb_steps : std::max<int64_t>(1, n / 4), n - 1);
    std::vector<double> scores(units.size(), double(n));
    std::vector<bool> gone(units.size(), false);
    for (int64_t s = 0; s < steps; ++s) {
        double best = std::numeric_limits<double>::infinity();
        int64_t pick = -1;
        for (size_t k = 0; k < units.size(); ++k) {
            if (gone[k]) continue;
            reportProgress(progress, (double(s) + double(k) / double(n)) / double(steps),
                           "BlockPruner step " + std::to_string(s + 1) + ", trying " + subBlockText(units[k]));
            std::vector<SubBlockRef> trial = order;
            trial.push_back(units[k]);
            const double loss = maskedLoss(model, calib, trial, o.batch, dist::orOne(o.world));
            if (loss < best) best = loss, pick = int64_t(k);
        }
        if (pick < 0) break;
        gone[size_t(pick)] = true;
        order.push_back(units[size_t(pick)]);
        scores[size_t(pick)] = double(s);
    }
    return scores;
}

} // namespace

SubBlockScores scoreSubBlocks(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                              const ProgressFn& progress) {
    const CriterionInfo& info = criterionInfo(o.criterion);
    if (!info.depth)
        throw Error("'" + info.name + "' is a width criterion; sub-block criteria are: " + criterionList(true));
    requireScorableBlocks(model.config, "the model");
    if (info.scorer != Scorer::BlockMagnitude) requireSamplesPerRank(calib, dist::orOne(o.world));
    const auto t0 = std::chrono::steady_clock::now();
    SubBlockScores out;
    out.units = subBlocksOf(model.config);
    switch (info.scorer) {
        case Scorer::BlockMagnitude: out.scores = magnitude(model, out.units); break;
        case Scorer::BlockTaylor: out.scores = taylor(model, calib, out.units, o, progress); break;
        case Scorer::BlockPpl: out.scores = ppl(model, calib, out.units, o, progress); break;
        case Scorer::BlockInfluence: out.scores = influence(model, calib, out.units, o, progress); break;
        case Scorer::BlockSleb: out.scores = greedy(model, calib, out.units, o, progress, out.order); break;
        default: throw Error("internal: block criterion '" + info.name + "' has no sub-block scorer");
    }
    for (double s : out.scores)
        if (!std::isfinite(s)) throw Error("sub-block criterion '" + info.name + "' produced a non-finite score");
    reportProgress(progress, 1.0, "scored");
    out.criterion = o.criterion;
    out.seconds = secondsSince(t0);
    return out;
}

} // namespace pb
