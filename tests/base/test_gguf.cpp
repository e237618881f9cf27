// GGUF reader: round trip of a synthetic file, strict validation of corrupt files,
// and the real demo model when it is present.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>

#include "core/data/assets.h"
#include "core/io/gguf.h"
#include "core/io/half.h"
#include "core/util/error.h"
#include "tests/base/gguf_builder.h"

using namespace pb::testio;
using pb::gguf::File;
using pb::gguf::GgmlType;
using pb::gguf::ValueType;

namespace {

std::vector<uint8_t> iota(size_t n, uint8_t start = 0) {
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = uint8_t(start + i);
    return v;
}

// A small valid file: one KV and two tensors (F32 [4,2], Q8_0 [64]).
GgufBuilder smallFile() {
    GgufBuilder b;
    b.string("general.architecture", "llama");
    b.tensor("a.weight", {4, 2}, 0, iota(32));
    std::vector<uint8_t> q8(68, 0);
    b.tensor("b.weight", {64}, 8, q8);
    return b;
}

// Opens the file and expects a FormatError whose message names the file and has every part.
void expectFormatError(const std::filesystem::path& p, const std::vector<std::string>& parts) {
    try {
        File::open(p);
        ADD_FAILURE() << "expected a FormatError for " << p;
    } catch (const pb::FormatError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(p.filename().string()), std::string::npos) << msg;
        for (const auto& part : parts) EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
    }
}

void expectBuilderError(GgufBuilder b, const std::vector<std::string>& parts) {
    TempDir dir;
    expectFormatError(b.write(dir / "bad.gguf"), parts);
}

} // namespace

TEST(GgufReader, RoundTripsEveryValueTypeAndTensors) {
    TempDir dir;
    GgufBuilder b;
    b.scalar<uint8_t>("t.u8", U8, 200).scalar<int8_t>("t.i8", I8, -100);
    b.scalar<uint16_t>("t.u16", U16, 60000).scalar<int16_t>("t.i16", I16, -30000);
    b.u32("t.u32", 4000000000u).scalar<int32_t>("t.i32", I32, -2000000000);
    b.f32("t.f32", 1.5f).scalar<uint8_t>("t.bool", BOOL, 1);
    b.string("t.str", "héllo");
    b.scalar<uint64_t>("t.u64", U64, 1ull << 40).scalar<int64_t>("t.i64", I64, -(1ll << 40));
    b.scalar<double>("t.f64", F64, 0.1);
    b.array<int32_t>("t.arr_i32", I32, {1, -2, 3});
    b.array<float>("t.arr_f32", F32, {0.5f, -0.25f});
    b.array<uint8_t>("t.arr_bool", BOOL, {1, 0});
    b.strings("t.arr_str", {"a", "", "ccc"});
    b.array<uint32_t>("t.arr_empty", U32, {});
    b.tensor("f32", {4, 3}, 0, iota(48));
    b.tensor("f16", {8}, 1, iota(16, 7));
    b.tensor("q8", {64, 2}, 8, iota(34 * 4, 3));
    b.tensor("q4k", {256}, 12, iota(144, 9));
    b.tensor("bf16", {2, 2, 2, 2}, 30, iota(32, 1));
    const auto p = b.write(dir / "ok.gguf");

    const File f = File::open(p);
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.alignment(), 32u);
    EXPECT_EQ(f.metadata().size(), 17u);
    EXPECT_EQ(f.getUInt("t.u8"), 200u);
    EXPECT_EQ(f.getInt("t.i8"), -100);
    EXPECT_EQ(f.getUInt("t.u16"), 60000u);
    EXPECT_EQ(f.getInt("t.i16"), -30000);
    EXPECT_EQ(f.getUInt("t.u32"), 4000000000u);
    EXPECT_EQ(f.getInt("t.i32"), -2000000000);
    EXPECT_EQ(f.getFloat("t.f32"), 1.5);
    EXPECT_EQ(f.getBool("t.bool"), true);
    EXPECT_EQ(f.getString("t.str"), "héllo");
    EXPECT_EQ(f.getUInt("t.u64"), 1ull << 40);
    EXPECT_EQ(f.getInt("t.i64"), -(1ll << 40));
    EXPECT_EQ(f.getFloat("t.f64"), 0.1);
    EXPECT_EQ(f.find("t.f64")->type, ValueType::F64);
    const auto* arr = f.find("t.arr_i32");
    ASSERT_NE(arr, nullptr);
    EXPECT_EQ(arr->type, ValueType::Array);
    EXPECT_EQ(arr->array_type, ValueType::I32);
    EXPECT_EQ(arr->numbers, (std::vector<double>{1, -2, 3}));
    EXPECT_EQ(f.find("t.arr_f32")->numbers, (std::vector<double>{0.5, -0.25}));
    EXPECT_EQ(f.find("t.arr_bool")->numbers, (std::vector<double>{1, 0}));
    EXPECT_EQ(f.find("t.arr_str")->strings, (std::vector<std::string>{"a", "", "ccc"}));
    EXPECT_EQ(f.find("t.arr_str")->array_size(), 3u);
    EXPECT_EQ(f.find("t.arr_empty")->array_size(), 0u);
    EXPECT_EQ(f.find("absent"), nullptr);
    EXPECT_FALSE(f.getUInt("absent").has_value());

    ASSERT_EQ(f.tensors().size(), 5u);
    const auto offs = b.offsets();
    const auto bytes = b.build();
    const uint64_t data_start = bytes.size() - (offs.back() + 32);
    for (size_t i = 0; i < b.tensors.size(); ++i) {
        const auto& want = b.tensors[i];
        const auto* t = f.findTensor(want.name);
        ASSERT_NE(t, nullptr) << want.name;
        EXPECT_EQ(&f.tensors()[i], t);
        EXPECT_EQ(t->ne, want.ne);
        EXPECT_EQ(uint32_t(t->type), want.type);
        EXPECT_EQ(t->offset, offs[i]);
        EXPECT_EQ(t->offset % 32, 0u);
        EXPECT_EQ(t->nbytes, want.data.size());
        EXPECT_EQ(std::memcmp(t->data, want.data.data(), want.data.size()), 0) << want.name;
        EXPECT_EQ(std::memcmp(t->data, bytes.data() + data_start + offs[i], want.data.size()), 0);
    }
    EXPECT_EQ(f.findTensor("q8")->elements(), 128u);
    EXPECT_EQ(f.findTensor("q8")->torchShape(), (std::vector<int64_t>{2, 64}));
    EXPECT_EQ(f.findTensor("bf16")->elements(), 16u);
    EXPECT_EQ(f.findTensor("nope"), nullptr);
}

TEST(GgufReader, AcceptsVersion2CustomAlignmentAndOutOfOrderInfos) {
    TempDir dir;
    GgufBuilder b;
    b.version = 2;
    b.alignment = 64;
    b.u32("general.alignment", 64);
    b.tensor("late", {32}, 0, iota(128), 128);   // infos not in data order
    b.tensor("early", {8}, 0, iota(32), 0);
    b.tensor("empty", {0, 4}, 0, {}, 64);          // zero-size tensor
    const File f = File::open(b.write(dir / "v2.gguf"));
    EXPECT_EQ(f.version(), 2u);
    EXPECT_EQ(f.alignment(), 64u);
    EXPECT_EQ(f.findTensor("late")->offset, 128u);
    EXPECT_EQ(f.findTensor("late")->data[5], 5);
    EXPECT_EQ(f.findTensor("empty")->nbytes, 0u);
    EXPECT_EQ(f.tensors()[0].name, "late");
}

TEST(GgufReader, TypedGettersRejectIncompatibleTypes) {
    TempDir dir;
    GgufBuilder b;
    b.scalar<int32_t>("neg", I32, -3).u32("count", 7).string("name", "x").f32("eps", 1e-5f);
    b.array<int32_t>("per_layer", I32, {3, 3, 1}).array<float>("floats", F32, {1.f, 2.f, 3.f});
    b.scalar<uint64_t>("huge", U64, ~0ull);
    const File f = File::open(b.write(dir / "g.gguf"));
    EXPECT_EQ(f.getInt("neg"), -3);
    EXPECT_EQ(f.getFloat("count"), 7.0);
    EXPECT_THROW(f.getUInt("neg"), pb::FormatError);
    EXPECT_THROW(f.getInt("huge"), pb::FormatError);
    try {
        f.getUInt("name");
        ADD_FAILURE();
    } catch (const pb::FormatError& e) {
        EXPECT_NE(std::string(e.what()).find("'name'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("STRING"), std::string::npos);
    }
    EXPECT_THROW(f.getString("count"), pb::FormatError);
    EXPECT_THROW(f.getBool("count"), pb::FormatError);
    EXPECT_THROW(f.getFloat("name"), pb::FormatError);
    EXPECT_EQ(f.getPerLayer("count", 3), (std::vector<int64_t>{7, 7, 7}));
    EXPECT_EQ(f.getPerLayer("per_layer", 3), (std::vector<int64_t>{3, 3, 1}));
    EXPECT_FALSE(f.getPerLayer("absent", 3).has_value());
    EXPECT_THROW(f.getPerLayer("per_layer", 4), pb::FormatError);
    EXPECT_THROW(f.getPerLayer("floats", 3), pb::FormatError);
    EXPECT_THROW(f.getPerLayer("name", 3), pb::FormatError);
}

// ---- corrupt headers ----------------------------------------------------------------

TEST(GgufCorrupt, TruncatedHeader) {
    TempDir dir;
    const auto full = smallFile().build();
    writeBytes(dir / "empty.gguf", {});
    expectFormatError(dir / "empty.gguf", {"too small"});
    writeBytes(dir / "t10.gguf", std::vector<uint8_t>(full.begin(), full.begin() + 10));
    expectFormatError(dir / "t10.gguf", {"truncated", "tensor count"});
    writeBytes(dir / "t30.gguf", std::vector<uint8_t>(full.begin(), full.begin() + 30));
    expectFormatError(dir / "t30.gguf", {"cannot fit"});
}

TEST(GgufCorrupt, BadMagicAndVersions) {
    GgufBuilder b = smallFile();
    b.magic = 0x46554746;
    expectBuilderError(b, {"bad magic"});
    b = smallFile();
    b.version = 1;
    expectBuilderError(b, {"version 1"});
    b.version = 4;
    expectBuilderError(b, {"version 4"});
    b.version = 0;
    expectBuilderError(b, {"version 0"});
    b.version = 0x03000000;  // a big-endian v3 file
    expectBuilderError(b, {"big-endian"});
}

TEST(GgufCorrupt, HugeCounts) {
    GgufBuilder b = smallFile();
    b.tensor_count = 1ull << 62;
    expectBuilderError(b, {"tensor count"});
    b = smallFile();
    b.kv_count = ~0ull;
    expectBuilderError(b, {"kv count"});
    b = smallFile();
    b.tensor_count = 50000;  // under the cap but cannot fit in the file
    expectBuilderError(b, {"cannot fit"});
}

TEST(GgufCorrupt, StringLengthPastEof) {
    GgufBuilder b;
    b.kv("general.name", STRING, Bytes().put<uint64_t>(1ull << 40).b);
    b.tensor("a", {8}, 0, iota(32));
    expectBuilderError(b, {"key 'general.name'", "past end of file"});
    GgufBuilder c;
    c.kv("k", ARRAY, Bytes().put<uint32_t>(STRING).put<uint64_t>(3).str("x").put<uint64_t>(~0ull).b);
    expectBuilderError(c, {"key 'k'", "past end of file"});
    GgufBuilder d;
    d.kv("k", ARRAY, Bytes().put<uint32_t>(U32).put<uint64_t>(1ull << 60).b);
    expectBuilderError(d, {"key 'k'", "array of", "past end of file"});
    GgufBuilder e;
    e.kv(std::string(70000, 'k'), U8, {1});
    expectBuilderError(e, {"key", "65535"});
}

TEST(GgufCorrupt, TensorDataPastEof) {
    TempDir dir;
    GgufBuilder b = smallFile();
    auto bytes = b.build();
    bytes.resize(bytes.size() - 1);
    writeBytes(dir / "short.gguf", bytes);
    expectFormatError(dir / "short.gguf", {"tensor 'b.weight'", "exceeds file size " + std::to_string(bytes.size())});
    // One tensor 'a.weight' [8] F32: 24-byte fixed header + name (8+8) + n_dims 4 + ne 8 +
    // type 4 puts the info's offset field at byte 56.
    auto patched = [&](uint64_t offset) {
        GgufBuilder c;
        c.tensor("a.weight", {8}, 0, iota(32), 0);
        auto bytes = c.build();
        std::memcpy(bytes.data() + 56, &offset, 8);
        const auto p = dir / ("off" + std::to_string(offset) + ".gguf");
        writeBytes(p, bytes);
        return p;
    };
    EXPECT_EQ(File::open(patched(0)).tensors()[0].data[4], 4);
    expectFormatError(patched(1ull << 40), {"tensor 'a.weight'", "exceeds file size 96"});
    expectFormatError(patched(~0ull - 31), {"tensor 'a.weight'", "overflows"});  // aligned, but start + offset wraps
}

TEST(GgufCorrupt, OverlappingTensors) {
    GgufBuilder b;
    b.tensor("a", {16}, 0, iota(64), 0);
    b.tensor("b", {8}, 0, iota(32), 32);  // inside a's [0,64)
    expectBuilderError(b, {"tensor 'b'", "overlaps tensor 'a'"});
}

TEST(GgufCorrupt, MisalignedOffset) {
    GgufBuilder b;
    b.tensor("a", {8}, 0, iota(32), 0);
    b.tensor("b", {8}, 0, iota(32), 40);
    expectBuilderError(b, {"tensor 'b'", "offset 40", "alignment 32"});
}

TEST(GgufCorrupt, BadAlignmentKey) {
    GgufBuilder b = smallFile();
    b.u32("general.alignment", 48);
    expectBuilderError(b, {"general.alignment", "power of two"});
    b = smallFile();
    b.u32("general.alignment", 0);
    expectBuilderError(b, {"general.alignment", "power of two"});
    b = smallFile();
    b.scalar<uint64_t>("general.alignment", U64, 32);
    expectBuilderError(b, {"general.alignment", "U32"});
}

TEST(GgufCorrupt, Ne0NotMultipleOfBlock) {
    GgufBuilder b;
    b.tensor("blk.0.attn_q.weight", {48, 2}, 2, std::vector<uint8_t>(64, 0));
    expectBuilderError(b, {"tensor 'blk.0.attn_q.weight'", "ne[0] = 48", "Q4_0", "32"});
}

TEST(GgufCorrupt, UnknownTypes) {
    GgufBuilder b;
    b.tensor("a", {8}, 4, iota(32));  // Q4_2 was removed
    expectBuilderError(b, {"tensor 'a'", "unknown ggml type 4"});
    GgufBuilder c;
    c.tensor("a", {8}, 1000, iota(32));
    expectBuilderError(c, {"unknown ggml type 1000"});
    GgufBuilder d;
    d.kv("k", 13, {0});
    expectBuilderError(d, {"key 'k'", "unknown value type 13"});
    GgufBuilder e;
    e.kv("k", ARRAY, Bytes().put<uint32_t>(ARRAY).put<uint64_t>(1).put<uint32_t>(U8).put<uint64_t>(0).b);
    expectBuilderError(e, {"key 'k'", "nested"});
    GgufBuilder g;
    g.kv("flag", BOOL, {2});
    expectBuilderError(g, {"key 'flag'", "BOOL"});
}

TEST(GgufCorrupt, TooManyDimsAndBadNames) {
    GgufBuilder b;
    b.tensor("a", {1, 1, 1, 1, 8}, 0, iota(32));
    expectBuilderError(b, {"tensor 'a'", "n_dims 5"});
    GgufBuilder c;
    c.tensor(std::string(64, 'n'), {8}, 0, iota(32));
    expectBuilderError(c, {"tensor name of 64 bytes"});
    GgufBuilder d;
    d.tensor("", {8}, 0, iota(32));
    expectBuilderError(d, {"empty tensor name"});
    GgufBuilder e;
    e.tensor("a", {1ull << 40, 1ull << 40}, 0, {});
    expectBuilderError(e, {"tensor 'a'", "overflow"});
    GgufBuilder g;
    g.tensor("a", {1ull << 63}, 0, {});
    expectBuilderError(g, {"tensor 'a'", "negative"});
}

TEST(GgufCorrupt, Duplicates) {
    GgufBuilder b = smallFile();
    b.u32("llama.block_count", 1).u32("llama.block_count", 2);
    expectBuilderError(b, {"key 'llama.block_count'", "duplicate"});
    GgufBuilder c = smallFile();
    c.tensor("a.weight", {8}, 0, iota(32));
    expectBuilderError(c, {"tensor 'a.weight'", "duplicate"});
    GgufBuilder d = smallFile();
    d.kv("", U8, {1});
    expectBuilderError(d, {"empty key"});
}

// Every truncation and many random byte flips of a valid file either open or throw
// FormatError; nothing crashes or allocates wildly.
TEST(GgufCorrupt, FuzzedBytesNeverCrash) {
    TempDir dir;
    GgufBuilder b = smallFile();
    b.strings("tokens", {"a", "bb", "ccc"}).array<float>("scores", F32, {1.f, 2.f, 3.f});
    const auto good = b.build();
    const auto p = dir / "fuzz.gguf";
    for (size_t n = 0; n < good.size(); ++n) {
        writeBytes(p, std::vector<uint8_t>(good.begin(), good.begin() + long(n)));
        EXPECT_THROW(File::open(p), pb::FormatError) << "length " << n;
    }
    std::mt19937 rng(42);
    for (int it = 0; it < 1000; ++it) {
        auto bytes = good;
        const int flips = 1 + int(rng() % 4);
        for (int k = 0; k < flips; ++k) bytes[rng() % bytes.size()] = uint8_t(rng());
        writeBytes(p, bytes);
        try {
            File::open(p);
        } catch (const pb::FormatError&) {
        }
    }
}

// ---- the real demo model --------------------------------------------------------------

TEST(GgufDemo, OpensSmolLmAndDequantizesEveryTensor) {
    const auto path = pb::assets::demoModelPath();
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "demo model not found at " << path << " (run scripts/setup.sh)";
    const File f = File::open(path);
    EXPECT_EQ(f.getString("general.architecture"), "llama");
    EXPECT_EQ(f.getUInt("llama.block_count"), 30u);
    EXPECT_EQ(f.getUInt("llama.embedding_length"), 576u);
    EXPECT_EQ(f.getUInt("llama.attention.head_count"), 9u);
    EXPECT_EQ(f.getUInt("llama.attention.head_count_kv"), 3u);
    EXPECT_EQ(f.getUInt("llama.feed_forward_length"), 1536u);
    const auto* tokens = f.find("tokenizer.ggml.tokens");
    ASSERT_NE(tokens, nullptr);
    EXPECT_EQ(tokens->array_type, ValueType::String);
    EXPECT_EQ(tokens->strings.size(), 49152u);
    const auto* embd = f.findTensor("token_embd.weight");
    ASSERT_NE(embd, nullptr);
    EXPECT_EQ(embd->ne, (std::vector<uint64_t>{576, 49152}));

    std::vector<float> buf;
    uint64_t total = 0;
    double seconds = 0;
    for (const auto& t : f.tensors()) {
        ASSERT_TRUE(pb::gguf::canDequantize(t.type)) << t.name << " " << pb::gguf::typeName(t.type);
        buf.resize(t.elements());
        const auto t0 = std::chrono::steady_clock::now();
        pb::gguf::dequantize(t.type, t.data, buf.data(), t.elements());
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        total += t.elements();
        for (float v : buf) ASSERT_TRUE(std::isfinite(v)) << t.name;
    }
    EXPECT_GT(total, 130'000'000u);
    std::cout << "[ demo    ] dequantized " << f.tensors().size() << " tensors, " << total << " values in "
              << seconds << " s (" << total / seconds / 1e6 << " M values/s)\n";
    RecordProperty("dequant_seconds", std::to_string(seconds));
}

TEST(GgufReader, MissingFileOrFolderIsAnErrorNamingThePath) {
    TempDir dir;
    for (const auto& p : {dir / "absent.gguf", dir.path()}) {
        try {
            File::open(p);
            ADD_FAILURE() << p;
        } catch (const pb::Error& e) {
            EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
        }
    }
}
