#pragma once
// The rows of a user's JSON or JSONL data file (Hugging Face datasets' exports: one JSON
// array, an object with "rows" / "data", one object, or one JSON value a line), read by one
// rule for every reader of such files (benchmark text, lm-eval's document pages).
// Untrusted input: parsed through core/io/json_input.h (nesting depth limited; every
// nlohmann exception, number overflow included, becomes a pb::FormatError).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pb {

// The rows of `bytes`; what names the file in messages ("WikiText-2 file '/p'").
// Throws FormatError "<what> is neither JSON nor JSONL (line N: ...)".
std::vector<nlohmann::json> readJsonRows(const std::string& bytes, const std::string& what);

// A row's fields: the row itself, or its "row" object (the datasets-server API's shape).
const nlohmann::json& rowFields(const nlohmann::json& row);

} // namespace pb
