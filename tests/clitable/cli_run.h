#pragma once
// Runs prunebench-cli as a user would (a child process, no shell) and captures what it says.
// For table-driven bad-input tests: exit code, stdout, stderr, and whether anything was written.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pbtest {

struct CliResult {
    int exit_code = -1;      // the child's exit status; 128+N when killed by signal N
    bool timed_out = false;  // killed after the time limit
    std::string out;         // stdout
    std::string err;         // stderr
};

// Runs PB_CLI_PATH with `args` (argv[1..]), stdin from /dev/null, with a wall-clock limit.
CliResult runCli(const std::vector<std::string>& args, std::chrono::seconds limit = std::chrono::seconds(60));
// The same, sending `signal` (SIGINT as Ctrl-C does) once stderr first contains `when`.
CliResult runCliInterrupted(const std::vector<std::string>& args, const std::string& when, int signal,
                            std::chrono::seconds limit = std::chrono::seconds(120));

// A fresh folder under the build's temp area, removed at the end of the test.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& leaf) const { return (path_ / leaf).string(); }

private:
    std::filesystem::path path_;
};

// Every regular file under `root` with its size and modification time, to assert that a refused
// command wrote, changed and left nothing (temporary files included).
using Snapshot = std::map<std::string, std::pair<std::uintmax_t, std::filesystem::file_time_type>>;
Snapshot snapshot(const std::filesystem::path& root);

void writeBytes(const std::string& path, const std::string& bytes);
std::string readBytes(const std::string& path);

// Copies a fixture folder or file (tests/fixtures/...) into `dest`.
void copyFixture(const std::string& fixture_relative, const std::string& dest);

} // namespace pbtest
