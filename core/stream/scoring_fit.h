#pragma once
// Whether scoring a loaded model in memory fits the memory of its device, for the GUI's
// Importance tab (ui/jobs/WorkbenchJobs) to stream the scoring from the model's file when it
// does not. The gradient criteria hold, beside the loaded weights, a gradient per weight
// (plus an f32 accumulator for the second-order terms) and one micro-batch's activations
// for the backward pass; the one-pass first-order path (core/prune/streamed_taylor) holds
// the whole calibration set's activations instead. Forward-only criteria always fit (the
// weights are already loaded). An estimate, on the safe side; free memory as the CUDA
// driver reports it, or MemAvailable of /proc/meminfo on the CPU.
#include <cstdint>
#include <optional>
#include <string>

#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace pb {

class LlamaModel;

struct ScoringFit {
    bool fits = true;
    uint64_t need_bytes = 0;  // beyond the loaded weights
    int64_t free_bytes = -1;  // -1: unknown (then it fits)
    std::string device;       // "cpu", "cuda:0"
    // "taylor_element1 needs 28.1 GiB beside the weights; 11.2 GiB are free on cuda:0"
    std::string sentence() const;
};

// free_bytes: the free memory to judge against (tests); by default the device's.
ScoringFit scoringFit(const LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                      std::optional<int64_t> free_bytes = std::nullopt);

// MemAvailable of /proc/meminfo in bytes; -1 when it cannot be read.
int64_t availableHostBytes();

} // namespace pb
