#pragma once
// The scoring, calibration and perplexity defaults, defined once: the CLI's options
// (and their --help text), the GUI's jobs and settings, and plans read them from here.
// Torch-free. Recovery (LoRA) defaults: core/recover/defaults.h.
#include <cstdint>

#include "core/plan/criteria.h"

namespace pb::defaults {

inline constexpr Criterion kWidthCriterion = Criterion::TaylorElement1;
inline constexpr Criterion kBlockCriterion = Criterion::BlockBi;
inline constexpr Aggregation kAggregation = Aggregation::Sum;
inline constexpr AttentionUnit kAttentionUnit = AttentionUnit::Group;
inline constexpr Criterion kStreamedCriterion = Criterion::WandaSp;  // `prunebench-cli stream` scoring

// Calibration: samples of seq_len tokens drawn from a text.
inline constexpr const char* kCalibrationText = "demo:sotu";
inline constexpr int64_t kCalibrationSamples = 10;
inline constexpr int64_t kCalibrationSeqLen = 128;

// Perplexity after pruning: windows of kPplSeqLen tokens of this text; kPplWindows of them
// for the CLI's prune/sweep/stream measurements, kGuiPplWindows for the GUI's quicker ones.
inline constexpr const char* kPplText = "demo:moby-dick";
inline constexpr int64_t kPplSeqLen = 128;
inline constexpr int64_t kPplWindows = 50;
inline constexpr int64_t kGuiPplWindows = 20;

} // namespace pb::defaults
