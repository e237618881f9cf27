#pragma once
// Reading JSON from untrusted files: size and nesting depth limited while parsing (the
// depth is refused before anything deeper is built, so no later recursion can overflow
// the stack), and numbers range-checked in their own JSON type before conversion.
// Every error is a pb::FormatError naming the file and the key.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/io/limits.h"

namespace pb::jsonin {

// Parses `text` (what = "tokenizer.json '/path'" or similar, used in messages).
nlohmann::json parse(std::string_view text, const std::string& what, int max_depth = limits::kMaxJsonDepth);
// Reads a regular file of at most max_bytes (core/util/input_path.h) and parses it.
nlohmann::json readFile(const std::filesystem::path& path, uint64_t max_bytes,
                        int max_depth = limits::kMaxJsonDepth);
// The bytes of a regular file of at most max_bytes; what says what it is for
// ("plan file"), messages read "plan file '/p': ..." (pb::readInputFile).
std::string readText(const std::filesystem::path& path, uint64_t max_bytes, const std::string& what);

// A JSON number as an integer in [lo, hi]: integers are compared in their own type
// (int64 or uint64), floats only when finite and whole. Otherwise FormatError
// "<where>: '<key>' = <value> is not an integer in [lo, hi]".
int64_t integer(const nlohmann::json& v, const std::string& where, const std::string& key, int64_t lo, int64_t hi);
// A finite JSON number.
double finite(const nlohmann::json& v, const std::string& where, const std::string& key);
// A token id: an integer in [0, bound) with bound <= limits::kMaxVocab.
int32_t tokenId(const nlohmann::json& v, const std::string& where, const std::string& key,
                int64_t bound = limits::kMaxVocab);

} // namespace pb::jsonin
