// Bad input to the loader: clear errors, nothing crashes, cancel works.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/model/loader.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

fs::path tempDir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("pb_loader_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

const std::string kTiny = std::string(PB_FIXTURE_DIR) + "/models/tiny_llama";

TEST(LoaderErrors, MissingPathAndNonModels) {
    EXPECT_NE(errorOf([] { pb::loadModel("/nonexistent/model"); }).find("does not exist"), std::string::npos);
    fs::path d = tempDir("empty");
    EXPECT_NE(errorOf([&] { pb::loadModel(d); }).find("config.json is missing"), std::string::npos);
    std::ofstream(d / "notes.txt") << "hello";
    EXPECT_NE(errorOf([&] { pb::loadModel(d / "notes.txt"); }).find("neither"), std::string::npos);
    fs::remove_all(d);
}

TEST(LoaderErrors, CorruptGgufNamesTheFile) {
    fs::path d = tempDir("gguf");
    std::ofstream(d / "broken.gguf", std::ios::binary) << "GGUF\x03\x00\x00\x00garbage";
    const std::string msg = errorOf([&] { pb::loadModel(d / "broken.gguf"); });
    EXPECT_NE(msg.find("broken.gguf"), std::string::npos) << msg;
    fs::remove_all(d);
}

TEST(LoaderErrors, MissingTensorIsNamed) {
    fs::path d = tempDir("missing");
    fs::copy(kTiny, d, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    // Re-declare the model with one layer more than the file holds.
    std::ifstream in(d / "config.json");
    std::string cfg((std::istreambuf_iterator<char>(in)), {});
    in.close();
    auto pos = cfg.find("\"num_hidden_layers\": 2");
    ASSERT_NE(pos, std::string::npos);
    cfg.replace(pos, 22, "\"num_hidden_layers\": 3");
    std::ofstream(d / "config.json") << cfg;
    const std::string msg = errorOf([&] { pb::loadModel(d); });
    EXPECT_NE(msg.find("model.layers.2."), std::string::npos) << msg;
    fs::remove_all(d);
}

TEST(LoaderErrors, WrongShapeIsNamed) {
    fs::path d = tempDir("shape");
    fs::copy(kTiny, d, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    std::ifstream in(d / "config.json");
    std::string cfg((std::istreambuf_iterator<char>(in)), {});
    in.close();
    auto pos = cfg.find("\"intermediate_size\": 48");
    ASSERT_NE(pos, std::string::npos);
    cfg.replace(pos, 23, "\"intermediate_size\": 40");
    std::ofstream(d / "config.json") << cfg;
    const std::string msg = errorOf([&] { pb::loadModel(d); });
    EXPECT_NE(msg.find("gate_proj.weight' has shape [48, 32], expected [40, 32]"), std::string::npos) << msg;
    fs::remove_all(d);
}

TEST(LoaderErrors, BadOptions) {
    pb::LoadOptions o;
    o.dtype = "int3";
    EXPECT_NE(errorOf([&] { pb::loadModel(kTiny, o); }).find("unknown dtype"), std::string::npos);
    o.dtype = "f16";
    EXPECT_NE(errorOf([&] { pb::loadModel(kTiny, o); }).find("not supported on the CPU"), std::string::npos);
    o = {};
    o.device = "tpu";
    EXPECT_NE(errorOf([&] { pb::loadModel(kTiny, o); }).find("unknown device"), std::string::npos);
}

TEST(LoaderErrors, CancelStopsTheLoad) {
    int calls = 0;
    auto cancelSoon = [&](double, std::string_view) { return ++calls < 3; };
    EXPECT_THROW(pb::loadModel(kTiny, {}, cancelSoon), pb::Cancelled);
}

} // namespace
