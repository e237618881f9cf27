#include "app/cli/prune_common.h"
#include "app/cli/progress_line.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/enum_args.h"
#include "app/cli/option_limits.h"
#include "core/data/assets.h"
#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/prune/calibration_draw.h"

namespace pbcli {

std::vector<OptionSpec> calibrationOptions() {
    return {{"calib", true, "calibration text: file, folder of .txt files, demo:sotu or demo:moby-dick"},
            {"samples", true, "calibration samples (default " + std::to_string(pb::defaults::kCalibrationSamples) + ")"},
            {"seq-len", true,
             "tokens per calibration sample (default " + std::to_string(pb::defaults::kCalibrationSeqLen) + ")"},
            {"seed", true, "seed for sample positions and the random criterion (default 0)"}};
}

std::vector<OptionSpec> scoringOptions() {
    return {{"criterion", true, criterionHelp()},
            {"aggregation", true, aggregationHelp()},
            {"batch", true, "calibration samples per forward/backward pass (default 2)"},
            {"sleb-steps", true, "SLEB: blocks in the removal order (default: a quarter)"}};
}

pb::Calibration calibrationFromArgs(const Args& args, const pb::LoadedModel& m) {
    return calibrationFromArgs(args, *m.tokenizer);
}

pb::Calibration calibrationFromArgs(const Args& args, const pb::Tokenizer& tokenizer) {
    const std::string text = pb::assets::loadText(args.required("calib"));
    const long long n = args.getInt("samples", pb::defaults::kCalibrationSamples, 1, limits::kSamples);
    const long long len = args.getInt("seq-len", pb::defaults::kCalibrationSeqLen, 2, limits::kSeqLen);
    const uint64_t seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
    const std::vector<int32_t> ids = pb::calibrationIds(tokenizer, text);  // counted once, drawn from below
    auto c = pb::calibrationFromIds(ids, n, len, seed);
    std::fprintf(stderr, "calibration: %lld samples x %lld tokens from %s\n", n, len, args.required("calib").c_str());
    if (const std::string w = pb::calibrationOverlapWarning(int64_t(ids.size()), n, len, args.required("calib")); !w.empty())
        std::fprintf(stderr, "%s\n", w.c_str());
    return c;
}

pb::ScoreOptions scoreOptionsFromArgs(const Args& args) {
    pb::ScoreOptions o;
    o.criterion = criterionArg(args, o.criterion);
    o.aggregation = aggregationArg(args);
    o.batch = args.getInt("batch", o.batch, 1, limits::kBatch);
    o.seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
    o.sleb_steps = args.getInt("sleb-steps", 0, 0, 100000);
    o.world = &worldFor(args);  // the world of one unless --distributed joined ranks
    return o;
}

pb::ProgressFn stepProgress(const int& steps) {
    return progressPrinter(5, [&steps](double f) {
        if (steps <= 1) return std::string();
        const int step = std::clamp(int(f * steps) + 1, 1, steps);
        return "step " + std::to_string(step) + " of " + std::to_string(steps) + ": ";
    });
}

std::pair<int, int> parseLayerRange(const std::string& s, int64_t n) {
    const auto dash = s.find('-');
    try {
        if (dash == std::string::npos) throw std::invalid_argument("no dash");
        const std::string sa = s.substr(0, dash), sb = s.substr(dash + 1);
        for (const std::string& part : {sa, sb})
            if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos)
                throw std::invalid_argument("not a block number");
        const int a = std::stoi(sa), b = std::stoi(sb);
        if (a < 0 || b < a || b >= n) throw std::out_of_range("range");
        return {a, b};
    } catch (const std::exception&) {
        throw UsageError("--layers must be A-B with 0 <= A <= B < " + std::to_string(n) + ", got '" + s + "'");
    }
}

void biasCompensationArg(const Args& args, pb::PruningPlan& plan) {
    if (!args.has("bias-compensation")) return;
    const std::string v = args.get("bias-compensation");
    if (v != "on" && v != "off") throw UsageError("--bias-compensation must be on or off, got '" + v + "'");
    plan.bias_compensation = v == "on";
}

OptionSpec biasCompensationOption() {
    return {"bias-compensation", true,
            "on | off: fold the calibration mean of the removed input channels of o_proj/down_proj into their bias "
            "(FLAP; default on for flap, off for the other criteria)"};
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

std::vector<double> parseNumbers(const std::string& s, const std::string& option, const NumberRange& range) {
    std::vector<double> out;
    for (const auto& item : splitList(s)) {
        // Each item through the same check as a single numeric option (finite, in range).
        const Args one({"--" + option, item}, {{option, true, ""}});
        out.push_back(one.getDouble(option, 0.0, range, "each of a comma-separated list"));
    }
    if (out.empty()) throw UsageError("--" + option + " is empty");
    return out;
}

} // namespace pbcli
