#pragma once
// The calibration's token ids and its draw, apart from makeCalibration, so that a caller can
// count the text's tokens once and say when the samples overlap (calibration.h is included by
// many files; this one by the few that need the count).
#include <cstdint>
#include <string>
#include <vector>

#include "core/prune/calibration.h"

namespace pb {

class Tokenizer;

// The ids a calibration is drawn from: the text encoded without special tokens.
std::vector<int32_t> calibrationIds(const Tokenizer& tokenizer, const std::string& text);

// `samples` windows of `seq_len` ids at seeded random offsets (makeCalibration's draw).
// Throws pb::Error when there are fewer ids than one sample.
Calibration calibrationFromIds(const std::vector<int32_t>& ids, int64_t samples, int64_t seq_len, uint64_t seed = 0);

// A one-line warning when `tokens` is fewer than samples × seq_len (the samples then overlap),
// naming the text; "" otherwise.
std::string calibrationOverlapWarning(int64_t tokens, int64_t samples, int64_t seq_len, const std::string& text_name);

} // namespace pb
