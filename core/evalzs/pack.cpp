// The task pack's table, its data files and the dispatch to the builders (core/evalzs/pack.h).
#include "core/evalzs/pack.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace pb::zs {

namespace {

const char* kSetupHint = "run scripts/setup.sh (README command 1) to fetch the demo assets and the task pack's data";

std::string readData(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) throw Error("task data not found at '" + p.string() + "': " + kSetupHint);
    return readInputFile(p, "task data", kMaxTextFileBytes);
}

// (file name, text) of every *.txt in a folder, sorted by name.
std::vector<std::pair<std::string, std::string>> readFolder(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".txt") files.push_back(e.path());
    if (files.empty()) throw Error("task data folder '" + dir.string() + "' is missing or empty: " + kSetupHint);
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : files) out.emplace_back(f.filename().string(), readData(f));
    return out;
}

} // namespace

const std::vector<PackTaskInfo>& packTasks() {
    static const std::vector<PackTaskInfo> t = {
        {"capitals", "knowledge", "us-states-names-capitals",
         "capital of a US state and state of a capital (4 choices)", 100, 100, 4},
        {"name_gender", "knowledge", "female-first-names-en, male-first-names-en",
         "is a first name a boy's or a girl's (2 choices)", 200, 0, 2},
        {"sentiment", "sentiment", "liu-positive-opinion-words-en, liu-negative-opinion-words-en",
         "is a word positive or negative (Liu's opinion lexicon, 2 choices)", 200, 0, 2},
        {"afinn", "sentiment", "afinn-111",
         "is a word or phrase positive or negative (AFINN-111 entries not in Liu's lists, 2 choices)", 200, 0, 2},
        {"spam", "classification", "spam-assassin (spam-2, easy-ham-2)",
         "is an e-mail excerpt spam (SpamAssassin corpus, 2 choices)", 200, 0, 2},
        {"sotu_president", "style", "sotu", "which president gave a State of the Union excerpt (4 choices)", 150, 0, 4},
        {"sotu_decade", "style", "sotu", "in which decade a State of the Union excerpt was given (4 choices)", 150, 0, 4},
        {"next_sentence", "fluency", "moby-dick", "the sentence that follows two of Moby Dick's (4 choices)", 150, 0, 4},
        {"cloze", "fluency", "moby-dick", "the last word of a Moby Dick sentence (4 choices)", 200, 0, 4},
    };
    return t;
}

const PackTaskInfo* findPackTask(const std::string& name) {
    for (const auto& t : packTasks())
        if (t.name == name) return &t;
    return nullptr;
}

std::vector<std::string> packTaskNames() {
    std::vector<std::string> n;
    for (const auto& t : packTasks()) n.push_back(t.name);
    return n;
}

std::string packTaskList() {
    std::string s;
    for (const auto& t : packTasks()) s += (s.empty() ? "" : ", ") + t.name;
    return s;
}

std::vector<std::string> expandPackSpec(const std::string& spec) {
    if (spec == "pack") return packTaskNames();
    if (spec == "demo") return builtinTaskNames();
    std::vector<std::string> out;
    std::stringstream in(spec);
    for (std::string t; std::getline(in, t, ',');) {
        if (t.empty()) continue;
        if (t == "pack" || t == "demo") {
            for (const auto& n : expandPackSpec(t))
                if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
            continue;
        }
        if (!findPackTask(t)) throw Error("unknown built-in task '" + t + "' (pack, demo, or " + packTaskList() + ")");
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
    if (out.empty()) throw Error("no task named in '" + spec + "'");
    return out;
}

Task packTask(const std::string& name, int64_t items, uint64_t seed) {
    const PackTaskInfo* info = findPackTask(name);
    if (!info) throw Error("unknown built-in task '" + name + "' (" + packTaskList() + ")");
    const int64_t n = items > 0 ? items : info->default_items;
    const fs::path dir = assets::taskDataDir();
    if (name == "next_sentence" || name == "cloze") {
        const fs::path moby = assets::demoTextDir() / "moby-dick.txt";
        return builtinTask(name, readData(moby), n, seed);
    }
    if (name == "capitals") return capitalsTask(readData(dir / "us-states-names-capitals.csv"), n, seed);
    if (name == "name_gender")
        return nameGenderTask(readData(dir / "female-first-names-en.txt"), readData(dir / "male-first-names-en.txt"), n, seed);
    if (name == "sentiment" || name == "afinn") {
        const std::string pos = readData(dir / "liu-positive-opinion-words-en.txt");
        const std::string neg = readData(dir / "liu-negative-opinion-words-en.txt");
        return name == "sentiment" ? sentimentTask(pos, neg, n, seed) : afinnTask(readData(dir / "afinn-111.csv"), pos, neg, n, seed);
    }
    if (name == "spam") {
        std::vector<Email> mails;
        for (const auto& [folder, spam] : {std::pair{"spam-assassin-spam-2", true}, std::pair{"spam-assassin-easy-ham-2", false}})
            for (auto& [file, text] : readFolder(dir / folder)) mails.push_back({file, std::move(text), spam});
        return spamTask(std::move(mails), n, seed);
    }
    if (name == "sotu_president" || name == "sotu_decade") {
        std::vector<Address> addresses;
        for (auto& [file, text] : readFolder(assets::demoTextDir() / "sotu")) {
            Address a;
            if (!parseSotuFileName(file, a)) throw Error("sotu file name '" + file + "' is not YEAR_NAME_PARTY.txt");
            a.text = std::move(text);
            addresses.push_back(std::move(a));
        }
        return sotuTask(name, std::move(addresses), n, seed);
    }
    throw Error("built-in task '" + name + "' has no builder");
}

} // namespace pb::zs
