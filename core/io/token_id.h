#pragma once
// The one range check for token ids read from any file: ids are 32-bit and below the
// vocabulary (or embedding) size. A value that does not fit is refused, never truncated
// (2^32 + 5 must not become 5).
#include <cstdint>
#include <string>

#include "core/io/limits.h"

namespace pb {

// `value` read from `where` (e.g. "gguf '/m.gguf': key 'tokenizer.ggml.bos_token_id'") as an
// id in [0, bound); bound is capped at limits::kMaxVocab. Throws pb::FormatError
// "<where> = <value> is not a token id: allowed 0 to <bound-1>".
int32_t checkTokenId(uint64_t value, int64_t bound, const std::string& where);
int32_t checkTokenId(int64_t value, int64_t bound, const std::string& where);

} // namespace pb
