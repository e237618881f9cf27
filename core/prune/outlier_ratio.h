#pragma once
// OWL's layer outlier ratio (Yin et al. 2023, arXiv 2310.05175, core/plan/budget_search.h): per
// decoder layer, the fraction of the entries A_ij = |W_ij| x ||X_j||_2 of all its projections
// (q, k, v, o, gate, up, down; X_j the j-th input feature over every calibration token) above
// m x the mean of A over those projections together. One forward pass of the dense model.
#include <cstdint>
#include <vector>

#include "core/prune/calibration.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

// One ratio per layer in [first, last] (last -1: the last layer), in order. The weights are not
// changed. Throws pb::Error for m <= 0 or a layer range outside the model.
std::vector<double> layerOutlierRatios(const LlamaModel& model, const Calibration& calib, double m, int first = 0,
                                       int last = -1, int64_t batch = 4, const ProgressFn& progress = {});

} // namespace pb
