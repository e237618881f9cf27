#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/disagreement_cli.h"
#include "app/cli/distributed.h"
#include "app/cli/hidden_cli.h"
#include "app/cli/pipeline_cli.h"
#include "app/cli/progress_line.h"
#include "app/cli/what_if_cli.h"
#include "app/cli/enum_args.h"
#include "app/cli/prune_common.h"
#include "app/cli/sub_block_cli.h"
#include "core/plan/criteria.h"
#include "core/plan/disagreement.h"
#include "core/prune/importance.h"

namespace pbcli {

namespace {

// How fusion chose its mix: the target cut and the three calibration losses.
void printFusionReport(const pb::FusionReport& f) {
    double attn = 0, mlp = 0;
    int cut = 0;
    for (size_t i = 0; i < f.mlp_ratio.size(); ++i) {
        attn = std::max(attn, f.attention_ratio[i]), mlp = std::max(mlp, f.mlp_ratio[i]);
        cut += f.tested[i] ? 1 : 0;
    }
    std::printf("fusion: alpha = 1 is taylor_element1, 0 is taylor_vector; chosen per layer for the cut of %.0f%% of "
                "the %s and %.0f%% of the MLP channels (%d layers where alpha changes the cut)\n",
                100 * attn, f.attention_unit == pb::AttentionUnit::Head ? "query heads per group" : "KV groups",
                100 * mlp, cut);
    std::printf("calibration loss (%lld samples): taylor_element1 plan %.5f, taylor_vector plan %.5f, fused %.5f%s\n",
                (long long)f.probe_samples, f.loss_element1, f.loss_vector, f.loss_fused,
                f.fell_back ? (f.start_alpha == 1.0 ? " -> fell back to taylor_element1" : " -> fell back to taylor_vector")
                            : "");
}

// score --against B: both criteria on the same calibration, then core's comparison.
int scoreAgainst(const Args& args, pb::LlamaModel& model, const pb::Calibration& calib, const pb::ScoreOptions& so) {
    const bool depth = pb::criterionInfo(so.criterion).depth;
    pb::ScoreOptions other = so;
    other.criterion = criterionArg(args, so.criterion, depth, false, "against");
    const double ratio = args.getDouble("overlap-ratio", 0.2, {0, 1, true, true});
    const auto top = static_cast<size_t>(args.getInt("top", 15, 0, 100000));
    pb::Disagreement d;
    if (depth) {
        const pb::BlockScores a = pb::scoreBlocks(model, calib, so, progressPrinter(5));
        const pb::BlockScores b = pb::scoreBlocks(model, calib, other, progressPrinter(5));
        d = pb::compareBlockScores(a, b, static_cast<int64_t>(std::lround(ratio * double(a.scores.size()))), top);
    } else {
        const pb::WidthScores a = pb::scoreWidth(model, calib, so, progressPrinter(5));
        const pb::WidthScores b = pb::scoreWidth(model, calib, other, progressPrinter(5));
        d = pb::compareWidthScores(a, b, ratio, top);
    }
    if (!args.has("json")) {
        printDisagreement(d, depth);
        return 0;
    }
    nlohmann::json j = d.toJson();
    j["kind"] = depth ? "depth" : "width";
    j["samples"] = calib.samples();
    j["seq_len"] = calib.length();
    printJson(j.dump());
    return 0;
}

} // namespace

Command scoreCommand() {
    auto opts = modelOptions();
    for (auto& o : calibrationOptions()) opts.push_back(o);
    for (auto& o : scoringOptions()) opts.push_back(o);
    opts.push_back({"hidden", false, "also score the hidden (residual-stream) channels, LLM-Pruner's channel strategy: "
                                     "each channel's importance over every coupled weight (embedding and lm_head "
                                     "columns, q/k/v/gate/up columns, o_proj/down_proj rows, the norms)"});
    opts.push_back({"against", true, "a second criterion of the same kind: where the two disagree (rank correlation "
                                     "per layer, overlap of what each removes, the most disputed units)"});
    opts.push_back({"overlap-ratio", true, "with --against: the fraction each removes for the overlap (default 0.2)"});
    opts.push_back({"top", true, "with --against: how many disputed units to list (default 15)"});
    opts.push_back({"without", true, "what-if: the calibration loss with each unit taken out, LAYER:KIND[:UNIT],... "
                                     "(KIND kv_group, head, mlp_channel, attn or mlp (a block's attention or MLP alone) or block; UNIT may be "
                                     "FIRST-LAST; e.g. 5:kv_group:1,3:mlp_channel:0-63,7:attn,7:block)"});
    opts.push_back({"full-pass", false, "with --without: run every block for each unit (the reference) instead of "
                                        "from the unit's block on, from the kept inputs of the unchanged model"});
    opts.push_back(depthUnitOption());
    opts.push_back(distributedOption());
    for (auto& o : pipelineOptions()) opts.push_back(o);
    markRequired(opts, {"model", "calib"});
    return {"score", "importance scores per layer and unit (width) or per block (depth)", opts, [](const Args& args) {
        pb::ScoreOptions so = scoreOptionsFromArgs(args);
        so.score_hidden = args.has("hidden");
        if (pipelined(args)) return pipelineScore(args, so);  // the model split across the ranks
        if (so.score_hidden) requireHiddenScores(so.criterion, "--hidden");  // before the model loads
        if (args.has("without")) parseUnits(args.get("without"));  // refused before the model loads
        depthUnitArg(args, so.criterion);                           // likewise
        pb::LoadedModel m = loadFromArgs(args);
        pb::Calibration calib = calibrationFromArgs(args, m);
        auto progress = progressPrinter(5);
        if (args.has("against")) return scoreAgainst(args, *m.model, calib, so);
        if (args.has("without")) return scoreWithout(args, *m.model, calib);
        nlohmann::json j;
        if (depthUnitArg(args, so.criterion) == pb::DepthUnit::SubBlock) {
            pb::SubBlockScores s = pb::scoreSubBlocks(*m.model, calib, so, progress);
            j = s.toJson();
            j["kind"] = "sub-block";
            if (!args.has("json")) {
                printSubBlockScores(s);
                return 0;
            }
        } else if (pb::criterionInfo(so.criterion).depth) {
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
                    std::printf("layer %2zu  attention groups %zu (sum %.4g)  MLP channels %zu (sum %.4g)", i,
                                s.attention_groups[i].size(), attn, s.mlp[i].size(), mlp);
                    if (s.fusion && i < s.fusion_alpha.size())
                        std::printf("  alpha %.2f%s", s.fusion_alpha[i], s.fusion->tested[i] ? "" : " (untested: not cut)");
                    std::printf("\n");
                }
                if (s.fusion) printFusionReport(*s.fusion);
                if (!s.hidden.empty()) printHiddenScores(s.hidden);
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
