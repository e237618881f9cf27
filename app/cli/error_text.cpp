#include "app/cli/error_text.h"

#include <new>
#include <stdexcept>

#include "core/util/error.h"

namespace pbcli {

namespace {

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string outOfMemory(const std::string& command) {
    return "'" + command + "' ran out of memory: a size in an input file, or an option such as --batch, --seq-len, "
           "--samples or --max-tokens, asks for more memory than this machine has; check the files given and "
           "lower those options";
}

} // namespace

std::string userMessage(const std::exception& e, const std::string& command) {
    std::string msg = e.what();
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg = msg.substr(0, nl);  // torch adds backtraces
    if (dynamic_cast<const pb::Error*>(&e)) return msg;
    if (dynamic_cast<const std::bad_alloc*>(&e) || has(msg, "can't allocate memory") ||
        has(msg, "CUDA out of memory") || has(msg, "out of memory"))
        return outOfMemory(command);
    // std::length_error from the standard library: "vector::_M_default_append",
    // "vector::reserve", "basic_string::_M_create", "cannot create std::vector larger than max_size()".
    if (dynamic_cast<const std::length_error*>(&e) || has(msg, "_M_") || has(msg, "max_size()"))
        return "'" + command + "' met a size too large to hold in memory (a count or length in an input file, or "
               "an option value); check the files given";
    if (msg.empty()) return "'" + command + "' failed without a message";
    return msg;
}

} // namespace pbcli
