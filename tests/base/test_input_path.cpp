// The input rule (core/util/input_path.h): regular files only, bounded, never blocking.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("pb-input-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST(InputPath, RegularFileIsReadWhole) {
    const fs::path d = scratch("ok");
    std::ofstream(d / "a.txt") << "hello";
    EXPECT_EQ(pb::readInputFile(d / "a.txt", "text file", 100), "hello");
    EXPECT_EQ(pb::checkInputFile(d / "a.txt", "text file", 100), 5u);
    fs::remove_all(d);
}

TEST(InputPath, MissingFileNamesWhatAndPath) {
    const std::string m = messageOf([] { pb::checkInputFile("/nonexistent/x.txt", "text file", 10); });
    EXPECT_EQ(m, "text file '/nonexistent/x.txt' does not exist");
}

TEST(InputPath, CharacterDeviceIsRefusedWithoutReading) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string m = messageOf([] { pb::readInputFile("/dev/zero", "text file", pb::kMaxTextFileBytes); });
    EXPECT_EQ(m, "text file '/dev/zero' is not a regular file (it is a character device)");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST(InputPath, FifoIsRefusedWithoutBlocking) {
    const fs::path d = scratch("fifo");
    const fs::path f = d / "pipe";
    ASSERT_EQ(::mkfifo(f.c_str(), 0600), 0);
    uint64_t size = 0;
    const std::string m = messageOf([&] { pb::openInputFile(f, "model file", 100, size); });
    EXPECT_NE(m.find("is not a regular file (it is a FIFO, a named pipe)"), std::string::npos) << m;
    EXPECT_NE(m.find(f.string()), std::string::npos) << m;
    fs::remove_all(d);
}

TEST(InputPath, FolderIsNotAFileButIsAModelPath) {
    const fs::path d = scratch("dir");
    const std::string m = messageOf([&] { pb::checkInputFile(d, "text file", 100); });
    EXPECT_NE(m.find("is not a regular file (it is a folder)"), std::string::npos) << m;
    EXPECT_NO_THROW(pb::checkInputModelPath(d));
    fs::remove_all(d);
}

TEST(InputPath, TooLargeSaysTheLimit) {
    const fs::path d = scratch("big");
    std::ofstream(d / "b.txt") << std::string(3000, 'x');
    const std::string m = messageOf([&] { pb::readInputFile(d / "b.txt", "text file", 2048); });
    EXPECT_NE(m.find("is 2.9 KiB, more than the limit of 2 KiB for a text file"), std::string::npos) << m;
    fs::remove_all(d);
}

TEST(InputPath, DescribeBytes) {
    EXPECT_EQ(pb::describeBytes(0), "0 bytes");
    EXPECT_EQ(pb::describeBytes(1), "1 byte");
    EXPECT_EQ(pb::describeBytes(uint64_t(1) << 30), "1 GiB");
    EXPECT_EQ(pb::describeBytes(uint64_t(3) << 19), "1.5 MiB");
}
