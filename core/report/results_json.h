#pragma once
// The JSON form of the result types (core/report/results.h): what --json prints, and the
// reader of a sweep file (the GUI's overlay chart). Torch-free. Numbers that were not
// measured (NaN) are written as null and read back as NaN.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/report/results.h"

namespace pb {

// criterion, kind, target, removed_fraction, params, ppl, score_seconds, eval_seconds,
// dropped_blocks, and error when there is one.
nlohmann::json toJson(const SweepPoint& p);
// ok, params, macs, blocks, removed_fraction, latency_ratio, ppl, ppl_seconds, generation,
// tokens_per_s, plan (pruned variants), or ok = false and error.
nlohmann::json toJson(const CompareVariant& v, bool with_plan);
// label, params, blocks, device, device_name, dtype, threads, shape_key, context, new_tokens,
// prefill_ms, decode_ms, decode_tokens_per_s, prefill / decode [{batch, context, ms,
// tokens_per_s, cached}], measured_points, cached_points, seconds, (error). NaN: null.
nlohmann::json toJson(const LatencyProfile& p);
// target_fraction, original, width, depth.
nlohmann::json toJson(const CompareResult& r);
// task, n, acc, acc_stderr, acc_ci95 [lo, hi] (Wilson, core/evalzs/stats.h), (acc_norm,
// acc_norm_stderr, acc_norm_ci95), interval "wilson", seconds, and the per-item answers as
// strings of 0/1 (correct, correct_norm) when known: what paired tests read back.
nlohmann::json toJson(const TaskMetrics& t);

// kind, criterion, target, removed_fraction, params, ppl, relative_ppl, ppl_recovered,
// zero_shot_acc, zero_shot_acc_recovered, tasks, tasks_recovered, prefill_tokens_per_s,
// decode_tokens_per_s, recover_seconds, dropped_blocks, plan (pruned rows), error.
nlohmann::json toJson(const SizeRow& r);
// name, source, family, params, layers, hidden, windows, seconds, points, rows, error.
nlohmann::json toJson(const ModelSweep& m);
// The settings (text, windows, calibration, recovery, tasks, speed, device, fractions,
// criteria) and "models": one object per model.
nlohmann::json toJson(const SizeSweepResult& r);

// A sweep read back: the cross-size form above, or a one-model sweep (`sweep --model
// --json`: {"model", "points"}), which becomes one model named by its "model" field or,
// without one, `fallback_name`. Plans are not read back. Throws pb::Error naming `where`
// and the field.
SizeSweepResult sizeSweepFromJson(const nlohmann::json& j, const std::string& where,
                                  const std::string& fallback_name = "model");
// The same from a file (a regular JSON file; one line naming the file on any problem).
SizeSweepResult readSweepFile(const std::filesystem::path& path);
// The tasks of `eval --json` ({"tasks": [...]}, or the array alone), per-item answers included
// when the file has them. Throws pb::Error naming the file and the field.
std::vector<TaskMetrics> readEvalFile(const std::filesystem::path& path);

} // namespace pb
