#pragma once
// The results the jobs produce, one type each, torch-free: core computes them, the CLI
// prints them (text and --json) and writes them into reports, the GUI shows and charts them.
// No field-by-field copies of these anywhere else.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/plan/plan.h"

namespace pb {

// The zero-shot accuracy of one task (core/evalzs/tasks.h).
struct TaskMetrics {
    std::string task;
    int64_t n = 0;
    double acc = 0.0, acc_stderr = 0.0;
    double acc_norm = 0.0, acc_norm_stderr = 0.0;  // = acc when the task has no acc_norm
    bool has_acc_norm = true;
    double seconds = 0.0;
    int choices = 0;  // choices per item (chance = 1 / choices); 0: unknown or varying
    // Per item, in the task's order: 1 when it was answered right (acc / acc_norm). The 95%
    // intervals and the paired tests of core/evalzs/stats.h read these (empty: unknown).
    std::vector<uint8_t> correct, correct_norm;
};

// One point of a width-vs-depth sweep (core/prune/sweep.h): a criterion pruned to a
// fraction of the parameters, and its perplexity.
struct SweepPoint {
    std::string criterion;          // "dense" for the unpruned baseline
    bool depth = false;
    double target = 0.0;            // requested fraction of parameters removed
    double removed_fraction = 0.0;  // achieved
    int64_t params = 0;
    double ppl = 0.0;
    double score_seconds = 0.0;     // scoring time of this criterion (shared by its points)
    double eval_seconds = 0.0;
    std::vector<int64_t> dropped_blocks;
    // Zero-shot accuracy of the point's model when the sweep measures tasks (sweep --tasks);
    // the same items at every point, so points compare pairwise (core/evalzs/stats.h).
    std::vector<TaskMetrics> tasks;
    std::string error;              // non-empty when this point could not be built
    PruningPlan plan;               // resolved against the swept model (empty for "dense"); not in the JSON

    // "dense", "depth" or "width".
    std::string kind() const { return criterion == "dense" ? "dense" : depth ? "depth" : "width"; }
};

// Measured speed of one model shape on one device (core/bench/latency.h): random weights of
// the shape, prefill time (the prompt's forward up to the first token's logits) and decode
// speed (one token per sequence per step, KV cache, the host reads every id). NaN: not measured.
struct LatencyPoint {
    int64_t batch = 1, context = 0;   // sequences; prompt tokens (prefill) or tokens in the cache (decode)
    double ms = NAN;                  // prefill: the prompt's forward; decode: one step
    double tokens_per_s = NAN;        // prefill: batch x context / time; decode: batch / step time
    bool cached = false;              // read from the latency cache, not measured by this run
};

struct LatencyProfile {
    std::string label;                // "original", "plan", "width 20%", ...
    std::string kind;                 // "original", "width", "depth" or "" (LatencyShape::kind)
    int64_t params = 0, blocks = 0;
    std::string device, device_name, dtype;  // "cpu" / "cuda:0", "NVIDIA H200" or the CPU's model name, "f32"
    int threads = 0;                  // CPU threads (intra-op) the points were measured with
    std::string shape_key;            // what the cache is keyed by (with device, dtype, threads)
    int64_t context = 0;              // of the headline figures: prefill at batch 1 of `context` tokens,
    double prefill_ms = NAN;          // decode at batch 1 after `context` tokens
    double decode_ms = NAN;
    double decode_tokens_per_s = NAN;
    int64_t new_tokens = 0;           // decode steps timed per repeat
    std::vector<LatencyPoint> prefill;  // batch 1 over context lengths (the curves; may be empty)
    std::vector<LatencyPoint> decode;   // over batch sizes at `context`
    int64_t measured_points = 0, cached_points = 0;
    double seconds = 0.0;             // wall time of this run (building the weights included)
    std::string error;                // why it could not be measured (then the figures are NaN)
    bool measured() const { return error.empty() && std::isfinite(prefill_ms); }
};

// One model of a width-vs-depth comparison (core/prune/compare.h): original, width-pruned
// or depth-pruned.
struct CompareVariant {
    bool ok = false;
    std::string error;              // why this variant could not be built or measured
    int64_t params = 0;
    int64_t macs = 0;               // per 128-token forward
    int64_t blocks = 0;             // live blocks (core/plan/block_presence.h)
    double removed_fraction = 0.0;  // of the original's parameters
    double latency_ratio = 1.0;     // core/plan/latency_estimate.h, original = 1
    LatencyProfile latency;         // measured on random weights of this shape (core/bench/latency.h); empty when not measured
    double ppl = 0.0;
    double ppl_seconds = 0.0;
    std::string generation;         // greedy continuation of the prompt
    double tokens_per_s = 0.0;
    PruningPlan plan;               // resolved against the original (empty for the original)
};

struct CompareResult {
    CompareVariant original, width, depth;
    double target_fraction = 0.0;   // the parameter budget both pruned models aim at
};

// One step of LoRA recovery (core/recover/train.h): its losses, learning rate and speed.
struct LossPoint {
    int64_t step = 0;          // optimizer step (1-based); 0 = before training
    double train_loss = NAN;   // mean over the step's supervised tokens (NaN at step 0)
    double val_loss = NAN;     // NaN when not evaluated at this step
    double lr = 0.0;
    double tokens_per_s = 0.0; // tokens (pads excluded) per second so far
};


// One row of the cross-size table (core/prune/size_sweep.h): the dense model, or the best
// width or depth criterion at one fraction removed (core/report/sweep_best.h), measured
// again on its own: zero-shot accuracy, prefill and decode speed, and the same before and
// after LoRA recovery when the run recovers. NaN: not measured.
struct SizeRow {
    SweepPoint point;                     // kind(), criterion, target, removed, params, ppl, plan
    double relative_ppl = NAN;            // point.ppl / the dense ppl
    double ppl_recovered = NAN;           // with the LoRA adapters
    double zero_shot_acc = NAN;           // mean acc over the tasks
    double zero_shot_acc_recovered = NAN;
    std::vector<TaskMetrics> tasks, tasks_recovered;
    double prefill_tokens_per_s = NAN, decode_tokens_per_s = NAN;
    double recover_seconds = 0.0;
    std::string error;                    // why a measurement after the sweep failed
};

// One model of the cross-size sweep: every sweep point (the curves) and the table's rows.
struct ModelSweep {
    std::string name;     // as given: "demo:qwen2.5-0.5b" or a path
    std::string source;   // the file or folder read ("" when it could not be resolved)
    std::string family;
    int64_t params = 0, layers = 0, hidden = 0;
    int64_t windows = 0;  // perplexity windows measured (the text's token count differs by tokenizer)
    std::vector<SweepPoint> points;  // dense first, then each criterion at each fraction
    std::vector<SizeRow> rows;       // dense, then per fraction the best width and the best depth
    double seconds = 0.0;
    std::string error;    // the model could not be loaded or swept (then points/rows may be empty)
};

// The whole cross-size run and its settings, as `prunebench-cli sweep --models` prints it.
struct SizeSweepResult {
    std::string text;               // perplexity text
    std::string calibration_text, recovery_text;
    int64_t seq_len = 0, max_windows = 0;
    int64_t calibration_samples = 0, calibration_seq_len = 0;
    int64_t recover_steps = 0, recover_cutoff = 0, lora_rank = 0;
    double lora_alpha = 0.0, lora_lr = 0.0;
    std::vector<std::string> tasks;  // zero-shot tasks (empty: none)
    int64_t items = 0;
    int64_t speed_prompt = 0, speed_new_tokens = 0;
    std::string device, dtype;
    std::vector<double> fractions;
    std::vector<std::string> criteria;
    std::vector<ModelSweep> models;
};

} // namespace pb
