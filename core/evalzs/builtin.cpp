#include "core/evalzs/builtin.h"

#include <set>
#include <sstream>

#include "core/data/assets.h"
#include "core/evalzs/pack.h"
#include "core/evalzs/pack_text.h"
#include "core/util/error.h"

namespace pb::zs {

std::vector<std::vector<std::vector<std::string>>> splitChapters(const std::string& text) {
    std::vector<std::vector<std::vector<std::string>>> chapters(1);
    std::istringstream in(text);
    std::string line, para;
    auto flush = [&]() {
        if (!para.empty()) chapters.back().push_back(splitSentences(para));
        para.clear();
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("CHAPTER ", 0) == 0) {
            flush();
            if (!chapters.back().empty()) chapters.emplace_back();
            continue;
        }
        if (line.find_first_not_of(" \t") == std::string::npos) {
            flush();
            continue;
        }
        const size_t a = line.find_first_not_of(" \t");
        para += (para.empty() ? "" : " ") + line.substr(a);
    }
    flush();
    if (chapters.back().empty()) chapters.pop_back();
    return chapters;
}

const std::vector<std::string>& builtinTaskNames() {
    static const std::vector<std::string> n = {"next_sentence", "cloze"};
    return n;
}

bool isBuiltinTask(const std::string& name) { return findPackTask(name) != nullptr; }

namespace {

struct Ref {
    size_t chapter, para, index;
};

bool lowerWord(const std::string& w) {
    if (w.size() < 3) return false;
    for (char c : w)
        if (c < 'a' || c > 'z') return false;
    return true;
}

// Splits a sentence that ends "... word." into ("...", "word"); false when it does not.
bool clozeSplit(const std::string& s, std::string& head, std::string& word) {
    if (s.size() < 4 || s.back() != '.') return false;
    const size_t sp = s.rfind(' ');
    if (sp == std::string::npos) return false;
    word = s.substr(sp + 1, s.size() - sp - 2);
    if (!lowerWord(word)) return false;
    head = s.substr(0, sp);
    int words = 1;
    for (char c : s) words += c == ' ';
    return words >= 10;
}

} // namespace

Task builtinTask(const std::string& name, const std::string& text, int64_t items, uint64_t seed) {
    if (name != "next_sentence" && name != "cloze")
        throw Error("unknown Moby Dick task '" + name + "' (next_sentence or cloze)");
    const auto ch = splitChapters(text);
    if (ch.size() < 2) throw Error("the text needs at least two chapters for built-in tasks");
    SplitMix rng{seed ^ (name == "cloze" ? 0xC10Eull : 0x5E47ull)};
    Task t;
    t.name = name;
    t.has_acc_norm = true;
    std::vector<Ref> all;  // every sentence
    for (size_t c = 0; c < ch.size(); ++c)
        for (size_t p = 0; p < ch[c].size(); ++p)
            for (size_t i = 0; i < ch[c][p].size(); ++i) all.push_back({c, p, i});
    auto sent = [&](const Ref& r) -> const std::string& { return ch[r.chapter][r.para][r.index]; };
    std::set<std::tuple<size_t, size_t, size_t>> used;
    const int64_t max_tries = items * 2000;
    for (int64_t tries = 0; int64_t(t.items.size()) < items && tries < max_tries; ++tries) {
        const Ref g = all[rng.below(all.size())];
        if (used.count({g.chapter, g.para, g.index})) continue;
        const std::string& gold = sent(g);
        Item it;
        std::vector<std::string> distract;
        std::string context, answer;
        if (name == "next_sentence") {
            if (g.index < 2 || gold.size() < 30 || gold.size() > 250) continue;
            context = ch[g.chapter][g.para][g.index - 2] + " " + ch[g.chapter][g.para][g.index - 1];
            answer = gold;
            std::set<std::string> seen = {gold};
            for (int k = 0; k < 4000 && distract.size() < 3; ++k) {
                const Ref d = all[rng.below(all.size())];
                const std::string& s = sent(d);
                if (d.chapter == g.chapter || seen.count(s)) continue;
                if (double(s.size()) < 0.6 * double(gold.size()) || double(s.size()) > 1.6 * double(gold.size())) continue;
                distract.push_back(s);
                seen.insert(s);
            }
        } else {
            std::string head;
            if (!clozeSplit(gold, head, answer)) continue;
            context = (g.index > 0 ? ch[g.chapter][g.para][g.index - 1] + " " : std::string()) + head;
            std::set<std::string> seen = {answer};
            for (int k = 0; k < 20000 && distract.size() < 3; ++k) {
                const Ref d = all[rng.below(all.size())];
                std::string h, w;
                if (d.chapter == g.chapter || !clozeSplit(sent(d), h, w) || seen.count(w)) continue;
                if (std::abs(int(w.size()) - int(answer.size())) > 2) continue;
                distract.push_back(w);
                seen.insert(w);
            }
        }
        if (distract.size() < 3) continue;
        used.insert({g.chapter, g.para, g.index});
        const int pos = int(rng.below(4));
        std::vector<std::string> choices = distract;
        choices.insert(choices.begin() + pos, answer);
        for (const auto& c : choices) it.requests.push_back({context, " " + c});
        it.choices = choices;
        it.gold = pos;
        t.items.push_back(std::move(it));
    }
    if (int64_t(t.items.size()) < items)
        throw Error("the text gave only " + std::to_string(t.items.size()) + " " + name + " items (" +
                    std::to_string(items) + " asked)");
    return t;
}

Task builtinDemoTask(const std::string& name, int64_t items, uint64_t seed) { return packTask(name, items, seed); }

} // namespace pb::zs
