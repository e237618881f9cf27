#include "core/report/results_json.h"

#include <nlohmann/json.hpp>

namespace pb {

nlohmann::json toJson(const SweepPoint& p) {
    nlohmann::json j = {{"criterion", p.criterion}, {"kind", p.kind()},
                        {"target", p.target}, {"removed_fraction", p.removed_fraction}, {"params", p.params},
                        {"ppl", p.ppl}, {"score_seconds", p.score_seconds}, {"eval_seconds", p.eval_seconds},
                        {"dropped_blocks", p.dropped_blocks}};
    if (!p.error.empty()) j["error"] = p.error;
    return j;
}

nlohmann::json toJson(const CompareVariant& v, bool with_plan) {
    if (!v.ok) return {{"ok", false}, {"error", v.error}};
    nlohmann::json j = {{"ok", true}, {"params", v.params}, {"macs", v.macs}, {"blocks", v.blocks},
                        {"removed_fraction", v.removed_fraction}, {"latency_ratio", v.latency_ratio},
                        {"ppl", v.ppl}, {"ppl_seconds", v.ppl_seconds}, {"generation", v.generation},
                        {"tokens_per_s", v.tokens_per_s}};
    if (with_plan) j["plan"] = v.plan.toJson();
    return j;
}

nlohmann::json toJson(const CompareResult& r) {
    return {{"target_fraction", r.target_fraction}, {"original", toJson(r.original, false)},
            {"width", toJson(r.width, true)}, {"depth", toJson(r.depth, true)}};
}

} // namespace pb
