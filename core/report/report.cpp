#include "core/report/report.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>

#include "core/evalzs/stats.h"
#include "core/report/latency_report.h"
#include "core/report/report_charts.h"
#include "core/report/sizes_zeroshot_chart.h"
#include "core/report/sweep_best.h"
#include "core/util/atomic_write.h"
#include "core/util/error.h"
#include "core/util/output_path.h"

namespace pb::report {

namespace fs = std::filesystem;

namespace {

std::string num(int64_t v) { // 134,515,008
    const std::string digits = std::to_string(v);
    const size_t sign = v < 0 ? 1 : 0;
    std::string s = digits.substr(0, sign);
    for (size_t i = sign; i < digits.size(); ++i) {
        if (i > sign && (digits.size() - i) % 3 == 0) s += ',';
        s += digits[i];
    }
    return s;
}

std::string fixed(double v, int digits) {
    if (!std::isfinite(v)) return "not finite";
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, v);
    return b;
}

std::string pct(double fraction) {
    return std::isfinite(fraction) ? fixed(fraction * 100.0, 2) + "%" : "not finite";
}

std::string general(double v) {
    if (!std::isfinite(v)) return "not finite";
    char b[64];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

std::string list(const std::vector<int64_t>& v) {
    if (v.empty()) return "none";
    std::string s;
    for (int64_t i : v) s += (s.empty() ? "" : ", ") + std::to_string(i);
    return s;
}

std::string cell(std::string s) { // a table cell never breaks the row
    for (char& c : s)
        if (c == '|' || c == '\n') c = c == '|' ? '/' : ' ';
    return s;
}

std::string row(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const auto& c : cells) s += " " + cell(c) + " |";
    return s + "\n";
}

std::string header(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (size_t i = 0; i < cells.size(); ++i) s += " --- |";
    return row(cells) + s + "\n";
}

std::string change(int64_t before, int64_t after) {
    return before == after ? std::to_string(before) : std::to_string(before) + " → " + std::to_string(after);
}

// "45.0% [35.6–54.8]": an accuracy with its 95% Wilson interval (core/evalzs/stats.h).
std::string accCell(const TaskMetrics& t) {
    if (!std::isfinite(t.acc) || t.n <= 0) return "—";
    const zs::Interval ci = zs::accInterval(t);
    char b[64];
    std::snprintf(b, sizeof b, "%.1f%% [%.1f–%.1f]", 100.0 * t.acc, 100.0 * ci.lo, 100.0 * ci.hi);
    return b;
}

// "+6.5 pts, p 0.012 ✓" / "−1.0 pts, p 0.81": the paired difference (second − first) and the
// exact McNemar p on the same items; "not paired" without per-item answers.
std::string pairedCell(const TaskMetrics& first, const TaskMetrics& second) {
    const zs::PairedTest t = zs::pairedTest(first, second);
    if (!t.valid) return "not paired";
    char b[80];
    std::snprintf(b, sizeof b, "%s%.1f pts, p %.2g%s", t.diff < 0 ? "−" : "+", std::fabs(100.0 * t.diff), t.p,
                  t.significant ? " (significant)" : "");
    return b;
}

const TaskMetrics* findTask(const std::vector<TaskMetrics>& v, const std::string& task) {
    for (const TaskMetrics& t : v)
        if (t.task == task) return &t;
    return nullptr;
}

const char* kStatsNote =
    "Accuracies: acc with its 95% Wilson interval; n = items of the task. Differences are paired on the same items "
    "(exact McNemar test), significant at p < 0.05.";

std::string now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&t, &tm);
    char b[64];
    std::strftime(b, sizeof b, "%Y-%m-%d %H:%M", &tm);
    return b;
}

std::string chartBlock(const std::vector<ChartFile>& charts, const std::string& id) {
    std::string s;
    for (const ChartFile& c : charts) {
        if (c.id != id) continue;
        s += "![" + c.title + "](" + c.file + ")\n\n";
        for (const std::string& n : c.notes) s += "- " + n + "\n";
        if (!c.notes.empty()) s += "\n";
    }
    return s;
}

std::string modelSection(const ModelSummary& m) {
    std::string s = "## Model\n\n";
    s += header({"source", "family", "layers", "hidden", "heads", "KV heads", "head dim", "FFN", "vocab",
                 "parameters"});
    s += row({"`" + m.source + "`", m.family, std::to_string(m.layers), std::to_string(m.hidden),
              std::to_string(m.heads), std::to_string(m.kv_heads), std::to_string(m.head_dim),
              std::to_string(m.ffn), num(m.vocab), num(m.params)});
    return s + "\n";
}

std::string planSection(const PlanSummary& p, const std::vector<ChartFile>& charts) {
    std::string s = "## Pruning\n\n";
    s += header({"quantity", "before", "after", "change"});
    s += row({"parameters", num(p.params_before), num(p.params_after), "−" + pct(p.removed_fraction)});
    const double macs = p.macs_before > 0 ? 1.0 - double(p.macs_after) / double(p.macs_before) : 0.0;
    s += row({"MACs per 128 tokens", num(p.macs_before), num(p.macs_after), "−" + pct(macs)});
    const int64_t blocks_before = p.blocks_before >= 0 ? p.blocks_before : static_cast<int64_t>(p.layers.size());
    const int64_t blocks_after = p.blocks_after >= 0 ? p.blocks_after
                                                     : static_cast<int64_t>(p.layers.size() - p.dropped_blocks.size());
    s += row({"blocks", std::to_string(blocks_before), std::to_string(blocks_after),
              std::to_string(p.dropped_blocks.size()) + " dropped"});
    if (const std::string measured = latencyPlanRows(p); !measured.empty())
        s += measured;  // core/report/latency_report.h
    else if (p.latency_ratio >= 0)
        s += row({"estimated latency (not measured)", "1.00", fixed(p.latency_ratio, 2), "−" + pct(1.0 - p.latency_ratio)});
    s += "\nCriterion `" + p.criterion + "`, aggregation `" + p.aggregation + "`, attention unit `" +
         p.attention_unit + "`" + (p.seconds >= 0 ? "; " + fixed(p.seconds, 2) + " s to score and prune" : "") +
         ". Dropped blocks: " + list(p.dropped_blocks) + ".";
    if (p.equal_depth_blocks >= 0)
        s += " A depth plan removing about the same parameters drops " + std::to_string(p.equal_depth_blocks) +
             " blocks (" + pct(p.equal_depth_fraction) + ").";
    s += "\n\n";
    s += "### Widths per layer\n\n";
    s += header({"layer", "heads", "KV heads", "FFN", "heads kept", "FFN kept"});
    for (size_t i = 0; i < p.layers.size(); ++i) {
        const LayerWidths& l = p.layers[i];
        if (l.dropped) {
            s += row({std::to_string(i), std::to_string(l.heads_before) + " → dropped",
                      std::to_string(l.kv_heads_before) + " → dropped",
                      std::to_string(l.ffn_before) + " → dropped", "0%", "0%"});
            continue;
        }
        auto kept = [](int64_t a, int64_t b) {
            return b > 0 ? pct(double(a) / double(b)) : std::string("—");
        };
        s += row({std::to_string(i), change(l.heads_before, l.heads_after),
                  change(l.kv_heads_before, l.kv_heads_after), change(l.ffn_before, l.ffn_after),
                  kept(l.heads_after, l.heads_before), kept(l.ffn_after, l.ffn_before)});
    }
    return s + "\n" + chartBlock(charts, "widths");
}

std::string blocksSection(const BlockScoresSummary& b, const std::vector<int64_t>& dropped_blocks,
                          const std::vector<ChartFile>& charts) {
    const std::set<int64_t> dropped(dropped_blocks.begin(), dropped_blocks.end());
    std::string s =
        "## Block scores (" + b.criterion + ")\n\nHigher = more important; the lowest are dropped first.\n\n";
    s += header({"block", "score", "dropped"});
    for (size_t i = 0; i < b.scores.size(); ++i)
        s += row(
            {std::to_string(i), general(b.scores[i]), dropped.count(static_cast<int64_t>(i)) ? "yes" : ""});
    return s + "\n" + chartBlock(charts, "blocks");
}

std::string pplSection(const PerplexitySummary& p, const std::vector<ChartFile>& charts) {
    std::string s = "## Perplexity\n\nOn `" + p.text + "`: " + std::to_string(p.windows) + " windows of " +
                    std::to_string(p.seq_len) + " tokens.\n\n";
    s += header({"model", "perplexity"});
    s += row({"original", fixed(p.before, 3)});
    s += row({"pruned", fixed(p.after, 3)});
    if (std::isfinite(p.before) && std::isfinite(p.after) && p.before > 0)
        s += "\nThe pruned model's perplexity is " + fixed(p.after / p.before, 3) + "× the original's.\n";
    return s + "\n" + chartBlock(charts, "ppl");
}

std::string sweepSection(const SweepSummary& w, const std::vector<ChartFile>& charts) {
    std::string s = "## Width vs depth sweep\n\nPerplexity on `" + w.text +
                    "`: " + std::to_string(w.windows) + " windows of " + std::to_string(w.seq_len) +
                    " tokens.\n\n";
    s += header({"criterion", "kind", "target", "removed", "parameters", "perplexity", "dropped blocks"});
    for (const SweepPoint& r : w.rows)
        s += row({r.criterion, r.kind(), pct(r.target), pct(r.removed_fraction), num(r.params),
                  r.error.empty() ? fixed(r.ppl, 3) : "failed: " + r.error,
                  r.kind() == "depth" ? list(r.dropped_blocks) : ""});
    s += "\n" + chartBlock(charts, "sweep");
    std::vector<std::string> tasks;
    for (const SweepPoint& r : w.rows)
        for (const TaskMetrics& t : r.tasks)
            if (std::find(tasks.begin(), tasks.end(), t.task) == tasks.end()) tasks.push_back(t.task);
    if (tasks.empty()) return s;
    const SweepPoint* dense = nullptr;
    for (const SweepPoint& r : w.rows)
        if (r.kind() == "dense" && r.error.empty()) dense = &r;
    s += "### Zero-shot accuracy\n\n" + std::string(kStatsNote) +
         " A point's difference is against the dense model on the same items.\n\n";
    std::vector<std::string> head = {"criterion", "kind", "removed"};
    for (const std::string& t : tasks) {
        const TaskMetrics* any = nullptr;
        for (const SweepPoint& r : w.rows)
            if (!any) any = findTask(r.tasks, t);
        head.push_back(t + " (n " + std::to_string(any ? any->n : 0) + ")");
    }
    s += header(head);
    for (const SweepPoint& r : w.rows) {
        if (!r.error.empty()) continue;
        std::vector<std::string> cells = {r.criterion, r.kind(), pct(r.removed_fraction)};
        for (const std::string& t : tasks) {
            const TaskMetrics* m = findTask(r.tasks, t);
            const TaskMetrics* d = dense ? findTask(dense->tasks, t) : nullptr;
            std::string c = m ? accCell(*m) : "—";
            if (m && d && &r != dense) c += "; " + pairedCell(*d, *m);
            cells.push_back(c);
        }
        s += row(cells);
    }
    s += "\n";
    if (!w.recovered.empty()) {  // before vs after LoRA, paired on the same items
        s += "### After " + std::to_string(w.recover_steps) + " LoRA steps\n\nEvery point recovered with the same "
             "recipe; each accuracy is paired with the same point before LoRA.\n\n";
        std::vector<std::string> h = {"criterion", "kind", "removed", "ppl → after LoRA"};
        for (const std::string& t : tasks) h.push_back(t + " after LoRA");
        s += header(h);
        for (const SizeRow& r : w.recovered) {
            std::vector<std::string> cells = {r.point.criterion, r.point.kind(), pct(r.point.removed_fraction)};
            if (!r.error.empty()) {
                cells.push_back("failed: " + r.error);
                for (size_t i = 0; i < tasks.size(); ++i) cells.push_back("—");
                s += row(cells);
                continue;
            }
            cells.push_back(fixed(r.point.ppl, 3) + " → " + fixed(r.ppl_recovered, 3));
            for (const std::string& t : tasks) {
                const TaskMetrics* a = findTask(r.tasks_recovered, t);
                const TaskMetrics* b = findTask(r.tasks, t);
                std::string c = a ? accCell(*a) : "—";
                if (a && b) c += "; " + pairedCell(*b, *a);
                cells.push_back(c);
            }
            s += row(cells);
        }
        s += "\n";
    }
    for (const std::string& t : tasks) s += chartBlock(charts, "zeroshot-" + t);
    return s;
}

std::string optionalFixed(double v, int digits) {  // 1.14988e+52 for a collapsed model's perplexity
    return !std::isfinite(v) ? "—" : std::abs(v) >= 1e6 ? general(v) : fixed(v, digits);
}
std::string optionalPct(double fraction) { return std::isfinite(fraction) ? fixed(fraction * 100.0, 1) + "%" : "—"; }

std::string sizesSection(const SizeSweepResult& r, const std::vector<ChartFile>& charts) {
    std::string s = "## Width vs depth across model sizes\n\nPerplexity on `" + r.text + "`: at most " +
                    std::to_string(r.max_windows) + " windows of " + std::to_string(r.seq_len) +
                    " tokens. Calibration: " + std::to_string(r.calibration_samples) + " samples of " +
                    std::to_string(r.calibration_seq_len) + " tokens of `" + r.calibration_text +
                    "`. Best = the lowest perplexity among the criteria of a kind (" + [&] {
                        std::string c;
                        for (const std::string& n : r.criteria) c += (c.empty() ? "" : ", ") + n;
                        return c;
                    }() + ") at each fraction.";
    if (r.recover_steps > 0)
        s += " LoRA (same recipe for every model): " + std::to_string(r.recover_steps) + " steps, rank " +
             std::to_string(r.lora_rank) + ", alpha " + general(r.lora_alpha) + ", learning rate " +
             general(r.lora_lr) + ", windows of " + std::to_string(r.recover_cutoff) + " tokens of `" +
             r.recovery_text + "`.";
    if (!r.tasks.empty()) {
        std::string t;
        for (const std::string& n : r.tasks) t += (t.empty() ? "" : ", ") + n;
        s += " Zero-shot: mean accuracy of " + t + " (" + std::to_string(r.items) + " items each).";
    }
    if (r.speed_prompt > 0)
        s += " Speed: greedy decoding at batch 1 on " + r.device + " (" + r.dtype + "), a prompt of " +
             std::to_string(r.speed_prompt) + " tokens (at most the model's positions) then " +
             std::to_string(r.speed_new_tokens) + " new tokens.";
    s += " Target: the fraction of the parameters asked for; removed: what the cut removes (a depth budget rounds to whole blocks, so two targets may give the same cut, measured once).\n\n";
    s += header({"model", "family", "layers", "hidden", "parameters", "windows", "seconds", "source"});
    for (const ModelSweep& m : r.models)
        s += row({m.name, m.family, std::to_string(m.layers), std::to_string(m.hidden), num(m.params),
                  std::to_string(m.windows), fixed(m.seconds, 0), m.error.empty() ? "`" + m.source + "`" : "failed: " + m.error});
    s += "\n";
    s += header({"model", "params", "variant", "criterion", "target", "removed", "ppl", "ppl / dense",
                 "ppl after LoRA", "zero-shot acc", "zero-shot acc after LoRA", "prefill tok/s", "decode tok/s"});
    for (const ModelSweep& m : r.models)
        for (const SizeRow& w : m.rows) {
            const SweepPoint& p = w.point;
            const bool dense = p.kind() == "dense";
            s += row({m.name, num(p.params), p.kind(), dense ? "" : p.criterion, dense ? "" : optionalPct(p.target),
                      pct(p.removed_fraction), optionalFixed(p.ppl, 3), optionalFixed(w.relative_ppl, 3),
                      optionalFixed(w.ppl_recovered, 3), optionalPct(w.zero_shot_acc),
                      optionalPct(w.zero_shot_acc_recovered), optionalFixed(w.prefill_tokens_per_s, 1),
                      optionalFixed(w.decode_tokens_per_s, 1)});
            if (!w.error.empty()) s += row({m.name, "", p.kind(), p.criterion, optionalPct(p.target), "failed: " + w.error, "", "", "", "", "", "", ""});
        }
    bool any_tasks = false;
    for (const ModelSweep& m : r.models)
        for (const SizeRow& w : m.rows) any_tasks = any_tasks || !w.tasks.empty();
    if (any_tasks) {
        s += "\nZero-shot accuracy per task. " + std::string(kStatsNote) +
             " \"vs dense\": the row's model against its dense model; \"LoRA\": after recovery against before.\n\n";
        s += header({"model", "variant", "criterion", "removed", "task", "n", "accuracy (95% CI)", "vs dense",
                     "after LoRA (95% CI)", "LoRA"});
        for (const ModelSweep& m : r.models) {
            const SizeRow* dense = nullptr;
            for (const SizeRow& w : m.rows)
                if (w.point.kind() == "dense") dense = &w;
            for (const SizeRow& w : m.rows)
                for (const TaskMetrics& t : w.tasks) {
                    const TaskMetrics* d = dense && dense != &w ? findTask(dense->tasks, t.task) : nullptr;
                    const TaskMetrics* rec = findTask(w.tasks_recovered, t.task);
                    s += row({m.name, w.point.kind(), w.point.kind() == "dense" ? "" : w.point.criterion,
                              pct(w.point.removed_fraction), t.task, std::to_string(t.n), accCell(t),
                              d ? pairedCell(*d, t) : "", rec ? accCell(*rec) : "—", rec ? pairedCell(t, *rec) : ""});
                }
        }
    }
    std::string missing;
    for (const ModelSweep& m : r.models)
        for (const SweepPoint& p : m.points)
            if (!p.error.empty())
                missing += "- " + m.name + ", " + p.criterion + " at " + optionalPct(p.target) + ": " + cell(p.error) + "\n";
    if (!missing.empty()) s += "\nPoints of the sweep that could not be built (not in the table):\n\n" + missing;
    s += "\n" + chartBlock(charts, "sizes");
    for (const std::string& t : sizesTasks(r)) s += chartBlock(charts, "sizes-zeroshot-" + t);
    return s;
}

std::string comparisonSection(const ComparisonSummary& c) {
    std::string s = "## Width vs depth at the same budget\n\nBoth pruned models aim at " +
                    pct(c.result.target_fraction) + " of the parameters. Perplexity on `" + c.text + "`: " +
                    std::to_string(c.windows) + " windows of " + std::to_string(c.seq_len) +
                    " tokens; greedy decoding at batch 1 on this machine.\n\n";
    const std::pair<const char*, const CompareVariant*> variants[] = {
        {"original", &c.result.original}, {"width-pruned", &c.result.width}, {"depth-pruned", &c.result.depth}};
    // Measured latency (core/bench/latency.h) when every variant has it, else the estimate.
    bool measured = true;
    for (const auto& [name, v] : variants) measured = measured && (!v->ok || v->latency.measured());
    const LatencyProfile& base = c.result.original.latency;
    if (measured)
        s += header({"model", "parameters", "removed", "MACs per 128 tokens", "blocks",
                     "prefill ms (" + std::to_string(base.context) + " tokens)", "decode tokens/s (batch 1)",
                     "perplexity", "generation tokens/s"});
    else
        s += header({"model", "parameters", "removed", "MACs per 128 tokens", "blocks", "estimated latency",
                     "perplexity", "tokens/s"});
    for (const auto& [name, v] : variants) {
        if (!v->ok) {
            s += row({name, "failed: " + v->error, "", "", "", "", "", ""});
            continue;
        }
        if (measured)
            s += row({name, num(v->params), pct(v->removed_fraction), num(v->macs), std::to_string(v->blocks),
                      fixed(v->latency.prefill_ms, 2), fixed(v->latency.decode_tokens_per_s, 1), fixed(v->ppl, 3),
                      fixed(v->tokens_per_s, 1)});
        else
            s += row({name, num(v->params), pct(v->removed_fraction), num(v->macs), std::to_string(v->blocks),
                      fixed(v->latency_ratio, 2), fixed(v->ppl, 3), fixed(v->tokens_per_s, 1)});
    }
    if (measured && c.result.original.ok)
        s += "\nLatency measured on random weights of each shape on " + latencyDevice(base) + ".\n";
    if (!c.result.depth.plan.dropped_blocks.empty())
        s += "\nThe depth-pruned model drops blocks " + list(c.result.depth.plan.dropped_blocks) + ".\n";
    s += "\nGreedy continuations of `" + c.prompt + "`:\n\n";
    for (const auto& [name, v] : variants)
        if (v->ok) s += "- " + std::string(name) + ": " + cell(v->generation) + "\n";
    return s + "\n";
}

std::string recoverySection(const RecoverySummary& r) {
    std::string s = "## LoRA recovery\n\n" + std::to_string(r.steps) + " steps, rank " + std::to_string(r.rank) +
                    ", alpha " + general(r.alpha) + ", learning rate " + general(r.lr) + ": validation loss " +
                    fixed(r.val_before, 3) + " → " + fixed(r.val_after, 3) + ", final training loss " +
                    fixed(r.train_final, 3) + " (" + fixed(r.seconds, 1) + " s).\n\n";
    if (!r.before.empty()) {
        s += std::string(kStatsNote) + "\n\n";
        s += header({"task", "items", "accuracy before (95% CI)", "accuracy after (95% CI)", "after − before"});
        for (const TaskMetrics& b : r.before) {
            const TaskMetrics* a = findTask(r.after, b.task);
            s += row({b.task, std::to_string(b.n), accCell(b), a ? accCell(*a) : "—", a ? pairedCell(b, *a) : "—"});
        }
        s += "\n";
    }
    return s;
}

} // namespace

ModelSummary summarizeModel(const ModelConfig& c, const std::string& source) {
    ModelSummary m;
    m.source = source;
    m.family = c.family;
    m.layers = c.numLayers();
    m.hidden = c.hidden;
    m.head_dim = c.head_dim;
    m.vocab = c.vocab;
    m.params = c.totalParams();
    for (const LayerDims& d : c.layers) { // the widest layer (all equal in a dense model)
        m.heads = std::max(m.heads, d.n_heads);
        m.kv_heads = std::max(m.kv_heads, d.n_kv_heads);
        m.ffn = std::max(m.ffn, d.ffn);
    }
    return m;
}

std::vector<LayerWidths> layerWidths(const ModelConfig& original, const PruningPlan& plan) {
    const ModelConfig after = prunedConfig(original, plan);
    const std::set<int64_t> dropped(plan.dropped_blocks.begin(), plan.dropped_blocks.end());
    std::vector<LayerWidths> out;
    size_t j = 0; // index into the pruned config's layers
    for (size_t i = 0; i < original.layers.size(); ++i) {
        const LayerDims& b = original.layers[i];
        LayerWidths w{b.n_heads, 0, b.n_kv_heads, 0, b.ffn, 0, dropped.count(static_cast<int64_t>(i)) > 0};
        if (!w.dropped && j < after.layers.size()) {
            const LayerDims& a = after.layers[j++];
            w.heads_after = a.n_heads, w.kv_heads_after = a.n_kv_heads, w.ffn_after = a.ffn;
        }
        out.push_back(w);
    }
    return out;
}

std::string reportMarkdown(const ReportData& d, const std::vector<ChartFile>& charts,
                           const std::vector<std::string>& notes, const std::vector<ChartFile>& caller_charts) {
    std::string s = "# " + d.title + "\n\nWritten " + now() + " by PruneBench.";
    if (!d.command.empty()) s += "\n\n```text\n" + d.command + "\n```";
    s += "\n\n";
    for (const std::string& n : notes) s += n + "\n\n";
    if (!d.sizes || !d.model.source.empty()) s += modelSection(d.model);
    if (d.plan) s += planSection(*d.plan, charts);
    if (d.blocks)
        s += blocksSection(*d.blocks, d.plan ? d.plan->dropped_blocks : std::vector<int64_t>{}, charts);
    if (d.ppl) s += pplSection(*d.ppl, charts);
    if (d.comparison) s += comparisonSection(*d.comparison);
    if (d.sweep) s += sweepSection(*d.sweep, charts);
    if (d.sizes) s += sizesSection(*d.sizes, charts);
    if (d.recovery) s += recoverySection(*d.recovery);
    if (d.latency && !d.latency->profiles.empty())
        s += latencySection(*d.latency) + chartBlock(charts, "latency-prefill") + chartBlock(charts, "latency-decode");
    if (!caller_charts.empty()) {
        s += "## Charts\n\n";
        for (const ChartFile& c : caller_charts) s += "### " + c.title + "\n\n![" + c.title + "](" + c.file + ")\n\n";
    }
    return s;
}

namespace {

std::vector<SourcePath> withModel(const std::string& model, const std::vector<SourcePath>& others) {
    std::vector<SourcePath> all;
    if (!model.empty()) all = modelSource(model);
    all.insert(all.end(), others.begin(), others.end());
    return all;
}

void checkReportName(const std::string& path) {
    const fs::path md(path);
    if (path.empty() || !md.has_filename() || md.stem().empty() || md.stem() == "." || md.stem() == "..")
        throw Error("report path '" + path + "' names no file (give NAME.md)");
}

} // namespace

void checkReportPath(const std::string& path, const std::vector<SourcePath>& sources) {
    checkReportName(path);
    checkOutputPath(path, "report", sources);  // the one output rule (core/util/output_path.h)
}

void checkReportPath(const std::string& path, const std::string& source) {
    checkReportPath(path, withModel(source, {}));
}

std::vector<std::string> writeReport(const std::string& path, const ReportData& data,
                                     const Rasteriser& rasterise, const std::vector<SourcePath>& other_sources,
                                     const std::vector<CallerChart>& caller_charts) {
    const std::vector<SourcePath> sources = withModel(data.model.source, other_sources);
    checkReportPath(path, sources);
    const fs::path md(path);
    const fs::path dir = md.has_parent_path() ? md.parent_path() : fs::path(".");
    const std::string base = md.stem().string();
    std::vector<NamedChart> charts = data.data_charts ? reportCharts(data) : std::vector<NamedChart>{};
    // Every chart file goes through the same rule before anything is created.
    for (const NamedChart& c : charts) {
        checkOutputPath(dir / (base + "-" + c.id + ".svg"), "report chart", sources);
        if (rasterise) checkOutputPath(dir / (base + "-" + c.id + ".png"), "report chart", sources);
    }
    for (const CallerChart& c : caller_charts)
        checkOutputPath(dir / (base + "-" + c.id + "." + c.extension), "report chart", sources);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create the report folder '" + dir.string() + "': " + ec.message());

    std::vector<std::string> written;
    std::vector<ChartFile> files;
    std::vector<std::string> notes;
    bool png_failed = false;
    for (NamedChart& c : charts) {
        const std::string svg_name = base + "-" + c.id + ".svg";
        writeFileAtomic((dir / svg_name).string(), c.chart.svg);
        written.push_back((dir / svg_name).string());
        ChartFile f{c.id, c.title, svg_name, c.chart.notes};
        if (rasterise) {
            const std::string png_name = base + "-" + c.id + ".png";
            if (rasterise((dir / svg_name).string(), (dir / png_name).string())) {
                written.push_back((dir / png_name).string());
                f.file = png_name;
            } else {
                png_failed = true;
            }
        }
        files.push_back(std::move(f));
    }
    if (!files.empty() && !rasterise)
        notes.push_back(data.no_png_note.empty() ? "Charts are SVG files: no PNG rasteriser was available."
                                                 : data.no_png_note);
    if (png_failed)
        notes.push_back("Some charts could not be turned into PNG; they are linked as SVG.");
    else if (rasterise && !files.empty())
        notes.push_back("Each chart is also beside this file as SVG (same name, .svg).");
    std::vector<ChartFile> caller_files;
    for (const CallerChart& c : caller_charts) {
        const std::string name = base + "-" + c.id + "." + c.extension;
        if (!c.write || !c.write((dir / name).string())) throw Error("could not write the report chart '" + (dir / name).string() + "'");
        written.push_back((dir / name).string());
        caller_files.push_back({c.id, c.title, name, {}});
    }
    writeFileAtomic(md.string(), reportMarkdown(data, files, notes, caller_files));
    written.push_back(md.string());
    return written;
}

} // namespace pb::report
