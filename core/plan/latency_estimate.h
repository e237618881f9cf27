#pragma once
// The latency estimate of a pruned model relative to the original (= 1): at batch 1 decoding
// is launch- and memory-bound, so half of the time is taken to scale with the number of
// sequential blocks left (liveBlocks) and half with the MACs. A proxy, not a measurement.
// Torch-free: the plan totals (GUI) and the comparison (GUI and CLI) read it.
#include <cstdint>

#include "core/arch/model_config.h"

namespace pb {

// 1.0 when the "before" side is empty (no MACs or no blocks).
double estimatedLatencyRatio(int64_t macs_before, int64_t macs_after, int64_t blocks_before, int64_t blocks_after);

// Of `pruned` relative to `original`, MACs per 128-token forward.
double estimatedLatencyRatio(const ModelConfig& original, const ModelConfig& pruned);

} // namespace pb
