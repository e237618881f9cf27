#pragma once
// A report written without a GUI: one Markdown file (NAME.md) with every number as
// tables, and the charts as files beside it (NAME-<chart>.svg, plus NAME-<chart>.png
// when the caller can rasterise), linked from the text. Plain data in, files out; no
// Qt, no torch. The CLI fills ReportData from a prune or a sweep.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"
#include "core/report/results.h"
#include "core/util/output_path.h"

namespace pb::report {

struct ModelSummary {
    std::string source; // path of the model file or folder
    std::string family;
    int64_t layers = 0, hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, ffn = 0, vocab = 0;
    int64_t params = 0;
};

// One layer of the original model: its widths before and after the plan.
struct LayerWidths {
    int64_t heads_before = 0, heads_after = 0;
    int64_t kv_heads_before = 0, kv_heads_after = 0;
    int64_t ffn_before = 0, ffn_after = 0;
    bool dropped = false; // the whole block is removed (its "after" widths are 0)
};

struct PlanSummary {
    std::string criterion, aggregation, attention_unit;
    int64_t params_before = 0, params_after = 0;
    int64_t macs_before = 0, macs_after = 0; // per 128-token forward
    double removed_fraction = 0.0;           // of all parameters
    double seconds = 0.0;                    // scoring + pruning
    std::vector<int64_t> dropped_blocks;
    std::vector<LayerWidths> layers; // one per layer of the original model
    // Totals: live blocks (core/plan/block_presence.h liveBlocks) before and after (< 0: the
    // layer count and the dropped blocks, for callers without the configs), the latency estimate
    // (core/plan/latency_estimate.h; < 0: not shown) and the depth plan removing about the same
    // parameters (core/plan/depth_budget.h; < 0: not shown).
    int64_t blocks_before = -1, blocks_after = -1;
    double latency_ratio = -1.0;
    // Measured latency of the original and the pruned shape (core/bench/latency.h); when both
    // are measured they replace the estimate's row.
    LatencyProfile latency_before = {}, latency_after = {};
    int64_t equal_depth_blocks = -1;
    double equal_depth_fraction = 0.0;
};

struct PerplexitySummary {
    std::string text; // what was measured on ("demo:moby-dick", a path)
    int64_t windows = 0, seq_len = 0;
    double before = 0.0, after = 0.0;
};


struct SweepSummary {
    std::string text;
    int64_t windows = 0, seq_len = 0;
    std::vector<SweepPoint> rows; // the dense baseline first, as pb::sweep gives it
    // sweep --recover-steps (one model): every point after LoRA (core/prune/size_sweep.h
    // recoverSweepPoints), dense first; empty: none.
    std::vector<SizeRow> recovered;
    int64_t recover_steps = 0;
};

// A width-vs-depth comparison (core/prune/compare.h) and what it was measured on.
struct ComparisonSummary {
    std::string text;  // perplexity text
    int64_t windows = 0, seq_len = 128;
    std::string prompt;
    CompareResult result;
};

// LoRA recovery of the pruned model, and zero-shot accuracy without / with the adapters.
struct RecoverySummary {
    int64_t steps = 0, rank = 0;
    double alpha = 0.0, lr = 0.0;
    double val_before = 0.0, val_after = 0.0, train_final = 0.0;
    double seconds = 0.0;
    std::vector<TaskMetrics> before, after;
};

// Measured latency (core/bench/latency.h) of the original and the pruned shapes: the
// headline figures, prefill time over context lengths and decode speed over batch sizes.
struct LatencySummary {
    std::vector<LatencyProfile> profiles;  // the original first
};

struct BlockScoresSummary {
    std::string criterion;
    std::vector<double> scores; // per layer, higher = more important
};

struct ReportData {
    std::string title = "PruneBench report";
    std::string command; // how it was made, shown verbatim ("prunebench-cli prune ...")
    ModelSummary model;
    std::optional<PlanSummary> plan;
    std::optional<PerplexitySummary> ppl;
    std::optional<BlockScoresSummary> blocks;
    std::optional<SweepSummary> sweep;
    std::optional<ComparisonSummary> comparison;
    std::optional<RecoverySummary> recovery;
    std::optional<LatencySummary> latency;
    // The cross-size width-vs-depth table (sweep --models): its own models table replaces
    // the one-model section when `model.source` is empty.
    std::optional<SizeSweepResult> sizes;
    // The line shown when charts are SVG only (no rasteriser); empty: a generic line.
    std::string no_png_note;
    // Draw the charts of the data (widths, block scores, perplexity, sweep) as SVG; false
    // when the caller brings its own (CallerChart).
    bool data_charts = true;
};

// A chart the caller draws itself (the GUI's Qt charts, as PNG): written as
// NAME-<id>.<extension> beside the report through `write`, under the same output rule, and
// shown in a "Charts" section at the end.
struct CallerChart {
    std::string id, title;
    std::string extension = "png";
    std::function<bool(const std::string& path)> write;  // false: could not write
};

// Turns an SVG file into a PNG file; false when it could not.
using Rasteriser = std::function<bool(const std::string& svg_path, const std::string& png_path)>;

ModelSummary summarizeModel(const ModelConfig& config, const std::string& source);
// Per-layer widths of `original` before and after `plan` (dropped blocks marked).
std::vector<LayerWidths> layerWidths(const ModelConfig& original, const PruningPlan& plan);

// The Markdown text. charts: (title, file name) per chart, in order; notes: lines shown
// under the charts (points left out, no PNG). caller_charts: shown under "Charts" at the end.
struct ChartFile {
    std::string id, title, file; // file: relative to the Markdown
    std::vector<std::string> notes;
};
std::string reportMarkdown(const ReportData& data, const std::vector<ChartFile>& charts,
                           const std::vector<std::string>& notes,
                           const std::vector<ChartFile>& caller_charts = {});

// Throws pb::Error when `path` names no file or breaks the output rule
// (core/util/output_path.h) for the model `source` (empty: none) or for `sources`.
void checkReportPath(const std::string& path, const std::string& source);
void checkReportPath(const std::string& path, const std::vector<SourcePath>& sources);

// Writes `path` (NAME.md) and the charts beside it, each file atomically; the folder is
// created when missing (checkReportPath first). With a rasteriser each chart also becomes a PNG and the text
// links the PNGs; without one it links the SVGs and says why. Returns the files written (the Markdown last).
// Throws pb::Error.
// `other_sources`: the run's plan and texts; the model (data.model.source) is always protected,
// and every chart file is checked too, all before the folder is created.
// `caller_charts` are written after the data charts, before the Markdown; one that fails
// stops the report with pb::Error naming its file.
std::vector<std::string> writeReport(const std::string& path, const ReportData& data,
                                     const Rasteriser& rasterise = {},
                                     const std::vector<SourcePath>& other_sources = {},
                                     const std::vector<CallerChart>& caller_charts = {});

} // namespace pb::report
