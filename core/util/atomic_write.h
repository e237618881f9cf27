#pragma once
// Atomic file writes: write a temporary file beside the target, flush, rename.
#include <string>

namespace pb {

// Throws pb::Error naming the path. The target is either the old or the new content.
void writeFileAtomic(const std::string& path, const std::string& content);

} // namespace pb
