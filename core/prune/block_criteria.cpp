// Depth criteria: block magnitude, block Taylor, PPL per removed block, Block
// Influence, and SLEB's greedy removal order.
#include <cmath>
#include <numeric>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/model/llama_model.h"
#include "core/prune/gradient_pass.h"
#include "core/prune/scorers.h"
#include "core/prune/taylor_terms.h"
#include "core/util/error.h"

namespace pb {

namespace {

std::vector<torch::Tensor> blockTensors(const LayerWeights& w) {
    std::vector<torch::Tensor> out;
    for (const LayerSlotSpec& s : kLayerSlots)
        if (const torch::Tensor& t = w.*s.field; t.defined()) out.push_back(t);
    return out;
}

// Mean calibration loss over all samples with some blocks bypassed (across ranks: each its
// shard, the sum over all).
double lossWithout(const LlamaModel& model, const Calibration& calib, const std::vector<bool>& skip, int64_t batch,
                   dist::World& world) {
    torch::NoGradGuard ng;
    double sum = 0;
    const int64_t N = calib.samples(), step = std::max<int64_t>(batch, 1);
    const dist::Shard mine = dist::shardOf(N, world);
    for (int64_t s = mine.begin; s < mine.end; s += step) {
        const int64_t b = std::min(step, mine.end - s);
        sum += calibrationLoss(model, calib.ids.narrow(0, s, b), &skip).item<double>() * double(b);
    }
    return dist::allReduceSum(world, sum) / double(N);
}

} // namespace

BlockScores blockMagnitudeScores(LlamaModel& model, const Calibration&, const ScoreOptions&, const ProgressFn&) {
    torch::NoGradGuard ng;
    BlockScores out;
    for (const auto& w : model.layers) {
        double s = 0;
        for (const auto& t : blockTensors(w)) s += t.abs().sum().to(torch::kFloat64).item<double>();
        out.scores.push_back(s);
    }
    return out;
}

BlockScores blockTaylorScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                              const ProgressFn& progress) {
    BlockScores out;
    gradientPasses(model, calib, o.batch, false, [&] {
        for (const auto& w : model.layers) out.scores.push_back(blockTaylorScore(w));
    }, progress, dist::orOne(o.world));
    return out;
}

BlockScores blockPplScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                           const ProgressFn& progress) {
    const size_t L = model.layers.size();
    BlockScores out;
    for (size_t i = 0; i < L; ++i) {
        reportProgress(progress, double(i) / double(L), "without block " + std::to_string(i));
        std::vector<bool> skip(L, false);
        skip[i] = true;
        out.scores.push_back(std::exp(lossWithout(model, calib, skip, o.batch, dist::orOne(o.world))));  // ppl without it
    }
    return out;
}

// Greedy: each step removes the block whose removal (with those already removed) gives
// the lowest calibration loss. The first and last blocks stay.
BlockScores blockSlebScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                            const ProgressFn& progress) {
    const size_t L = model.layers.size();
    const int64_t steps = o.sleb_steps > 0 ? std::min<int64_t>(o.sleb_steps, int64_t(L) - 2)
                                           : std::max<int64_t>(1, int64_t(L) / 4);
    BlockScores out;
    std::vector<bool> skip(L, false);
    out.scores.assign(L, double(L));
    for (int64_t s = 0; s < steps; ++s) {
        double best = std::numeric_limits<double>::infinity();
        int64_t pick = -1;
        for (size_t b = 1; b + 1 < L; ++b) {
            if (skip[b]) continue;
            reportProgress(progress, (double(s) + double(b) / double(L)) / double(steps),
                           "SLEB step " + std::to_string(s + 1) + ", trying block " + std::to_string(b));
            skip[b] = true;
            const double loss = lossWithout(model, calib, skip, o.batch, dist::orOne(o.world));
            skip[b] = false;
            if (loss < best) best = loss, pick = static_cast<int64_t>(b);
        }
        if (pick < 0) break;
        skip[static_cast<size_t>(pick)] = true;
        out.order.push_back(pick);
        out.scores[static_cast<size_t>(pick)] = double(s);  // removed earlier = less important
    }
    return out;
}

BlockScores blockInfluenceScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                                 const ProgressFn& progress) {
    torch::NoGradGuard ng;
    const size_t L = model.layers.size();
    std::vector<double> cos_sum(L, 0.0);
    std::vector<torch::Tensor> input(L);
    double tokens = 0;
    auto probe = [&](const std::string& name, const torch::Tensor& x) {  // x: [B, T, H]
        const size_t dot = name.find('.', 7);
        const size_t i = std::stoul(name.substr(7, dot - 7));
        if (name.ends_with(".input")) input[i] = x;
        else if (name.ends_with(".output"))
            cos_sum[i] += torch::cosine_similarity(input[i].to(torch::kFloat32), x.to(torch::kFloat32), -1)
                              .sum().item<double>();
    };
    const int64_t step = std::max<int64_t>(o.batch, 1);
    const dist::Shard mine = dist::shardOf(calib.samples(), dist::orOne(o.world));
    for (int64_t s = mine.begin; s < mine.end; s += step) {
        reportProgress(progress, double(s - mine.begin) / double(std::max<int64_t>(mine.count(), 1)),
                       "block influence, sample " + std::to_string(s + 1));
        auto x = calib.ids.narrow(0, s, std::min(step, mine.end - s)).to(model.device());
        model.hidden(x, nullptr, probe);
        tokens += double(x.numel());
    }
    cos_sum.push_back(tokens);  // summed across ranks with the cosines
    dist::allReduceSum(dist::orOne(o.world), cos_sum);
    tokens = cos_sum.back();
    cos_sum.pop_back();
    BlockScores out;
    for (size_t i = 0; i < L; ++i) out.scores.push_back(1.0 - cos_sum[i] / tokens);  // BI = 1 - mean cos
    return out;
}

} // namespace pb
