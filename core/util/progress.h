#pragma once
// Progress and cancellation through one plain callback (llama.cpp style).
// The callback returns false to ask the job to stop; the job then throws pb::Cancelled.
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

} // namespace pb
