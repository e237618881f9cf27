// Any text as input (core/data/text_files.h, through assets::loadText): a file or a folder of
// *.txt files in name order joined by blank lines; refusals name the path and the problem.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "core/data/assets.h"
#include "core/data/text_files.h"
#include "core/util/error.h"
#include "tests/base/temp_dir.h"

namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "(no error)";
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

} // namespace

TEST(TextFiles, FileAsItIsWithoutItsByteOrderMark) {
    pbtest::TempDir d("text");
    write(d.path() / "a.txt", "Call me Ishmael.\n");
    write(d.path() / "bom.txt", "\xEF\xBB\xBFSome years ago.\n");
    EXPECT_EQ(pb::assets::loadText((d.path() / "a.txt").string()), "Call me Ishmael.\n");
    EXPECT_EQ(pb::assets::loadText((d.path() / "bom.txt").string()), "Some years ago.\n");
    // Any extension for a file given by name; UTF-8 beyond ASCII is text.
    write(d.path() / "notes.md", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\x8B\n");
    EXPECT_EQ(pb::assets::loadText((d.path() / "notes.md").string()), "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\x8B\n");
}

TEST(TextFiles, FolderReadsItsTxtFilesInNameOrderJoinedByBlankLines) {
    pbtest::TempDir d("text");
    const fs::path dir = d.path() / "corpus";
    write(dir / "b.txt", "second\n");
    write(dir / "a.TXT", "first\n");
    write(dir / "c.txt", "third");
    write(dir / "empty.txt", " \n");        // white space only: skipped
    write(dir / "notes.md", "not read");    // not .txt
    write(dir / ".hidden.txt", "not read");  // hidden
    write(dir / "sub" / "d.txt", "not read");  // subfolders are not read
    fs::create_directories(dir / "folder.txt");
    EXPECT_EQ(pb::assets::loadText(dir.string()), "first\n\n\nsecond\n\n\nthird");
    const auto files = pb::textFolderFiles(dir);
    ASSERT_EQ(files.size(), 4u);
    EXPECT_EQ(files[0].filename(), "a.TXT");
    EXPECT_EQ(files[3].filename(), "empty.txt");
    EXPECT_EQ(pb::assets::textSourcePath(dir.string()), dir);
}

TEST(TextFiles, MissingEmptyBinaryAndNonUtf8AreRefusedNamingThePath) {
    pbtest::TempDir d("text");
    const fs::path missing = d.path() / "missing.txt";
    EXPECT_EQ(messageOf([&] { pb::assets::loadText(missing.string()); }), "text file '" + missing.string() + "' does not exist");

    write(d.path() / "empty.txt", " \t\r\n");
    EXPECT_EQ(messageOf([&] { pb::assets::loadText((d.path() / "empty.txt").string()); }),
              "text file '" + (d.path() / "empty.txt").string() + "' is empty");

    std::string binary = "PK\x03\x04";
    binary += std::string(1, '\0') + "rest";
    write(d.path() / "zip.txt", binary);
    const std::string b = messageOf([&] { pb::assets::loadText((d.path() / "zip.txt").string()); });
    EXPECT_TRUE(has(b, "'" + (d.path() / "zip.txt").string() + "' is binary, not text (a NUL byte at offset 4)")) << b;

    std::string controls;
    for (int i = 0; i < 200; ++i) controls += (i % 4 == 0) ? '\x01' : 'a';
    write(d.path() / "controls.txt", controls);
    EXPECT_TRUE(has(messageOf([&] { pb::assets::loadText((d.path() / "controls.txt").string()); }),
                    "is binary, not text (50 control characters"));

    write(d.path() / "latin1.txt", "line one\ncaf\xE9\n");
    const std::string l = messageOf([&] { pb::assets::loadText((d.path() / "latin1.txt").string()); });
    EXPECT_TRUE(has(l, "'" + (d.path() / "latin1.txt").string() + "' is not UTF-8 (byte 0xE9 at offset 12, line 2)")) << l;
    // Overlong forms, surrogates and truncated sequences are not UTF-8 either.
    for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\xF4\x90\x80\x80"}) {
        write(d.path() / "bad.txt", "x" + bad);
        EXPECT_TRUE(has(messageOf([&] { pb::assets::loadText((d.path() / "bad.txt").string()); }), "is not UTF-8 (byte"));
    }
}

TEST(TextFiles, FolderRefusalsNameTheFolderOrTheFile) {
    pbtest::TempDir d("text");
    const fs::path none = d.path() / "none";
    write(none / "readme.md", "no txt here");
    EXPECT_EQ(messageOf([&] { pb::assets::loadText(none.string()); }), "text folder '" + none.string() + "' holds no .txt files");

    const fs::path blank = d.path() / "blank";
    write(blank / "a.txt", "\n\n");
    write(blank / "b.txt", "");
    EXPECT_TRUE(has(messageOf([&] { pb::assets::loadText(blank.string()); }), "text folder '" + blank.string() + "' is empty"));

    const fs::path mixed = d.path() / "mixed";
    write(mixed / "a.txt", "fine\n");
    write(mixed / "b.txt", "caf\xE9\n");
    const std::string m = messageOf([&] { pb::assets::loadText(mixed.string()); });
    EXPECT_TRUE(has(m, "text file '" + (mixed / "b.txt").string() + "' is not UTF-8")) << m;
}

TEST(TextFiles, DemoSotuIsItsFolderInYearOrder) {
    if (!fs::is_directory(pb::assets::demoTextDir() / "sotu")) GTEST_SKIP() << "demo texts not fetched";
    const std::string text = pb::assets::loadText("demo:sotu");
    EXPECT_EQ(text, pb::readTextPath(pb::assets::demoTextDir() / "sotu"));
    EXPECT_EQ(text.rfind("Fellow-Citizens", 40), 0u) << text.substr(0, 60);  // 1790, George Washington
}
