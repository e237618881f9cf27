#pragma once
// Minimal, strict option parsing for prunebench-cli: "--name value" and "--flag".
// Unknown options and missing values are usage errors with one clear line.
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace pbcli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string name;   // without "--"
    bool takes_value = true;
    std::string help;
    bool required = false;  // shown in the usage line and marked in the help (checked by Args::required)
};

// Marks the named options of spec as required (for the help); throws std::logic_error on a
// name the spec does not have.
void markRequired(std::vector<OptionSpec>& spec, const std::vector<std::string>& names);

// A range for a floating-point option; open ends exclude the bound (e.g. (0, 1)).
struct NumberRange {
    double lo, hi;
    bool lo_open = false, hi_open = false;
    std::string describe() const;  // "from 0 to 1", "greater than 0 and less than 1", "at least 0"
};

// The largest integer that fits T (for ranges that follow a field's type).
template <class T>
constexpr long long maxOf() { return static_cast<long long>(std::numeric_limits<T>::max()); }

class Args {
public:
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& spec);
    bool has(const std::string& name) const;
    std::string get(const std::string& name, const std::string& def = "") const;
    std::string required(const std::string& name) const;
    // Every numeric option is read through these two, with its allowed range. The text is
    // parsed in the widest type and checked there, before any narrowing; outside the range
    // (or not a number, NaN, infinite) is a UsageError naming the option and the range:
    //   option '--iterative-steps' must be an integer from 1 to 100 (why), got '5000000000'
    // The default `def` is returned as is when the option is absent.
    long long getInt(const std::string& name, long long def, long long lo, long long hi,
                     const std::string& why = "") const;
    double getDouble(const std::string& name, double def, const NumberRange& range, const std::string& why = "") const;

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
};

std::string usageFor(const std::string& command, const std::vector<OptionSpec>& spec);

} // namespace pbcli
