// Fused GPU kernels (core/model/fused_ops): each gives what the torch ops give, forward and
// backward, at the sizes the model uses and at awkward ones (odd widths, partial chunks); on
// the CPU they decline and the torch path runs. The GPU cases skip without a CUDA device or
// without the kernels in the build.
#include <cstdlib>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/model/fused_ops.h"
#include "core/model/loader.h"
#include "core/model/llama_model.h"
#include "core/model/rope.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace {

bool gpuKernels() { return torch::cuda::is_available() && pb::fusedKernelsAvailable(); }

// The HF formula written out with torch ops: x·cos + rotate_half(x)·sin.
torch::Tensor ropeByOps(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    const int64_t half = x.size(-1) / 2;
    auto rot = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * cos.unsqueeze(1) + rot * sin.unsqueeze(1);  // tables [T, 1, hd]
}

} // namespace

TEST(FusedOps, DeclineOnTheCpu) {
    auto x = torch::randn({1, 4, 2, 8});
    auto [c, s] = pb::ropeTables(pb::RopeConfig{}, 8, 0, 4, torch::kCPU);
    EXPECT_FALSE(pb::fusedRope(x, c, s).defined());
    auto g = torch::randn({3, 5});
    EXPECT_FALSE(pb::fusedProductReduce(g, g, 1, true).defined());
    EXPECT_EQ(pb::cudaDeviceName(0).empty(), !pb::fusedKernelsAvailable() || !torch::cuda::is_available());
}

TEST(FusedOps, RopeForwardAndBackwardMatchTheTorchOps) {
    if (!gpuKernels()) GTEST_SKIP() << "no CUDA device or no fused kernels in this build";
    const torch::Device dev("cuda");
    torch::manual_seed(3);
    for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
        SCOPED_TRACE(c10::toString(dtype));
        const int64_t B = 3, T = 7, H = 5, hd = 12;
        auto [c, s] = pb::ropeTables(pb::RopeConfig{}, hd, 4, T, dev);  // positions 4..10
        c = c.to(dtype);
        s = s.to(dtype);
        auto x = torch::randn({B, T, H, hd}, torch::TensorOptions().device(dev).dtype(dtype)).requires_grad_(true);
        auto x2 = x.detach().clone().requires_grad_(true);
        auto fused = pb::fusedRope(x, c, s);
        ASSERT_TRUE(fused.defined());
        auto want = ropeByOps(x2, c, s);
        const double tol = dtype == torch::kFloat32 ? 1e-5 : 2e-2;
        EXPECT_TRUE(torch::allclose(fused.to(torch::kFloat32), want.to(torch::kFloat32), tol, tol));
        auto w = torch::randn_like(want);
        (fused * w).sum().backward();
        (want * w).sum().backward();
        EXPECT_TRUE(torch::allclose(x.grad().to(torch::kFloat32), x2.grad().to(torch::kFloat32), tol, tol));
        // applyRope, as the model calls it ([T, 1, hd] tables), takes the fused path
        auto via_model = pb::applyRope(x.detach(), c.unsqueeze(1), s.unsqueeze(1));
        EXPECT_TRUE(torch::equal(via_model, fused.detach()));
    }
    // a layout the kernel does not take (transposed) falls back
    auto x = torch::randn({2, 3, 4, 8}, torch::TensorOptions().device(dev)).transpose(1, 2);
    auto [c, s] = pb::ropeTables(pb::RopeConfig{}, 8, 0, 4, dev);
    EXPECT_FALSE(pb::fusedRope(x, c, s).defined());
}

TEST(FusedOps, ProductReduceMatchesTorchAlongRowsAndColumns) {
    if (!gpuKernels()) GTEST_SKIP() << "no CUDA device or no fused kernels in this build";
    const torch::Device dev("cuda");
    torch::manual_seed(4);
    // (rows, cols): vector loads, odd widths (scalar loads), more rows than one chunk
    const std::vector<std::pair<int64_t, int64_t>> shapes = {{64, 128}, {37, 19}, {3001, 24}, {5, 4104}};
    for (const auto& [R, C] : shapes) {
        for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
            const auto o = torch::TensorOptions().device(dev).dtype(dtype);
            auto g = torch::randn({R, C}, o), w = torch::randn({R, C}, o);
            auto p = g.to(torch::kFloat32) * w.to(torch::kFloat32);
            for (int64_t along : {0, 1})
                for (bool absolute : {true, false}) {
                    SCOPED_TRACE(std::to_string(R) + "x" + std::to_string(C) + " " + c10::toString(dtype) + " along " +
                                 std::to_string(along) + (absolute ? " abs" : " signed"));
                    auto got = pb::fusedProductReduce(g, w, along, absolute);
                    ASSERT_TRUE(got.defined());
                    auto want = (absolute ? p.abs() : p).sum(along);
                    ASSERT_EQ(got.sizes(), want.sizes());
                    const double scale = p.abs().sum(along).max().item<double>();
                    EXPECT_LT((got - want).abs().max().item<double>(), 1e-4 * scale + 1e-6);
                }
        }
    }
}

TEST(FusedOps, SwigluMatchesTheTorchOpsAndDeclinesForTraining) {
    if (!gpuKernels()) GTEST_SKIP() << "no CUDA device or no fused kernels in this build";
    const torch::Device dev("cuda");
    torch::manual_seed(5);
    for (const int64_t n : {int64_t(4096), int64_t(4101)})  // vector loads; an odd count (scalar)
        for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
            SCOPED_TRACE(std::to_string(n) + " " + c10::toString(dtype));
            const auto o = torch::TensorOptions().device(dev).dtype(dtype);
            auto g = 3 * torch::randn({n}, o), u = torch::randn({n}, o);
            auto got = pb::fusedSwiglu(g, u);
            ASSERT_TRUE(got.defined());
            auto want = torch::silu(g.to(torch::kFloat32)) * u.to(torch::kFloat32);
            const double tol = dtype == torch::kFloat32 ? 1e-5 : 1e-2;
            EXPECT_TRUE(torch::allclose(got.to(torch::kFloat32), want, tol, tol));
        }
    auto g = torch::randn({8}, torch::TensorOptions().device(dev)).requires_grad_(true);
    EXPECT_FALSE(pb::fusedSwiglu(g, g.detach()).defined());  // needs a gradient: the torch ops run
    torch::NoGradGuard no_grad;
    EXPECT_TRUE(pb::fusedSwiglu(g, g.detach()).defined());
}

// Taylor scores on the GPU with the fused kernels are the scores of the torch ops.
TEST(FusedOps, StreamedTaylorScoresAreTheTorchOpScores) {
    if (!gpuKernels()) GTEST_SKIP() << "no CUDA device or no fused kernels in this build";
    auto m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_qwen2");
    m.model->to(torch::Device("cuda"), torch::kFloat32);
    torch::manual_seed(9);
    pb::Calibration calib{torch::randint(0, 256, {4, 12}, torch::TensorOptions().dtype(torch::kInt64))};
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::TaylorElement1;
    o.batch = 4;
    const pb::WidthScores fused = pb::scoreWidth(*m.model, calib, o);
    setenv("PB_FUSED_KERNELS", "0", 1);
    const pb::WidthScores plain = pb::scoreWidth(*m.model, calib, o);
    unsetenv("PB_FUSED_KERNELS");
    ASSERT_EQ(fused.mlp.size(), plain.mlp.size());
    for (size_t l = 0; l < plain.mlp.size(); ++l)
        for (auto v : {&pb::WidthScores::mlp, &pb::WidthScores::attention_heads}) {
            const auto& a = fused.*v;
            const auto& b = plain.*v;
            ASSERT_EQ(a[l].size(), b[l].size());
            for (size_t u = 0; u < b[l].size(); ++u) EXPECT_NEAR(a[l][u], b[l][u], 1e-4 * std::abs(b[l][u]) + 1e-9);
        }
}
