// Before vs after LoRA for a one-model sweep (core/prune/size_sweep.h recoverSweepPoints, the
// Charts tab's after-LoRA curves): a row per point, the accuracy before LoRA taken from the
// point, and the after-LoRA perplexity equal to an independent recomputation (the point's model
// rebuilt from its plan, recovered by the same recipe, measured with the adapters attached).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/data/assets.h"
#include "core/data/eval_tokens.h"
#include "core/eval/perplexity.h"
#include "core/evalzs/builtin.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/defaults.h"
#include "core/prune/apply.h"
#include "core/prune/calibration.h"
#include "core/prune/size_sweep.h"
#include "core/prune/sweep.h"
#include "core/recover/data.h"
#include "core/recover/lora.h"
#include "core/recover/train.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace {

bool haveData() {
    namespace fs = std::filesystem;
    const bool have = fs::exists(pb::assets::taskDataDir() / "us-states-names-capitals.csv");
    const char* ci = std::getenv("CI");
    if (!have && ci && std::string(ci) == "true") ADD_FAILURE() << "task data missing under CI (scripts/setup.sh fetches it)";
    return have;
}

pb::SizeSweepOptions recipe() {
    pb::SizeSweepOptions o;
    o.tasks = {"capitals"};
    o.items = 4;
    o.ppl_text = "demo:moby-dick";
    o.ppl_windows = 2;
    o.ppl_seq_len = 32;
    o.recover_steps = 3;
    o.recovery_text = "demo:sotu";
    o.recover_cutoff = 16;
    o.micro_batch = 2;
    o.calib.seed = 11;
    o.measure_speed = false;
    return o;
}

} // namespace

TEST(SweepRecovery, EveryPointRecoveredAndMeasuredAgain) {
    if (!haveData()) GTEST_SKIP() << "task data not fetched (scripts/setup.sh)";
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    const pb::SizeSweepOptions o = recipe();
    // The sweep as the Charts tab runs it: the tasks scored at every point.
    const pb::Calibration calib = pb::makeCalibration(*m.tokenizer, pb::assets::loadText("demo:sotu"), 2, 16, 1);
    const std::vector<int32_t> ids = pb::evalTokens(*m.tokenizer, o.ppl_text, o.ppl_windows, o.ppl_seq_len);
    pb::SweepOptions so;
    so.criteria = {pb::Criterion::L1, pb::Criterion::BlockMagnitude};
    so.fractions = {0.3};
    so.ppl.seq_len = o.ppl_seq_len;
    so.ppl.max_windows = o.ppl_windows;
    so.tasks = {pb::zs::builtinDemoTask("capitals", o.items)};
    so.tokenizer = m.tokenizer.get();
    const std::vector<pb::SweepPoint> points = pb::sweep(*m.model, calib, ids, so);
    ASSERT_EQ(points.size(), 3u);  // dense, l1, block_magnitude
    for (const auto& p : points) ASSERT_TRUE(p.error.empty()) << p.error;

    int seen = 0;
    const std::vector<pb::SizeRow> rows = pb::recoverSweepPoints(m, points, o, {}, [&](const pb::SizeRow&) { ++seen; });
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(seen, 3);
    EXPECT_EQ(rows[0].point.criterion, "dense");
    for (size_t i = 0; i < rows.size(); ++i) {
        const pb::SizeRow& r = rows[i];
        ASSERT_TRUE(r.error.empty()) << r.error;
        EXPECT_EQ(r.point.criterion, points[i].criterion);
        // before LoRA: the point's own answers, item for item
        ASSERT_EQ(r.tasks.size(), 1u);
        EXPECT_EQ(r.tasks[0].correct, points[i].tasks[0].correct);
        ASSERT_EQ(r.tasks_recovered.size(), 1u);
        EXPECT_EQ(r.tasks_recovered[0].n, 4);
        EXPECT_EQ(r.tasks_recovered[0].correct.size(), 4u);
        EXPECT_TRUE(std::isfinite(r.ppl_recovered));
        EXPECT_GT(r.recover_seconds, 0.0);
    }

    // The independent recomputation for the width point: rebuilt, recovered, measured.
    pb::LlamaModel pruned = pb::applyPlan(*m.model, points[1].plan);
    pb::RecoverOptions ro;
    ro.lora.rank = o.lora_rank;
    ro.lora.alpha = o.lora_alpha;
    ro.lr = o.lora_lr;
    ro.steps = o.recover_steps;
    ro.micro_batch = o.micro_batch;
    ro.seed = o.calib.seed;
    const auto train = pb::textWindows(*m.tokenizer, pb::assets::loadText(o.recovery_text), o.recover_cutoff);
    const pb::RecoverResult rr = pb::recover(pruned, train, {}, ro);
    ASSERT_FALSE(rr.stopped) << rr.message;
    pb::PerplexityOptions po;
    po.seq_len = o.ppl_seq_len;
    po.max_windows = o.ppl_windows;
    const double before = pb::perplexity(pruned, ids, po).ppl;
    EXPECT_NEAR(before, points[1].ppl, 1e-6 * before);
    pb::LoraAttachment attached(pruned, rr.adapters);
    const double after = pb::perplexity(pruned, ids, po).ppl;
    EXPECT_NEAR(rows[1].ppl_recovered, after, 1e-6 * after);
    EXPECT_NE(after, before);  // the adapters changed the model
}

TEST(SweepRecovery, Refusals) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    pb::SizeSweepOptions o = recipe();
    o.recover_steps = 0;
    EXPECT_THROW(pb::recoverSweepPoints(m, {}, o), pb::Error);
    o = recipe();
    o.tasks = {"no_such_task"};
    EXPECT_THROW(pb::recoverSweepPoints(m, {}, o), pb::Error);
}
