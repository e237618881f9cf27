#include "tests/clitable/cli_fixture.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace pbtest {

CliWorld::CliWorld() {
    hf = dir / "model";
    gguf = dir / "model.gguf";
    text = dir / "text.txt";
    plan = dir / "plan.json";
    copyFixture("models/tiny_llama", hf);
    std::string words;
    for (int i = 0; i < 300; ++i) words += "the whale swam past the ship and the sailors watched it go. ";
    writeBytes(text, words);
    // The GGUF and the plan live in the world's folder too: made outside, moved in.
    ScratchDir make("make");
    const auto e = runCli({"export", "--model", hf, "--out", make / "model.gguf"});
    if (e.exit_code != 0) throw std::runtime_error("export for the test world failed: " + e.err);
    fs::rename(make / "model.gguf", gguf);
    const auto p = runCli({"prune", "--model", hf, "--calib", text, "--samples", "2", "--seq-len", "16",
                           "--criterion", "l1", "--width-ratio", "0.5", "--layers", "0-1", "--save-plan",
                           make / "plan.json"});
    if (p.exit_code != 0) throw std::runtime_error("prune for the test world failed: " + p.err);
    fs::rename(make / "plan.json", plan);
}

CliWorld& world() {
    static CliWorld w;
    return w;
}

std::map<std::string, std::string> contents(const fs::path& root) {
    std::map<std::string, std::string> m;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) m[fs::relative(e.path(), root).string()] = readBytes(e.path().string());
    return m;
}

void expectRefused(const std::vector<std::string>& args, int code, const std::vector<std::string>& parts,
                   std::chrono::seconds limit) {
    CliWorld& w = world();
    const Snapshot before = snapshot(w.dir.path());
    const auto bytes = contents(w.dir.path());
    const CliResult r = runCli(args, limit);
    std::string line;
    for (const auto& a : args) line += " " + a;
    EXPECT_FALSE(r.timed_out) << line;
    EXPECT_EQ(r.exit_code, code) << line << "\n" << r.err;
    for (const auto& p : parts) EXPECT_NE(r.err.find(p), std::string::npos) << "'" << p << "' missing:" << line << "\n" << r.err;
    // One clear line, no library noise.
    for (const char* raw : {"_M_default_append", "std::bad_alloc", "basic_string", "terminate called"})
        EXPECT_EQ(r.err.find(raw), std::string::npos) << line << "\n" << r.err;
    EXPECT_EQ(snapshot(w.dir.path()), before) << "something was written:" << line;
    EXPECT_EQ(contents(w.dir.path()), bytes) << "a source changed:" << line;
}

} // namespace pbtest
