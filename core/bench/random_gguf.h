#pragma once
// A random-weight model of a benchmark shape written to disk as a GGUF file, for the
// streamed (bigger than memory) runs: Q4_0 blocks with uniform random 4-bit values and
// a scale that gives weights of standard deviation ~0.02, F32 norms of 1, and a real
// tokenizer copied from another model so that real text can be scored. The bytes are
// generated in parallel as the file is written; nothing model-sized is held in memory.
// No torch here.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/arch/model_config.h"
#include "core/util/progress.h"

namespace pb {

struct RandomGgufOptions {
    std::string dtype = "q4_0";             // 2-D weights: q4_0, q8_0 or f16
    std::filesystem::path tokenizer_from;   // a GGUF file or HF folder whose tokenizer is embedded
    uint64_t seed = 0;
};

struct RandomGgufResult {
    std::filesystem::path file;
    uint64_t bytes = 0;
    int64_t parameters = 0;
    double seconds = 0.0;
};

// Writes atomically (temporary file + rename) after a disk-space check. Throws pb::Error
// (the tokenizer's vocabulary larger than config.vocab, no space, I/O) or pb::Cancelled.
RandomGgufResult writeRandomGguf(const ModelConfig& config, const std::filesystem::path& out,
                                 const RandomGgufOptions& options, const ProgressFn& progress = {});

} // namespace pb
