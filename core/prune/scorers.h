#pragma once
// The scorer families of the criteria catalogue (core/plan/criteria.h, Scorer) as
// functions, and the one table that maps a family to its function (scorers.cpp).
// Internal to core/prune: callers use scoreWidth / scoreBlocks (importance.h).
#include "core/prune/importance.h"

namespace pb {

using WidthScorerFn = WidthScores (*)(LlamaModel&, const Calibration&, const ScoreOptions&, const ProgressFn&);
using BlockScorerFn = BlockScores (*)(LlamaModel&, const Calibration&, const ScoreOptions&, const ProgressFn&);

// Width families (width_criteria.cpp); options.criterion picks the variant within one.
WidthScores magnitudeScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                            const ProgressFn& progress);  // l1, l2, random
WidthScores taylorScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                         const ProgressFn& progress);     // taylor_vector, _element1, _element2, _mix
WidthScores activationWidthScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                                  const ProgressFn& progress);  // wanda_sp, flap
WidthScores fusionScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                         const ProgressFn& progress);

// Block families (block_criteria.cpp).
BlockScores blockMagnitudeScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                                 const ProgressFn& progress);
BlockScores blockTaylorScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                              const ProgressFn& progress);
BlockScores blockPplScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                           const ProgressFn& progress);
BlockScores blockInfluenceScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                                 const ProgressFn& progress);
BlockScores blockSlebScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                            const ProgressFn& progress);

// The function of a scorer family; null when the family scores the other kind.
WidthScorerFn widthScorer(Scorer scorer);
BlockScorerFn blockScorer(Scorer scorer);

} // namespace pb
