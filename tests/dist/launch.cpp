#include "tests/dist/launch.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace pbtest {

bool WorldRun::ok() const {
    for (const auto& r : ranks)
        if (r.exit_code != 0 || r.timed_out) return false;
    return !ranks.empty();
}

std::string WorldRun::describe() const {
    std::ostringstream s;
    for (size_t i = 0; i < ranks.size(); ++i) {
        const auto& r = ranks[i];
        s << "rank " << i << ": exit " << r.exit_code << (r.timed_out ? " (timed out)" : "") << ", stderr ends:\n"
          << (r.err.size() > 1500 ? r.err.substr(r.err.size() - 1500) : r.err) << "\n";
    }
    return s.str();
}

int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        close(fd);
        throw std::runtime_error("could not bind a port on 127.0.0.1");
    }
    const int port = ntohs(a.sin_port);
    close(fd);
    return port;
}

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// argv[0] = the CLI; stdout/stderr to files; the variables set; no shell.
pid_t start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, const fs::path& out,
            const fs::path& err) {
    std::vector<std::string> argv_s{PB_CLI_PATH};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int in_fd = open("/dev/null", O_RDONLY);
        const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        for (const char* v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "LOCAL_WORLD_SIZE"})
            unsetenv(v);
        for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

WorldRun run(const std::vector<int>& ranks, int size, const std::vector<std::string>& args, std::chrono::seconds limit,
             const std::map<std::string, std::string>& extra) {
    char tmpl[] = "/tmp/pb-dist-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    const fs::path dir = tmpl;
    const std::string port = std::to_string(freePort());
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<pid_t> pids;
    for (int r : ranks) {
        std::map<std::string, std::string> env = extra;
        if (size > 1) {
            env["RANK"] = std::to_string(r);
            env["LOCAL_RANK"] = std::to_string(r);
            env["WORLD_SIZE"] = std::to_string(size);
            env["MASTER_ADDR"] = "127.0.0.1";
            env["MASTER_PORT"] = port;
        }
        const std::string tag = std::to_string(r);
        pids.push_back(start(args, env, dir / ("out" + tag), dir / ("err" + tag)));
    }
    WorldRun w;
    w.ranks.resize(ranks.size());
    std::vector<bool> done(ranks.size(), false);
    size_t left = ranks.size();
    const auto deadline = t0 + limit;
    while (left > 0) {
        for (size_t i = 0; i < pids.size(); ++i) {
            if (done[i]) continue;
            int status = 0;
            if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
                done[i] = true;
                --left;
                w.ranks[i].exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
        }
        if (left == 0) break;
        if (std::chrono::steady_clock::now() > deadline) {
            for (size_t i = 0; i < pids.size(); ++i)
                if (!done[i]) {
                    kill(pids[i], SIGKILL);
                    int status = 0;
                    waitpid(pids[i], &status, 0);
                    w.ranks[i].timed_out = true;
                    w.ranks[i].exit_code = 128 + SIGKILL;
                }
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    w.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (size_t i = 0; i < ranks.size(); ++i) {
        const std::string tag = std::to_string(ranks[i]);
        w.ranks[i].out = slurp(dir / ("out" + tag));
        w.ranks[i].err = slurp(dir / ("err" + tag));
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return w;
}

} // namespace

WorldRun launch(int n, const std::vector<std::string>& args, std::chrono::seconds limit,
                const std::map<std::string, std::string>& env) {
    std::vector<int> ranks;
    for (int r = 0; r < n; ++r) ranks.push_back(r);
    return run(ranks, n, args, limit, env);
}

WorldRun launchRanks(const std::vector<int>& ranks, int size, const std::vector<std::string>& args,
                     std::chrono::seconds limit, const std::map<std::string, std::string>& env) {
    return run(ranks, size, args, limit, env);
}

} // namespace pbtest
