#include "core/io/token_id.h"

#include "core/util/error.h"

namespace pb {

namespace {
int64_t capped(int64_t bound) { return bound > limits::kMaxVocab ? limits::kMaxVocab : bound; }
[[noreturn]] void refuse(const std::string& shown, int64_t bound, const std::string& where) {
    throw FormatError(where + " = " + shown + " is not a token id: allowed 0 to " + std::to_string(bound - 1) +
                      (bound == limits::kMaxVocab ? " (the limit on vocabulary size)" : " (below the vocabulary size " +
                                                                                              std::to_string(bound) + ")"));
}
} // namespace

int32_t checkTokenId(uint64_t value, int64_t bound, const std::string& where) {
    bound = capped(bound);
    if (bound <= 0 || value >= static_cast<uint64_t>(bound)) refuse(std::to_string(value), bound, where);
    return static_cast<int32_t>(value);
}

int32_t checkTokenId(int64_t value, int64_t bound, const std::string& where) {
    bound = capped(bound);
    if (bound <= 0 || value < 0 || value >= bound) refuse(std::to_string(value), bound, where);
    return static_cast<int32_t>(value);
}

} // namespace pb
