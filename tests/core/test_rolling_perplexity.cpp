// lm-eval's document-level rolling perplexity (core/eval/rolling_perplexity.h): the windows of
// get_rolling_token_windows + make_disjoint_window by hand, every token predicted once, and the
// log-likelihood of a document that fits one window equal to one direct forward pass.
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/data/wikitext_documents.h"
#include "core/eval/rolling_perplexity.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/tokenizer/tokenizer.h"

TEST(RollingPerplexity, WindowsAsLmEval) {
    // tokens 1..5, prefix 0, max_length 2 (worked by hand from lm-eval's utils.py)
    const auto w = pb::rollingWindows({1, 2, 3, 4, 5}, 0, 2);
    ASSERT_EQ(w.size(), 3u);
    EXPECT_EQ(w[0].context, (std::vector<int32_t>{0}));
    EXPECT_EQ(w[0].continuation, (std::vector<int32_t>{1, 2}));
    EXPECT_EQ(w[1].context, (std::vector<int32_t>{2}));
    EXPECT_EQ(w[1].continuation, (std::vector<int32_t>{3, 4}));
    EXPECT_EQ(w[2].context, (std::vector<int32_t>{3, 4}));  // the short last window reads more context
    EXPECT_EQ(w[2].continuation, (std::vector<int32_t>{5}));
    // every token once, every input at most max_length
    std::vector<int32_t> ids(37);
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = int32_t(i + 10);
    for (int64_t L : {1, 4, 7, 36, 37, 100}) {
        std::vector<int32_t> seen;
        for (const auto& x : pb::rollingWindows(ids, 3, L)) {
            EXPECT_LE(int64_t(x.context.size() + x.continuation.size() - 1), L) << L;
            seen.insert(seen.end(), x.continuation.begin(), x.continuation.end());
        }
        EXPECT_EQ(seen, ids) << L;
    }
    EXPECT_TRUE(pb::rollingWindows({}, 0, 4).empty());
}

TEST(RollingPerplexity, OneWindowEqualsADirectPass) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    const std::string page = " = A Page = \n \n The ship ( a brig ) sailed on , and on . \n";
    const auto ids = m.tokenizer->encode(pb::wikitextDetokenize(page), false);
    const int32_t prefix = m.tokenizer->bosId() >= 0 ? m.tokenizer->bosId() : m.tokenizer->eosId();
    std::vector<int64_t> input = {prefix};
    input.insert(input.end(), ids.begin(), ids.end() - 1);
    torch::NoGradGuard ng;
    auto lp = torch::log_softmax(m.model->forward(torch::tensor(input).unsqueeze(0))[0].to(torch::kFloat64), -1);  // [T, V]
    double ll = 0;
    for (size_t k = 0; k < ids.size(); ++k) ll += lp[int64_t(k)][ids[k]].item<double>();
    pb::RollingOptions o;
    o.max_length = int64_t(ids.size());
    const auto r = pb::rollingPerplexity(*m.model, *m.tokenizer, {page}, o);
    EXPECT_EQ(r.windows, 1);
    EXPECT_EQ(r.tokens, int64_t(ids.size()));
    EXPECT_NEAR(r.loglikelihood, ll, 1e-3);
    EXPECT_EQ(r.words, pb::pySplitWordCount(page));
    EXPECT_EQ(r.bytes, int64_t(page.size()));
    EXPECT_NEAR(r.word_perplexity, std::exp(-ll / double(r.words)), 1e-6 * r.word_perplexity + 1e-3);
    EXPECT_NEAR(r.bits_per_byte, -ll / double(r.bytes) / std::log(2.0), 1e-4);
    // shorter windows: more of them, less context, still every token scored
    o.max_length = 4;
    const auto s = pb::rollingPerplexity(*m.model, *m.tokenizer, {page}, o);
    EXPECT_EQ(s.windows, int64_t((ids.size() + 3) / 4));
    EXPECT_TRUE(std::isfinite(s.loglikelihood));
    EXPECT_NE(s.loglikelihood, r.loglikelihood);
}
