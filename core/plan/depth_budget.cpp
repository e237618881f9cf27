#include "core/plan/depth_budget.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/plan/plan.h"
#include "core/util/error.h"

namespace pb {

namespace {

// depthBudget's choice rule: a count removing `f` beats one `gap` away from `fraction`.
bool closerThan(double f, double fraction, double gap) { return std::abs(f - fraction) < gap; }

} // namespace

DepthBudget depthBudget(const ModelConfig& model, double fraction, const std::vector<int64_t>& order) {
    const int64_t L = model.numLayers();
    std::vector<bool> seen(static_cast<size_t>(L), false);
    for (int64_t b : order) {
        if (b < 0 || b >= L)
            throw Error("block " + std::to_string(b) + " is out of range: the model has " + std::to_string(L) + " blocks");
        if (seen[static_cast<size_t>(b)]) throw Error("block " + std::to_string(b) + " is given twice in the removal order");
        seen[static_cast<size_t>(b)] = true;
    }
    DepthBudget best;  // n = 0: nothing removed
    double best_gap = std::abs(fraction);
    std::vector<int64_t> dropped;
    for (size_t n = 1; n <= order.size(); ++n) {
        dropped.push_back(order[n - 1]);
        const double f = removedParamFraction(model, depthPlan(model, dropped));
        if (closerThan(f, fraction, best_gap)) {
            best_gap = std::abs(f - fraction);
            best.blocks = static_cast<int64_t>(n);
            best.dropped = dropped;
            best.removed_fraction = f;
        }
        if (f > fraction) break;  // more blocks only remove more
    }
    std::sort(best.dropped.begin(), best.dropped.end());
    return best;
}

int64_t maxBlocksForParamFraction(const ModelConfig& model, double fraction) {
    std::vector<int64_t> order(static_cast<size_t>(model.numLayers()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return model.layerParams(static_cast<size_t>(a)) < model.layerParams(static_cast<size_t>(b));
    });
    // The closest count n of any order has f(n - 1) < fraction, and no n - 1 blocks remove
    // less than the n - 1 smallest: n is at most the first count whose smallest blocks reach it.
    std::vector<int64_t> dropped;
    for (int64_t b : order) {
        dropped.push_back(b);
        if (removedParamFraction(model, depthPlan(model, dropped)) >= fraction) break;
    }
    return static_cast<int64_t>(dropped.size());
}

bool paramFractionDropsNoBlock(const ModelConfig& model, double fraction) {
    for (int64_t b = 0; b < model.numLayers(); ++b)
        if (closerThan(removedParamFraction(model, depthPlan(model, {b})), fraction, std::abs(fraction))) return false;
    return true;
}

} // namespace pb
