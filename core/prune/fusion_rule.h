#pragma once
// The adaptive fusion rule (criterion `fusion`), shared by the in-memory scorer
// (width_criteria.cpp) and the streamed one (core/stream/streamed_gradient_scores.cpp):
// per layer, the fine (taylor_element1) and coarse (taylor_vector) scores are normalised and
// mixed as alpha·fine + (1 − alpha)·coarse for each alpha of the grid; the layer alone is
// pruned at the test ratio by each mix (the lowest heads and channels masked), and the alpha
// whose masked model has the lowest calibration loss on the first probe samples wins.
// Torch-free.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/scores.h"

namespace pb {

class MaskGuard;

inline constexpr double kFusionAlphas[] = {0.0, 0.25, 0.5, 0.75, 1.0};
inline constexpr int64_t kFusionProbeSamples = 4;  // the first samples of the calibration set

// What one alpha removes from one layer: query heads and MLP channels (indices).
struct FusionMask {
    std::vector<int64_t> heads, channels;
    bool operator==(const FusionMask&) const = default;
};

// The units fusion masks in `layer` (dims `d`) for `alpha` at `ratio`.
FusionMask fusionMask(const WidthScores& fine, const WidthScores& coarse, size_t layer, const LayerDims& d,
                      double ratio, double alpha);
// Masks them through `guard` (heads only when the layer has attention, channels only with an MLP).
void applyFusionMask(MaskGuard& guard, size_t layer, const LayerDims& d, const FusionMask& mask);
// Sets `layer` of `out` (heads, groups, MLP channels) to the mix at `alpha`, and its fusion_alpha.
void setFusionLayer(WidthScores& out, const WidthScores& fine, const WidthScores& coarse, size_t layer, double alpha);

} // namespace pb
