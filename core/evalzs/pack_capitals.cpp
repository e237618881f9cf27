// capitals: US state -> capital and capital -> state, 4 choices (core/evalzs/pack.h).
#include <algorithm>
#include <utility>

#include "core/evalzs/pack.h"
#include "core/evalzs/pack_text.h"
#include "core/util/error.h"

namespace pb::zs {

Task capitalsTask(const std::string& csv, int64_t items, uint64_t seed) {
    std::vector<std::pair<std::string, std::string>> rows;  // state, capital
    const std::vector<std::string> lines = dataLines(csv);
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& l = lines[i];
        if (i == 0 && l == "state,capital") continue;
        const size_t comma = l.find(',');
        if (comma == std::string::npos || l.find(',', comma + 1) != std::string::npos)
            throw Error("capitals data line " + std::to_string(i + 1) + ": expected 'state,capital', got '" + l + "'");
        rows.emplace_back(trim(l.substr(0, comma)), trim(l.substr(comma + 1)));
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows.size() < 4) throw Error("capitals data: needs at least 4 states, has " + std::to_string(rows.size()));
    SplitMix rng{taskSeed(seed, "capitals")};
    std::vector<std::pair<size_t, int>> order;  // (state, 0 = ask the capital, 1 = ask the state)
    for (size_t i = 0; i < rows.size(); ++i) order.emplace_back(i, 0), order.emplace_back(i, 1);
    shuffleWith(order, rng);
    if (items > 0 && size_t(items) < order.size()) order.resize(size_t(items));
    Task t;
    t.name = "capitals";
    t.has_acc_norm = true;
    for (const auto& [i, dir] : order) {
        std::vector<std::string> distract;
        for (size_t j : distinctOthers(rows.size(), i, 3, rng)) distract.push_back(dir == 0 ? rows[j].second : rows[j].first);
        const std::string context = dir == 0 ? "Question: What is the capital of " + rows[i].first + "?\nAnswer:"
                                             : "Question: " + rows[i].second + " is the capital of which U.S. state?\nAnswer:";
        t.items.push_back(shuffledChoiceItem(context, dir == 0 ? rows[i].second : rows[i].first, distract, rng));
    }
    return t;
}

} // namespace pb::zs
