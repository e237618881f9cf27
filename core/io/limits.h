#pragma once
// Limits on what PruneBench reads from untrusted files (GGUF, safetensors, config.json,
// tokenizer.json, plans). Each is checked before anything is allocated for it, and the
// message names the file, the field and the limit. docs/limits.md lists them with the
// reason for each number; keep the two in step.
#include <cstdint>

#include "core/util/input_path.h"  // file sizes: kMaxJsonFileBytes, kMaxTextFileBytes, kMaxModelFileBytes

namespace pb::limits {

// ---- vocabularies and token ids -------------------------------------------------------------
// Token ids are 32-bit in every format; real vocabularies have at most ~262k tokens.
inline constexpr int64_t kMaxVocab = 1 << 24;            // 16,777,216 tokens (and ids below it)
// tokenizer.json may leave ids unused, but not mostly: the highest id must be below the
// number of tokens listed plus this slack (a 20-byte file cannot ask for 16 M empty slots).
inline constexpr int64_t kMaxIdSlack = 1 << 16;          // 65,536
inline constexpr uint64_t kMaxTokenBytes = 1 << 24;      // 16 MiB for one token's text

// ---- JSON files ---------------------------------------------------------------------------
inline constexpr int kMaxJsonDepth = 64;                 // tokenizer.json, config.json, plans
inline constexpr uint64_t kMaxTokenizerJsonBytes = kMaxJsonFileBytes;  // 256 MiB (input_path.h)
inline constexpr uint64_t kMaxConfigJsonBytes = kMaxJsonFileBytes;     // config, tokenizer_config, plan
// A normalizer may grow a text at most this many times (plus kNormalizeSlackBytes), so that
// chained Replace steps cannot turn a short text into gigabytes.
inline constexpr uint64_t kMaxNormalizeGrowth = 16;
inline constexpr uint64_t kNormalizeSlackBytes = 1 << 20;

// ---- GGUF ---------------------------------------------------------------------------------
inline constexpr uint64_t kMaxGgufKv = 1 << 20;              // metadata entries
inline constexpr uint64_t kMaxGgufTensors = 1 << 20;         // tensor infos
inline constexpr uint64_t kMaxGgufArrayElements = 1 << 24;   // all metadata array elements of a file
inline constexpr uint64_t kMaxGgufKeyBytes = 65535;          // metadata key
inline constexpr uint64_t kMaxGgufNameBytes = 63;            // tensor name (ggml: < GGML_MAX_NAME)
inline constexpr uint32_t kMaxGgufDims = 4;                  // tensor rank (ggml: GGML_MAX_DIMS)
inline constexpr uint64_t kMaxGgufStringBytes = kMaxTokenBytes;  // one metadata string / array string

// ---- safetensors --------------------------------------------------------------------------
inline constexpr uint64_t kMaxSafetensorsHeader = 100'000'000;  // the reference MAX_HEADER_SIZE
inline constexpr int kMaxSafetensorsJsonDepth = 16;
inline constexpr uint32_t kMaxSafetensorsRank = 8;
inline constexpr uint64_t kMaxSafetensorsTensors = 1 << 20;

// ---- model dimensions (config.json and GGUF hparams) ---------------------------------------
inline constexpr int64_t kMaxLayers = 100000;
inline constexpr int64_t kMaxHidden = 1 << 20;        // 1,048,576 (largest models: 16,384)
inline constexpr int64_t kMaxFfn = 1 << 22;           // 4,194,304
inline constexpr int64_t kMaxHeads = 1 << 14;         // 16,384 query or KV heads
inline constexpr int64_t kMaxHeadDim = 1 << 14;
inline constexpr int64_t kMaxPositions = 1ll << 31;   // max_position_embeddings, original_max_position
inline constexpr double kMaxRopeTheta = 1e12;
inline constexpr double kMaxRopeFactor = 1e6;

// ---- plans --------------------------------------------------------------------------------
inline constexpr int64_t kMaxIterativeSteps = 100;    // re-scoring rounds (as --iterative-steps)
inline constexpr int64_t kMaxRoundTo = 1 << 16;
inline constexpr int64_t kMaxCalibrationSamples = 1 << 20;
inline constexpr int64_t kMaxSeqLen = 1 << 20;

} // namespace pb::limits
