#pragma once
// Atomic file writes: write a temporary file beside the target, flush, rename.
#include <string>

namespace pb {

// Throws pb::Error naming the path. The target is either the old or the new content.
// Stale PATH.tmp-PID files of dead processes are removed first (stale_temp.h).
// Callers check the path against the run's sources first (output_path.h).
void writeFileAtomic(const std::string& path, const std::string& content);

} // namespace pb
