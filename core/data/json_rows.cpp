#include "core/data/json_rows.h"

#include "core/io/json_input.h"
#include "core/util/error.h"

namespace pb {

using nlohmann::json;

std::vector<json> readJsonRows(const std::string& bytes, const std::string& what) {
    std::vector<json> rows;
    bool whole_ok = false;
    json whole;
    try {
        whole = jsonin::parse(bytes, what);
        whole_ok = true;
    } catch (const FormatError&) {  // not one JSON value: JSONL, one row a line
    }
    if (whole_ok) {
        if (whole.is_object() && whole.contains("rows")) whole = json(whole["rows"]);
        else if (whole.is_object() && whole.contains("data")) whole = json(whole["data"]);
        if (whole.is_array())
            for (auto& r : whole) rows.push_back(std::move(r));
        else
            rows.push_back(std::move(whole));
        return rows;
    }
    size_t start = 0, line = 1;
    while (start < bytes.size()) {
        size_t nl = bytes.find('\n', start);
        if (nl == std::string::npos) nl = bytes.size();
        const std::string_view one(bytes.data() + start, nl - start);
        if (one.find_first_not_of(" \t\r") != std::string_view::npos) {
            try {
                rows.push_back(jsonin::parse(one, "line " + std::to_string(line)));
            } catch (const FormatError& e) {
                throw FormatError(what + " is neither JSON nor JSONL (" + e.what() + ")");
            }
        }
        start = nl + 1;
        ++line;
    }
    return rows;
}

const json& rowFields(const json& row) {
    if (row.is_object()) {
        const auto it = row.find("row");
        if (it != row.end() && it->is_object()) return *it;
    }
    return row;
}

} // namespace pb
