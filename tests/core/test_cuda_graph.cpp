// CUDA graphs (core/model/cuda_graph): a perplexity run of several batches replays one recorded
// forward and gives the eager run's result. GPU only (skipped without a CUDA device).
#include <cmath>
#include <cstdlib>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/eval/perplexity.h"
#include "core/model/cuda_graph.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/util/error.h"

TEST(CudaGraph, PerplexityReplaysGiveTheEagerResult) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    ASSERT_TRUE(pb::CapturedWork::available()) << "a CUDA build must compile the graphs in";
    auto m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_per_layer");
    m.model->to(torch::Device("cuda"), torch::kFloat32);
    torch::manual_seed(5);
    auto ids = torch::randint(0, m.model->config.vocab, {7 * 16}, torch::kInt32);
    std::vector<int32_t> v(ids.data_ptr<int32_t>(), ids.data_ptr<int32_t>() + ids.numel());
    pb::PerplexityOptions o;
    o.seq_len = 16;
    o.batch = 2;  // 3 full batches (graph) and one window left (eager)
    setenv("PB_CUDA_GRAPHS", "0", 1);
    const auto eager = pb::perplexity(*m.model, v, o);
    unsetenv("PB_CUDA_GRAPHS");
    const auto graphed = pb::perplexity(*m.model, v, o);
    EXPECT_EQ(graphed.windows, 7);
    EXPECT_NEAR(graphed.mean_nll, eager.mean_nll, 1e-6 * std::abs(eager.mean_nll));
}

TEST(CudaGraph, BadTokenIdsAreRefusedBeforeAnyDeviceWork) {
    auto m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_per_layer");
    std::vector<int32_t> v(64, 1);
    v[40] = int32_t(m.model->config.vocab);  // one past the end
    pb::PerplexityOptions o;
    o.seq_len = 16;
    EXPECT_THROW(pb::perplexity(*m.model, v, o), pb::Error);
}
