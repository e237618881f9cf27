#pragma once
// Temporaries of atomic writes are named TARGET.tmp-PID. A process killed mid-write
// leaves its temporary behind; the next write to the same target removes those whose
// process no longer exists (kill(pid, 0) fails with ESRCH). Live writers' files stay.
#include <filesystem>
#include <string>

namespace pb {

// TARGET.tmp-<this process id>.
std::filesystem::path tempPathFor(const std::filesystem::path& target);

// Removes TARGET.tmp-PID files or folders of dead processes beside `target`; returns
// how many. Never throws (a temporary that cannot be removed is left).
int removeStaleTemporaries(const std::filesystem::path& target);

} // namespace pb
