// Text and model inputs through the CLI: empty, whitespace-only, binary and huge-line texts as
// --text / --calib / --data; /dev/zero and a FIFO as a text or as --model (bounded time: the
// harness kills the child after the limit); a folder as a text (its *.txt files). Each is one line naming the
// file and the problem, exit 1, nothing written.
#include <gtest/gtest.h>

#include <filesystem>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

namespace fs = std::filesystem;
using namespace pbtest;

namespace {

struct TextRow {
    std::string name;
    std::string bytes;               // the text file's content
    std::vector<std::string> parts;  // expected in stderr besides the file's path
};

std::vector<TextRow> texts() {
    std::string binary;
    for (int i = 0; i < 4096; ++i) binary += char((i * 131 + 7) & 0xff);
    binary[100] = '\0';
    return {
        {"empty", "", {"is empty"}},
        {"whitespace", " \n\t\r\n   \n", {"is empty"}},
        {"binary", binary, {}},
        {"huge_line", std::string(3 << 20, 'a'), {}},  // 3 MiB without a newline
    };
}

// Where a text goes: the command lines, with the file in place of TEXT.
std::vector<std::pair<std::string, std::vector<std::string>>> uses() {
    CliWorld& w = world();
    return {
        // --max-windows: a 3 MiB text is 24,000 windows of honest work; the case is the reading.
        {"ppl_text", {"ppl", "--model", w.hf, "--text", "TEXT", "--max-windows", "4"}},
        {"prune_calib", {"prune", "--model", w.hf, "--criterion", "taylor_element1", "--width-ratio", "0.5",
                         "--calib", "TEXT", "--samples", "2", "--seq-len", "16"}},
        {"score_calib", {"score", "--model", w.hf, "--calib", "TEXT", "--samples", "2", "--seq-len", "16"}},
        {"recover_data", {"recover", "--model", w.hf, "--data", "TEXT", "--steps", "1"}},
        {"stream_text", {"stream", "--model", w.gguf, "--text", "TEXT", "--max-windows", "4"}},
    };
}

std::vector<std::string> place(std::vector<std::string> args, const std::string& file) {
    for (auto& a : args)
        if (a == "TEXT") a = file;
    return args;
}

class BadText : public ::testing::TestWithParam<std::pair<size_t, size_t>> {};

std::vector<std::pair<size_t, size_t>> textCases() {
    std::vector<std::pair<size_t, size_t>> c;
    for (size_t t = 0; t < texts().size(); ++t)
        for (size_t u = 0; u < uses().size(); ++u) c.push_back({t, u});
    return c;
}

} // namespace

TEST_P(BadText, OneLineNamingTheFileNothingWritten) {
    const auto [ti, ui] = GetParam();
    const TextRow t = texts().at(ti);
    ScratchDir s("text");
    const std::string file = s / (t.name + ".txt");
    writeBytes(file, t.bytes);
    const auto args = place(uses().at(ui).second, file);
    const Snapshot before = snapshot(s.path());
    const auto r = runCli(args, std::chrono::seconds(120));
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(snapshot(s.path()), before);
    if (t.parts.empty()) {
        // Binary and huge-line texts are text as far as a tokenizer goes: accepted or refused
        // with a line, never a crash or library noise.
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
        if (r.exit_code != 0) EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
        for (const char* raw : {"_M_default_append", "std::bad_alloc", "terminate called", "Segmentation"})
            EXPECT_EQ(r.err.find(raw), std::string::npos) << r.err;
        return;
    }
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    for (const auto& p : t.parts) EXPECT_NE(r.err.find(p), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Cli, BadText, ::testing::ValuesIn(textCases()), [](const auto& info) {
    return texts().at(info.param.first).name + "_as_" + uses().at(info.param.second).first;
});

TEST(CliInputs, DevZeroAsTextIsRefusedAtOnce) {
    for (const auto& [name, args] : uses()) {
        SCOPED_TRACE(name);
        expectRefused(place(args, "/dev/zero"), 1, {"'/dev/zero' is not a regular file (it is a character device)"},
                      std::chrono::seconds(30));
    }
}

TEST(CliInputs, FifoAsTextOrModelIsRefusedWithoutBlocking) {
    ScratchDir s("fifo");
    const std::string fifo = s / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const auto& [name, args] : uses()) {
        SCOPED_TRACE(name);
        expectRefused(place(args, fifo), 1, {fifo, "is not a regular file (it is a FIFO"}, std::chrono::seconds(30));
    }
    for (const char* cmd : {"info", "ppl", "stream", "export", "tokenize"}) {
        SCOPED_TRACE(cmd);
        std::vector<std::string> a = {cmd, "--model", fifo};
        if (std::string(cmd) == "ppl" || std::string(cmd) == "stream" || std::string(cmd) == "tokenize")
            a.insert(a.end(), {"--text", world().text});
        if (std::string(cmd) == "export") a.insert(a.end(), {"--out", s / "x.gguf"});
        expectRefused(a, 1, {"model file '" + fifo + "' is not a regular file (it is a FIFO"}, std::chrono::seconds(30));
    }
}

TEST(CliInputs, DevZeroAsModelIsRefused) {
    expectRefused({"info", "--model", "/dev/zero"}, 1, {"'/dev/zero' is not a regular file (it is a character device)"},
                  std::chrono::seconds(30));
}

TEST(CliInputs, FolderWithoutTxtFilesAsTextIsRefused) {
    CliWorld& w = world();
    expectRefused({"ppl", "--model", w.hf, "--text", w.hf}, 1, {"text folder '" + w.hf + "' holds no .txt files"});
}

// A folder is its *.txt files in name order joined by blank lines: the same tokens as that
// text in one file, for every command that reads a text (tokenize here; the rule is one
// function, core/data/text_files.h).
TEST(CliInputs, FolderOfTxtFilesIsOneText) {
    CliWorld& w = world();
    ScratchDir s("folder");
    fs::create_directories(s / "corpus");
    writeBytes(s / "corpus/02.txt", "The sea was calm.\n");
    writeBytes(s / "corpus/01.txt", "Call me Ishmael.\n");
    writeBytes(s / "corpus/readme.md", "not read\n");
    writeBytes(s / "joined.txt", "Call me Ishmael.\n\n\nThe sea was calm.\n");
    const auto folder = runCli({"tokenize", "--model", w.hf, "--text", s / "corpus", "--json"});
    const auto file = runCli({"tokenize", "--model", w.hf, "--text", s / "joined.txt", "--json"});
    ASSERT_EQ(folder.exit_code, 0) << folder.err;
    ASSERT_EQ(file.exit_code, 0) << file.err;
    EXPECT_EQ(nlohmann::json::parse(folder.out).at("ids"), nlohmann::json::parse(file.out).at("ids"));
    // A file in the folder that is not UTF-8 is named.
    writeBytes(s / "corpus/03.txt", "caf\xE9\n");
    expectRefused({"tokenize", "--model", w.hf, "--text", s / "corpus"}, 1,
                  {"text file '" + (s / "corpus/03.txt") + "' is not UTF-8 (byte 0xE9 at offset 3, line 1)"});
}
