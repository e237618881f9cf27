#pragma once
// Minimal, strict option parsing for prunebench-cli: "--name value" and "--flag".
// Unknown options and missing values are usage errors with one clear line.
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
};

class Args {
public:
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& spec);
    bool has(const std::string& name) const;
    std::string get(const std::string& name, const std::string& def = "") const;
    std::string required(const std::string& name) const;
    long long getInt(const std::string& name, long long def) const;
    double getDouble(const std::string& name, double def) const;

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
};

std::string usageFor(const std::string& command, const std::vector<OptionSpec>& spec);

} // namespace pbcli
