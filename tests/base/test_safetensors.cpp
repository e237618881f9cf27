// safetensors: write() -> open() round trips (single file and sharded index) and the
// reference validation order on hand-made corrupt files.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "tests/base/gguf_builder.h"

using pb::st::DType;
using pb::testio::TempDir;
using pb::testio::writeBytes;

namespace {

// 8-byte length + header text + data (length overridable to corrupt it).
std::vector<uint8_t> rawFile(const std::string& header, const std::vector<uint8_t>& data,
                             std::optional<uint64_t> n_override = std::nullopt) {
    std::vector<uint8_t> out(8 + header.size() + data.size());
    const uint64_t n = n_override.value_or(header.size());
    std::memcpy(out.data(), &n, 8);
    std::copy(header.begin(), header.end(), out.begin() + 8);
    std::copy(data.begin(), data.end(), out.begin() + 8 + long(header.size()));
    return out;
}

void expectError(const std::filesystem::path& p, const std::vector<std::string>& parts) {
    try {
        pb::st::File::open(p);
        ADD_FAILURE() << "expected a FormatError for " << p;
    } catch (const pb::FormatError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(p.filename().string()), std::string::npos) << msg;
        for (const auto& part : parts) EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
    }
}

void expectRawError(const std::string& header, size_t data_bytes, const std::vector<std::string>& parts,
                    std::optional<uint64_t> n_override = std::nullopt) {
    TempDir dir;
    const auto p = dir / "bad.safetensors";
    writeBytes(p, rawFile(header, std::vector<uint8_t>(data_bytes, 0), n_override));
    expectError(p, parts);
}

template <typename T>
pb::st::TensorToWrite tw(const std::string& name, DType dt, std::vector<int64_t> shape, const std::vector<T>& v) {
    return {name, dt, std::move(shape), v.data(), v.size() * sizeof(T)};
}

} // namespace

TEST(SafetensorsWrite, RoundTripsWithReferenceLayout) {
    TempDir dir;
    const std::vector<float> a = {1, 2, 3, 4, 5, 6};
    const std::vector<uint16_t> h = {0x3c00, 0x4000, 0x4200, 0xbc00};
    const std::vector<uint16_t> bf = {0x3f80};
    const std::vector<int64_t> i64 = {-1, 1ll << 40};
    const std::vector<uint8_t> u8 = {};
    const std::vector<uint8_t> b8 = {1, 0, 1};
    const auto p = dir / "model.safetensors";
    pb::st::write(p, {tw("w.a", DType::F32, {2, 3}, a), tw("w.h", DType::F16, {4}, h), tw("scalar", DType::BF16, {}, bf),
                      tw("ids", DType::I64, {2}, i64), tw("empty", DType::U8, {0, 5}, u8), tw("mask", DType::BOOL, {3}, b8)});

    // Layout: 8-byte length, header padded to 8 with spaces, descending alignment then name.
    std::ifstream in(p, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    uint64_t n;
    std::memcpy(&n, bytes.data(), 8);
    EXPECT_EQ(n % 8, 0u);
    EXPECT_EQ(bytes[8], '{');
    const auto header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + long(n));
    EXPECT_EQ(header["__metadata__"]["format"], "pt");
    EXPECT_EQ(header["ids"]["data_offsets"], nlohmann::json({0, 16}));
    EXPECT_EQ(header["w.a"]["data_offsets"], nlohmann::json({16, 40}));
    EXPECT_EQ(header["scalar"]["data_offsets"], nlohmann::json({40, 42}));  // BF16 sorts before F16
    EXPECT_EQ(header["w.h"]["data_offsets"], nlohmann::json({42, 50}));
    EXPECT_EQ(header["empty"]["data_offsets"], nlohmann::json({50, 50}));
    EXPECT_EQ(header["mask"]["data_offsets"], nlohmann::json({50, 53}));
    EXPECT_EQ(bytes.size(), 8 + n + 53);

    const auto f = pb::st::File::open(p);
    EXPECT_EQ(f.metadata(), (std::map<std::string, std::string>{{"format", "pt"}}));
    ASSERT_EQ(f.tensors().size(), 6u);
    EXPECT_EQ(f.tensors()[0].name, "ids");
    const auto* ta = f.find("w.a");
    ASSERT_NE(ta, nullptr);
    EXPECT_EQ(ta->dtype, DType::F32);
    EXPECT_EQ(ta->dtype_name, "F32");
    EXPECT_EQ(ta->shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(ta->elements(), 6u);
    EXPECT_EQ(ta->nbytes, 24u);
    EXPECT_EQ(std::memcmp(ta->data, a.data(), 24), 0);
    EXPECT_EQ(std::memcmp(f.find("w.h")->data, h.data(), 8), 0);
    EXPECT_EQ(std::memcmp(f.find("ids")->data, i64.data(), 16), 0);
    EXPECT_EQ(f.find("scalar")->shape.size(), 0u);
    EXPECT_EQ(f.find("scalar")->elements(), 1u);
    EXPECT_EQ(f.find("empty")->nbytes, 0u);
    EXPECT_EQ(f.find("mask")->dtype, DType::BOOL);
    EXPECT_EQ(f.find("nope"), nullptr);

    // Only the final file remains; writing again replaces it.
    pb::st::write(p, {tw("x", DType::F32, {1}, std::vector<float>{7})}, {});
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
    const auto g = pb::st::File::open(p);
    EXPECT_EQ(g.tensors().size(), 1u);
    EXPECT_TRUE(g.metadata().empty());
}

TEST(SafetensorsWrite, RejectsInvalidTensorsAndLeavesNoTempFile) {
    TempDir dir;
    const std::vector<float> a = {1, 2};
    const auto p = dir / "x.safetensors";
    EXPECT_THROW(pb::st::write(p, {tw("a", DType::F32, {3}, a)}), pb::Error);  // size mismatch
    EXPECT_THROW(pb::st::write(p, {tw("a", DType::F32, {2}, a), tw("a", DType::F32, {2}, a)}), pb::Error);
    EXPECT_THROW(pb::st::write(p, {tw("a", DType::Other, {2}, a)}), pb::Error);
    EXPECT_THROW(pb::st::write(p, {tw("__metadata__", DType::F32, {2}, a)}), pb::Error);
    EXPECT_THROW(pb::st::write(dir / "missing-dir" / "x.safetensors", {tw("a", DType::F32, {2}, a)}), pb::Error);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
}

TEST(SafetensorsCheckpoint, SingleAndSharded) {
    TempDir dir;
    const std::vector<float> a = {1, 2}, b = {3, 4, 5};
    pb::st::write(dir / "model.safetensors", {tw("a", DType::F32, {2}, a), tw("b", DType::F32, {3}, b)});
    auto single = pb::st::Checkpoint::open(dir.path());
    EXPECT_EQ(single.names(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(single.files().size(), 1u);
    // A copy stays valid after the original goes away.
    auto copy = single;
    single = pb::st::Checkpoint();
    EXPECT_EQ(std::memcmp(copy.find("b")->data, b.data(), 12), 0);

    TempDir sharded;
    pb::st::write(sharded / "model-00001-of-00002.safetensors", {tw("a", DType::F32, {2}, a), tw("extra", DType::F32, {2}, a)});
    pb::st::write(sharded / "model-00002-of-00002.safetensors", {tw("b", DType::F32, {3}, b)});
    auto writeIndex = [&](const nlohmann::json& map) {
        std::ofstream(sharded / "model.safetensors.index.json")
            << nlohmann::json{{"metadata", {{"total_size", 20}}}, {"weight_map", map}}.dump();
    };
    writeIndex({{"a", "model-00001-of-00002.safetensors"}, {"b", "model-00002-of-00002.safetensors"}});
    const auto c = pb::st::Checkpoint::open(sharded.path());
    EXPECT_EQ(c.names(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(c.files().size(), 2u);
    EXPECT_EQ(std::memcmp(c.find("a")->data, a.data(), 8), 0);
    EXPECT_EQ(std::memcmp(c.find("b")->data, b.data(), 12), 0);
    EXPECT_EQ(c.find("extra"), nullptr);  // only weight_map names are listed

    auto expectIndexError = [&](const nlohmann::json& map, const std::vector<std::string>& parts) {
        writeIndex(map);
        try {
            pb::st::Checkpoint::open(sharded.path());
            ADD_FAILURE() << "expected an error for " << map.dump();
        } catch (const pb::Error& e) {
            for (const auto& part : parts)
                EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        }
    };
    expectIndexError({{"a", "../model-00001-of-00002.safetensors"}}, {"tensor 'a'", "shard name", "../model"});
    expectIndexError({{"a", "sub/x.safetensors"}}, {"shard name 'sub/x.safetensors'"});
    expectIndexError({{"a", "sub\\x.safetensors"}}, {"shard name"});
    expectIndexError({{"a", "model-00009-of-00009.safetensors"}}, {"model-00009-of-00009.safetensors", "does not exist"});
    expectIndexError({{"zzz", "model-00002-of-00002.safetensors"}}, {"tensor 'zzz'", "model-00002-of-00002.safetensors"});
    expectIndexError({{"a", 3}}, {"not a string"});
    std::ofstream(sharded / "model.safetensors.index.json") << R"({"weight_map": {"a": "x", "a": "y"}})";
    EXPECT_THROW(pb::st::Checkpoint::open(sharded.path()), pb::FormatError);

    TempDir none;
    EXPECT_THROW(pb::st::Checkpoint::open(none.path()), pb::Error);
}

// ---- corrupt files, in the reference validation order ----------------------------------

TEST(SafetensorsCorrupt, HeaderLength) {
    TempDir dir;
    writeBytes(dir / "tiny.safetensors", {1, 2, 3});
    expectError(dir / "tiny.safetensors", {"too small"});
    expectRawError("{}", 0, {"header length 100000001", "limit"}, 100000001);
    expectRawError("{}", 0, {"header length 5000", "exceeds file size 10"}, 5000);
    expectRawError("{}", 0, {"limit"}, ~0ull - 4);  // 8 + N would overflow: the cap comes first
}

TEST(SafetensorsCorrupt, JsonAndSchema) {
    expectRawError(" {}", 0, {"does not start with '{'"});
    expectRawError("{\"a\": ", 0, {"invalid JSON"});
    expectRawError("{\"a\xff\": 1}", 0, {"invalid JSON"});  // not UTF-8
    expectRawError(R"({"a": 1})", 0, {"tensor 'a'", "not an object"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1]}})", 4, {"tensor 'a'", "data_offsets"});
    expectRawError(R"({"a": {"dtype": "Q4", "shape": [1], "data_offsets": [0, 4]}})", 4, {"tensor 'a'", "unknown dtype 'Q4'"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})", 4, {"tensor 'a'", "shape entry -1"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}})", 4, {"tensor 'a'", "shape"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0]}})", 4, {"tensor 'a'", "data_offsets"});
    expectRawError(R"({"__metadata__": {"format": 1}})", 0, {"__metadata__", "format"});
    expectRawError(R"({"__metadata__": ["x"]})", 0, {"__metadata__"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                      "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", 8, {"duplicate key 'a'"});
    expectRawError("{\"a\": " + std::string(40, '[') + std::string(40, ']') + "}", 0, {"nested"});
    expectRawError("[1, 2]", 0, {"does not start"});
}

TEST(SafetensorsCorrupt, Offsets) {
    // hole before the first tensor
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", 8, {"tensor 'a'", "not contiguous", "hole"});
    // hole between tensors
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                      "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}})", 12, {"tensor 'b'", "not contiguous", "'a'"});
    // overlap / aliasing
    expectRawError(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                      "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", 8, {"tensor 'b'", "overlapping"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                      "b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", 4, {"not contiguous"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]}})", 8, {"tensor 'a'", "end before"});
}

TEST(SafetensorsCorrupt, SizesAndTrailingBytes) {
    expectRawError(R"({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})", 8, {"tensor 'a'", "hold 8 bytes", "needs 12"});
    expectRawError(R"({"a": {"dtype": "F4", "shape": [3], "data_offsets": [0, 2]}})", 2, {"tensor 'a'", "whole number of bytes"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}})", 8, {"tensor 'a'", "overflows"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", 12, {"4 trailing bytes"});
    expectRawError(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", 6, {"truncated"});
    expectRawError(R"({})", 3, {"trailing"});
    // Valid oddities: other-dtype tensors, unaligned buffers, padding spaces.
    TempDir dir;
    const auto p = dir / "ok.safetensors";
    writeBytes(p, rawFile(R"({"c": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]},
                            "u": {"dtype": "U16", "shape": [1], "data_offsets": [8, 10]}}  )", std::vector<uint8_t>(10, 1)));
    const auto f = pb::st::File::open(p);
    EXPECT_EQ(f.find("c")->dtype, DType::Other);
    EXPECT_EQ(f.find("c")->dtype_name, "C64");
    EXPECT_EQ(pb::st::dtypeBytes(DType::Other), 0u);
    EXPECT_EQ(f.find("u")->nbytes, 2u);
}

TEST(SafetensorsCorrupt, EveryTruncationIsRejected) {
    TempDir dir;
    const auto p = dir / "t.safetensors";
    const std::vector<float> a = {1, 2, 3};
    pb::st::write(p, {tw("a", DType::F32, {3}, a)});
    std::ifstream in(p, std::ios::binary);
    std::vector<uint8_t> good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t n = 0; n < good.size(); ++n) {
        writeBytes(p, std::vector<uint8_t>(good.begin(), good.begin() + long(n)));
        EXPECT_THROW(pb::st::File::open(p), pb::FormatError) << n;
    }
}
