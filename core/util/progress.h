#pragma once
// Progress and cancellation through one plain callback (llama.cpp style).
// The callback returns false to ask the job to stop; the job then throws pb::Cancelled.
#include <algorithm>
#include <atomic>
#include <functional>
#include <string_view>

#include "core/util/error.h"

namespace pb {

// fraction in [0,1]; stage is a short human-readable label ("loading blk.3").
using ProgressFn = std::function<bool(double fraction, std::string_view stage)>;

// Called on every progress report of every job, before the callback: the runtime installs
// its thread-count adaptation to the machine's load here (core/model/runtime). Cheap.
inline std::atomic<void (*)()> progress_tick{nullptr};

// Set (from a signal handler too: lock-free) to stop every job at its next progress report,
// as a callback returning false does: prunebench-cli's Ctrl-C / SIGTERM.
inline std::atomic<bool> cancel_requested{false};

// Reports progress; throws Cancelled when the callback asks to stop.
inline void reportProgress(const ProgressFn& fn, double fraction, std::string_view stage) {
    if (auto tick = progress_tick.load(std::memory_order_relaxed)) tick();
    if (cancel_requested.load(std::memory_order_relaxed)) throw Cancelled();
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
