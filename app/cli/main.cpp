// prunebench-cli: everything the GUI does, for scripts, CI and servers.
// Results go to stdout (one JSON object with --json); progress and logs to stderr.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "app/cli/enum_args.h"
#include "app/cli/error_text.h"
#include "app/cli/output_check.h"
#include "app/cli/report_cli.h"
#include "core/model/runtime.h"
#include "core/util/error.h"

namespace {

std::vector<pbcli::Command> allCommands() {
    return {pbcli::infoCommand(),  pbcli::tokenizeCommand(), pbcli::pplCommand(), pbcli::generateCommand(),
            pbcli::scoreCommand(), pbcli::pruneCommand(),    pbcli::sweepCommand(), pbcli::compareCommand(),
            pbcli::recoverCommand(), pbcli::evalCommand(), pbcli::benchCommand(),
            pbcli::exportCommand(), pbcli::streamCommand()};
}

void printHelp(const std::vector<pbcli::Command>& cmds) {
    std::cout << "prunebench-cli: structured pruning workbench for LLaMA-family models\n\n"
                 "usage: prunebench-cli COMMAND [options]   (COMMAND --help for its options)\n\ncommands:\n";
    for (const auto& c : cmds) std::printf("  %-10s %s\n", c.name.c_str(), c.summary.c_str());
    std::cout << "\nMODEL is a Hugging Face folder, a .gguf file, or 'demo'; TEXT is a file, demo:moby-dick or demo:sotu.\n";
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
    const std::string name = argv[1];
    const pbcli::Command* cmd = nullptr;
    for (const auto& c : cmds)
        if (c.name == name) cmd = &c;
    if (!cmd) {
        std::fprintf(stderr, "error: unknown command '%s' (see prunebench-cli --help)\n", name.c_str());
        return 2;
    }
    std::vector<std::string> rest(argv + 2, argv + argc);
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << cmd->summary << "\n" << pbcli::usageFor(cmd->name, cmd->options);
            return 0;
        }
    try {
        pb::configureRuntime();
        const pbcli::Args args(rest, cmd->options);
        pbcli::checkOutputsEarly(args);  // no output may be a source: refused before any work
        return cmd->run(args);
    } catch (const pbcli::UsageError& e) {
        std::fprintf(stderr, "error: %s (see prunebench-cli %s --help)\n", e.what(), name.c_str());
        return 2;
    } catch (const pb::Cancelled&) {
        std::fprintf(stderr, "error: cancelled\n");
        return 130;
    } catch (const std::exception& e) {  // pb::Error, c10::Error, std::bad_alloc ...
        std::fprintf(stderr, "error: %s\n", pbcli::userMessage(e, name).c_str());
        return 1;
    }
}
