#include "core/prune/size_sweep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/data/assets.h"
#include "core/data/eval_tokens.h"
#include "core/eval/perplexity.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/loglikelihood.h"
#include "core/model/llama_model.h"
#include "core/model/model_files.h"
#include "core/plan/criteria.h"
#include "core/prune/apply.h"
#include "core/prune/calibration.h"
#include "core/prune/sweep.h"
#include "core/recover/data.h"
#include "core/recover/lora.h"
#include "core/recover/train.h"
#include "core/report/sweep_best.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// What every row of one model is measured with.
struct RowContext {
    const LoadedModel& model;
    const SizeSweepOptions& o;
    const std::vector<zs::Task>& tasks;
    const std::vector<int32_t>& eval_ids;
    const std::vector<TrainExample>& train;  // recovery windows (empty: no recovery)
    PerplexityOptions ppl;
};

std::vector<TaskMetrics> scoreTasks(const LlamaModel& m, const RowContext& c, const ProgressFn& progress) {
    zs::LogLikelihoodOptions lo;
    lo.batch = c.o.zs_batch;
    lo.harness = c.o.harness;
    const zs::LogLikelihoodFn ll = zs::modelLogLikelihood(m, *c.model.tokenizer, lo);
    std::vector<TaskMetrics> out;
    for (size_t i = 0; i < c.tasks.size(); ++i)
        out.push_back(zs::scoreTask(c.tasks[i], ll, 0, 4,
                                    subProgress(progress, double(i) / c.tasks.size(), double(i + 1) / c.tasks.size())));
    return out;
}

double meanAcc(const std::vector<TaskMetrics>& tasks) {
    if (tasks.empty()) return NAN;
    double s = 0.0;
    for (const TaskMetrics& t : tasks) s += t.acc;
    return s / double(tasks.size());
}

// Whether the sweep already scored exactly these tasks at the point (SweepOptions::tasks): the
// same names and item counts, in order; then the row takes the point's accuracy.
bool scoredAtPoint(const SweepPoint& p, const std::vector<zs::Task>& tasks) {
    if (p.tasks.size() != tasks.size()) return false;
    for (size_t i = 0; i < tasks.size(); ++i)
        if (p.tasks[i].task != tasks[i].name || p.tasks[i].n != int64_t(tasks[i].items.size())) return false;
    return true;
}

RecoverOptions recipe(const SizeSweepOptions& o) {
    RecoverOptions r;
    r.lora.rank = o.lora_rank;
    r.lora.alpha = o.lora_alpha;
    r.lr = o.lora_lr;
    r.steps = o.recover_steps;
    r.micro_batch = o.micro_batch;
    r.warmup_steps = std::min<int64_t>(100, o.recover_steps / 10);  // as `recover` does
    r.eval_every = 0;
    r.seed = o.calib.seed;
    return r;
}

// The row's model (the dense one, or rebuilt from the point's plan) measured on its own.
SizeRow measureRow(const SweepPoint& p, double dense_ppl, const RowContext& c, const ProgressFn& progress) {
    SizeRow row;
    row.point = p;
    row.relative_ppl = relativePpl(p.ppl, dense_ppl);
    const bool recovering = c.o.recover_steps > 0;
    try {
        std::optional<LlamaModel> pruned;
        if (p.kind() != "dense") pruned.emplace(applyPlan(*c.model.model, p.plan));
        LlamaModel& m = pruned ? *pruned : *c.model.model;
        reportProgress(progress, 0.0, "speed");
        if (c.o.measure_speed) {
            const SpeedResult s = measureSpeed(m, c.o.speed);
            row.prefill_tokens_per_s = s.prefill_tokens_per_s;
            row.decode_tokens_per_s = s.decode_tokens_per_s;
        }
        const double zs_end = recovering ? 0.3 : 1.0;
        if (!c.tasks.empty()) {
            row.tasks = scoredAtPoint(p, c.tasks) ? p.tasks : scoreTasks(m, c, subProgress(progress, 0.05, zs_end));
            row.zero_shot_acc = meanAcc(row.tasks);
        }
        if (recovering) {
            const auto t0 = std::chrono::steady_clock::now();
            const std::vector<TrainExample> no_validation;  // Moby-Dick's perplexity is the measure
            RecoverResult r = recover(m, c.train, no_validation, recipe(c.o), subProgress(progress, 0.3, 0.7));
            row.recover_seconds = secondsSince(t0);
            if (r.stopped) throw Error("LoRA recovery stopped: " + r.message);
            LoraAttachment attached(m, r.adapters);
            row.ppl_recovered = perplexity(m, c.eval_ids, c.ppl, subProgress(progress, 0.7, 0.8)).ppl;
            if (!c.tasks.empty()) {
                row.tasks_recovered = scoreTasks(m, c, subProgress(progress, 0.8, 1.0));
                row.zero_shot_acc_recovered = meanAcc(row.tasks_recovered);
            }
        }
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {  // pb::Error, c10::Error, std::bad_alloc
        row.error = e.what();
    }
    return row;
}

std::vector<zs::Task> builtinTasks(const SizeSweepOptions& o) {
    std::vector<zs::Task> tasks;
    for (const std::string& name : o.tasks) {
        if (!zs::isBuiltinTask(name)) throw Error("unknown built-in task '" + name + "' (use next_sentence, cloze)");
        tasks.push_back(zs::builtinDemoTask(name, o.items));
    }
    return tasks;
}

std::vector<TrainExample> recoveryWindows(const Tokenizer& tok, const SizeSweepOptions& o) {
    if (o.recover_steps <= 0) return {};
    return textWindows(tok, assets::loadText(o.recovery_text), o.recover_cutoff);
}

// The rows of the chosen points (dense first when chosen), each measured on its own model. The
// same cut at two fractions (a depth budget that rounds to the same blocks) is measured once:
// its row is copied with the other fraction's point.
std::vector<SizeRow> measureRows(const std::vector<const SweepPoint*>& chosen, double dense_ppl, const RowContext& c,
                                 const ProgressFn& progress, const std::function<void(const SizeRow&)>& on_row) {
    std::vector<SizeRow> rows;
    for (size_t i = 0; i < chosen.size(); ++i) {
        const SweepPoint& p = *chosen[i];
        const std::string what = p.kind() == "dense" ? std::string("dense") : p.kind() + " " + p.criterion;
        auto sub = subProgress(progress, double(i) / chosen.size(), double(i + 1) / chosen.size());
        ProgressFn labelled = [sub, what](double f, std::string_view s) { return sub(f, what + ": " + std::string(s)); };
        const std::string plan = p.kind() == "dense" ? std::string() : p.plan.toJson().dump();
        auto same = std::find_if(rows.begin(), rows.end(), [&](const SizeRow& r) {
            return r.point.kind() == p.kind() && r.point.criterion == p.criterion && r.point.kind() != "dense" &&
                   r.point.plan.toJson().dump() == plan;
        });
        if (same != rows.end()) {
            SizeRow copy = *same;
            copy.point = p;
            rows.push_back(std::move(copy));
        } else {
            rows.push_back(measureRow(p, dense_ppl, c, labelled));
        }
        if (on_row) on_row(rows.back());
    }
    return rows;
}

} // namespace

std::vector<std::filesystem::path> checkModels(const std::vector<std::string>& names) {
    if (names.empty()) throw Error("no model to sweep");
    std::vector<std::filesystem::path> out;
    for (const std::string& name : names) {
        try {
            const std::filesystem::path path = assets::resolveModel(name);
            openModelFiles(path);  // config, tokenizer, tensor shapes; no weight read
            out.push_back(path);
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            throw Error("model '" + name + "': " + e.what());
        }
    }
    return out;
}

SizeSweepResult sizeSweepSettings(const SizeSweepOptions& o) {
    SizeSweepResult r;
    r.text = o.ppl_text;
    r.seq_len = o.ppl_seq_len;
    r.max_windows = o.ppl_windows;
    r.calibration_text = o.calib.text;
    r.calibration_samples = o.calib.samples;
    r.calibration_seq_len = o.calib.seq_len;
    r.recovery_text = o.recover_steps > 0 ? o.recovery_text : "";
    r.recover_steps = o.recover_steps;
    r.recover_cutoff = o.recover_cutoff;
    r.lora_rank = o.lora_rank;
    r.lora_alpha = o.lora_alpha;
    r.lora_lr = o.lora_lr;
    r.tasks = o.tasks;
    r.items = o.tasks.empty() ? 0 : o.items;
    r.speed_prompt = o.measure_speed ? o.speed.prompt : 0;
    r.speed_new_tokens = o.measure_speed ? o.speed.new_tokens : 0;
    r.device = o.load.device;
    r.dtype = o.load.dtype;
    r.fractions = o.fractions;
    for (const Criterion c : o.criteria) r.criteria.push_back(criterionName(c));
    return r;
}

ModelSweep sweepModel(const LoadedModel& lm, const std::string& name, const SizeSweepOptions& o,
                      const ProgressFn& progress, const std::function<void(const SweepPoint&)>& on_point,
                      const std::function<void(const SizeRow&)>& on_row) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!lm.model || !lm.tokenizer) throw Error("no model loaded");
    ModelSweep ms;
    ms.name = name;
    ms.source = lm.source.string();
    ms.family = lm.config.family;
    ms.params = lm.config.totalParams();
    ms.layers = lm.config.numLayers();
    ms.hidden = lm.config.hidden;
    const Tokenizer& tok = *lm.tokenizer;

    const std::vector<zs::Task> tasks = builtinTasks(o);
    const Calibration calib = makeCalibration(tok, assets::loadText(o.calib.text), o.calib.samples, o.calib.seq_len, o.calib.seed);
    const std::vector<int32_t> ids = evalTokens(tok, o.ppl_text, o.ppl_windows, o.ppl_seq_len);
    const std::vector<TrainExample> train = recoveryWindows(tok, o);

    SweepOptions so;
    so.criteria = o.criteria;
    so.fractions = o.fractions;
    so.attention_unit = o.attention_unit;
    so.protect_first = o.protect_first;
    so.protect_last = o.protect_last;
    so.score.aggregation = o.aggregation;
    so.score.batch = o.score_batch;
    so.score.seed = o.calib.seed;
    so.ppl.seq_len = o.ppl_seq_len;
    so.ppl.max_windows = o.ppl_windows;
    ms.windows = perplexityWindows(ids.size(), so.ppl);
    ms.points = sweep(*lm.model, calib, ids, so, subProgress(progress, 0.0, 0.5), on_point);

    const SweepPoint* dense = densePoint(ms.points);
    std::vector<const SweepPoint*> chosen;
    if (dense) chosen.push_back(dense);
    for (const BestPoint& b : bestPerKind(ms.points)) chosen.push_back(&ms.points[b.index]);
    ms.rows = measureRows(chosen, dense ? dense->ppl : NAN, RowContext{lm, o, tasks, ids, train, so.ppl},
                          subProgress(progress, 0.5, 1.0), on_row);
    ms.seconds = secondsSince(t0);
    return ms;
}

std::vector<SizeRow> recoverSweepPoints(const LoadedModel& lm, const std::vector<SweepPoint>& points,
                                        const SizeSweepOptions& o, const ProgressFn& progress,
                                        const std::function<void(const SizeRow&)>& on_row) {
    if (!lm.model || !lm.tokenizer) throw Error("no model loaded");
    if (o.recover_steps <= 0) throw Error("no LoRA steps to recover the sweep's points with");
    const std::vector<zs::Task> tasks = builtinTasks(o);
    reportProgress(progress, 0.0, "preparing texts");
    const std::vector<int32_t> ids = evalTokens(*lm.tokenizer, o.ppl_text, o.ppl_windows, o.ppl_seq_len);
    const std::vector<TrainExample> train = recoveryWindows(*lm.tokenizer, o);
    PerplexityOptions ppl;
    ppl.seq_len = o.ppl_seq_len;
    ppl.max_windows = o.ppl_windows;
    const SweepPoint* dense = densePoint(points);
    std::vector<const SweepPoint*> chosen;
    if (dense) chosen.push_back(dense);
    for (const SweepPoint& p : points)
        if (&p != dense && p.error.empty()) chosen.push_back(&p);
    return measureRows(chosen, dense ? dense->ppl : NAN, RowContext{lm, o, tasks, ids, train, ppl}, progress, on_row);
}

SizeSweepResult sweepSizes(const std::vector<std::string>& names, const SizeSweepOptions& o, const ProgressFn& progress,
                           const std::function<void(const std::string&, const SweepPoint&)>& on_point,
                           const std::function<void(const std::string&, const SizeRow&)>& on_row,
                           const std::function<void(const ModelSweep&)>& on_model) {
    const std::vector<std::filesystem::path> paths = checkModels(names);
    builtinTasks(o);  // an unknown task or a text too small is refused before any model loads
    SizeSweepResult r = sizeSweepSettings(o);
    for (size_t i = 0; i < names.size(); ++i) {
        const std::string& name = names[i];
        const double lo = double(i) / names.size(), hi = double(i + 1) / names.size();
        ProgressFn sub = [&progress, lo, hi, &name](double f, std::string_view s) {
            return !progress || progress(lo + (hi - lo) * std::clamp(f, 0.0, 1.0), name + ": " + std::string(s));
        };
        const auto t0 = std::chrono::steady_clock::now();
        ModelSweep ms;
        try {
            LoadedModel lm = loadModel(paths[i], o.load, subProgress(sub, 0.0, 0.05));
            ms = sweepModel(lm, name, o, subProgress(sub, 0.05, 1.0),
                            [&](const SweepPoint& p) { if (on_point) on_point(name, p); },
                            [&](const SizeRow& row) { if (on_row) on_row(name, row); });
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {  // the model is freed here, the next one runs
            ms.name = name;
            ms.source = paths[i].string();
            ms.error = e.what();
            ms.seconds = secondsSince(t0);
        }
        if (on_model) on_model(ms);
        r.models.push_back(std::move(ms));
    }
    return r;
}

} // namespace pb
