// The task pack as lm-eval task files (core/evalzs/lm_eval_export.h): each item one JSONL
// document whose context, choices and gold give back the item's requests by lm-eval's rule
// (context + " " + choice); the YAML reads it by absolute path; inexpressible tasks are skipped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/lm_eval_export.h"
#include "core/evalzs/pack.h"
#include "temp_dir.h"

namespace {

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

pb::zs::Item item(const std::string& context, std::vector<std::string> choices, int gold) {
    pb::zs::Item it;
    for (const std::string& c : choices) it.requests.push_back({context, " " + c});
    it.choices = std::move(choices);
    it.gold = gold;
    return it;
}

// lm-eval's multiple_choice requests of a document: (doc_to_text, target_delimiter + choice).
std::vector<pb::zs::Request> lmEvalRequests(const nlohmann::json& doc) {
    std::vector<pb::zs::Request> out;
    for (const auto& c : doc["choices"]) out.push_back({doc["context"].get<std::string>(), " " + c.get<std::string>()});
    return out;
}

} // namespace

TEST(LmEvalExport, DocumentsGiveBackTheRequestsAndTheYamlReadsThem) {
    pbtest::TempDir tmp("lm_eval_export");
    pb::zs::Task t;
    t.name = "toy";
    t.items = {item("Q: 2+2?\nA:", {"3", "4"}, 1), item("Q: \"café\" is\nA:", {"French", "Latin", "Greek"}, 0)};
    pb::zs::Task partial;  // winogrande-like: each choice its own context
    partial.name = "partial";
    pb::zs::Item p = item("x", {"a", "b"}, 0);
    p.requests[1].context = "y";
    partial.items = {p};
    pb::zs::Task noNorm = t;
    noNorm.name = "plain";
    noNorm.has_acc_norm = false;
    const pb::zs::LmEvalExport x = pb::zs::exportLmEvalTasks({t, partial, noNorm}, tmp.path());
    ASSERT_EQ(x.tasks, (std::vector<std::string>{"prunebench_toy", "prunebench_plain"}));
    ASSERT_EQ(x.skipped.size(), 1u);
    EXPECT_EQ(x.skipped[0].first, "partial");
    EXPECT_NE(x.skipped[0].second.find("partial scoring"), std::string::npos) << x.skipped[0].second;
    EXPECT_FALSE(std::filesystem::exists(tmp.path() / "prunebench_partial.yaml"));

    std::istringstream lines(readAll(tmp.path() / "prunebench_toy.jsonl"));
    std::string line;
    size_t i = 0;
    for (; std::getline(lines, line); ++i) {
        ASSERT_LT(i, t.items.size());
        const nlohmann::json doc = nlohmann::json::parse(line);
        EXPECT_EQ(lmEvalRequests(doc), t.items[i].requests) << line;
        EXPECT_EQ(doc["gold"].get<int>(), t.items[i].gold);
    }
    EXPECT_EQ(i, t.items.size());
    const std::string yaml = readAll(tmp.path() / "prunebench_toy.yaml");
    const std::string data = (std::filesystem::absolute(tmp.path()) / "prunebench_toy.jsonl").string();
    for (const std::string& want : {std::string("task: prunebench_toy\n"), std::string("output_type: multiple_choice\n"),
                                    std::string("doc_to_text: context\n"), std::string("doc_to_choice: choices\n"),
                                    std::string("doc_to_target: gold\n"), std::string("target_delimiter: \" \"\n"),
                                    "    test: \"" + data + "\"\n", std::string("  - metric: acc_norm\n")})
        EXPECT_NE(yaml.find(want), std::string::npos) << want << "\n" << yaml;
    EXPECT_EQ(readAll(tmp.path() / "prunebench_plain.yaml").find("acc_norm"), std::string::npos);
}

TEST(LmEvalExport, EveryBuiltInTaskIsExpressible) {
    if (!std::filesystem::exists(pb::assets::taskDataDir() / "us-states-names-capitals.csv")) {
        const char* ci = std::getenv("CI");
        if (ci && std::string(ci) == "true") FAIL() << "task data missing under CI (scripts/setup.sh fetches it)";
        GTEST_SKIP() << "task data not fetched (scripts/setup.sh)";
    }
    pbtest::TempDir tmp("lm_eval_export_pack");
    std::vector<pb::zs::Task> tasks;
    for (const std::string& n : pb::zs::expandPackSpec("pack")) tasks.push_back(pb::zs::builtinDemoTask(n, 20));
    const pb::zs::LmEvalExport x = pb::zs::exportLmEvalTasks(tasks, tmp.path());
    EXPECT_TRUE(x.skipped.empty());
    EXPECT_EQ(x.tasks.size(), tasks.size());
    for (const pb::zs::Task& t : tasks) {
        std::istringstream lines(readAll(tmp.path() / ("prunebench_" + t.name + ".jsonl")));
        std::string line;
        size_t n = 0;
        while (std::getline(lines, line)) EXPECT_EQ(lmEvalRequests(nlohmann::json::parse(line)), t.items[n++].requests);
        EXPECT_EQ(n, t.items.size()) << t.name;
    }
}
