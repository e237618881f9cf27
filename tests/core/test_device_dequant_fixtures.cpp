// The device dequantizer (core/stream/device_dequant*.cpp, torch ops) on CPU torch tensors
// against the gguf Python package and the CPU dequantizer, bit for bit, on the fixtures of
// tools/quants/check_dequant.py. The same code runs on CUDA (the lead's GPU check).
#include <cstdio>

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "core/io/gguf_types.h"
#include "core/stream/device_dequant.h"
#include "core/util/error.h"
#include "tests/base/quant_fixture.h"

using pb::gguf::GgmlType;

class DeviceDequantFixtures : public ::testing::TestWithParam<GgmlType> {};

TEST_P(DeviceDequantFixtures, TorchOpsAreBitExact) {
    const GgmlType t = GetParam();
    pb::testquant::QuantFixture f = pb::testquant::readFixture(t);
    ASSERT_EQ(f.type, uint32_t(t));
    ASSERT_TRUE(pb::deviceDequantizes(t));
    const auto n = static_cast<int64_t>(f.elements());
    auto raw = torch::from_blob(f.raw.data(), {static_cast<int64_t>(f.raw.size())}, torch::kUInt8).clone();
    const torch::Tensor got = pb::dequantizeOnDevice(t, raw, n, torch::kFloat32);  // [n]
    ASSERT_EQ(got.numel(), n);
    ASSERT_EQ(got.scalar_type(), torch::kFloat32);
    const torch::Tensor c = got.contiguous();
    const pb::testquant::Agreement a = pb::testquant::compareBits(c.data_ptr<float>(), f.expected);
    std::fputs(pb::testquant::reportLine("device", t, f, a).c_str(), stdout);
    EXPECT_EQ(a.mismatched, 0u) << pb::gguf::typeName(t) << ": first differing element " << a.first_bad << " got "
                                << c.data_ptr<float>()[a.first_bad] << " want " << f.expected[a.first_bad];

    // The same bits as the CPU dequantizer, and the asked dtype is the float32 result converted.
    std::vector<float> cpu(f.elements());
    pb::gguf::dequantize(t, f.raw.data(), cpu.data(), f.elements());
    EXPECT_EQ(pb::testquant::compareBits(c.data_ptr<float>(), cpu).mismatched, 0u);
    EXPECT_TRUE(torch::equal(pb::dequantizeOnDevice(t, raw, n, torch::kBFloat16), got.to(torch::kBFloat16)));
    // On a CUDA build with a GPU, the same bits from the GPU kernels (no flush-to-zero of subnormals).
    if (torch::cuda::is_available()) {
        const torch::Tensor g = pb::dequantizeOnDevice(t, raw.to(torch::kCUDA), n, torch::kFloat32).cpu().contiguous();
        const pb::testquant::Agreement ga = pb::testquant::compareBits(g.data_ptr<float>(), f.expected);
        std::fputs(pb::testquant::reportLine("cuda", t, f, ga).c_str(), stdout);
        EXPECT_EQ(ga.mismatched, 0u) << pb::gguf::typeName(t) << " on CUDA: first differing element " << ga.first_bad;
    }
    // One block fewer than the bytes hold is refused, naming the type.
    if (f.block_elems > 1) {
        try {
            pb::dequantizeOnDevice(t, raw, n - int64_t(f.block_elems), torch::kFloat32);
            ADD_FAILURE() << "size mismatch accepted";
        } catch (const pb::Error& e) {
            EXPECT_NE(std::string(e.what()).find(pb::gguf::typeName(t)), std::string::npos) << e.what();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, DeviceDequantFixtures, ::testing::ValuesIn(pb::testquant::fixtureTypes()),
                         [](const ::testing::TestParamInfo<GgmlType>& i) { return std::string(pb::gguf::typeName(i.param)); });

TEST(DeviceDequantTypes, EveryCpuTypeIsADeviceType) {
    for (uint32_t id = 0; id < 64; ++id) {
        if (!pb::gguf::isKnownType(id)) continue;
        const auto t = GgmlType(id);
        EXPECT_EQ(pb::deviceDequantizes(t), pb::gguf::canDequantize(t)) << pb::gguf::typeName(t);
    }
    auto empty = torch::empty({0}, torch::kUInt8);
    EXPECT_EQ(pb::dequantizeOnDevice(GgmlType::IQ2_XXS, empty, 0, torch::kFloat32).numel(), 0);
}

TEST(DeviceDequantTypes, TensorsOfManyChunksEqualTheCpuDequantizer) {
    // 2^19 + 3 Q8_0 blocks: more than one chunk of 2^24 values on the device path.
    const int64_t nb = (int64_t(1) << 19) + 3, n = nb * 32;
    std::vector<uint8_t> raw(static_cast<size_t>(nb * 34));
    uint32_t s = 12345;
    for (auto& x : raw) x = uint8_t((s = s * 1664525u + 1013904223u) >> 24);
    for (int64_t b = 0; b < nb; ++b) raw[size_t(b * 34)] = 0x1F, raw[size_t(b * 34 + 1)] = 0x20;  // f16 d = 0.0079
    auto cpu = torch::empty({n}, torch::kFloat32);
    pb::gguf::dequantize(GgmlType::Q8_0, raw.data(), cpu.data_ptr<float>(), uint64_t(n));
    auto t = torch::from_blob(raw.data(), {static_cast<int64_t>(raw.size())}, torch::kUInt8);
    EXPECT_TRUE(torch::equal(pb::dequantizeOnDevice(GgmlType::Q8_0, t, n, torch::kFloat32), cpu));
}
