#include "app/cli/args.h"

#include <algorithm>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace pbcli {

Args::Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& spec) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + a + "'");
        std::string name = a.substr(2), value;
        bool inline_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inline_value = true;
        }
        const OptionSpec* s = nullptr;
        for (const auto& o : spec)
            if (o.name == name) s = &o;
        if (!s) throw UsageError("unknown option '--" + name + "'");
        if (!s->takes_value) {
            if (inline_value) throw UsageError("option '--" + name + "' takes no value");
            flags_.insert(name);
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argv.size()) throw UsageError("option '--" + name + "' needs a value");
            value = argv[++i];
        }
        values_[name] = value;
    }
}

bool Args::has(const std::string& name) const { return values_.count(name) || flags_.count(name); }

std::string Args::get(const std::string& name, const std::string& def) const {
    auto it = values_.find(name);
    return it == values_.end() ? def : it->second;
}

std::string Args::required(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw UsageError("missing required option '--" + name + "'");
    return it->second;
}

namespace {

std::string num(double v) {
    if (v == std::numeric_limits<double>::infinity()) return "infinity";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string intRange(long long lo, long long hi) {
    if (hi == std::numeric_limits<long long>::max()) return "at least " + std::to_string(lo);
    return "from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::string because(const std::string& why) { return why.empty() ? "" : " (" + why + ")"; }

} // namespace

std::string NumberRange::describe() const {
    const bool no_hi = hi == std::numeric_limits<double>::infinity();
    if (no_hi) return (lo_open ? "greater than " : "at least ") + num(lo);
    if (!lo_open && !hi_open) return "from " + num(lo) + " to " + num(hi);
    return std::string(lo_open ? "greater than " : "at least ") + num(lo) + (hi_open ? " and less than " : " and at most ") +
           num(hi);
}

long long Args::getInt(const std::string& name, long long def, long long lo, long long hi, const std::string& why) const {
    auto it = values_.find(name);
    if (it == values_.end()) return def;
    const std::string& t = it->second;
    const std::string wanted = "option '--" + name + "' must be an integer " + intRange(lo, hi) + because(why) +
                               ", got '" + t + "'";
    // Digits only (an optional sign): no spaces, no "1e3", no "0x10"; then range-checked as
    // long long, so 5000000000 stays 5000000000 and a longer number is out of range, not wrapped.
    const size_t start = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : 0;
    if (t.size() == start || t.find_first_not_of("0123456789", start) != std::string::npos) throw UsageError(wanted);
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(t.c_str(), &end, 10);
    if (errno == ERANGE || v < lo || v > hi) throw UsageError(wanted);
    return v;
}

double Args::getDouble(const std::string& name, double def, const NumberRange& r, const std::string& why) const {
    auto it = values_.find(name);
    if (it == values_.end()) return def;
    const std::string& t = it->second;
    const std::string wanted = "option '--" + name + "' must be a number " + r.describe() + because(why) + ", got '" +
                               t + "'";
    if (t.empty() || std::isspace(static_cast<unsigned char>(t[0]))) throw UsageError(wanted);
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v)) throw UsageError(wanted);
    const bool below = r.lo_open ? !(v > r.lo) : !(v >= r.lo);
    const bool above = r.hi_open ? !(v < r.hi) : !(v <= r.hi);
    if (below || above) throw UsageError(wanted);
    return v;
}

std::string usageFor(const std::string& command, const std::vector<OptionSpec>& spec) {
    auto shown = [](const OptionSpec& o) { return "--" + o.name + (o.takes_value ? " VALUE" : ""); };
    std::string s = "usage: prunebench-cli " + command;
    size_t width = 0;
    for (const auto& o : spec) {
        width = std::max(width, shown(o).size());
        if (o.required) s += " --" + o.name + (o.takes_value ? " VALUE" : "");
    }
    s += " [options]\n";
    for (const auto& o : spec)  // one column for every help text, required options marked
        s += "  " + shown(o) + std::string(width + 2 - shown(o).size(), ' ') + (o.required ? "(required) " : "") +
             o.help + "\n";
    return s;
}

void markRequired(std::vector<OptionSpec>& spec, const std::vector<std::string>& names) {
    for (const auto& n : names) {
        auto it = std::find_if(spec.begin(), spec.end(), [&](const OptionSpec& o) { return o.name == n; });
        if (it == spec.end()) throw std::logic_error("markRequired: no option --" + n);
        it->required = true;
    }
}

} // namespace pbcli
