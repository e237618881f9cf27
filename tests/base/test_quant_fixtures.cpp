// The CPU dequantizer against the gguf Python package, bit for bit, on the fixtures of
// tools/quants/check_dequant.py (every type the reader dequantizes, K-quants and IQ* included).
#include <cstdio>
#include <cstring>

#include <gtest/gtest.h>

#include "core/io/gguf_types.h"
#include "core/util/error.h"
#include "tests/base/quant_fixture.h"

using pb::gguf::GgmlType;

class QuantFixtures : public ::testing::TestWithParam<GgmlType> {};

TEST_P(QuantFixtures, CpuDequantizerIsBitExact) {
    const GgmlType t = GetParam();
    const pb::testquant::QuantFixture f = pb::testquant::readFixture(t);
    ASSERT_EQ(f.type, uint32_t(t));
    EXPECT_TRUE(pb::gguf::isKnownType(f.type));
    EXPECT_EQ(pb::gguf::blockElems(t), f.block_elems) << "the gguf package's block size";
    EXPECT_EQ(pb::gguf::blockBytes(t), f.block_bytes) << "the gguf package's block bytes";
    ASSERT_TRUE(pb::gguf::canDequantize(t));
    ASSERT_GT(f.blocks, 0u);
    std::vector<float> got(f.elements(), -12345.0f);
    pb::gguf::dequantize(t, f.raw.data(), got.data(), f.elements());
    const pb::testquant::Agreement a = pb::testquant::compareBits(got.data(), f.expected);
    std::fputs(pb::testquant::reportLine("cpu", t, f, a).c_str(), stdout);
    EXPECT_EQ(a.mismatched, 0u) << pb::gguf::typeName(t) << ": first differing element " << a.first_bad << " got "
                                << got[a.first_bad] << " want " << f.expected[a.first_bad];
}

INSTANTIATE_TEST_SUITE_P(AllTypes, QuantFixtures, ::testing::ValuesIn(pb::testquant::fixtureTypes()),
                         [](const ::testing::TestParamInfo<GgmlType>& i) { return std::string(pb::gguf::typeName(i.param)); });

TEST(QuantFixtureTypes, TypeIdsNamesAndSizesOfTheNewTypes) {
    struct Want {
        uint32_t id;
        const char* name;
        uint64_t elems, bytes;
    };
    // ids and sizes from ggml.h / ggml-common.h (the fixtures check them against the gguf package too)
    const Want want[] = {{10, "Q2_K", 256, 84},    {11, "Q3_K", 256, 110},   {15, "Q8_K", 256, 292},
                         {16, "IQ2_XXS", 256, 66}, {17, "IQ2_XS", 256, 74},  {18, "IQ3_XXS", 256, 98},
                         {19, "IQ1_S", 256, 50},   {20, "IQ4_NL", 32, 18},   {21, "IQ3_S", 256, 110},
                         {22, "IQ2_S", 256, 82},   {23, "IQ4_XS", 256, 136}, {29, "IQ1_M", 256, 56},
                         {34, "TQ1_0", 256, 54},   {35, "TQ2_0", 256, 66}};
    for (const Want& w : want) {
        const auto t = GgmlType(w.id);
        EXPECT_STREQ(pb::gguf::typeName(t), w.name);
        EXPECT_EQ(pb::gguf::blockElems(t), w.elems) << w.name;
        EXPECT_EQ(pb::gguf::blockBytes(t), w.bytes) << w.name;
        EXPECT_TRUE(pb::gguf::canDequantize(t)) << w.name;
    }
    // still refused, with the list of what is supported
    std::vector<uint8_t> src(64);
    std::vector<float> dst(32);
    EXPECT_FALSE(pb::gguf::canDequantize(GgmlType::Q8_1));
    try {
        pb::gguf::dequantize(GgmlType::Q8_1, src.data(), dst.data(), 32);
        ADD_FAILURE() << "Q8_1 dequantized";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("IQ4_XS"), std::string::npos) << e.what();
    }
}

TEST(QuantFixtureTypes, HandBuiltIqBlocks) {
    // IQ4_NL: d = 1, nibbles k -> the level table itself (kvalues_iq4nl of ggml-common.h).
    const int levels[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
    uint8_t nl[18] = {0x00, 0x3C};  // f16 1.0
    for (int j = 0; j < 16; ++j) nl[2 + j] = uint8_t(j | ((15 - j) << 4));
    float y[256];
    pb::gguf::dequantize(GgmlType::IQ4_NL, nl, y, 32);
    for (int j = 0; j < 16; ++j) {
        EXPECT_EQ(y[j], float(levels[j]));
        EXPECT_EQ(y[j + 16], float(levels[15 - j]));
    }
    // IQ2_XXS: all-zero indices, signs and scale -> grid row 0 (all 8s) * d * 0.5 * 0.25.
    uint8_t xxs[66] = {0x00, 0x40};  // f16 2.0
    pb::gguf::dequantize(GgmlType::IQ2_XXS, xxs, y, 256);
    for (int e = 0; e < 256; ++e) EXPECT_EQ(y[e], 2.0f * 0.5f * 0.25f * 8.0f) << e;
    // Q2_K: scales 0x21 (scale 1, min 2), every 2-bit value 3, d = 1, dmin = 0.5 -> 3 - 1 = 2.
    uint8_t q2[84];
    std::memset(q2, 0x21, 16);
    std::memset(q2 + 16, 0xFF, 64);
    q2[80] = 0x00, q2[81] = 0x3C, q2[82] = 0x00, q2[83] = 0x38;
    pb::gguf::dequantize(GgmlType::Q2_K, q2, y, 256);
    for (int e = 0; e < 256; ++e) EXPECT_EQ(y[e], 2.0f) << e;
}
