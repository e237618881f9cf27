#pragma once
// A plan's pruned model written straight from a GGUF source, without loading it: the
// streamed counterpart of exportGguf for models larger than memory (prunebench-cli stream
// --work prune --out). What each tensor keeps is the dependency graph's (core/graph/plan_cut),
// the in-memory applier's cut. Tensors keep their ggml type and, wherever the cut allows,
// their bytes: dropped blocks are skipped and the rest renumbered, whole heads and MLP channels
// are whole rows (Q/K's interleaved RoPE order stays inside each head), and o_proj
// columns of whole heads are whole blocks. Only columns that cut through quantization
// blocks (down_proj's MLP channels) are dequantized and re-quantized, row by row, in the
// source type (F16 where that type cannot be written). Per-layer widths are written as
// arch "deci" (core/export/gguf_export.h). No torch here.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/plan/plan.h"
#include "core/util/output_path.h"
#include "core/util/progress.h"

namespace pb {

struct PrunedGgufResult {
    std::filesystem::path file;
    uint64_t bytes = 0;
    int64_t parameters = 0;
    std::string architecture;
    int copied_tensors = 0;       // bytes as in the source (whole or by rows/blocks)
    int requantized_tensors = 0;  // dequantized, cut and quantized again
    std::vector<std::string> notes;
};

// Refuses (pb::Error, nothing written) a plan that is not resolved, cuts hidden channels or
// does not fit; a target inside the source's folder; too little disk space. Writes a
// temporary file, reads it back with the strict reader, then renames it.
// `other_sources`: the run's plan/texts, which the output may not touch either (output_path.h).
PrunedGgufResult writePrunedGguf(const std::filesystem::path& source, const PruningPlan& plan,
                                 const std::filesystem::path& out, const ProgressFn& progress = {},
                                 const std::vector<SourcePath>& other_sources = {});

} // namespace pb
