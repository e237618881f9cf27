// The one dispatcher: a criterion's table row (core/plan/criteria.h) names its scorer
// family, this table names the family's function. scoreWidth/scoreBlocks check the
// kind, run it and stamp the result.
#include "core/prune/scorers.h"

#include <chrono>
#include <cmath>

#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/prune/data_parallel.h"
#include "core/util/elapsed.h"
#include "core/util/error.h"

namespace pb {

namespace {

struct ScorerRow {
    Scorer scorer;
    WidthScorerFn width;
    BlockScorerFn block;
};

const ScorerRow kScorers[] = {
    {Scorer::Magnitude, magnitudeScores, nullptr},
    {Scorer::Taylor, taylorScores, nullptr},
    {Scorer::Activation, activationWidthScores, nullptr},
    {Scorer::Fusion, fusionScores, nullptr},
    {Scorer::BlockMagnitude, nullptr, blockMagnitudeScores},
    {Scorer::BlockTaylor, nullptr, blockTaylorScores},
    {Scorer::BlockPpl, nullptr, blockPplScores},
    {Scorer::BlockInfluence, nullptr, blockInfluenceScores},
    {Scorer::BlockSleb, nullptr, blockSlebScores},
};

bool readsCalibration(Scorer s) { return s != Scorer::Magnitude && s != Scorer::BlockMagnitude; }

const ScorerRow& rowOf(Scorer s) {
    for (const ScorerRow& r : kScorers)
        if (r.scorer == s) return r;
    throw Error("internal: a scorer family without a function");
}

} // namespace

WidthScorerFn widthScorer(Scorer s) { return rowOf(s).width; }
BlockScorerFn blockScorer(Scorer s) { return rowOf(s).block; }

WidthScores scoreWidth(LlamaModel& model, const Calibration& calib, const ScoreOptions& o, const ProgressFn& progress) {
    const CriterionInfo& info = criterionInfo(o.criterion);
    const WidthScorerFn fn = info.depth ? nullptr : widthScorer(info.scorer);
    if (!fn)
        throw Error("'" + info.name + "' is a block criterion; width criteria are: " + criterionList(false));
    requireScorableBlocks(model.config, "the model");
    if (readsCalibration(info.scorer)) requireSamplesPerRank(calib, dist::orOne(o.world));
    const auto t0 = std::chrono::steady_clock::now();
    WidthScores out = fn(model, calib, o, progress);
    reportProgress(progress, 1.0, "scored");
    out.criterion = o.criterion;
    out.aggregation = o.aggregation;
    out.seconds = secondsSince(t0);
    return out;
}

BlockScores scoreBlocks(LlamaModel& model, const Calibration& calib, const ScoreOptions& o, const ProgressFn& progress) {
    const CriterionInfo& info = criterionInfo(o.criterion);
    const BlockScorerFn fn = info.depth ? blockScorer(info.scorer) : nullptr;
    if (!fn)
        throw Error("'" + info.name + "' is a width criterion; block criteria are: " + criterionList(true));
    requireScorableBlocks(model.config, "the model");
    if (readsCalibration(info.scorer)) requireSamplesPerRank(calib, dist::orOne(o.world));
    const auto t0 = std::chrono::steady_clock::now();
    BlockScores out = fn(model, calib, o, progress);
    for (double s : out.scores)
        if (!std::isfinite(s)) throw Error("block criterion '" + info.name + "' produced a non-finite score");
    reportProgress(progress, 1.0, "scored");
    out.criterion = o.criterion;
    out.seconds = secondsSince(t0);
    return out;
}

} // namespace pb
