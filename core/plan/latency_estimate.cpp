#include "core/plan/latency_estimate.h"

#include "core/plan/block_presence.h"

namespace pb {

double estimatedLatencyRatio(int64_t macs_before, int64_t macs_after, int64_t blocks_before, int64_t blocks_after) {
    if (macs_before <= 0 || blocks_before <= 0) return 1.0;
    return 0.5 * double(macs_after) / double(macs_before) + 0.5 * double(blocks_after) / double(blocks_before);
}

double estimatedLatencyRatio(const ModelConfig& original, const ModelConfig& pruned) {
    return estimatedLatencyRatio(original.macs(128), pruned.macs(128), liveBlocks(original), liveBlocks(pruned));
}

} // namespace pb
