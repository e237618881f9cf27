// prunebench-cli: everything the GUI does, for scripts, CI and servers.
// Results go to stdout (one JSON object with --json); progress and logs to stderr.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/enum_args.h"
#include "app/cli/error_text.h"
#include "app/cli/output_check.h"
#include "app/cli/report_cli.h"
#include "core/model/runtime.h"
#include "core/util/error.h"
#include "core/util/progress.h"

namespace {

// Ctrl-C / SIGTERM: the job stops at its next progress report (pb::cancel_requested), its
// temporaries are removed as the error unwinds, and main prints "cancelled" and exits 130. A
// second signal ends the process at once (SA_RESETHAND).
void onInterrupt(int) {
    pb::cancel_requested.store(true);
    static const char msg[] = "\ncancelling (the current step finishes first; again to stop at once)\n";
    const ssize_t n = write(2, msg, sizeof msg - 1);
    (void)n;
}

void installInterruptHandlers() {
    struct sigaction sa {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

std::vector<pbcli::Command> allCommands() {
    return {pbcli::infoCommand(),  pbcli::tokenizeCommand(), pbcli::pplCommand(), pbcli::generateCommand(),
            pbcli::scoreCommand(), pbcli::pruneCommand(),    pbcli::sweepCommand(), pbcli::compareCommand(),
            pbcli::recoverCommand(), pbcli::evalCommand(), pbcli::benchCommand(), pbcli::latencyCommand(),
            pbcli::exportCommand(), pbcli::streamCommand()};
}

// Under --json a failure is one JSON object on stderr (stdout stays empty), so a script reads
// what went wrong without parsing prose: {"error": {"kind", "message", "command", "exit_code"}}.
// kind: usage (bad options, exit 2), cancelled (130) or failed (1).
bool json_errors = false;

int fail(const char* kind, const std::string& message, const std::string& command, int code) {
    if (json_errors) {
        const nlohmann::json j = {{"error", {{"kind", kind}, {"message", message}, {"command", command}, {"exit_code", code}}}};
        std::fprintf(stderr, "%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else if (std::string(kind) == "cancelled") {
        std::fprintf(stderr, "cancelled\n");
    } else {
        std::fprintf(stderr, "error: %s\n", message.c_str());
    }
    return code;
}

void printHelp(const std::vector<pbcli::Command>& cmds) {
    std::cout << "prunebench-cli: structured pruning workbench for LLaMA-family models\n\n"
                 "usage: prunebench-cli COMMAND [options]   (COMMAND --help for its options)\n\ncommands:\n";
    for (const auto& c : cmds) std::printf("  %-10s %s\n", c.name.c_str(), c.summary.c_str());
    std::cout << "\noptions of every command:\n"
                 "  --threads N   CPU threads (default: the cores other processes leave free, re-read during long jobs)\n"
                 "  --help        the command's options\n"
                 "prunebench-cli --version prints the version.\n";
    std::cout << "\nMODEL is a Hugging Face folder, a .gguf file, or 'demo'; TEXT is a file, a folder (its *.txt files in name order), demo:moby-dick or demo:sotu.\n";
    std::cout << "\ncriteria (--criterion): kind, what it needs (weights only, forward passes or gradients), whether `stream` "
                 "scores it:\n" << pbcli::criteriaTable();
}

} // namespace

int main(int argc, char** argv) {
    pbcli::setCommandLine(argc, argv);
    const auto cmds = allCommands();
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        printHelp(cmds);
        return argc < 2 ? 2 : 0;
    }
    if (std::string(argv[1]) == "--version" || std::string(argv[1]) == "-V") {
        std::printf("prunebench-cli %s\nlibtorch %s, devices: %s\n", PB_VERSION, pb::torchVersion().c_str(),
                    pb::availableDevices().c_str());
        return 0;
    }
    const std::string name = argv[1];
    const pbcli::Command* cmd = nullptr;
    for (const auto& c : cmds)
        if (c.name == name) cmd = &c;
    std::vector<std::string> rest(argv + 2, argv + argc);
    for (const auto& a : rest) json_errors = json_errors || a == "--json";
    if (!cmd) return fail("usage", "unknown command '" + name + "' (see prunebench-cli --help)", name, 2);
    int threads = 0;  // --threads N (every command): taken out before the command's own options
    for (size_t i = 0; i < rest.size(); ++i) {
        std::string value;
        if (rest[i] == "--threads" && i + 1 < rest.size()) value = rest[i + 1];
        else if (rest[i].rfind("--threads=", 0) == 0) value = rest[i].substr(10);
        else if (rest[i] == "--threads") value = "";
        else continue;
        char* end = nullptr;
        const long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n < 1 || n > 1024)
            return fail("usage", "option '--threads' must be an integer from 1 to 1024, got '" + value +
                                     "' (see prunebench-cli " + name + " --help)", name, 2);
        threads = int(n);
        rest.erase(rest.begin() + long(i), rest.begin() + long(i) + (rest[i] == "--threads" ? 2 : 1));
        --i;
    }
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << cmd->summary << "\n" << pbcli::usageFor(cmd->name, cmd->options);
            return 0;
        }
    installInterruptHandlers();
    try {
        pb::configureRuntime(threads);
        pbcli::prepareDistributed(cmd->name, cmd->options, rest);  // WORLD_SIZE > 1: torchrun, Slurm
        const pbcli::Args args(rest, cmd->options);
        pbcli::checkOutputsEarly(args);  // no output may be a source: refused before any work
        const int code = cmd->run(args);
        pbcli::leaveWorld();
        return code;
    } catch (const pbcli::UsageError& e) {
        return fail("usage", std::string(e.what()) + " (see prunebench-cli " + name + " --help)", name, 2);
    } catch (const pb::Cancelled&) {
        return fail("cancelled", "cancelled", name, 130);
    } catch (const std::exception& e) {  // pb::Error, c10::Error, std::bad_alloc ...
        return fail("failed", pbcli::userMessage(e, name), name, 1);
    }
}
