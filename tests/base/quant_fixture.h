#pragma once
// Dequantization fixtures written by tools/quants/check_dequant.py: raw ggml blocks and the
// float32 values the gguf Python package computes from them. Read from the folder named by
// PB_QUANT_FIXTURES (the script's large check) or tests/fixtures/quants (committed, small).
// Shared by tests/base (CPU dequantizer) and tests/core (device dequantizer on CPU torch).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/io/gguf_types.h"

namespace pb::testquant {

// Every type the fixtures cover (the committed folder must hold all of them).
inline const std::vector<gguf::GgmlType>& fixtureTypes() {
    using gguf::GgmlType;
    static const std::vector<GgmlType> types = {
        GgmlType::F16,    GgmlType::BF16,   GgmlType::Q4_0,    GgmlType::Q4_1,   GgmlType::Q5_0,   GgmlType::Q5_1,
        GgmlType::Q8_0,   GgmlType::Q2_K,   GgmlType::Q3_K,    GgmlType::Q4_K,   GgmlType::Q5_K,   GgmlType::Q6_K,
        GgmlType::Q8_K,   GgmlType::TQ1_0,  GgmlType::TQ2_0,   GgmlType::IQ4_NL, GgmlType::IQ4_XS, GgmlType::IQ2_XXS,
        GgmlType::IQ2_XS, GgmlType::IQ2_S,  GgmlType::IQ3_XXS, GgmlType::IQ3_S,  GgmlType::IQ1_S,  GgmlType::IQ1_M};
    return types;
}

inline std::filesystem::path fixtureDir() {
    if (const char* env = std::getenv("PB_QUANT_FIXTURES"); env && *env) return env;
    return std::filesystem::path(PB_FIXTURE_DIR) / "quants";
}

struct QuantFixture {
    uint32_t type = 0, block_elems = 0, block_bytes = 0, blocks = 0;
    std::vector<uint8_t> raw;     // blocks * block_bytes
    std::vector<float> expected;  // blocks * block_elems
    uint64_t elements() const { return uint64_t(blocks) * block_elems; }
};

// Throws std::runtime_error naming the file on a missing or malformed fixture.
inline QuantFixture readFixture(gguf::GgmlType t) {
    const auto path = fixtureDir() / (std::string(gguf::typeName(t)) + ".bin");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": missing (tools/quants/check_dequant.py write)");
    const std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QuantFixture f;
    if (b.size() < 20 || std::memcmp(b.data(), "PBQF", 4) != 0) throw std::runtime_error(path.string() + ": not a fixture");
    std::memcpy(&f.type, &b[4], 4);
    std::memcpy(&f.block_elems, &b[8], 4);
    std::memcpy(&f.block_bytes, &b[12], 4);
    std::memcpy(&f.blocks, &b[16], 4);
    const uint64_t nraw = uint64_t(f.blocks) * f.block_bytes, nval = f.elements();
    if (b.size() != 20 + nraw + 4 * nval) throw std::runtime_error(path.string() + ": wrong size");
    f.raw.assign(b.begin() + 20, b.begin() + 20 + static_cast<std::ptrdiff_t>(nraw));
    f.expected.resize(nval);
    std::memcpy(f.expected.data(), b.data() + 20 + nraw, 4 * nval);
    return f;
}

struct Agreement {
    double max_abs = 0.0;      // largest |got - expected|
    uint64_t mismatched = 0;   // elements whose float bits differ
    uint64_t first_bad = 0;    // index of the first of them
};

inline Agreement compareBits(const float* got, const std::vector<float>& want) {
    Agreement a;
    for (uint64_t i = 0; i < want.size(); ++i) {
        uint32_t x, y;
        std::memcpy(&x, &got[i], 4);
        std::memcpy(&y, &want[i], 4);
        if (x != y) {
            if (a.mismatched++ == 0) a.first_bad = i;
            a.max_abs = std::max(a.max_abs, std::fabs(double(got[i]) - double(want[i])));
        }
    }
    return a;
}

// The line tools/quants/check_dequant.py parses for its table.
inline std::string reportLine(const char* path, gguf::GgmlType t, const QuantFixture& f, const Agreement& a) {
    return std::string("QUANTCHECK path=") + path + " type=" + gguf::typeName(t) + " blocks=" + std::to_string(f.blocks) +
           " elements=" + std::to_string(f.elements()) + " max_abs=" + std::to_string(a.max_abs) +
           " mismatched=" + std::to_string(a.mismatched) + "\n";
}

} // namespace pb::testquant
