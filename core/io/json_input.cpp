#include "core/io/json_input.h"

#include <cmath>

#include "core/util/error.h"
#include "core/util/input_path.h"

namespace pb::jsonin {

using nlohmann::json;
namespace fs = std::filesystem;

json parse(std::string_view text, const std::string& what, int max_depth) {
    // The parser itself is iterative; the callback refuses a container opened deeper
    // than max_depth before it is built.
    auto cb = [&](int depth, json::parse_event_t ev, json&) {
        if ((ev == json::parse_event_t::object_start || ev == json::parse_event_t::array_start) && depth >= max_depth)
            throw FormatError(what + ": JSON nested deeper than " + std::to_string(max_depth) + " levels");
        return true;
    };
    try {
        return json::parse(text.begin(), text.end(), cb);
    } catch (const json::exception& e) {
        throw FormatError(what + ": invalid JSON: " + e.what());
    }
}

std::string readText(const fs::path& path, uint64_t max_bytes, const std::string& what) {
    // The one input rule (core/util/input_path.h): a regular file, opened without blocking,
    // no larger than max_bytes, read no further than that.
    return readInputFile(path, what, max_bytes);
}

json readFile(const fs::path& path, uint64_t max_bytes, int max_depth) {
    return parse(readText(path, max_bytes, "JSON file"), "'" + path.string() + "'", max_depth);
}

namespace {
[[noreturn]] void notInteger(const json& v, const std::string& where, const std::string& key, int64_t lo, int64_t hi) {
    std::string shown = v.is_number() || v.is_boolean() || v.is_null() ? v.dump() : std::string(v.type_name());
    if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
    throw FormatError(where + ": '" + key + "' = " + shown + " is not an integer in [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
}
} // namespace

int64_t integer(const json& v, const std::string& where, const std::string& key, int64_t lo, int64_t hi) {
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (hi < 0 || u > static_cast<uint64_t>(hi) || (lo > 0 && u < static_cast<uint64_t>(lo)))
            notInteger(v, where, key, lo, hi);
        return static_cast<int64_t>(u);
    }
    if (v.is_number_integer()) {
        const int64_t i = v.get<int64_t>();
        if (i < lo || i > hi) notInteger(v, where, key, lo, hi);
        return i;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        // Compared as doubles before converting: [lo, hi] as doubles may round outward, so
        // the strict upper test keeps the conversion defined.
        if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d >= 9.2e18 ||
            d > static_cast<double>(hi))
            notInteger(v, where, key, lo, hi);
        const auto i = static_cast<int64_t>(d);
        if (i < lo || i > hi) notInteger(v, where, key, lo, hi);
        return i;
    }
    notInteger(v, where, key, lo, hi);
}

double finite(const json& v, const std::string& where, const std::string& key) {
    if (!v.is_number()) throw FormatError(where + ": '" + key + "' must be a number, not " + v.type_name());
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw FormatError(where + ": '" + key + "' = " + v.dump() + " is not a finite number");
    return d;
}

int32_t tokenId(const json& v, const std::string& where, const std::string& key, int64_t bound) {
    if (bound > limits::kMaxVocab) bound = limits::kMaxVocab;
    return static_cast<int32_t>(integer(v, where, key, 0, bound - 1));
}

} // namespace pb::jsonin
