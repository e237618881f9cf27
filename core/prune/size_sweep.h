#pragma once
// Width vs depth across model sizes (issue 12), one model at a time: each model is loaded,
// swept and freed before the next. Per model: the sweep (core/prune/sweep.h) of every
// criterion at every fraction, then for the dense model and the best width and the best depth
// criterion at each fraction (core/report/sweep_best.h) the model rebuilt from its plan and
// measured on its own: zero-shot accuracy on the built-in tasks (core/evalzs), prefill and
// decode speed (core/bench/speed.h), and, with recover_steps > 0, perplexity and zero-shot
// accuracy after LoRA recovery with the same recipe for every model (core/recover).
// Calibration and recovery read demo:sotu by default; perplexity and the tasks read
// demo:moby-dick, held out from both. Torch-free header.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/bench/speed.h"
#include "core/evalzs/harness.h"
#include "core/model/loader.h"
#include "core/plan/defaults.h"
#include "core/prune/compare.h"  // CalibrationSpec
#include "core/recover/defaults.h"
#include "core/report/results.h"

namespace pb {

struct SizeSweepOptions {
    std::vector<Criterion> criteria;  // width and/or block criteria (best per kind among them)
    std::vector<double> fractions;    // of all parameters removed, each in (0, 1)
    AttentionUnit attention_unit = defaults::kAttentionUnit;
    Aggregation aggregation = defaults::kAggregation;
    int64_t score_batch = 2;                     // calibration samples per pass
    int64_t protect_first = 0, protect_last = 0; // depth: blocks never removed
    CalibrationSpec calib;
    std::string ppl_text = defaults::kPplText;
    int64_t ppl_windows = defaults::kPplWindows;  // at most, of ppl_seq_len tokens (0 = all)
    int64_t ppl_seq_len = defaults::kPplSeqLen;
    // LoRA recovery, the same recipe for every model and row (0 steps: none).
    int64_t recover_steps = 0;
    std::string recovery_text = defaults::kRecoveryText;
    int64_t recover_cutoff = defaults::kCutoff;
    int64_t lora_rank = defaults::kLoraRank;
    double lora_alpha = defaults::kLoraAlpha;
    double lora_lr = defaults::kLearningRate;
    int64_t micro_batch = defaults::kMicroBatch;
    // Zero-shot: built-in task names (core/evalzs/builtin.h) on demo:moby-dick; empty: none.
    std::vector<std::string> tasks;
    int64_t items = 200;
    int64_t zs_batch = 8;  // requests per forward pass
    zs::Harness harness = zs::Harness::LmEval;  // the tasks' encoding rules (core/evalzs/harness.h)
    bool measure_speed = true;
    SpeedOptions speed;
    LoadOptions load;
};

// Every name resolves (core/data/assets.h resolveModel) and its files open with config,
// tokenizer and tensor shapes checked (no weight read): checked before any work. Throws
// pb::Error "model 'NAME': ..." for the first that does not. Returns the resolved paths.
std::vector<std::filesystem::path> checkModels(const std::vector<std::string>& names);

// The settings part of a result (text, calibration, recovery, tasks, speed, device).
SizeSweepResult sizeSweepSettings(const SizeSweepOptions& options);

// One model, loaded. Throws pb::Error when the sweep itself cannot run (a text too short for
// this tokenizer, bad fractions); a row whose measurements fail carries its error.
// pb::Cancelled from progress.
ModelSweep sweepModel(const LoadedModel& model, const std::string& name, const SizeSweepOptions& options,
                      const ProgressFn& progress = {},
                      const std::function<void(const SweepPoint&)>& on_point = {},
                      const std::function<void(const SizeRow&)>& on_row = {});

// The before-vs-after-LoRA curves of a one-model sweep (the GUI's Charts tab): the dense point
// and every point without an error, each rebuilt from its plan, recovered with LoRA by options'
// recipe (recover_steps > 0, recovery_text) and measured again: perplexity on ppl_text (the
// first ppl_windows windows, as the sweep measured it) and the tasks on the same items. The
// accuracy before LoRA is the point's own when the sweep scored the same tasks. Rows in the
// points' order; a row whose measurements fail carries its error. pb::Cancelled from progress.
std::vector<SizeRow> recoverSweepPoints(const LoadedModel& model, const std::vector<SweepPoint>& points,
                                        const SizeSweepOptions& options, const ProgressFn& progress = {},
                                        const std::function<void(const SizeRow&)>& on_row = {});

// Every model in order, loaded one at a time and freed before the next. checkModels first;
// a model that fails later (loading, its sweep) carries its error and the next one runs.
// on_model sees each model's section when it is done.
SizeSweepResult sweepSizes(const std::vector<std::string>& names, const SizeSweepOptions& options,
                           const ProgressFn& progress = {},
                           const std::function<void(const std::string& name, const SweepPoint&)>& on_point = {},
                           const std::function<void(const std::string& name, const SizeRow&)>& on_row = {},
                           const std::function<void(const ModelSweep&)>& on_model = {});

} // namespace pb
