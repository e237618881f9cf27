// Zero-shot tasks: the harness's prompts/continuations for the 7 dataset formats, metrics
// with a stub log-likelihood, batched model scoring, and the built-in demo tasks.
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/loglikelihood.h"
#include "core/evalzs/tasks.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace {

using pb::zs::Request;

std::string fixture(const std::string& f) { return std::string(PB_FIXTURE_DIR) + "/zeroshot/" + f; }

pb::zs::Task load(const std::string& name) {
    return pb::zs::loadTask(name, fixture(name == "arc_challenge" ? "arc_challenge.json" : name + ".jsonl"));
}

// LL = -(code points of the continuation): acc picks the shortest choice, acc_norm the longest.
std::vector<double> lengthStub(const std::vector<Request>& reqs) {
    std::vector<double> out;
    for (const auto& r : reqs) out.push_back(-double(pb::zs::codePoints(r.continuation)));
    return out;
}

} // namespace

TEST(ZeroShot, BoolqPrompt) {
    auto t = load("boolq");
    ASSERT_EQ(t.items.size(), 2u);
    EXPECT_FALSE(t.has_acc_norm);
    const auto& it = t.items[0];
    const std::string ctx = "The sky appears blue because of Rayleigh scattering.\nQuestion: is the sky blue on a clear day?\nAnswer:";
    ASSERT_EQ(it.requests.size(), 2u);
    EXPECT_EQ(it.requests[0], (Request{ctx, " no"}));
    EXPECT_EQ(it.requests[1], (Request{ctx, " yes"}));
    EXPECT_EQ(it.gold, 1);
    EXPECT_EQ(t.items[1].gold, 0);  // "answer": false
}

TEST(ZeroShot, PiqaPrompt) {
    auto t = load("piqa");
    const auto& it = t.items[1];
    EXPECT_EQ(it.requests[0], (Request{"Question: To keep bread fresh\nAnswer:", " store it in the oven"}));
    EXPECT_EQ(it.requests[1], (Request{"Question: To keep bread fresh\nAnswer:", " keep it sealed in a bag"}));
    EXPECT_EQ(it.gold, 1);
}

TEST(ZeroShot, HellaswagPreprocessAndPrompt) {
    EXPECT_EQ(pb::zs::pyCapitalize("MAKE sure  The"), "Make sure  the");
    EXPECT_EQ(pb::zs::hellaswagPreprocess("  a [title] b [step] c   d "), "a. b c  d");
    auto t = load("hellaswag");
    const std::string q0 = "Removing ice from car: Then, the man writes over the snow covering the window of a car, "
                           "and a woman wearing winter clothes smiles. Then";
    EXPECT_EQ(t.items[0].requests[3], (Request{q0, " , the man continues removing the snow on his car."}));
    EXPECT_EQ(t.items[0].gold, 3);
    const std::string q1 = "Home and Garden: How to grow tomatoes. Pick a sunny spot. Make sure the soil drains.";
    EXPECT_EQ(t.items[1].requests[0], (Request{q1, "  Water daily."}));  // "[step] Water daily." keeps its space
    EXPECT_EQ(t.items[1].requests[1], (Request{q1, " Paint the pot red."}));
    EXPECT_EQ(t.items[1].choices[0], " Water daily.");
    EXPECT_EQ(t.items[1].gold, 0);
}

TEST(ZeroShot, WinograndePartialScoring) {
    auto t = load("winogrande");
    EXPECT_FALSE(t.has_acc_norm);
    const auto& it = t.items[0];
    EXPECT_EQ(it.requests[0], (Request{"The trophy doesn't fit into the brown suitcase because the trophy", " is too large."}));
    EXPECT_EQ(it.requests[1], (Request{"The trophy doesn't fit into the brown suitcase because the suitcase", " is too large."}));
    EXPECT_EQ(it.gold, 0);
    EXPECT_EQ(t.items[2].gold, 1);
}

TEST(ZeroShot, ArcAndOpenbookqaPrompts) {
    auto c = load("arc_challenge");
    EXPECT_EQ(c.items[0].requests[2].context,
              "Question: An astronomer observes that a planet rotates faster after a meteorite impact. Which is the most "
              "likely effect of this increase in rotation?\nAnswer:");
    EXPECT_EQ(c.items[0].requests[2].continuation, " Planetary days will become shorter.");
    EXPECT_EQ(c.items[0].gold, 2);
    auto e = load("arc_easy");
    EXPECT_EQ(e.items[0].gold, 1);  // numeric labels "1".."3"
    EXPECT_EQ(e.items[0].requests.size(), 3u);
    auto o = load("openbookqa");
    EXPECT_EQ(o.items[0].requests[0], (Request{"The sun is responsible for", " puppies learning new tricks"}));
    EXPECT_EQ(o.items[1].gold, 3);  // answerKey " D " stripped
}

TEST(ZeroShot, MetricsWithStubLogLikelihood) {
    // Expected counts worked out by hand (and with a Python port of the harness rules).
    struct Case {
        const char* name;
        int n, acc, acc_norm;
    };
    for (const Case& c : {Case{"boolq", 2, 1, 1}, Case{"piqa", 2, 1, 1}, Case{"hellaswag", 2, 0, 0},
                          Case{"winogrande", 3, 2, 2}, Case{"arc_easy", 2, 0, 1}, Case{"arc_challenge", 2, 1, 0},
                          Case{"openbookqa", 2, 0, 2}}) {
        auto t = load(c.name);
        auto m = pb::zs::scoreTask(t, lengthStub, 0, /*batch_items=*/1);
        SCOPED_TRACE(c.name);
        EXPECT_EQ(m.n, c.n);
        EXPECT_DOUBLE_EQ(m.acc, double(c.acc) / c.n);
        if (t.has_acc_norm) EXPECT_DOUBLE_EQ(m.acc_norm, double(c.acc_norm) / c.n);
        else EXPECT_DOUBLE_EQ(m.acc_norm, m.acc);
        const double p = m.acc;
        EXPECT_NEAR(m.acc_stderr, std::sqrt(p * (1 - p) / (c.n - 1)), 1e-12);
    }
    // acc_norm divides by code points, not bytes: "éé" (2) beats "abc" (3) at equal LL/len.
    pb::zs::Task t;
    t.name = "x";
    pb::zs::Item it;
    it.choices = {"abc", "\xC3\xA9\xC3\xA9"};
    it.requests = {{"q", " abc"}, {"q", " \xC3\xA9\xC3\xA9"}};
    it.gold = 1;
    t.items = {it};
    auto m = pb::zs::scoreTask(t, [](const std::vector<Request>&) { return std::vector<double>{-3.0, -2.2}; });
    EXPECT_EQ(m.acc, 1.0);
    EXPECT_EQ(m.acc_norm, 0.0);  // -1.0 vs -1.1
    EXPECT_NEAR(pb::zs::sampleStderr(0.5, 2), 0.5, 1e-12);
    EXPECT_NEAR(pb::zs::sampleStderr(0.75, 4), std::sqrt(0.75 * 0.25 / 3), 1e-12);
}

TEST(ZeroShot, LimitAndBadFiles) {
    auto t = load("winogrande");
    EXPECT_EQ(pb::zs::scoreTask(t, lengthStub, 1).n, 1);
    EXPECT_THROW(pb::zs::parseTask("piqa", "{\"goal\": \"x\", \"sol1\": \"a\"}"), pb::Error);
    EXPECT_THROW(pb::zs::parseTask("arc_easy", "{\"question\": \"q\", \"choices\": {\"text\": [\"a\"], \"label\": [\"A\"]}, \"answerKey\": \"B\"}"),
                 pb::Error);
    EXPECT_THROW(pb::zs::parseTask("nope", "[]"), pb::Error);
    // {"rows": [{"row": {...}}]} as the datasets-server returns rows
    auto r = pb::zs::parseTask("boolq", R"({"rows": [{"row": {"question": "q", "passage": "p", "label": 0}}]})");
    EXPECT_EQ(r.items[0].requests[0].context, "p\nQuestion: q?\nAnswer:");
}

TEST(ZeroShot, EncodingMovesTrailingSpacesAndBatchingIsPaddingInvariant) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    const pb::Tokenizer& tok = *m.tokenizer;
    auto e = pb::zs::encodeRequest(tok, {"Answer: ", "yes"}, pb::zs::Harness::LmEval);
    auto ctx = tok.encode("Answer:", true);
    auto whole = tok.encode("Answer: yes", true);
    EXPECT_EQ(e.context, ctx);
    EXPECT_EQ(e.continuation, std::vector<int32_t>(whole.begin() + long(ctx.size()), whole.end()));

    std::vector<Request> reqs = {{"The cat sat on the", " mat"}, {"A much longer context that needs padding in a batch", " ok"},
                                 {"x", " yes indeed"}};
    pb::zs::LogLikelihoodOptions o;
    o.batch = 3;
    auto batched = pb::zs::modelLogLikelihood(*m.model, tok, o)(reqs);
    o.batch = 1;
    auto single = pb::zs::modelLogLikelihood(*m.model, tok, o)(reqs);
    ASSERT_EQ(batched.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(batched[i], single[i], 1e-4);
    // by hand for the first request
    auto ee = pb::zs::encodeRequest(tok, reqs[0], pb::zs::Harness::LmEval);
    std::vector<int64_t> all(ee.context.begin(), ee.context.end());
    all.insert(all.end(), ee.continuation.begin(), ee.continuation.end());
    torch::NoGradGuard ng;
    auto ids = torch::tensor(std::vector<int64_t>(all.begin(), all.end() - 1)).unsqueeze(0);
    auto lp = torch::log_softmax(m.model->forward(ids)[0], -1);
    double ll = 0;
    const size_t c0 = ee.context.size();
    for (size_t k = 0; k < ee.continuation.size(); ++k) ll += lp[int64_t(c0 - 1 + k)][all[c0 + k]].item<double>();
    EXPECT_NEAR(single[0], ll, 1e-4);
}

// Choices of one item share their context: one cached pass of the context, then the
// continuations on copies of the cache, gives the plain batched log-likelihoods.
TEST(ZeroShot, SharedContextScoresAsThePlainPath) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    const pb::Tokenizer& tok = *m.tokenizer;
    // a context of well over 24 tokens (the shared path's minimum) under any tokenizer
    const std::string q = "The whale swam past the ship while the crew watched from the deck and the captain "
                          "called for the boats to be lowered at once.\nQuestion: What is the capital of Ohio?\nAnswer:";
    std::vector<Request> reqs = {{q, " Columbus"}, {q, " Salt Lake City"}, {q, " Austin"}, {q, " x"},
                                 {"lonely context", " with one choice"},  // no partner: the plain path
                                 {"Is this e-mail spam?\nAnswer:", " no"}, {"Is this e-mail spam?\nAnswer:", " yes"}};
    pb::zs::LogLikelihoodOptions o;
    o.batch = 4;
    o.share_context = true;
    const auto shared = pb::zs::modelLogLikelihood(*m.model, tok, o)(reqs);
    o.share_context = false;
    const auto plain = pb::zs::modelLogLikelihood(*m.model, tok, o)(reqs);
    ASSERT_EQ(shared.size(), reqs.size());
    for (size_t i = 0; i < reqs.size(); ++i) EXPECT_NEAR(shared[i], plain[i], 1e-4) << i;
    // A context longer than max_length is truncated: never shared, still scored.
    o.share_context = true;
    o.max_length = 6;
    const auto cut = pb::zs::modelLogLikelihood(*m.model, tok, o)(reqs);
    o.share_context = false;
    const auto cut_plain = pb::zs::modelLogLikelihood(*m.model, tok, o)(reqs);
    for (size_t i = 0; i < reqs.size(); ++i) EXPECT_NEAR(cut[i], cut_plain[i], 1e-4) << i;
}

TEST(ZeroShot, BuiltinTasksAreDeterministic) {
    if (!std::filesystem::exists(pb::assets::demoTextDir() / "moby-dick.txt")) {
        const char* ci = std::getenv("CI");
        if (ci && std::string(ci) == "true") FAIL() << "demo text missing under CI (scripts/setup.sh fetches it)";
        GTEST_SKIP() << "demo text absent";
    }
    for (const auto& name : pb::zs::builtinTaskNames()) {
        auto a = pb::zs::builtinDemoTask(name);
        auto b = pb::zs::builtinDemoTask(name);
        ASSERT_EQ(a.items.size(), 200u) << name;
        int golds[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < a.items.size(); ++i) {
            EXPECT_EQ(a.items[i].requests, b.items[i].requests);
            EXPECT_EQ(a.items[i].gold, b.items[i].gold);
            ASSERT_EQ(a.items[i].choices.size(), 4u);
            ++golds[a.items[i].gold];
        }
        for (int g : golds) EXPECT_GT(g, 25) << name;  // roughly uniform gold positions
        auto other = pb::zs::builtinDemoTask(name, 200, 7);
        EXPECT_NE(other.items[0].requests, a.items[0].requests);
    }
}
