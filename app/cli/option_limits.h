#pragma once
// Allowed ranges of the numeric options shared by several commands (docs/limits.md).
// Each option is read with Args::getInt / getDouble and its range; the message names both.
#include <cstdint>

#include "app/cli/args.h"
#include "core/io/limits.h"

namespace pbcli::limits {

inline constexpr long long kSamples = 100000;        // --samples: calibration samples
inline constexpr long long kSeqLen = 1 << 20;        // --seq-len, --cutoff, --seq: tokens per window
inline constexpr long long kBatch = 65536;           // --batch, --micro-batch
inline constexpr long long kSeed = maxOf<int64_t>(); // --seed (stored as uint64)
inline constexpr long long kWindows = 1000000000;    // --max-windows, --limit, --items
inline constexpr long long kSteps = 100000000;       // recover --steps, --warmup, --eval-every
inline constexpr long long kTokens = 1 << 20;        // generate --max-tokens, bench --prompt
// prune --iterative-steps: each step re-scores the whole model on the calibration set and
// must remove at least one unit per pruned layer; more steps only multiply the time.
inline constexpr long long kIterativeSteps = pb::limits::kMaxIterativeSteps;  // the plan reader's limit
inline constexpr const char* kIterativeWhy =
    "each step re-scores the whole model on the calibration set, so N steps take N times as long";

// (0, 1): a fraction that removes something and keeps something.
inline const NumberRange kOpenFraction{0.0, 1.0, true, true};

} // namespace pbcli::limits
