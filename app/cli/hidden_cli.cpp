#include "app/cli/hidden_cli.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "app/cli/commands.h"
#include "app/cli/option_limits.h"
#include "core/plan/defaults.h"

namespace pbcli {

void requireHiddenScores(pb::Criterion c, const std::string& option) {
    if (pb::scoresHiddenChannels(c)) return;
    const pb::CriterionInfo& info = pb::criterionInfo(c);
    const std::string why = info.depth ? "it scores whole blocks"
                                       : "it measures only the inputs of o_proj and down_proj, not the residual stream";
    throw UsageError(option + " needs a criterion that scores hidden channels (" + pb::hiddenCriterionList() +
                     "), not '" + info.name + "': " + why);
}

void printHiddenScores(const std::vector<double>& s) {
    if (s.empty()) return;
    std::vector<double> sorted = s;
    std::sort(sorted.begin(), sorted.end());
    const double sum = std::accumulate(s.begin(), s.end(), 0.0);
    std::printf("hidden channels %zu  (sum %.4g, min %.4g, median %.4g, max %.4g)\n", s.size(), sum, sorted.front(),
                sorted[sorted.size() / 2], sorted.back());
    std::vector<size_t> order(s.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] < s[b]; });
    std::printf("  least important:");
    for (size_t k = 0; k < std::min<size_t>(8, order.size()); ++k) std::printf(" %zu (%.4g)", order[k], s[order[k]]);
    std::printf("\n  most important: ");
    for (size_t k = 0; k < std::min<size_t>(8, order.size()); ++k)
        std::printf(" %zu (%.4g)", order[order.size() - 1 - k], s[order[order.size() - 1 - k]]);
    std::printf("\n");
}

double hiddenRatioArg(const Args& args) {
    return args.has("hidden-ratio") ? args.getDouble("hidden-ratio", 0, limits::kOpenFraction) : 0.0;
}

OptionSpec hiddenRatioOption() {
    return {"hidden-ratio", true,
            "remove this fraction of the hidden (residual-stream) channels from every layer at once (LLM-Pruner's "
            "channel strategy: embedding and lm_head columns, q/k/v/gate/up columns, o_proj/down_proj rows, the "
            "norms), alone or with --width-ratio, --target-params (width), --drop-blocks or --plan"};
}

OptionSpec hiddenCriterionOption() {
    return {"hidden-criterion", true,
            "with --drop-blocks and --hidden-ratio: the width criterion that scores the hidden channels (default " +
                pb::criterionName(pb::defaults::kWidthCriterion) + ")"};
}

} // namespace pbcli
