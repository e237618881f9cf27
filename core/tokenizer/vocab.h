#pragma once
// Token strings <-> ids, with lookups by string_view (no temporary strings in the
// hot loops of BPE/SPM).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pb::tok {

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Vocab {
    std::vector<std::string> tokens;  // by id; "" for ids nothing uses
    StringMap<int32_t> ids;

    int32_t find(std::string_view token) const {
        auto it = ids.find(token);
        return it == ids.end() ? -1 : it->second;
    }
    // Sets token <-> id; a later duplicate string keeps the first id for lookups.
    void set(int32_t id, std::string token) {
        if (static_cast<size_t>(id) >= tokens.size()) tokens.resize(static_cast<size_t>(id) + 1);
        ids.emplace(token, id);
        tokens[static_cast<size_t>(id)] = std::move(token);
    }
    int32_t size() const { return static_cast<int32_t>(tokens.size()); }
};

// Pre-token -> ids, filled while encoding one text (words repeat a lot).
using WordCache = StringMap<std::vector<int32_t>>;

// A subword model: encodes one pre-token (or a whole segment when there is no
// pre-tokenizer) into ids.
class Model {
public:
    virtual ~Model() = default;
    virtual void tokenize(std::string_view piece, std::vector<int32_t>& out, WordCache* cache) const = 0;
    virtual const Vocab& vocab() const = 0;
};

} // namespace pb::tok
