#pragma once
// A job that does not fit its device: CUDA's out-of-memory error (c10::OutOfMemoryError, whose
// message says "out of memory") or std::bad_alloc, told as what happened, where, how much memory
// the device has, and what to try. JobRunner uses it for every job's failure message (the memory
// figures come through ui/jobs, the only part that reaches libtorch).
#include <QString>

namespace pb::ui {

// True for the message of a CUDA (or other) out-of-memory error.
bool isOutOfMemory(const QString& message);

// device: "cpu", "cuda", "cuda:N" (the device the job ran on); detail: the error's own message,
// kept at the end. For a CUDA device, names it with its free and total memory now.
QString outOfMemoryText(const QString& device, const QString& detail);

} // namespace pb::ui
