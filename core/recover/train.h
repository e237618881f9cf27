#pragma once
// LoRA recovery training (LLM-Pruner post_training.py, in libtorch): AdamW on the adapters
// only, learning rate with linear warmup then linear or cosine decay (or constant),
// micro-batches with gradient accumulation, right padding (causal attention never looks at
// the pads, so no attention mask is needed), loss = mean cross-entropy over the supervised
// tokens of the whole accumulated batch. Optional gradient checkpointing recomputes each
// block in backward (model.block_runner). Validation loss every eval_every steps on the
// held-out examples (no dropout). A NaN/inf loss or gradient stops the run; the adapters
// are rolled back to the last good step and the result says why.
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/dist/world.h"
#include "core/recover/data.h"
#include "core/recover/defaults.h"
#include "core/recover/lora.h"
#include "core/report/results.h"  // LossPoint
#include "core/util/progress.h"

namespace pb {

struct RecoverOptions {
    LoraConfig lora;
    double lr = defaults::kLearningRate;
    double weight_decay = 0.0;
    double beta1 = 0.9, beta2 = 0.999, adam_eps = 1e-8;
    double max_grad_norm = 0.0;  // 0 = no clipping
    int64_t warmup_steps = 0;
    std::string schedule = "linear";  // "linear", "cosine" or "constant" (after warmup)
    int64_t steps = 0;                // optimizer steps; 0 = from epochs
    double epochs = 1.0;
    int64_t micro_batch = defaults::kMicroBatch;
    int64_t grad_accum = 1;          // micro-batches per optimizer step
    int64_t eval_every = 0;          // 0 = only at the start and the end
    int64_t eval_max_examples = 64;  // validation examples scored each time (0 = all)
    bool grad_checkpoint = false;
    uint64_t seed = 0;
    // Data parallel (core/dist): every rank draws the same global batch (micro_batch x
    // grad_accum examples) and trains on its shard of it; each rank's loss is divided by the
    // whole batch's supervised tokens, so the adapter gradients summed across the ranks are
    // one process's, and so is the loss curve (without dropout: the ranks draw different
    // masks). Validation is sharded too. Null: one process.
    dist::World* world = nullptr;
};

using LossFn = std::function<void(const LossPoint&)>;

struct RecoverResult {
    LoraSet adapters;                  // trained (or the last good ones when stopped)
    std::vector<LossPoint> history;    // one per step, plus step 0
    double initial_val_loss = NAN, final_val_loss = NAN;
    double final_train_loss = NAN;
    int64_t steps_done = 0, steps_planned = 0;
    int64_t train_examples = 0, val_examples = 0;
    int64_t tokens = 0;                // tokens trained on (pads excluded)
    double seconds = 0.0, tokens_per_s = 0.0;
    int64_t recomputed_blocks = 0;     // blocks recomputed in backward (gradient checkpointing)
    bool cuda_graph = false;           // the micro-batches ran as one recorded CUDA graph (core/recover/graphed_step)
    std::string cuda_graph_note;       // why a capture failed (then the steps ran eagerly)
    bool stopped = false;              // NaN/inf
    std::string message;               // why it stopped ("" when it finished)
};

// Learning rate at optimizer step `step` (0-based) of `total`.
double scheduledLr(const RecoverOptions& o, int64_t step, int64_t total);

// Trains fresh adapters (LoraSet::create with options.seed) on `train`, validating on `val`.
// The model's weights are not changed (merge with result.adapters.mergeInto(model)).
// Throws pb::Error on bad options/empty data, pb::Cancelled when progress asks to stop.
RecoverResult recover(LlamaModel& model, const std::vector<TrainExample>& train, const std::vector<TrainExample>& val,
                      const RecoverOptions& options, const ProgressFn& progress = {}, const LossFn& on_loss = {});
// Continues training given adapters (same structure as the model).
RecoverResult recover(LlamaModel& model, LoraSet adapters, const std::vector<TrainExample>& train,
                      const std::vector<TrainExample>& val, const RecoverOptions& options,
                      const ProgressFn& progress = {}, const LossFn& on_loss = {});

// Mean loss (supervised tokens) of the model, with the adapters if given, on examples
// (across ranks: each its shard, the sums over all).
double evaluationLoss(LlamaModel& model, const LoraSet* adapters, const std::vector<TrainExample>& examples,
                      int64_t micro_batch = 4, int64_t max_examples = 0, dist::World* world = nullptr);

// Splits examples deterministically (seeded shuffle): the last `val_size` go to validation.
void splitExamples(std::vector<TrainExample> all, int64_t val_size, uint64_t seed, std::vector<TrainExample>& train,
                   std::vector<TrainExample>& val);

} // namespace pb
