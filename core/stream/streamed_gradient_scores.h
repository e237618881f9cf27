#pragma once
// The gradient criteria of a streamed model (internal to core/stream; callers use
// StreamedModel::scoreWidth / scoreBlocks): the streamed backward (streamed_backward.h)
// hands over one block's gradients at a time, and each block's scores are folded in at once
// with the in-memory path's own terms (core/prune/taylor_terms.h), member reduction and group
// aggregation (core/prune/group_reduce.h) and fusion rule (core/prune/fusion_rule.h).
#include "core/plan/scores.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/util/progress.h"

namespace pb {

struct StreamCore;

// taylor_vector, taylor_element1 (micro-batches of options.batch), taylor_element2,
// taylor_mix (one sample at a time, as in memory) and fusion (element1 and vector from one
// backward, then one forward pass in which every layer's masked variants advance together).
// Throws pb::Error for hidden-channel scores (options.score_hidden) or another criterion.
WidthScores streamedGradientWidth(StreamCore& core, const Calibration& calib, const ScoreOptions& options,
                                  const ProgressFn& progress);

// block_taylor: Σ |g·W| over each block's tensors.
BlockScores streamedBlockTaylor(StreamCore& core, const Calibration& calib, const ScoreOptions& options,
                                const ProgressFn& progress);

} // namespace pb
