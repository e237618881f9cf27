// core/stream/scoring_fit: whether a criterion's in-memory scoring fits beside the loaded
// weights. Forward-only criteria always fit; gradient criteria need a gradient per block
// weight (plus an f32 accumulator for the second-order terms) and the activations, and do not
// fit when less is free; the sentence names both sizes and the device.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/criteria.h"
#include "core/prune/calibration.h"
#include "core/stream/scoring_fit.h"
#include "core/tokenizer/tokenizer.h"

namespace {

std::string text() {
    std::string s;
    for (int k = 0; k < 40; ++k) s += "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. ";
    return s;
}

struct Tiny {
    pb::LoadedModel m = pb::loadModel(std::filesystem::path(PB_FIXTURE_DIR) / "models/tiny_llama");
    pb::Calibration calib = pb::makeCalibration(*m.tokenizer, std::string(4000, 'a') + " the sea and the ship", 4, 16, 1);
};

pb::ScoreOptions with(pb::Criterion c, int64_t batch = 2) {
    pb::ScoreOptions o;
    o.criterion = c;
    o.batch = batch;
    return o;
}

uint64_t blockParams(const pb::ModelConfig& c) {
    uint64_t n = 0;
    for (size_t i = 0; i < c.layers.size(); ++i) n += uint64_t(c.layerParams(i));
    return n;
}

} // namespace

TEST(ScoringFit, ForwardOnlyCriteriaAlwaysFit) {
    Tiny t;
    for (pb::Criterion c : {pb::Criterion::WandaSp, pb::Criterion::Flap, pb::Criterion::BlockBi}) {
        const pb::ScoringFit f = pb::scoringFit(*t.m.model, t.calib, with(c), int64_t(1));
        EXPECT_TRUE(f.fits) << pb::criterionName(c);
        EXPECT_EQ(f.need_bytes, 0u);
    }
}

TEST(ScoringFit, GradientsNeedTheirBufferAndDoNotFitInLess) {
    Tiny t;
    const uint64_t grads = blockParams(t.m.config) * 4;  // f32 model
    // Micro-batches of 2 of the 4 samples: the gradient-buffer path.
    const pb::ScoringFit e1 = pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement1), int64_t(1) << 40);
    const pb::ScoringFit e2 = pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement2), int64_t(1) << 40);
    EXPECT_TRUE(e1.fits);
    EXPECT_GT(e1.need_bytes, grads);
    EXPECT_EQ(e2.need_bytes, e1.need_bytes + blockParams(t.m.config) * 4) << "the second-order accumulator";
    const pb::ScoringFit tight = pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement1), int64_t(grads));
    EXPECT_FALSE(tight.fits);
    EXPECT_EQ(tight.device, "cpu");
    const std::string s = tight.sentence();
    EXPECT_NE(s.find("GiB beside the weights"), std::string::npos) << s;
    EXPECT_NE(s.find("free on cpu"), std::string::npos) << s;
    // Unknown free memory: judged to fit (the in-memory path reports its own out-of-memory).
    EXPECT_TRUE(pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement1), int64_t(-1)).fits);
    // By default the host's available memory is the judge on the CPU.
    EXPECT_GT(pb::availableHostBytes(), 0);
    EXPECT_GT(pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement1)).free_bytes, 0);
}

TEST(ScoringFit, OnePassFirstOrderNeedsTheActivationsOfAllSamplesOnly) {
    Tiny t;
    // All 4 samples in one pass: taylor_element1 takes the path without a gradient buffer.
    const pb::ScoringFit one = pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement1, 4), int64_t(1) << 40);
    const pb::ScoringFit buffered = pb::scoringFit(*t.m.model, t.calib, with(pb::Criterion::TaylorElement1, 2), int64_t(1) << 40);
    const uint64_t grads = blockParams(t.m.config) * 4;
    ASSERT_GT(buffered.need_bytes, grads);
    // No gradient buffer, twice the samples in one forward.
    EXPECT_EQ(one.need_bytes, 2 * (buffered.need_bytes - grads));
}
