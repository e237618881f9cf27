#pragma once
// The built-in task pack as lm-evaluation-harness task files (issue 19: "in lm-eval's formats"):
// per task, a JSONL of its items ({"context", "choices", "gold"}) and a task YAML reading it
// (output_type multiple_choice, doc_to_text/doc_to_choice/doc_to_target the fields, the target
// delimiter " ", metrics acc and acc_norm), so that `lm_eval --include_path DIR --tasks
// prunebench_NAME` scores the same items by lm-eval's own code. An item is expressible when its
// choices share one context and each continuation is " " + its choice (every built-in task's
// are); a task with another item is skipped with the reason. Torch-free.
#include <filesystem>
#include <string>
#include <vector>

#include "core/evalzs/tasks.h"

namespace pb::zs {

struct LmEvalExport {
    std::vector<std::string> tasks;                            // lm-eval names written ("prunebench_capitals")
    std::vector<std::filesystem::path> files;                  // YAML and JSONL, in order
    std::vector<std::pair<std::string, std::string>> skipped;  // task, why
};

// Why `item` cannot be written as one lm-eval multiple-choice document ("" when it can).
std::string lmEvalInexpressible(const Item& item);

// The YAML of task `name` reading `jsonl` (an absolute path: lm-eval resolves data files from
// its working directory).
std::string lmEvalTaskYaml(const std::string& name, const std::filesystem::path& jsonl, bool acc_norm);

// Writes DIR/prunebench_<task>.yaml and .jsonl for each task (atomically, DIR created). The
// caller checks DIR against the run's sources (core/util/output_path.h).
LmEvalExport exportLmEvalTasks(const std::vector<Task>& tasks, const std::filesystem::path& dir);

} // namespace pb::zs
