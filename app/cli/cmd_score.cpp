#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "app/cli/enum_args.h"
#include "app/cli/prune_common.h"
#include "core/plan/criteria.h"
#include "core/prune/importance.h"

namespace pbcli {

Command scoreCommand() {
    auto opts = modelOptions();
    for (auto& o : calibrationOptions()) opts.push_back(o);
    for (auto& o : scoringOptions()) opts.push_back(o);
    opts.push_back({"hidden", false, "also score hidden (embedding) channels"});
    markRequired(opts, {"model", "calib"});
    return {"score", "importance scores per layer and unit (width) or per block (depth)", opts, [](const Args& args) {
        pb::ScoreOptions so = scoreOptionsFromArgs(args);
        so.score_hidden = args.has("hidden");
        pb::LoadedModel m = loadFromArgs(args);
        pb::Calibration calib = calibrationFromArgs(args, m);
        auto progress = progressPrinter(5);
        nlohmann::json j;
        if (pb::criterionInfo(so.criterion).depth) {
            pb::BlockScores s = pb::scoreBlocks(*m.model, calib, so, progress);
            j = s.toJson();
            j["kind"] = "depth";
            if (!args.has("json")) {
                for (size_t i = 0; i < s.scores.size(); ++i) std::printf("block %2zu  %.6g\n", i, s.scores[i]);
                std::printf("%s: %.2f s\n", pb::criterionName(so.criterion).c_str(), s.seconds);
                return 0;
            }
        } else {
            pb::WidthScores s = pb::scoreWidth(*m.model, calib, so, progress);
            j = s.toJson();
            j["kind"] = "width";
            if (!args.has("json")) {
                for (size_t i = 0; i < s.mlp.size(); ++i) {
                    double attn = 0, mlp = 0;
                    for (double v : s.attention_groups[i]) attn += v;
                    for (double v : s.mlp[i]) mlp += v;
                    std::printf("layer %2zu  attention groups %zu (sum %.4g)  MLP channels %zu (sum %.4g)\n", i,
                                s.attention_groups[i].size(), attn, s.mlp[i].size(), mlp);
                }
                std::printf("%s (%s): %.2f s\n", pb::criterionName(so.criterion).c_str(),
                            pb::aggregationName(so.aggregation).c_str(), s.seconds);
                return 0;
            }
        }
        j["samples"] = calib.samples();
        j["seq_len"] = calib.length();
        printJson(j.dump());
        return 0;
    }};
}

} // namespace pbcli
