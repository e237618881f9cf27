#pragma once
// Where two importance criteria disagree (issue 18, "criteria disagreement"): rank correlation
// per layer and unit kind, the overlap of what each would remove, and the units whose ranks
// differ most. Torch-free: it reads the plain scores of core/plan/scores.h.
//
// Ranks are normalised to [0, 1] within a layer and unit kind (0 = least important, 1 = most;
// ties share their mean rank), so a head ranked first of 9 by one criterion and last by the
// other differs by 1.0, whatever the layer's size.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/plan/scores.h"

namespace pb {

// Spearman's rank correlation (Pearson of mean ranks, so ties count once). NaN when fewer
// than 2 values or when either side is constant; throws pb::Error on different lengths.
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// Mean ranks (1-based, ties averaged) of `v`.
std::vector<double> meanRanks(const std::vector<double>& v);

enum class UnitKind { KvGroup, Head, MlpChannel, Block };
const char* unitKindName(UnitKind k);  // "kv_group", "head", "mlp_channel", "block"

struct RankedUnit {
    int64_t layer = 0;   // the block for UnitKind::Block
    UnitKind kind = UnitKind::MlpChannel;
    int64_t index = 0;   // unit within the layer (0 for a block)
    double rank_a = 0;   // normalised rank under criterion a: 0 least, 1 most important
    double rank_b = 0;
    double gap() const { return rank_a - rank_b; }  // > 0: a values it more than b
};

struct KindAgreement {
    UnitKind kind = UnitKind::MlpChannel;
    std::vector<double> rho;   // per layer (one entry for blocks); NaN where undefined
    // per layer: |A ∩ B| / |A ∪ B| of the units each removes at `ratio` (round(ratio · units),
    // as a plan does); NaN where that removes none
    std::vector<double> overlap;
    double mean_rho = 0;       // over the defined layers (NaN when none)
    double mean_overlap = 0;
};

struct Disagreement {
    std::string criterion_a, criterion_b;
    double ratio = 0;                  // removal fraction the overlaps are taken at
    std::vector<KindAgreement> kinds;  // width: kv_group, head, mlp_channel (those both scored); depth: block
    std::vector<RankedUnit> top;       // the units with the largest |gap|, largest first
    nlohmann::json toJson() const;
};

// Width criteria: per layer, each kind both score with the same sizes. ratio in (0, 1): the
// fraction of each layer's units each criterion removes (its lowest scores) for the overlap.
// top: how many units to list. Throws pb::Error when the scores describe different models.
Disagreement compareWidthScores(const WidthScores& a, const WidthScores& b, double ratio = 0.2, size_t top = 20);
// Depth criteria: the blocks each drops first (blockRemovalOrder, no protection) for `drop`
// blocks, and the rank correlation of their scores.
Disagreement compareBlockScores(const BlockScores& a, const BlockScores& b, int64_t drop, size_t top = 20);

} // namespace pb
