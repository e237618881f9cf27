// Sub-block depth from the CLI (core/plan/sub_block.h): prune --remove-sub-blocks, --depth-unit
// sub-block with a block criterion (BlockPruner for block_sleb), score --depth-unit sub-block,
// and the usage errors. The parameters removed are checked against tiny_llama's sublayer sizes
// counted by hand (hidden 32, 4 heads / 2 KV heads of head_dim 8, MLP 48).
#include <fstream>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {
constexpr int64_t kAttention = 32 + 32 * 32 + 16 * 32 + 16 * 32 + 32 * 32;  // norm, q, k, v, o: 3,104
constexpr int64_t kMlp = 32 + 3 * 48 * 32;                                   // norm, gate, up, down: 4,640

nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}
} // namespace

TEST(SubBlockCli, RemoveSubBlocksByList) {
    CliWorld& w = world();
    ScratchDir out("subblock_list");
    const auto r = runCli({"prune", "--model", w.hf, "--remove-sub-blocks", "0:attn,1:mlp", "--save-plan",
                           out / "plan.json", "--out", out / "model.gguf", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["removed_sub_blocks"], "0:attn,1:mlp");
    EXPECT_EQ(j["params_before"].get<int64_t>() - j["params_after"].get<int64_t>(), kAttention + kMlp);
    const auto plan = readJson(out / "plan.json");
    EXPECT_EQ(plan["dropped_attention"], nlohmann::json({0}));
    EXPECT_EQ(plan["dropped_mlp"], nlohmann::json({1}));
    EXPECT_TRUE(plan["dropped_blocks"].empty());
    // Layer 1 keeps its attention without an MLP: written for llama.cpp with a zero one-channel MLP.
    EXPECT_EQ(j["out"]["architecture"], "deci");
    EXPECT_NE(j["out"]["notes"].dump().find("one-channel MLP of zeros"), std::string::npos) << j["out"].dump();
    // The plan replays to the same model.
    const auto again = runCli({"prune", "--model", w.hf, "--plan", out / "plan.json", "--json"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(nlohmann::json::parse(again.out)["params_after"], j["params_after"]);
}

TEST(SubBlockCli, BothPartsOfABlockDropIt) {
    CliWorld& w = world();
    const auto r = runCli({"prune", "--model", w.hf, "--remove-sub-blocks", "1:mlp,1:attn", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["plan"]["dropped_blocks"], nlohmann::json({1}));
    EXPECT_FALSE(j["plan"].contains("dropped_attention"));
    EXPECT_EQ(j["params_before"].get<int64_t>() - j["params_after"].get<int64_t>(), kAttention + kMlp);
}

TEST(SubBlockCli, ScoreAndBlockPruner) {
    CliWorld& w = world();
    const std::vector<std::string> calib = {"--calib", w.text, "--samples", "2", "--seq-len", "16"};
    std::vector<std::string> args = {"score", "--model", w.hf, "--criterion", "block_ppl", "--depth-unit", "sub-block", "--json"};
    args.insert(args.end(), calib.begin(), calib.end());
    const auto s = runCli(args);
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const auto j = nlohmann::json::parse(s.out);
    EXPECT_EQ(j["kind"], "sub-block");
    ASSERT_EQ(j["sub_blocks"].size(), 4u);
    EXPECT_EQ(j["sub_blocks"][1]["layer"], 0);
    EXPECT_EQ(j["sub_blocks"][1]["part"], "mlp");
    for (const auto& u : j["sub_blocks"]) EXPECT_GT(u["score"].get<double>(), 1.0) << "a perplexity";

    args = {"prune", "--model", w.hf, "--criterion", "block_sleb", "--depth-unit", "sub-block", "--drop-blocks", "2", "--json"};
    args.insert(args.end(), calib.begin(), calib.end());
    const auto p = runCli(args);
    ASSERT_EQ(p.exit_code, 0) << p.err;
    const auto pj = nlohmann::json::parse(p.out);
    const auto& order = pj["sub_block_scores"]["order"];
    ASSERT_GE(order.size(), 2u);
    // The two removed are BlockPruner's first two picks (listed by layer).
    std::vector<std::string> first = {order[0].get<std::string>(), order[1].get<std::string>()};
    std::sort(first.begin(), first.end());
    const std::string removed = pj["removed_sub_blocks"].get<std::string>();
    EXPECT_EQ(removed, first[0] + "," + first[1]) << removed;
}

TEST(SubBlockCli, UsageErrors) {
    CliWorld& w = world();
    expectRefused({"score", "--model", w.hf, "--calib", w.text, "--criterion", "l2", "--depth-unit", "sub-block"}, 2,
                  {"--depth-unit sub-block needs a block criterion"});
    expectRefused({"score", "--model", w.hf, "--calib", w.text, "--criterion", "block_ppl", "--depth-unit", "layer"}, 2,
                  {"unknown option --depth-unit 'layer' (use one of: block, sub-block)"});
    expectRefused({"prune", "--model", w.hf, "--remove-sub-blocks", "0:head"}, 2, {"not LAYER:attn or LAYER:mlp"});
    expectRefused({"prune", "--model", w.hf, "--remove-sub-blocks", "9:attn"}, 2, {"layer 9 does not exist"});
    expectRefused({"prune", "--model", w.hf, "--remove-sub-blocks", "0:attn", "--drop-blocks", "1"}, 2,
                  {"give exactly one of"});
    expectRefused({"prune", "--model", w.hf, "--criterion", "block_ppl", "--depth-unit", "sub-block", "--calib", w.text,
                   "--width-ratio", "0.2"},
                  2, {"--depth-unit sub-block removes --drop-blocks N sub-blocks or --target-params F"});
}
