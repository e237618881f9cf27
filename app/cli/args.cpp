#include "app/cli/args.h"

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

long long Args::getInt(const std::string& name, long long def) const {
    auto it = values_.find(name);
    if (it == values_.end()) return def;
    try {
        size_t pos = 0;
        long long v = std::stoll(it->second, &pos);
        if (pos != it->second.size()) throw std::invalid_argument("trailing");
        return v;
    } catch (const std::exception&) {
        throw UsageError("option '--" + name + "' needs an integer, got '" + it->second + "'");
    }
}

double Args::getDouble(const std::string& name, double def) const {
    auto it = values_.find(name);
    if (it == values_.end()) return def;
    try {
        size_t pos = 0;
        double v = std::stod(it->second, &pos);
        if (pos != it->second.size()) throw std::invalid_argument("trailing");
        return v;
    } catch (const std::exception&) {
        throw UsageError("option '--" + name + "' needs a number, got '" + it->second + "'");
    }
}

std::string usageFor(const std::string& command, const std::vector<OptionSpec>& spec) {
    std::string s = "usage: prunebench-cli " + command + " [options]\n";
    for (const auto& o : spec)
        s += "  --" + o.name + (o.takes_value ? " VALUE" : "") + std::string(o.name.size() < 14 ? 14 - o.name.size() : 1, ' ') +
             o.help + "\n";
    return s;
}

} // namespace pbcli
