#pragma once
// A model run layer by layer from its file, never whole in memory: perplexity (of the
// model or of a pruned plan applied on the fly) and the forward-only criteria — Wanda-sp
// and FLAP (width), Block Influence and block PPL (depth) — on models larger than the
// device's memory and than RAM. Each pass loads every block once (block PPL too: every
// "without block j" variant advances in the same pass, sharing the prefix before j).
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
};

// What the passes so far cost.
struct StreamStats {
    int64_t passes = 0;            // times every block was loaded
    int64_t blocks_loaded = 0;
    uint64_t bytes_copied = 0;     // file bytes moved to the device
    double load_seconds = 0.0;     // copying + dequantizing
    double seconds = 0.0;          // wall time of the passes
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
    // wanda_sp or flap. Throws for criteria that need gradients or the whole model at once.
    WidthScores scoreWidth(const Calibration& calib, const ScoreOptions& options, const ProgressFn& progress = {});
    // block_bi or block_ppl.
    BlockScores scoreBlocks(const Calibration& calib, const ScoreOptions& options, const ProgressFn& progress = {});

    // Criteria the streamed passes compute (the catalogue's `streamed` rows).
    static bool streams(Criterion criterion);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace pb
