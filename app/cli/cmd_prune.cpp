#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/budget_cli.h"
#include "app/cli/commands.h"
#include "app/cli/depth_target.h"
#include "app/cli/distributed.h"
#include "app/cli/enum_args.h"
#include "app/cli/hidden_cli.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/progress_line.h"
#include "app/cli/prune_common.h"
#include "app/cli/report_cli.h"
#include "app/cli/save_model.h"
#include "app/cli/sub_block_cli.h"
#include "core/bench/latency.h"
#include "core/data/assets.h"
#include "core/eval/perplexity.h"
#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/prune/pruner.h"
#include "core/prune/sweep.h"
#include "core/prune/what_if.h"
#include "core/report/latency_report.h"
#include "core/report/results_json.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

namespace {

// scored / scored_sub: set to the block or sub-block scores when a depth criterion scored them;
// budget: set by --budget-search (the per-layer ratios of --target-params).
pb::PruningPlan planFromArgs(const Args& args, pb::LoadedModel& m, const pb::ScoreOptions& so,
                             const std::function<pb::Calibration()>& calib, const pb::ProgressFn& progress,
                             std::optional<pb::BlockScores>& scored, std::optional<pb::SubBlockScores>& scored_sub,
                             std::optional<pb::BudgetSearchResult>& budget,
                             std::optional<pb::LatencyBudgetResult>& latency_budget) {
    const pb::ModelConfig& c = m.config;
    const int modes = int(args.has("plan")) + int(args.has("width-ratio")) + int(args.has("drop-blocks")) +
                      int(args.has("target-params")) + int(args.has("target-latency"));
    const double hidden = hiddenRatioArg(args);
    if (args.has("remove-sub-blocks") || depthUnitArg(args, so.criterion) == pb::DepthUnit::SubBlock)
        return subBlockPlanFromArgs(args, m, so, calib, progress, modes + int(args.has("remove-sub-blocks")), hidden,
                                    scored_sub);
    if (modes > 1 || (modes == 0 && hidden == 0))
        throw UsageError("give exactly one of --plan, --width-ratio, --drop-blocks, --target-params, --target-latency "
                         "(each but the last may come with --hidden-ratio), or --hidden-ratio alone");
    if (args.has("plan")) {
        pb::PruningPlan p = pb::PruningPlan::load(args.get("plan"));
        biasCompensationArg(args, p);
        if (hidden > 0) {  // the plan's own hidden cut is replaced
            if (p.hidden_keep)
                throw UsageError("plan '" + args.get("plan") + "' keeps explicit hidden channels (hidden_keep): "
                                 "--hidden-ratio cannot change them");
            p.hidden_ratio = hidden;
        }
        if (!p.resolved() && p.iterative_steps > limits::kIterativeSteps)
            throw pb::Error("plan '" + args.get("plan") + "': iterative_steps is " + std::to_string(p.iterative_steps) +
                            ", more than " + std::to_string(limits::kIterativeSteps) + " (" + limits::kIterativeWhy + ")");
        return p;
    }

    const bool depth = pb::criterionInfo(so.criterion).depth;
    const int64_t protect_first = args.has("plus") ? 4 : 0, protect_last = args.has("plus") ? 2 : 0;
    int64_t blocks = -1;
    double ratio = -1;
    auto [first, last] = pb::defaultWidthLayers(c.numLayers());
    if (args.has("layers")) std::tie(first, last) = parseLayerRange(args.get("layers"), c.numLayers());
    const pb::AttentionUnit unit = attentionUnitArg(args);
    const int64_t round_to = args.getInt("round-to", 1, 1, 65536);
    const int64_t n_blocks = c.numLayers();
    const std::string blocks_why = "the model has " + std::to_string(n_blocks) + " blocks and keeps at least one";
    if (args.has("drop-blocks")) {
        if (!depth) throw UsageError("--drop-blocks needs a depth criterion (" + pb::criterionList(true) + ")");
        blocks = args.getInt("drop-blocks", 0, 1, std::max<int64_t>(1, n_blocks - 1), blocks_why);
    } else if (args.has("width-ratio")) {
        if (depth) throw UsageError("--width-ratio needs a width criterion (" + pb::criterionList(false) + ")");
        ratio = args.getDouble("width-ratio", 0, limits::kOpenFraction);
    } else if (args.has("target-latency")) {  // the parameter budget whose uniform cut meets the measured target
        latency_budget = latencyBudgetFromArgs(args, c, first, last, unit, round_to, progressPrinter(25));
        ratio = pb::widthRatioForParamFraction(c, latency_budget->fraction, first, last, unit, round_to);
    } else if (args.has("target-params")) {
        const double f = args.getDouble("target-params", 0, limits::kOpenFraction);
        if (depth) {
            if (hidden > 0)
                throw UsageError("--target-params with a depth criterion counts blocks only: give --drop-blocks N "
                                 "with --hidden-ratio");
            checkDepthTargetBeforeScoring(args, c);  // a budget meaning no block, refused before scoring
            blocks = 0;  // the count comes from the scores' removal order (depthBlocksForTarget)
        } else {  // the width ratio that, with the hidden cut, removes `f`
            ratio = pb::widthRatioForParamFraction(c, f, first, last, unit, round_to, hidden);
        }
    } else {  // --hidden-ratio alone
        if (depth) throw UsageError("--hidden-ratio alone needs a width criterion that scores hidden channels (" +
                                    pb::hiddenCriterionList() + ")");
        ratio = 0;
    }
    pb::PruningPlan plan;
    if (blocks >= 0) {
        pb::BlockScores bs = pb::scoreBlocks(*m.model, calib(), so, progress);
        plan = pb::depthPlan(c, args.has("target-params")
                                    ? depthBlocksForTarget(args, c, bs, protect_first, protect_last)
                                    : pb::blocksToDrop(bs, blocks, protect_first, protect_last));
        scored = std::move(bs);
    } else if (args.has("budget-search")) {  // per-layer ratios for --target-params (or --target-latency's budget)
        const double f = latency_budget ? latency_budget->fraction : args.getDouble("target-params", 0, limits::kOpenFraction);
        budget = budgetSearchFromArgs(args, m, so, calib(), progress, f, first, last, unit, round_to);
        plan = budget->plan;
    } else {
        plan = pb::uniformWidthPlan(c, ratio, ratio, first, last, unit);
    }
    plan.criterion = so.criterion;
    plan.aggregation = so.aggregation;
    plan.attention_unit = unit;
    plan.round_to = round_to;
    plan.hidden_ratio = hidden;
    plan.ranking = args.get("ranking", "local");
    biasCompensationArg(args, plan);
    plan.iterative_steps = static_cast<int>(
        args.getInt("iterative-steps", 1, 1, limits::kIterativeSteps, limits::kIterativeWhy));  // in int range: checked
    plan.calibration = args.get("calib");
    plan.samples = args.getInt("samples", pb::defaults::kCalibrationSamples, 1, limits::kSamples);
    plan.seq_len = args.getInt("seq-len", pb::defaults::kCalibrationSeqLen, 2, limits::kSeqLen);
    // The greedy search chose its masks by these scores: resolved by them, prune need not score again.
    if (budget && budget->scores && plan.iterative_steps == 1) plan = pb::resolvePlan(c, plan, *budget->scores);
    return plan;
}

} // namespace

Command pruneCommand() {
    auto opts = modelOptions();
    for (auto& o : calibrationOptions()) opts.push_back(o);
    for (auto& o : scoringOptions()) opts.push_back(o);
    for (OptionSpec o : std::vector<OptionSpec>{
             {"plan", true, "replay or resolve a plan JSON"},
             {"width-ratio", true, "remove this fraction of heads/groups and MLP channels in --layers"},
             {"layers", true, "layer range A-B for width pruning (default: skip the first 4 and last 2)"},
             {"drop-blocks", true, "remove N whole blocks (depth criterion; N sub-blocks with --depth-unit sub-block)"},
             depthUnitOption(), removeSubBlocksOption(),
             {"target-params", true, "remove this fraction of all parameters (width or depth by criterion)"},
             hiddenRatioOption(), hiddenCriterionOption(),
             {"attention-unit", true, attentionUnitHelp()},
             {"ranking", true,
              "local (default), global (one threshold per module) or adaptive (flap: FLAP's AL-AM, one threshold "
              "over attention and MLP units of all pruned layers, parameter-weighted)"},
             biasCompensationOption(),
             {"round-to", true, "keep MLP widths a multiple of this (default 1)"},
             {"iterative-steps", true, "prune in k steps, re-scoring between them (default 1)"},
             {"plus", false, "depth: never remove the first 4 and last 2 blocks (Taylor+ heuristic)"},
             {"out", true, "save the pruned model: a Hugging Face folder, or a GGUF file for *.gguf"},
             {"save-plan", true, "write the resolved plan (replayable) to this JSON file"},
             {"text", true, "measure perplexity before and after on this text"},
             {"max-windows", true,
              "perplexity windows with --text (default " + std::to_string(pb::defaults::kPplWindows) + ")"},
             {"latency", false, "measure prefill and decode time of the original and the pruned shape (on --device; "
                                "also with --report)"},
             {"no-latency", false, "with --report: no latency measurement (the report shows none)"},
             reportOption(), distributedOption()})
        opts.push_back(o);
    {  // after --target-params, which they spread
        std::vector<OptionSpec> budget = latencyBudgetOptions();
        for (const OptionSpec& o : budgetSearchOptions()) budget.push_back(o);
        auto at = std::find_if(opts.begin(), opts.end(), [](const OptionSpec& o) { return o.name == "target-params"; });
        opts.insert(at + 1, budget.begin(), budget.end());
    }
    markRequired(opts, {"model"});
    return {"prune", "prune by a plan, a width ratio, dropped blocks, a parameter target or a hidden-size ratio", opts,
            [](const Args& args) {
        pb::ScoreOptions so = scoreOptionsFromArgs(args);
        // Hidden channels are scored by the width criterion, or with a depth one by --hidden-criterion:
        // refused before the model loads when it scores none.
        pb::ScoreOptions hidden_so = so;
        if (pb::criterionInfo(so.criterion).depth)
            hidden_so.criterion = criterionArg(args, pb::defaults::kWidthCriterion, false, false, "hidden-criterion");
        else if (args.has("hidden-criterion"))
            throw UsageError("--hidden-criterion is for depth criteria: with a width criterion it scores the hidden "
                             "channels too");
        if (hiddenRatioArg(args) > 0 && !args.has("plan")) requireHiddenScores(hidden_so.criterion, "--hidden-ratio");
        checkBudgetSearchArgs(args, so.criterion);
        const long long steps = args.getInt("iterative-steps", 1, 1, limits::kIterativeSteps, limits::kIterativeWhy);
        const int64_t max_windows = args.getInt("max-windows", pb::defaults::kPplWindows, 0, limits::kWindows);
        const std::vector<pb::SourcePath> sources = runSources(args);
        if (args.has("out")) checkModelTargetEarly(args.get("out"), "auto", sources);  // before any work
        pb::LoadedModel m = loadFromArgs(args);
        checkReportArgs(args, m.source.string());
        int plan_steps = int(steps);  // a replayed plan's own count replaces it below
        const pb::ProgressFn progress = stepProgress(plan_steps);
        std::optional<pb::Calibration> calib;
        auto getCalib = [&]() -> pb::Calibration {
            if (!calib) calib = calibrationFromArgs(args, m);
            return *calib;
        };
        std::optional<pb::BlockScores> block_scores;
        std::optional<pb::SubBlockScores> sub_scores;
        std::optional<pb::BudgetSearchResult> budget;
        std::optional<pb::LatencyBudgetResult> latency_budget;
        pb::PruningPlan plan = planFromArgs(args, m, so, getCalib, progress, block_scores, sub_scores, budget, latency_budget);
        plan_steps = plan.resolved() ? 1 : std::max(1, plan.iterative_steps);
        if (args.has("plan") && !plan.resolved() && !args.has("criterion")) so.criterion = plan.criterion;
        // A depth plan's hidden cut: the hidden channels scored by --hidden-criterion (its blocks are given).
        const bool depth_hidden = pb::criterionInfo(so.criterion).depth && !plan.resolved();
        if (!plan.resolved() && plan.hidden_ratio > 0)
            requireHiddenScores(depth_hidden ? hidden_so.criterion : so.criterion, "a hidden_ratio");
        pb::PruneResult r = pb::prune(*m.model, plan, plan.resolved() ? pb::Calibration{} : getCalib(),
                                      depth_hidden ? hidden_so : so, progress);
        nlohmann::json j = {{"params_before", r.params_before}, {"params_after", r.params_after},
                            {"hidden_before", m.config.hidden}, {"hidden_after", r.model->config.hidden},
                            {"removed_fraction", 1.0 - double(r.params_after) / double(r.params_before)},
                            {"macs_before", r.macs_before}, {"macs_after", r.macs_after},
                            {"seconds", r.seconds}, {"criterion", pb::criterionName(so.criterion)},
                            {"plan", r.plan.toJson()}};
        if (sub_scores) j["sub_block_scores"] = sub_scores->toJson();
        if (r.last_scores.fusion) {  // how fusion chose its mix for this cut (the last step's)
            const nlohmann::json s = r.last_scores.toJson();
            j["fusion"] = s["fusion"];
            j["fusion"]["alpha"] = r.last_scores.fusion_alpha;
        }
        if (budget) {  // the search, and the pruned model's calibration loss it is judged by
            j["budget_search"] = budgetSearchJson(m.config, *budget);
            j["calib_loss_after"] = pb::lossWithout(*r.model, getCalib(), nullptr);
        }
        double plan_time_ratio = NAN;  // --target-latency: the pruned shape itself, measured beside the original
        if (latency_budget) {
            plan_time_ratio = pb::latencyRatioOf(m.config, r.plan, latencyBudgetArg(args), progressPrinter(25));
            j["latency_budget"] = latencyBudgetJson(latencyBudgetArg(args), *latency_budget, plan_time_ratio);
        }
        if (!r.plan.dropped_attention.empty() || !r.plan.dropped_mlp.empty() || sub_scores || args.has("remove-sub-blocks"))
            j["removed_sub_blocks"] = pb::subBlockListText(pb::removedSubBlocks(m.config, r.plan));
        std::optional<pb::report::PerplexitySummary> ppl;
        if (args.has("text")) {
            pb::PerplexityOptions po;
            po.max_windows = max_windows;
            po.world = so.world;
            auto ids = m.tokenizer->encode(pb::assets::loadText(args.get("text")), true);
            const pb::PerplexityResult before = pb::perplexity(*m.model, ids, po);
            const pb::PerplexityResult after = pb::perplexity(*r.model, ids, po);
            j["ppl_before"] = before.ppl;
            j["ppl_after"] = after.ppl;
            ppl = pb::report::PerplexitySummary{args.get("text"), before.windows, before.seq_len, before.ppl,
                                                after.ppl};
        }
        const bool writer = so.world->primary();  // across ranks, rank 0 alone writes
        // Measured latency of both shapes (core/bench/latency.h: random weights, cached per shape).
        std::vector<pb::LatencyProfile> latency;
        if (writer && (args.has("latency") || args.has("report")) && !args.has("no-latency")) {
            pb::LatencyOptions lo;
            lo.device = args.get("device", "cpu");
            lo.dtype = args.get("dtype", "f32");
            latency = pb::measureLatency({{"original", m.config}, {"pruned", r.model->config}}, lo, progressPrinter(25));
            j["latency_before"] = pb::toJson(latency[0]);
            j["latency_after"] = pb::toJson(latency[1]);
        }
        if (args.has("save-plan") && writer) savePlanChecked(r.plan, args.get("save-plan"), sources);
        if (args.has("out") && writer)
            j["out"] = saveModel(*r.model, *m.tokenizer, m.source, args.get("out"), args.get("dtype", "f32"), "auto",
                                 "auto", sources);
        if (args.has("report") && writer) {
            pb::report::ReportData d;
            d.title = "PruneBench report: prune";
            d.model = pb::report::summarizeModel(m.config, m.source.string());
            d.plan = pb::report::PlanSummary{pb::criterionName(so.criterion), pb::aggregationName(r.plan.aggregation),
                                             pb::attentionUnitName(r.plan.attention_unit),
                                             r.params_before, r.params_after, r.macs_before, r.macs_after,
                                             j["removed_fraction"].get<double>(),
                                             r.seconds + (block_scores ? block_scores->seconds : 0.0) +
                                                 (sub_scores ? sub_scores->seconds : 0.0),
                                             r.plan.dropped_blocks,
                                             pb::report::layerWidths(m.config, r.plan)};
            d.plan->blocks_before = pb::liveBlocks(m.config);  // core/plan/block_presence.h
            d.plan->blocks_after = pb::liveBlocks(r.model->config);
            if (latency.size() == 2) d.plan->latency_before = latency[0], d.plan->latency_after = latency[1];
            d.ppl = ppl;
            if (block_scores)
                d.blocks = pb::report::BlockScoresSummary{pb::criterionName(so.criterion), block_scores->scores};
            j["report"] = writeReportFromArgs(args, std::move(d), sources);
        }
        if (args.has("json")) {
            printJson(j.dump());
        } else {
            std::printf("parameters %lld -> %lld (%.1f%% removed), %.2f s\n", (long long)r.params_before,
                        (long long)r.params_after, 100.0 * j["removed_fraction"].get<double>(), r.seconds);
            if (r.model->config.hidden != m.config.hidden)
                std::printf("hidden size %lld -> %lld (%lld channels removed from every layer), MACs %lld -> %lld\n",
                            (long long)m.config.hidden, (long long)r.model->config.hidden,
                            (long long)(m.config.hidden - r.model->config.hidden), (long long)r.macs_before,
                            (long long)r.macs_after);
            if (latency_budget) printLatencyBudget(latencyBudgetArg(args), *latency_budget, plan_time_ratio);
            if (budget) {
                printBudgetSearch(m.config, *budget);
                std::printf("calibration loss of the pruned model %.5f\n", j["calib_loss_after"].get<double>());
            }
            if (const auto& f = r.last_scores.fusion) {
                std::printf("fusion alpha per layer (1 = taylor_element1, 0 = taylor_vector, - = not cut):");
                for (size_t i = 0; i < r.last_scores.fusion_alpha.size(); ++i)
                    f->tested[i] ? (void)std::printf(" %g", r.last_scores.fusion_alpha[i]) : (void)std::printf(" -");
                std::printf("\nfusion calibration loss (%lld samples): taylor_element1 plan %.5f, taylor_vector plan %.5f, "
                            "fused %.5f%s\n",
                            (long long)f->probe_samples, f->loss_element1, f->loss_vector, f->loss_fused,
                            f->fell_back ? " (lost: fell back to the better input)" : "");
            }
            if (j.contains("removed_sub_blocks"))
                std::printf("sub-blocks removed: %s\n", j["removed_sub_blocks"].get<std::string>().c_str());
            if (j.contains("ppl_after"))
                std::printf("perplexity %.3f -> %.3f\n", j["ppl_before"].get<double>(), j["ppl_after"].get<double>());
            if (latency.size() == 2 && latency[0].measured() && latency[1].measured())
                std::printf("latency (measured on %s): prefill %lld tokens %.2f -> %.2f ms, decode %.1f -> %.1f tokens/s\n",
                            pb::report::latencyDevice(latency[0]).c_str(), (long long)latency[0].context,
                            latency[0].prefill_ms, latency[1].prefill_ms, latency[0].decode_tokens_per_s,
                            latency[1].decode_tokens_per_s);
        }
        return 0;
    }};
}

} // namespace pbcli
