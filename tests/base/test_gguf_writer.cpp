// The GGUF writer produces files the strict reader accepts, with every value type,
// replaced keys, aligned tensor data, and refusals of bad tensors.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "core/io/gguf.h"
#include "core/io/gguf_writer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

TEST(GgufWriter, WritesWhatTheStrictReaderAccepts) {
    const fs::path p = fs::temp_directory_path() / ("pb_gguf_writer_" + std::to_string(::getpid()) + ".gguf");
    pb::gguf::Writer w;
    w.setString("general.architecture", "llama");
    w.setU32("a.u32", 7);
    w.setF32("a.f32", 0.5f);
    w.setBool("a.bool", true);
    w.setNumbers("a.arr", pb::gguf::ValueType::I32, {1, -2, 3});
    w.setStrings("a.strs", {"x", "", "y z"});
    w.setU32("a.u32", 8);  // replaced in place
    const std::vector<float> v = {1, 2, 3, 4, 5};
    w.addTensor("t1", pb::gguf::GgmlType::F32, {5}, [&](uint8_t* d, uint64_t n) { std::memcpy(d, v.data(), n); });
    w.addTensor("t2", pb::gguf::GgmlType::F32, {1, 1}, [](uint8_t* d, uint64_t) { float x = 9; std::memcpy(d, &x, 4); });
    EXPECT_THROW(w.addTensor("t1", pb::gguf::GgmlType::F32, {1}, {}), pb::Error);
    EXPECT_THROW(w.addTensor(std::string(64, 'n'), pb::gguf::GgmlType::F32, {1}, {}), pb::Error);
    EXPECT_THROW(w.addTensor("q", pb::gguf::GgmlType::Q8_0, {48, 2}, {}), pb::Error);
    w.write(p);
    EXPECT_EQ(fs::file_size(p), w.fileSize());
    const pb::gguf::File f = pb::gguf::File::open(p);
    EXPECT_EQ(f.metadata().size(), 6u);
    EXPECT_EQ(f.getUInt("a.u32"), 8u);
    EXPECT_EQ(f.getFloat("a.f32"), 0.5);
    EXPECT_EQ(f.getBool("a.bool"), true);
    EXPECT_EQ(f.find("a.arr")->numbers, (std::vector<double>{1, -2, 3}));
    EXPECT_EQ(f.find("a.strs")->strings, (std::vector<std::string>{"x", "", "y z"}));
    ASSERT_EQ(f.tensors().size(), 2u);
    EXPECT_EQ(f.tensors()[1].offset, 32u);
    EXPECT_EQ(reinterpret_cast<const float*>(f.findTensor("t1")->data)[4], 5.0f);
    EXPECT_EQ(reinterpret_cast<const float*>(f.findTensor("t2")->data)[0], 9.0f);
    fs::remove(p);
}

} // namespace
