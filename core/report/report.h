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
};

struct PerplexitySummary {
    std::string text; // what was measured on ("demo:moby-dick", a path)
    int64_t windows = 0, seq_len = 0;
    double before = 0.0, after = 0.0;
};

struct SweepRow {
    std::string criterion;
    std::string kind; // "width", "depth" or "dense"
    double target = 0.0, removed_fraction = 0.0;
    int64_t params = 0;
    double ppl = 0.0;
    std::vector<int64_t> dropped_blocks;
    std::string error; // the point could not be built
};

struct SweepSummary {
    std::string text;
    int64_t windows = 0, seq_len = 0;
    std::vector<SweepRow> rows; // the dense baseline first, as pb::sweep gives it
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
    // The line shown when charts are SVG only (no rasteriser); empty: a generic line.
    std::string no_png_note;
};

// Turns an SVG file into a PNG file; false when it could not.
using Rasteriser = std::function<bool(const std::string& svg_path, const std::string& png_path)>;

ModelSummary summarizeModel(const ModelConfig& config, const std::string& source);
// Per-layer widths of `original` before and after `plan` (dropped blocks marked).
std::vector<LayerWidths> layerWidths(const ModelConfig& original, const PruningPlan& plan);

// The Markdown text. charts: (title, file name) per chart, in order; notes: lines shown
// under the charts (points left out, no PNG).
struct ChartFile {
    std::string id, title, file; // file: relative to the Markdown
    std::vector<std::string> notes;
};
std::string reportMarkdown(const ReportData& data, const std::vector<ChartFile>& charts,
                           const std::vector<std::string>& notes);

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
std::vector<std::string> writeReport(const std::string& path, const ReportData& data,
                                     const Rasteriser& rasterise = {},
                                     const std::vector<SourcePath>& other_sources = {});

} // namespace pb::report
