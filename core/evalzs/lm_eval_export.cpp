#include "core/evalzs/lm_eval_export.h"

#include <nlohmann/json.hpp>

#include "core/util/atomic_write.h"
#include "core/util/error.h"

namespace pb::zs {

namespace fs = std::filesystem;

std::string lmEvalInexpressible(const Item& item) {
    if (item.requests.empty()) return "an item without choices";
    if (item.requests.size() != item.choices.size()) return "an item whose requests and choices differ in number";
    if (item.gold < 0 || item.gold >= int(item.choices.size())) return "an item whose gold is not one of its choices";
    for (size_t i = 0; i < item.requests.size(); ++i) {
        const Request& r = item.requests[i];
        if (r.context != item.requests[0].context) return "choices with contexts of their own (partial scoring)";
        if (r.continuation != " " + item.choices[i]) return "a continuation other than \" \" + the choice";
    }
    return {};
}

std::string lmEvalTaskYaml(const std::string& name, const fs::path& jsonl, bool acc_norm) {
    std::string y;
    y += "# Written by prunebench-cli eval --export-lm-eval: PruneBench's built-in task '" + name.substr(11) + "'.\n";
    y += "task: " + name + "\n";
    y += "dataset_path: json\n";
    y += "dataset_kwargs:\n  data_files:\n    test: " + nlohmann::json(jsonl.string()).dump() + "\n";
    y += "test_split: test\n";
    y += "output_type: multiple_choice\n";
    y += "doc_to_text: context\n";
    y += "doc_to_choice: choices\n";
    y += "doc_to_target: gold\n";
    y += "target_delimiter: \" \"\n";
    y += "metric_list:\n  - metric: acc\n    aggregation: mean\n    higher_is_better: true\n";
    if (acc_norm) y += "  - metric: acc_norm\n    aggregation: mean\n    higher_is_better: true\n";
    y += "metadata:\n  version: 1.0\n";
    return y;
}

LmEvalExport exportLmEvalTasks(const std::vector<Task>& tasks, const fs::path& dir) {
    LmEvalExport out;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create the folder '" + dir.string() + "': " + ec.message());
    const fs::path abs = fs::absolute(dir);
    for (const Task& t : tasks) {
        std::string why;
        std::string jsonl;
        for (size_t i = 0; i < t.items.size() && why.empty(); ++i) {
            why = lmEvalInexpressible(t.items[i]);
            if (!why.empty()) {
                why = "item " + std::to_string(i + 1) + ": " + why;
                break;
            }
            const Item& it = t.items[i];
            jsonl += nlohmann::json{{"context", it.requests[0].context}, {"choices", it.choices}, {"gold", it.gold}}.dump(
                         -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                     "\n";
        }
        if (t.items.empty()) why = "no items";
        if (!why.empty()) {
            out.skipped.emplace_back(t.name, why);
            continue;
        }
        const std::string name = "prunebench_" + t.name;
        const fs::path data = abs / (name + ".jsonl"), yaml = abs / (name + ".yaml");
        writeFileAtomic(data.string(), jsonl);
        writeFileAtomic(yaml.string(), lmEvalTaskYaml(name, data, t.has_acc_norm));
        out.tasks.push_back(name);
        out.files.push_back(yaml);
        out.files.push_back(data);
    }
    return out;
}

} // namespace pb::zs
