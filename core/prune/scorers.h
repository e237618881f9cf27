#pragma once
// The scorer families of the criteria catalogue (core/plan/criteria.h, Scorer) as
// functions, and the one table that maps a family to its function (scorers.cpp).
// Internal to core/prune: callers use scoreWidth / scoreBlocks (importance.h).
#include "core/prune/importance.h"

namespace pb {

// The one signature of every family (options.criterion picks the variant within one).
using WidthScorer = WidthScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                                const ProgressFn& progress);
using BlockScorer = BlockScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                                const ProgressFn& progress);
using WidthScorerFn = WidthScorer*;
using BlockScorerFn = BlockScorer*;

// Width families (width_criteria.cpp).
WidthScorer magnitudeScores;        // l1, l2, random
WidthScorer taylorScores;           // taylor_vector, _element1, _element2, _mix
WidthScorer activationWidthScores;  // wanda_sp, flap
WidthScorer fusionScores;

// Block families (block_criteria.cpp).
BlockScorer blockMagnitudeScores;
BlockScorer blockTaylorScores;
BlockScorer blockPplScores;
BlockScorer blockInfluenceScores;
BlockScorer blockSlebScores;

// The function of a scorer family; null when the family scores the other kind.
WidthScorerFn widthScorer(Scorer scorer);
BlockScorerFn blockScorer(Scorer scorer);

} // namespace pb
