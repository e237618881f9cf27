#pragma once
// The JSON form of the result types (core/report/results.h): what --json prints. Torch-free.
#include <nlohmann/json_fwd.hpp>

#include "core/report/results.h"

namespace pb {

// criterion, kind, target, removed_fraction, params, ppl, score_seconds, eval_seconds,
// dropped_blocks, and error when there is one.
nlohmann::json toJson(const SweepPoint& p);
// ok, params, macs, blocks, removed_fraction, latency_ratio, ppl, ppl_seconds, generation,
// tokens_per_s, plan (pruned variants), or ok = false and error.
nlohmann::json toJson(const CompareVariant& v, bool with_plan);
// target_fraction, original, width, depth.
nlohmann::json toJson(const CompareResult& r);

} // namespace pb
