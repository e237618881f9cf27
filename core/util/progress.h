#pragma once
// Progress and cancellation through one plain callback (llama.cpp style).
// The callback returns false to ask the job to stop; the job then throws pb::Cancelled.
#include <algorithm>
#include <functional>
#include <string_view>

#include "core/util/error.h"

namespace pb {

// fraction in [0,1]; stage is a short human-readable label ("loading blk.3").
using ProgressFn = std::function<bool(double fraction, std::string_view stage)>;

// Reports progress; throws Cancelled when the callback asks to stop.
inline void reportProgress(const ProgressFn& fn, double fraction, std::string_view stage) {
    if (fn && !fn(fraction, stage)) throw Cancelled();
}

// `outer`'s [lo, hi] as a whole progress: a part of a job reports 0..1, the outer sees
// lo..hi (fractions clamped to [0, 1]). Callable when `outer` is empty (then it never stops).
inline ProgressFn subProgress(const ProgressFn& outer, double lo, double hi) {
    return [outer, lo, hi](double f, std::string_view stage) {
        return !outer || outer(lo + (hi - lo) * std::clamp(f, 0.0, 1.0), stage);
    };
}

} // namespace pb
