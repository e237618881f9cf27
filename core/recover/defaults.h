#pragma once
// LoRA recovery defaults, defined once: core's RecoverOptions and LoraConfig, the CLI's
// `recover` options (and their --help text) and the GUI's recovery job read them.
// Torch-free. The GUI runs a shorter job (kGuiSteps, kGuiCutoff) to stay interactive.
#include <cstdint>

namespace pb::defaults {

inline constexpr int64_t kLoraRank = 8;
inline constexpr double kLoraAlpha = 16.0;    // scale = alpha / rank
inline constexpr double kLoraDropout = 0.05;
inline constexpr double kLearningRate = 1e-4;  // peak, after warmup
inline constexpr int64_t kMicroBatch = 4;
inline constexpr const char* kRecoveryText = "demo:sotu";

inline constexpr int64_t kSteps = 100;        // CLI `recover`
inline constexpr int64_t kCutoff = 256;       // tokens per example / text window (CLI)
inline constexpr int64_t kGuiSteps = 20;      // GUI Recovery tab
inline constexpr int64_t kGuiCutoff = 128;

} // namespace pb::defaults
