// Word lists with a label: sentiment (Liu), afinn (AFINN-111), name_gender (first names);
// two fixed choices, the classes balanced (core/evalzs/pack.h).
#include <algorithm>
#include <functional>
#include <set>

#include "core/evalzs/pack.h"
#include "core/evalzs/pack_text.h"
#include "core/util/error.h"

namespace pb::zs {

namespace {

bool lowerWord(const std::string& w) {  // a-z and inner '-', 3+ letters
    if (w.size() < 3 || w.front() == '-' || w.back() == '-') return false;
    for (char c : w)
        if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
    return true;
}

bool nameWord(const std::string& w) {  // "Abigail": an upper-case letter, then 2+ lower-case ones
    if (w.size() < 3 || !(w[0] >= 'A' && w[0] <= 'Z')) return false;
    for (size_t i = 1; i < w.size(); ++i)
        if (!(w[i] >= 'a' && w[i] <= 'z')) return false;
    return true;
}

std::set<std::string> lineSet(const std::string& text) {
    const auto lines = dataLines(text);
    return {lines.begin(), lines.end()};
}

// `items` items (0: all the balanced data allows), half of each class (class 0 gets the odd
// one), in a shuffled order. a / b: sorted candidates of class 0 / 1.
Task balanced(const std::string& name, std::vector<std::string> a, std::vector<std::string> b, int64_t items,
              uint64_t seed, const std::vector<std::string>& choices,
              const std::function<std::string(const std::string&)>& context) {
    SplitMix rng{taskSeed(seed, name)};
    shuffleWith(a, rng);
    shuffleWith(b, rng);
    const size_t most = 2 * std::min(a.size(), b.size());
    const size_t n = items > 0 ? std::min(most, size_t(items)) : most;
    if (n < 2) throw Error(name + " data: too few entries of each class");
    std::vector<std::pair<std::string, int>> picked;
    for (size_t i = 0; i < (n + 1) / 2; ++i) picked.emplace_back(a[i], 0);
    for (size_t i = 0; i < n / 2; ++i) picked.emplace_back(b[i], 1);
    shuffleWith(picked, rng);
    Task t;
    t.name = name;
    t.has_acc_norm = false;
    for (const auto& [w, gold] : picked) t.items.push_back(choiceItem(context(w), choices, gold));
    return t;
}

std::string sentimentPrompt(const std::string& w) {
    const bool phrase = w.find(' ') != std::string::npos;
    return w + "\nQuestion: Is this " + (phrase ? "phrase" : "word") + " positive or negative?\nAnswer:";
}

} // namespace

Task sentimentTask(const std::string& positive, const std::string& negative, int64_t items, uint64_t seed) {
    const std::set<std::string> pos = lineSet(positive), neg = lineSet(negative);
    std::vector<std::string> p, n;  // sets iterate sorted
    for (const auto& w : pos)
        if (lowerWord(w) && !neg.count(w)) p.push_back(w);
    for (const auto& w : neg)
        if (lowerWord(w) && !pos.count(w)) n.push_back(w);
    return balanced("sentiment", n, p, items, seed, {"negative", "positive"}, sentimentPrompt);
}

Task afinnTask(const std::string& csv, const std::string& positive, const std::string& negative, int64_t items,
               uint64_t seed) {
    const std::set<std::string> pos = lineSet(positive), neg = lineSet(negative);
    std::set<std::string> p, n, seen;
    const std::vector<std::string> lines = dataLines(csv);
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& l = lines[i];
        if (i == 0 && l == "word,valence") continue;
        const size_t comma = l.rfind(',');
        if (comma == std::string::npos) throw Error("afinn data line " + std::to_string(i + 1) + ": expected 'word,valence'");
        const std::string entry = trim(l.substr(0, comma)), v = trim(l.substr(comma + 1));
        if (v.empty() || v.find_first_not_of("-0123456789") != std::string::npos || v == "-")
            throw Error("afinn data line " + std::to_string(i + 1) + ": valence '" + v + "' is not an integer");
        const int valence = std::stoi(v);
        if (!seen.insert(entry).second) continue;
        bool ok = entry.size() >= 3;
        for (char c : entry) ok = ok && ((c >= 'a' && c <= 'z') || c == ' ' || c == '-' || c == '\'');
        if (!ok || valence == 0 || pos.count(entry) || neg.count(entry)) continue;
        (valence > 0 ? p : n).insert(entry);
    }
    return balanced("afinn", {n.begin(), n.end()}, {p.begin(), p.end()}, items, seed, {"negative", "positive"},
                    sentimentPrompt);
}

Task nameGenderTask(const std::string& female, const std::string& male, int64_t items, uint64_t seed) {
    const std::set<std::string> f = lineSet(female), m = lineSet(male);
    std::vector<std::string> boys, girls;
    for (const auto& w : m)
        if (nameWord(w) && !f.count(w)) boys.push_back(w);
    for (const auto& w : f)
        if (nameWord(w) && !m.count(w)) girls.push_back(w);
    return balanced("name_gender", boys, girls, items, seed, {"a boy's name", "a girl's name"}, [](const std::string& w) {
        return "Question: Is " + w + " a boy's name or a girl's name?\nAnswer:";
    });
}

} // namespace pb::zs
