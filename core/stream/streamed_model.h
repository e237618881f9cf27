#pragma once
// A model run layer by layer from its file, never whole in memory: perplexity (of the
// model or of a pruned plan applied on the fly), the forward-only criteria — Wanda-sp
// and FLAP (width), Block Influence and block PPL (depth) — and the gradient criteria
// (the Taylor family, fusion, block Taylor: core/stream/streamed_backward.h) on models
// larger than the device's memory and than RAM. Each pass loads every block once (block
// PPL too: every "without block j" variant advances in the same pass, sharing the prefix
// before j); a gradient criterion takes a forward and a backward pass.
// Results equal the in-memory paths (core/eval, core/prune) up to float rounding.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/eval/perplexity.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace pb {

class Tokenizer;

struct StreamOptions {
    std::string device = "cpu";  // cpu | cuda | cuda:N
    std::string dtype = "f32";   // f32 | bf16 | f16 (GPU)
    bool read_ahead = true;      // read block i+1 from the file while block i computes
    // Where the backward pass of the gradient criteria keeps each block's input hidden states:
    // "device", "host" (pinned host memory when the device is a GPU), or "auto" (the device
    // when they take at most half of its free memory, else the host).
    std::string activations = "auto";
};

// What the passes so far cost.
struct StreamStats {
    int64_t passes = 0;            // times every block was loaded
    int64_t blocks_loaded = 0;
    uint64_t bytes_copied = 0;     // file bytes moved to the device
    double load_seconds = 0.0;     // copying + dequantizing
    double seconds = 0.0;          // wall time of the passes
    // The last gradient criterion's saved block inputs: "device" or "host" (empty: none yet).
    std::string activations;
    uint64_t activation_bytes = 0;
};

class StreamedModel {
public:
    // Opens the file (GGUF or Hugging Face folder): config and tokenizer, the embedding,
    // final norm and lm_head on the device; no block yet. Throws pb::Error.
    StreamedModel(const std::filesystem::path& path, const StreamOptions& options = {});
    ~StreamedModel();
    StreamedModel(const StreamedModel&) = delete;
    StreamedModel& operator=(const StreamedModel&) = delete;

    const ModelConfig& config() const;
    const Tokenizer& tokenizer() const;
    uint64_t fileBytes() const;  // size of the GGUF file (0 for a folder)
    const StreamStats& stats() const;

    // LLM-Pruner's protocol (core/eval/perplexity). With a resolved plan: the pruned model's
    // (dropped blocks skipped, kept rows/columns cut as each block arrives).
    PerplexityResult perplexity(const std::vector<int32_t>& ids, const PerplexityOptions& options,
                                const PruningPlan* plan = nullptr, const ProgressFn& progress = {});
    // wanda_sp, flap (one pass), taylor_vector, taylor_element1, taylor_element2, taylor_mix
    // (a forward and a backward pass) or fusion (those two, then one forward pass testing every
    // layer's mixes). Throws for criteria that need the whole model at once.
    WidthScores scoreWidth(const Calibration& calib, const ScoreOptions& options, const ProgressFn& progress = {});
    // block_bi, block_ppl (one pass) or block_taylor (a forward and a backward pass).
    BlockScores scoreBlocks(const Calibration& calib, const ScoreOptions& options, const ProgressFn& progress = {});

    // Criteria the streamed passes compute (the catalogue's `streamed` rows).
    static bool streams(Criterion criterion);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace pb
