#include "core/dist/stage_plan.h"

#include <algorithm>
#include <limits>

#include "core/util/error.h"

namespace pb::dist {

std::string StagePlan::describe() const {
    std::string s;
    for (const auto& r : stages) {
        if (!s.empty()) s += ",";
        s += r.count() == 1 ? std::to_string(r.begin) : std::to_string(r.begin) + "-" + std::to_string(r.end - 1);
    }
    return s;
}

namespace {

// Parameters outside the blocks: the embedding on the first stage, final norm and lm_head on the last.
int64_t embedParams(const ModelConfig& c) { return c.vocab * c.hidden; }
int64_t headParams(const ModelConfig& c) { return c.hidden + c.vocab * c.hidden; }  // a tied lm_head is a copy there

} // namespace

int64_t stageParams(const ModelConfig& c, const StagePlan& plan, int stage) {
    const StageRange& r = plan.stages.at(size_t(stage));
    int64_t p = 0;
    for (int64_t i = r.begin; i < r.end; ++i) p += c.layerParams(size_t(i));
    if (stage == 0) p += embedParams(c);
    if (stage == plan.size() - 1) p += headParams(c);
    return p;
}

StagePlan balancedStages(const ModelConfig& c, int n) {
    const int64_t L = c.numLayers();
    if (n < 1) throw Error("--pipeline-stages must be at least 1 (got " + std::to_string(n) + ")");
    if (n > L)
        throw Error("--pipeline-stages " + std::to_string(n) + " exceeds the model's " + std::to_string(L) +
                    " blocks (each stage holds at least one)");
    // prefix[i]: parameters of blocks [0, i).
    std::vector<int64_t> prefix(size_t(L) + 1, 0);
    for (int64_t i = 0; i < L; ++i) prefix[size_t(i) + 1] = prefix[size_t(i)] + c.layerParams(size_t(i));
    auto cost = [&](int s, int64_t b, int64_t e) {  // stage s holding blocks [b, e)
        int64_t p = prefix[size_t(e)] - prefix[size_t(b)];
        if (s == 0) p += embedParams(c);
        if (s == n - 1) p += headParams(c);
        return p;
    };
    // best[s][e]: the smallest largest stage when stages 0..s hold blocks [0, e); cut[s][e] where stage s begins.
    constexpr int64_t kInf = std::numeric_limits<int64_t>::max();
    std::vector<std::vector<int64_t>> best(size_t(n), std::vector<int64_t>(size_t(L) + 1, kInf));
    std::vector<std::vector<int64_t>> cut(size_t(n), std::vector<int64_t>(size_t(L) + 1, 0));
    for (int64_t e = 1; e <= L; ++e) best[0][size_t(e)] = cost(0, 0, e);
    for (int s = 1; s < n; ++s)
        for (int64_t e = s + 1; e <= L; ++e)
            for (int64_t b = s; b < e; ++b) {
                if (best[size_t(s) - 1][size_t(b)] == kInf) continue;
                const int64_t v = std::max(best[size_t(s) - 1][size_t(b)], cost(s, b, e));
                if (v < best[size_t(s)][size_t(e)]) best[size_t(s)][size_t(e)] = v, cut[size_t(s)][size_t(e)] = b;
            }
    StagePlan plan;
    plan.stages.resize(size_t(n));
    int64_t e = L;
    for (int s = n - 1; s >= 0; --s) {
        const int64_t b = s == 0 ? 0 : cut[size_t(s)][size_t(e)];
        plan.stages[size_t(s)] = {b, e};
        e = b;
    }
    return plan;
}

StagePlan parseStages(const std::string& spec, int64_t layers) {
    StagePlan plan;
    int64_t next = 0;
    size_t pos = 0;
    auto bad = [&](const std::string& entry, const std::string& why) {
        return Error("--stages '" + spec + "': entry '" + entry + "' " + why + " (ranges of blocks 0-" +
                     std::to_string(layers - 1) + " in order, e.g. 0-9,10-19)");
    };
    while (pos <= spec.size()) {
        const size_t comma = std::min(spec.find(',', pos), spec.size());
        const std::string entry = spec.substr(pos, comma - pos);
        pos = comma + 1;
        const size_t dash = entry.find('-');
        auto number = [&](const std::string& s) -> int64_t {
            if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
                throw bad(entry, "is not a block number or a range A-B");
            return std::stoll(s);
        };
        const int64_t a = number(dash == std::string::npos ? entry : entry.substr(0, dash));
        const int64_t b = dash == std::string::npos ? a : number(entry.substr(dash + 1));
        if (b < a) throw bad(entry, "ends before it begins");
        if (b >= layers) throw bad(entry, "goes past the last block, " + std::to_string(layers - 1));
        if (a != next) throw bad(entry, "should begin at block " + std::to_string(next) + (a < next ? " (overlap)" : " (gap)"));
        plan.stages.push_back({a, b + 1});
        next = b + 1;
    }
    if (next != layers)
        throw Error("--stages '" + spec + "' ends at block " + std::to_string(next - 1) + "; the model has blocks 0-" +
                    std::to_string(layers - 1));
    return plan;
}

PipelineLayout pipelineLayout(int world_size, int stages) {
    if (stages < 1) throw Error("a pipeline needs at least one stage");
    if (world_size % stages != 0)
        throw Error("WORLD_SIZE=" + std::to_string(world_size) + " is not a multiple of the " + std::to_string(stages) +
                    " pipeline stages (ranks = stages x data-parallel replicas)");
    return {stages, world_size / stages};
}

} // namespace pb::dist
