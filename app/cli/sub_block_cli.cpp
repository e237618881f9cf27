#include "app/cli/sub_block_cli.h"

#include <algorithm>
#include <cstdio>

#include "app/cli/option_limits.h"
#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/util/error.h"

namespace pbcli {

OptionSpec depthUnitOption() {
    return {"depth-unit", true,
            "with a block criterion: block (default: whole blocks) or sub-block (BlockPruner: a block's attention or "
            "its MLP alone, the residual stream passing by; block_sleb then is BlockPruner's iterative search, "
            "--drop-blocks N removes N sub-blocks, --sleb-steps counts sub-blocks)"};
}

OptionSpec removeSubBlocksOption() {
    return {"remove-sub-blocks", true,
            "remove these sub-blocks, LAYER:attn or LAYER:mlp, comma-separated (e.g. 5:attn,7:mlp; no scoring; a "
            "layer losing both is dropped whole)"};
}

pb::DepthUnit depthUnitArg(const Args& args, pb::Criterion criterion) {
    if (!args.has("depth-unit")) return pb::DepthUnit::Block;
    pb::DepthUnit u;
    try {
        u = pb::parseDepthUnit(args.get("depth-unit"), "option --depth-unit");
    } catch (const pb::Error& e) {
        throw UsageError(e.what());
    }
    if (u == pb::DepthUnit::SubBlock && !pb::criterionInfo(criterion).depth)
        throw UsageError("--depth-unit sub-block needs a block criterion (" + pb::criterionList(true) + ")");
    return u;
}

std::vector<pb::SubBlockRef> droppableSubBlockOrder(const pb::SubBlockScores& scores, int64_t layers,
                                                    int64_t protect_first, int64_t protect_last) {
    std::vector<pb::SubBlockRef> out;
    for (const pb::SubBlockRef& s : pb::subBlockRemovalOrder(scores))
        if (s.layer >= protect_first && s.layer < layers - protect_last) out.push_back(s);
    return out;
}

std::vector<pb::SubBlockRef> subBlocksToRemove(const Args& args, const pb::ModelConfig& c,
                                               const std::vector<pb::SubBlockRef>& order) {
    if (args.has("drop-blocks")) {
        const int64_t n = args.getInt("drop-blocks", 0, 1, 1000000);
        if (n > int64_t(order.size()))
            throw UsageError("--drop-blocks " + std::to_string(n) + " with --depth-unit sub-block: only " +
                             std::to_string(order.size()) + " sub-blocks may be removed");
        return {order.begin(), order.begin() + n};
    }
    const double f = args.getDouble("target-params", 0, limits::kOpenFraction);
    const pb::SubBlockBudget b = pb::subBlockBudget(c, f, order);
    if (b.units < 1)
        throw UsageError("--target-params " + args.get("target-params") + " means removing no sub-block (the "
                         "smallest removes more than twice that fraction)");
    return b.removed;
}

pb::PruningPlan subBlockPlanFromArgs(const Args& args, pb::LoadedModel& m, const pb::ScoreOptions& so,
                                     const std::function<pb::Calibration()>& calib, const pb::ProgressFn& progress,
                                     int modes, double hidden, std::optional<pb::SubBlockScores>& scored) {
    const pb::ModelConfig& c = m.config;
    if (modes != 1)
        throw UsageError("give exactly one of --plan, --width-ratio, --drop-blocks, --target-params, --remove-sub-blocks");
    if (hidden > 0) throw UsageError("sub-block depth pruning removes attention or MLP sub-blocks, not hidden channels: "
                                     "leave out --hidden-ratio");
    pb::PruningPlan plan;
    if (args.has("remove-sub-blocks")) {
        try {
            plan = pb::subBlockPlan(c, pb::parseSubBlockList(args.get("remove-sub-blocks"), c));
        } catch (const pb::Error& e) {
            throw UsageError(std::string("--remove-sub-blocks: ") + e.what());
        }
    } else {
        if (!args.has("drop-blocks") && !args.has("target-params"))
            throw UsageError("--depth-unit sub-block removes --drop-blocks N sub-blocks or --target-params F of the "
                             "parameters (or give them with --remove-sub-blocks)");
        const int64_t protect_first = args.has("plus") ? 4 : 0, protect_last = args.has("plus") ? 2 : 0;
        pb::ScoreOptions o = so;
        if (o.sleb_steps == 0 && args.has("target-params"))  // BlockPruner's search: long enough for the budget
            o.sleb_steps = pb::maxSubBlocksForParamFraction(c, args.getDouble("target-params", 0, limits::kOpenFraction));
        if (o.sleb_steps == 0 && args.has("drop-blocks")) o.sleb_steps = args.getInt("drop-blocks", 0, 1, 1000000);
        pb::SubBlockScores ss = pb::scoreSubBlocks(*m.model, calib(), o, progress);
        plan = pb::subBlockPlan(c, subBlocksToRemove(args, c, droppableSubBlockOrder(ss, c.numLayers(), protect_first,
                                                                                      protect_last)));
        scored = std::move(ss);
    }
    plan.criterion = so.criterion;
    plan.calibration = args.get("calib");
    plan.samples = args.getInt("samples", pb::defaults::kCalibrationSamples, 1, limits::kSamples);
    plan.seq_len = args.getInt("seq-len", pb::defaults::kCalibrationSeqLen, 2, limits::kSeqLen);
    return plan;
}

void printSubBlockScores(const pb::SubBlockScores& s) {
    int64_t last = -1;
    for (size_t k = 0; k < s.units.size(); ++k) {
        if (s.units[k].layer != last) {
            if (last >= 0) std::printf("\n");
            last = s.units[k].layer;
            std::printf("layer %2lld", (long long)last);
        }
        std::printf("  %s %.6g", pb::subBlockPartName(s.units[k].part), s.scores[k]);
    }
    if (last >= 0) std::printf("\n");
    if (!s.order.empty()) std::printf("removal order: %s\n", pb::subBlockListText(s.order).c_str());
    std::printf("%s (sub-blocks): %.2f s\n", s.criterion ? pb::criterionName(*s.criterion).c_str() : "?", s.seconds);
}

} // namespace pbcli
