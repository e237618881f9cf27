// The zero-shot harness switch (issue 19 item 3, core/evalzs/harness.h): each mode's
// log-likelihoods on the demo model equal a direct computation (the ids built here by the
// mode's rule, one forward pass of them, log-softmax summed at the continuation positions),
// through the shared-context KV path and the plain one; and the modes differ where they must
// (a context with trailing space, an empty context, BOS). Needs the demo model: missing, it
// fails under CI=true and skips elsewhere.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/data/assets.h"
#include "core/evalzs/harness.h"
#include "core/evalzs/loglikelihood.h"
#include "core/evalzs/pack.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/tokenizer/tokenizer.h"

namespace {

using pb::zs::Harness;
using pb::zs::Request;

pb::LoadedModel* demo() {
    static pb::LoadedModel* m = nullptr;
    if (!m && pb::assets::demoAvailable()) m = new pb::LoadedModel(pb::loadModel(pb::assets::demoModelPath()));
    return m;
}

bool haveDemo() {
    if (demo()) return true;
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") ADD_FAILURE() << "demo model missing under CI (scripts/setup.sh fetches it)";
    return false;
}

std::vector<int32_t> cat(std::vector<int32_t> a, const std::vector<int32_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// The (context ids, continuation ids) of `r` by `h`'s rule, written out here from the reference
// code (formats.md §6; LLM-Pruner's lm_eval/base.py), not through encodeRequest.
std::pair<std::vector<int32_t>, std::vector<int32_t>> byRule(const pb::Tokenizer& tok, const Request& r, Harness h) {
    if (h == Harness::LlmPruner) {  // tok_encode = encode(s, add_special_tokens=False), separately
        std::vector<int32_t> ctx = r.context.empty() ? std::vector<int32_t>{tok.eosId()} : tok.encode(r.context, false);
        return {ctx, tok.encode(r.continuation, false)};
    }
    const bool special = h == Harness::LmEval;
    std::string ctx = r.context, cont = r.continuation;
    while (!ctx.empty() && (ctx.back() == ' ' || ctx.back() == '\n')) {
        cont.insert(cont.begin(), ctx.back());
        ctx.pop_back();
    }
    if (ctx.empty()) return {{tok.bosId() >= 0 ? tok.bosId() : tok.eosId()}, tok.encode(cont, false)};
    const auto whole = tok.encode(ctx + cont, special);
    const auto c = tok.encode(ctx, special);
    return {c, std::vector<int32_t>(whole.begin() + long(c.size()), whole.end())};
}

// Σ log p(continuation | context): one forward pass over ctx + cont[:-1].
double direct(const pb::LlamaModel& model, const std::vector<int32_t>& ctx, const std::vector<int32_t>& cont) {
    torch::NoGradGuard ng;
    const auto all = cat(ctx, cont);
    auto ids = torch::tensor(std::vector<int64_t>(all.begin(), all.end() - 1), torch::kInt64).unsqueeze(0);  // [1, T]
    auto lp = torch::log_softmax(model.forward(ids)[0].to(torch::kFloat64), -1);  // [T, V]
    double ll = 0;
    for (size_t k = 0; k < cont.size(); ++k) ll += lp[int64_t(ctx.size() - 1 + k)][cont[k]].item<double>();
    return ll;
}

// A shared context of well over 24 tokens (the KV path's minimum), a context with trailing
// space, an empty context.
std::vector<Request> requests() {
    const std::string q = "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money "
                          "in my purse, I thought I would sail about a little.\nQuestion: Where did he go?\nAnswer:";
    return {{q, " to the sea"}, {q, " to the watery part of the world"}, {q, " nowhere at all"},
            {"Question: Is this e-mail spam?\nAnswer: ", "yes it is"}, {"Question: Is this e-mail spam?\nAnswer: ", "no"},
            {"", "The whale"}};
}

} // namespace

TEST(ZeroShotHarness, EveryModeEqualsADirectComputationOnTheDemo) {
    if (!haveDemo()) GTEST_SKIP() << "demo model absent (scripts/setup.sh)";
    const pb::LoadedModel& m = *demo();
    const auto reqs = requests();
    for (Harness h : pb::zs::harnesses()) {
        for (bool share : {true, false}) {
            pb::zs::LogLikelihoodOptions o;
            o.harness = h;
            o.share_context = share;
            o.batch = 4;
            const auto got = pb::zs::modelLogLikelihood(*m.model, *m.tokenizer, o)(reqs);
            ASSERT_EQ(got.size(), reqs.size());
            for (size_t i = 0; i < reqs.size(); ++i) {
                const auto [ctx, cont] = byRule(*m.tokenizer, reqs[i], h);
                const auto enc = pb::zs::encodeRequest(*m.tokenizer, reqs[i], h);
                EXPECT_EQ(enc.context, ctx) << pb::zs::harnessName(h) << " request " << i;
                EXPECT_EQ(enc.continuation, cont) << pb::zs::harnessName(h) << " request " << i;
                EXPECT_NEAR(got[i], direct(*m.model, ctx, cont), 2e-3)
                    << pb::zs::harnessName(h) << (share ? " shared" : " plain") << " request " << i;
            }
        }
    }
}

TEST(ZeroShotHarness, ModesDifferWhereTheyMust) {
    if (!haveDemo()) GTEST_SKIP() << "demo model absent (scripts/setup.sh)";
    const pb::LoadedModel& m = *demo();
    const pb::Tokenizer& tok = *m.tokenizer;
    ASSERT_NE(tok.bosId(), tok.eosId());  // SmolLM2: <|im_start|> / <|im_end|>
    // Trailing space: lm-eval scores " yes it is" after "Answer:", LLM-Pruner "yes it is" after "Answer: ".
    const Request spaced{"Question: Is this e-mail spam?\nAnswer: ", "yes it is"};
    const auto now = pb::zs::encodeRequest(tok, spaced, Harness::LmEval);
    const auto old = pb::zs::encodeRequest(tok, spaced, Harness::LlmPruner);
    EXPECT_EQ(now.context, tok.encode("Question: Is this e-mail spam?\nAnswer:", false));
    EXPECT_EQ(now.continuation, tok.encode(" yes it is", false));
    EXPECT_EQ(old.context, tok.encode("Question: Is this e-mail spam?\nAnswer: ", false));
    EXPECT_EQ(old.continuation, tok.encode("yes it is", false));
    EXPECT_NE(now.continuation, old.continuation);
    // Empty context: BOS (lm-eval) against EOS (LLM-Pruner's eot_token_id).
    const Request empty{"", "The whale"};
    EXPECT_EQ(pb::zs::encodeRequest(tok, empty, Harness::LmEval).context, std::vector<int32_t>{tok.bosId()});
    EXPECT_EQ(pb::zs::encodeRequest(tok, empty, Harness::LmEval048).context, std::vector<int32_t>{tok.bosId()});
    EXPECT_EQ(pb::zs::encodeRequest(tok, empty, Harness::LlmPruner).context, std::vector<int32_t>{tok.eosId()});
    pb::zs::LogLikelihoodOptions o;
    o.harness = Harness::LmEval;
    const auto a = pb::zs::modelLogLikelihood(*m.model, tok, o)({spaced, empty});
    o.harness = Harness::LlmPruner;
    const auto b = pb::zs::modelLogLikelihood(*m.model, tok, o)({spaced, empty});
    EXPECT_GT(std::abs(a[0] - b[0]), 1e-3);
    EXPECT_GT(std::abs(a[1] - b[1]), 1e-3);
    // The demo's tokenizer adds no BOS, so lm-eval and lm-eval-0.4.8 encode alike there.
    EXPECT_FALSE(tok.addsBos());
    for (const Request& r : requests())
        EXPECT_EQ(pb::zs::encodeRequest(tok, r, Harness::LmEval).context,
                  pb::zs::encodeRequest(tok, r, Harness::LmEval048).context);
}

// A tokenizer that adds BOS (Llama-3 style): lm-eval puts it in front of the context,
// lm-eval-0.4.8 and llm-pruner do not; the continuation never carries it.
TEST(ZeroShotHarness, BosOnlyInCurrentLmEval) {
    const auto tok = pb::Tokenizer::fromHuggingFace(std::string(PB_FIXTURE_DIR) + "/tokenizer/llama3_style");
    ASSERT_TRUE(tok->addsBos());
    const Request r{"Question: What is the capital of Ohio?\nAnswer:", " Columbus"};
    const auto now = pb::zs::encodeRequest(*tok, r, Harness::LmEval);
    const auto v048 = pb::zs::encodeRequest(*tok, r, Harness::LmEval048);
    const auto old = pb::zs::encodeRequest(*tok, r, Harness::LlmPruner);
    ASSERT_FALSE(now.context.empty());
    EXPECT_EQ(now.context.front(), tok->bosId());
    EXPECT_EQ(std::vector<int32_t>(now.context.begin() + 1, now.context.end()), v048.context);
    EXPECT_EQ(v048.context, tok->encode(r.context, false));
    EXPECT_EQ(old.context, v048.context);
    EXPECT_EQ(now.continuation, v048.continuation);
    EXPECT_EQ(old.continuation, tok->encode(" Columbus", false));
    for (int32_t id : now.continuation) EXPECT_NE(id, tok->bosId());
}

// Why the three modes give the same per-item answers on the built-in pack with the demo model
// (docs/measurements/issue19_harness.md): no pack context is empty or ends in white space (the
// continuations carry the space), the demo's tokenizer adds no BOS, and its pre-tokenizer splits
// before " word" so enc(context + continuation) splits where enc(context) + enc(continuation)
// does. Checked on every request of the pack's default items; the pack's data and the demo are
// needed (missing: fails under CI=true, skips elsewhere).
TEST(ZeroShotHarness, PackRequestsEncodeAlikeInEveryModeOnTheDemo) {
    if (!haveDemo()) GTEST_SKIP() << "demo model absent (scripts/setup.sh)";
    for (const std::filesystem::path& p : {pb::assets::taskDataDir() / "us-states-names-capitals.csv",
                                           pb::assets::taskDataDir() / "spam-assassin-spam-2",
                                           pb::assets::demoTextDir() / "sotu", pb::assets::demoTextDir() / "moby-dick.txt"})
        if (!std::filesystem::exists(p)) {
            const char* ci = std::getenv("CI");
            if (ci && std::string(ci) == "true") FAIL() << "task data missing under CI: " << p;
            GTEST_SKIP() << "task data missing: " << p << " (run scripts/setup.sh)";
        }
    const pb::Tokenizer& tok = *demo()->tokenizer;
    size_t requests = 0;
    for (const std::string& name : pb::zs::packTaskNames()) {
        SCOPED_TRACE(name);
        int differ = 0;
        for (const pb::zs::Item& it : pb::zs::packTask(name).items)
            for (const Request& r : it.requests) {
                ++requests;
                ASSERT_FALSE(r.context.empty());
                ASSERT_NE(r.context.back(), ' ');
                ASSERT_NE(r.context.back(), '\n');
                const auto now = pb::zs::encodeRequest(tok, r, Harness::LmEval);
                const auto v048 = pb::zs::encodeRequest(tok, r, Harness::LmEval048);
                const auto old = pb::zs::encodeRequest(tok, r, Harness::LlmPruner);
                EXPECT_EQ(now.context, v048.context);
                EXPECT_EQ(now.continuation, v048.continuation);
                if ((now.context != old.context || now.continuation != old.continuation) && ++differ <= 3)
                    ADD_FAILURE() << "encoded apart: '..." << r.context.substr(r.context.size() > 40 ? r.context.size() - 40 : 0)
                                  << "' + '" << r.continuation << "'";
            }
        EXPECT_EQ(differ, 0);
    }
    size_t expected = 0;  // every item of every task, one request per choice
    for (const pb::zs::PackTaskInfo& info : pb::zs::packTasks()) expected += size_t(info.default_items * info.choices);
    EXPECT_EQ(requests, expected);
}
