#pragma once
// The recovery job as a plain function: cut the model by the resolved plan the views show
// (it never scores; Workbench::runResolved resolves the plan first), measure
// zero-shot accuracy (built-in demo tasks), train LoRA adapters on demo text with a loss
// callback per step, measure zero-shot accuracy again with the adapters. Runs on
// JobRunner's worker thread. Torch-free header; the work is core's (pb::prune,
// pb::recover, pb::zs::scoreTask).
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/evalzs/harness.h"
#include "core/plan/plan.h"
#include "core/recover/defaults.h"
#include "core/report/results.h"
#include "core/util/progress.h"
#include "ui/jobs/ModelPtr.h"
#include "ui/jobs/WorkbenchJobs.h"

namespace pb {
class LlamaModel;
class LoraSet;
}

namespace pb::ui::jobs {

struct RecoveryRequest {
    pb::PruningPlan plan;               // resolved (explicit kept units); empty = recover the unpruned model
    std::string data = pb::defaults::kRecoveryText;  // training text (plain-text windows)
    int64_t steps = pb::defaults::kGuiSteps;
    int64_t rank = pb::defaults::kLoraRank;
    double alpha = pb::defaults::kLoraAlpha;
    double lr = pb::defaults::kLearningRate;  // was 2e-4 here, 1e-4 in core and the CLI: core's now
    int64_t micro_batch = pb::defaults::kMicroBatch;
    int64_t cutoff = pb::defaults::kGuiCutoff;  // tokens per training window
    int64_t val_size = 16;              // held-out windows
    int64_t eval_every = 5;
    // Built-in zero-shot tasks (core/evalzs/pack.h): a knowledge, a sentiment and a fluency task,
    // so that what pruning forgets first shows; the same items before and after (paired).
    std::vector<std::string> tasks = {"capitals", "sentiment", "cloze"};
    int64_t task_items = 100;           // items per task (capitals has 100; 0: skip the zero-shot evaluation)
    pb::zs::Harness harness = pb::zs::Harness::LmEval;  // their encoding rules (File › Zero-shot Harness)
};

using LossSample = pb::LossPoint;      // core/report/results.h
using TaskAccuracy = pb::TaskMetrics;  // core/report/results.h

struct RecoveryResult {
    std::vector<LossSample> history;
    std::vector<TaskAccuracy> before, after;  // zero-shot, pruned model without / with adapters
    pb::zs::Harness harness = pb::zs::Harness::LmEval;  // the rules they were scored by
    double val_before = NAN, val_after = NAN, train_final = NAN;
    int64_t steps_done = 0, trainable_params = 0, params = 0;
    double removed_fraction = 0.0;
    double seconds = 0.0, tokens_per_s = 0.0;
    bool stopped = false;  // NaN/inf: adapters rolled back
    std::string message;
    std::shared_ptr<const pb::LlamaModel> recovered;  // pruned model with the adapters merged in
    // The same pruned model without the adapters and the adapters themselves: what File ›
    // Save writes as a Hugging Face folder with the PEFT adapter beside it.
    std::shared_ptr<const pb::LlamaModel> pruned;
    std::shared_ptr<const pb::LoraSet> adapters;
};

// on_loss runs on the worker thread for every optimizer step (and step 0).
RecoveryResult recover(const ModelPtr& model, const RecoveryRequest& request, const pb::ProgressFn& progress,
                       const std::function<void(const LossSample&)>& on_loss = {});

} // namespace pb::ui::jobs
