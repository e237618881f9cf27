// The streamed scorers refuse what they cannot score with one line each, before any block
// is loaded: a criterion not streamed at that depth, and token ids outside the vocabulary.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "core/prune/calibration.h"
#include "core/stream/streamed_model.h"
#include "core/util/error.h"

namespace {

const std::filesystem::path kTinyLlama = std::filesystem::path(PB_FIXTURE_DIR) / "models" / "tiny_llama";

// The message of the pb::Error that f throws; "" when it throws none.
template <typename F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(StreamedScoring, RefusesCriteriaAndIdsBeforeAnyPass) {
    pb::StreamedModel s(kTinyLlama);
    const int64_t vocab = s.config().vocab;
    const pb::Calibration fine{torch::randint(0, vocab, {2, 8}, torch::kInt64)};                 // [N, T]
    const pb::Calibration too_high{torch::full({2, 8}, vocab, torch::TensorOptions(torch::kInt64))};  // [N, T]
    pb::ScoreOptions o;

    o.criterion = pb::Criterion::L1;  // needs no activations: not a streamed width criterion
    const std::string width = errorOf([&] { s.scoreWidth(fine, o); });
    EXPECT_NE(width.find("criterion 'l1' is not streamed (streamed width criteria: "), std::string::npos) << width;

    o.criterion = pb::Criterion::WandaSp;  // a width criterion asked of the block scorer
    const std::string block = errorOf([&] { s.scoreBlocks(fine, o); });
    EXPECT_NE(block.find("is not streamed (streamed block criteria: "), std::string::npos) << block;

    const std::string ids = errorOf([&] { s.scoreWidth(too_high, o); });
    EXPECT_EQ(ids, "token id out of range for vocabulary of " + std::to_string(vocab));
    o.criterion = pb::Criterion::BlockBi;
    EXPECT_EQ(errorOf([&] { s.scoreBlocks(too_high, o); }), ids);

    EXPECT_EQ(s.stats().passes, 0);  // every refusal came before a block was read
    EXPECT_EQ(s.stats().blocks_loaded, 0);
}
