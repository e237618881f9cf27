#include "core/recover/data.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/json_input.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

std::string alpacaPrompt(const AlpacaRecord& r, bool with_output) {
    std::string s;
    if (!r.input.empty())
        s = "Below is an instruction that describes a task, paired with an input that provides further context. "
            "Write a response that appropriately completes the request.\n\n### Instruction:\n" +
            r.instruction + "\n\n### Input:\n" + r.input + "\n\n### Response:\n";
    else
        s = "Below is an instruction that describes a task. Write a response that appropriately completes the "
            "request.\n\n### Instruction:\n" +
            r.instruction + "\n\n### Response:\n";
    if (with_output) s += r.output;
    return s;
}

bool looksLikeJson(const std::string& text) {
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        return c == '[' || c == '{';
    }
    return false;
}

namespace {
AlpacaRecord recordOf(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(where + ": expected an object with instruction/input/output");
    auto str = [&](const char* k) -> std::string {
        if (!j.contains(k) || j[k].is_null()) return "";
        if (!j[k].is_string()) throw Error(where + ": field '" + k + "' is not a string");
        return j[k].get<std::string>();
    };
    AlpacaRecord r{str("instruction"), str("input"), str("output")};
    if (r.instruction.empty() && r.output.empty()) throw Error(where + ": no instruction and no output");
    return r;
}
} // namespace

std::vector<AlpacaRecord> parseAlpaca(const std::string& text) {
    std::vector<AlpacaRecord> out;
    size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) throw Error("the Alpaca data is empty");
    if (text[start] == '[') {
        nlohmann::json j;
        j = jsonin::parse(text, "Alpaca JSON");
        for (size_t i = 0; i < j.size(); ++i) out.push_back(recordOf(j[i], "record " + std::to_string(i)));
    } else {
        std::istringstream in(text);
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            nlohmann::json j;
            j = jsonin::parse(line, "Alpaca JSONL line " + std::to_string(n));
            out.push_back(recordOf(j, "line " + std::to_string(n)));
        }
    }
    if (out.empty()) throw Error("the Alpaca data has no records");
    return out;
}

namespace {
std::vector<int64_t> tokenize(const Tokenizer& tok, const std::string& s, int64_t cutoff, bool add_eos) {
    auto ids32 = tok.encode(s, true);
    std::vector<int64_t> ids(ids32.begin(), ids32.end());
    if (int64_t(ids.size()) > cutoff) ids.resize(size_t(cutoff));
    if (add_eos && tok.eosId() >= 0 && (ids.empty() || ids.back() != tok.eosId()) && int64_t(ids.size()) < cutoff)
        ids.push_back(tok.eosId());
    return ids;
}
} // namespace

TrainExample alpacaExample(const Tokenizer& tok, const AlpacaRecord& r, int64_t cutoff, bool train_on_inputs) {
    TrainExample ex;
    ex.ids = tokenize(tok, alpacaPrompt(r, true), cutoff, true);
    ex.labels = ex.ids;
    if (!train_on_inputs) {
        auto user = tokenize(tok, alpacaPrompt(r, false), cutoff, false);
        const size_t n = std::min(user.size(), ex.ids.size());
        for (size_t i = 0; i < n; ++i)
            if (user[i] != ex.ids[i])
                throw Error("the Alpaca prompt's tokens are not a prefix of the full example's tokens (at token " +
                            std::to_string(i) + "); the loss mask would be wrong");
        for (size_t i = 0; i < n; ++i) ex.labels[i] = -100;
    }
    return ex;
}

std::vector<TrainExample> textWindows(const Tokenizer& tok, const std::string& text, int64_t cutoff) {
    if (cutoff < 2) throw Error("the window length must be at least 2 tokens");
    auto ids32 = tok.encode(text, true);
    std::vector<TrainExample> out;
    for (size_t s = 0; s + size_t(cutoff) <= ids32.size(); s += size_t(cutoff)) {
        TrainExample ex;
        ex.ids.assign(ids32.begin() + s, ids32.begin() + s + cutoff);
        ex.labels = ex.ids;
        out.push_back(std::move(ex));
    }
    if (out.empty()) throw Error("the text is shorter than one window of " + std::to_string(cutoff) + " tokens");
    return out;
}

} // namespace pb
