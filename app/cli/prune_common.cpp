#include "app/cli/prune_common.h"

#include <cstdio>

#include "app/cli/commands.h"
#include "core/data/assets.h"
#include "core/plan/criteria.h"

namespace pbcli {

std::vector<OptionSpec> calibrationOptions() {
    return {{"calib", true, "calibration text: file, demo:sotu or demo:moby-dick"},
            {"samples", true, "calibration samples (default 10)"},
            {"seq-len", true, "tokens per calibration sample (default 128)"},
            {"seed", true, "seed for sample positions and the random criterion (default 0)"}};
}

std::vector<OptionSpec> scoringOptions() {
    return {{"criterion", true, "width: " + pb::criterionList(false) + "; depth: " + pb::criterionList(true)},
            {"aggregation", true, "sum (default), mean, max, prod, last"},
            {"batch", true, "calibration samples per forward/backward pass (default 2)"},
            {"sleb-steps", true, "SLEB: blocks in the removal order (default: a quarter)"}};
}

pb::Calibration calibrationFromArgs(const Args& args, const pb::LoadedModel& m) {
    return calibrationFromArgs(args, *m.tokenizer);
}

pb::Calibration calibrationFromArgs(const Args& args, const pb::Tokenizer& tokenizer) {
    const std::string text = pb::assets::loadText(args.required("calib"));
    const long long n = args.getInt("samples", 10), len = args.getInt("seq-len", 128);
    if (n < 1) throw UsageError("--samples must be at least 1");
    if (len < 2) throw UsageError("--seq-len must be at least 2");
    auto c = pb::makeCalibration(tokenizer, text, n, len, static_cast<uint64_t>(args.getInt("seed", 0)));
    std::fprintf(stderr, "calibration: %lld samples x %lld tokens from %s\n", n, len, args.required("calib").c_str());
    return c;
}

pb::ScoreOptions scoreOptionsFromArgs(const Args& args) {
    pb::ScoreOptions o;
    o.criterion = args.get("criterion", o.criterion);
    o.aggregation = args.get("aggregation", o.aggregation);
    o.batch = args.getInt("batch", o.batch);
    o.seed = static_cast<uint64_t>(args.getInt("seed", 0));
    o.sleb_steps = args.getInt("sleb-steps", 0);
    if (!pb::findCriterion(o.criterion))
        throw UsageError("unknown criterion '" + o.criterion + "' (width: " + pb::criterionList(false) +
                         "; depth: " + pb::criterionList(true) + ")");
    if (o.batch < 1) throw UsageError("--batch must be at least 1");
    return o;
}

std::pair<int, int> parseLayerRange(const std::string& s, int64_t n) {
    const auto dash = s.find('-');
    try {
        if (dash == std::string::npos) throw std::invalid_argument("no dash");
        const int a = std::stoi(s.substr(0, dash)), b = std::stoi(s.substr(dash + 1));
        if (a < 0 || b < a || b >= n) throw std::out_of_range("range");
        return {a, b};
    } catch (const std::exception&) {
        throw UsageError("--layers must be A-B with 0 <= A <= B < " + std::to_string(n) + ", got '" + s + "'");
    }
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t comma = s.find(',', start);
        std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::vector<double> parseNumbers(const std::string& s, const std::string& option) {
    std::vector<double> out;
    for (const auto& item : splitList(s)) {
        try {
            size_t pos = 0;
            out.push_back(std::stod(item, &pos));
            if (pos != item.size()) throw std::invalid_argument("trailing");
        } catch (const std::exception&) {
            throw UsageError("--" + option + " needs numbers separated by commas, got '" + item + "'");
        }
    }
    if (out.empty()) throw UsageError("--" + option + " is empty");
    return out;
}

} // namespace pbcli
