#pragma once
// A small checker for the SVG the report writes: well-formed tags (balanced, quoted
// attributes), and every numeric attribute a finite number.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace pbtest {

struct SvgElement {
    std::string name;
    std::map<std::string, std::string> attributes;
};

struct SvgParse {
    bool ok = true;
    std::string error;
    std::vector<SvgElement> elements; // every start (or empty) tag, in order
    size_t count(const std::string& name) const {
        size_t n = 0;
        for (const auto& e : elements) n += e.name == name;
        return n;
    }
};

inline SvgParse parseSvg(const std::string& s) {
    SvgParse r;
    std::vector<std::string> stack;
    auto fail = [&](const std::string& why) {
        r.ok = false;
        r.error = why;
        return r;
    };
    size_t i = 0;
    while ((i = s.find('<', i)) != std::string::npos) {
        const size_t end = s.find('>', i);
        if (end == std::string::npos) return fail("unterminated tag");
        std::string tag = s.substr(i + 1, end - i - 1);
        i = end + 1;
        if (tag.empty()) return fail("empty tag");
        if (tag[0] == '?' || tag[0] == '!') continue; // declaration, comment
        if (tag[0] == '/') {
            if (stack.empty() || stack.back() != tag.substr(1))
                return fail("unbalanced </" + tag.substr(1) + ">");
            stack.pop_back();
            continue;
        }
        const bool empty = tag.back() == '/';
        if (empty) tag.pop_back();
        SvgElement e;
        size_t k = 0;
        while (k < tag.size() && !std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
        e.name = tag.substr(0, k);
        while (k < tag.size()) {
            while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
            if (k >= tag.size()) break;
            const size_t eq = tag.find('=', k);
            if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
                return fail("attribute without a quoted value in <" + e.name + ">");
            const size_t close = tag.find('"', eq + 2);
            if (close == std::string::npos) return fail("unterminated attribute in <" + e.name + ">");
            e.attributes[tag.substr(k, eq - k)] = tag.substr(eq + 2, close - eq - 2);
            k = close + 1;
        }
        r.elements.push_back(e);
        if (!empty) stack.push_back(e.name);
    }
    if (!stack.empty()) return fail("unclosed <" + stack.back() + ">");
    return r;
}

// Every number in the geometry attributes parses and is finite.
inline bool numbersFinite(const SvgParse& p, std::string* bad = nullptr) {
    static const char* kNumeric[] = {"x",  "y", "x1",    "y1",     "x2",     "y2",        "cx",
                                     "cy", "r", "width", "height", "points", "font-size", "stroke-width"};
    for (const auto& e : p.elements) {
        for (const char* a : kNumeric) {
            auto it = e.attributes.find(a);
            if (it == e.attributes.end()) continue;
            std::string v = it->second;
            for (char& c : v)
                if (c == ',') c = ' ';
            std::istringstream in(v);
            std::string tok;
            while (in >> tok) {
                char* end = nullptr;
                const double d = std::strtod(tok.c_str(), &end);
                if (*end != '\0' || !std::isfinite(d)) {
                    if (bad) *bad = e.name + " " + a + "=\"" + it->second + "\"";
                    return false;
                }
            }
        }
    }
    return true;
}

} // namespace pbtest
