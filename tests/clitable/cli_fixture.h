#pragma once
// Shared set-up of the table-driven CLI tests in this folder (helper B's files): a scratch
// folder holding a copy of the tiny HF model, a GGUF copy of it made by `export`, a plan and
// a text; and the assertion that a refused run changed nothing there.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/clitable/cli_run.h"

namespace pbtest {

struct CliWorld {
    ScratchDir dir{"world"};
    std::string hf;    // dir/model: tests/fixtures/models/tiny_llama
    std::string gguf;  // dir/model.gguf: the same model exported as GGUF
    std::string text;  // dir/text.txt: a few hundred words
    std::string plan;  // dir/plan.json: a resolved width plan (prune --save-plan)
    CliWorld();
};

// The world built once per test binary (exporting takes a second).
CliWorld& world();

// Every byte of every file under `root`, to assert that sources were not touched.
std::map<std::string, std::string> contents(const std::filesystem::path& root);

// A refused run: exit code `code`, each of `parts` in stderr, nothing under the world's
// folder written, changed or left behind.
void expectRefused(const std::vector<std::string>& args, int code, const std::vector<std::string>& parts,
                   std::chrono::seconds limit = std::chrono::seconds(60));

} // namespace pbtest
