#pragma once
// A scratch folder for a test, under the system temp dir, named by a tag, the process and a
// name (by default the running test's), emptied when made and removed on destruction.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace pbtest {

class TempDir {
public:
    explicit TempDir(const std::string& tag, std::string name = {}) {
        if (name.empty()) name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        path_ = std::filesystem::temp_directory_path() / ("pb_" + tag + "_" + std::to_string(::getpid()) + "_" + name);
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace pbtest
