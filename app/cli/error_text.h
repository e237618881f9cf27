#pragma once
// What the user reads for an exception that escaped a command: pb::Error texts as they
// are (first line only: libtorch appends backtraces); library texts that mean nothing to a
// user (std::bad_alloc, "vector::_M_default_append", "DefaultCPUAllocator: can't allocate
// memory") become one sentence that says what happened and what to check.
#include <exception>
#include <string>

namespace pbcli {

std::string userMessage(const std::exception& e, const std::string& command);

} // namespace pbcli
