// tokenizer.* metadata of a GGUF export (formats.md §4.4). From a GGUF source the keys
// are copied as they are; from a Hugging Face folder, tokenizer.json is translated the
// way llama.cpp's convert_hf_to_gguf.py does for byte-level BPE ("gpt2") and for
// SentencePiece converted to BPE with byte fallback ("llama"). The caller reloads the
// written file and compares the tokenizers (exportGguf).
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/export/gguf_internal.h"
#include "core/io/gguf.h"
#include "core/io/gguf_writer.h"
#include "core/io/json_input.h"
#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/gguf_pre.h"
#include "core/tokenizer/pre_tokenizers.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/vocab.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace pb {

namespace {

enum TokenType { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

json readJson(const fs::path& p) {  // size- and depth-limited, as every reader of untrusted JSON
    return jsonin::readFile(p, limits::kMaxTokenizerJsonBytes);
}

[[noreturn]] void unsupported(const std::string& what) {
    throw Error("GGUF export: the source tokenizer.json has " + what +
                ", which GGUF's tokenizer metadata (llama.cpp) cannot express");
}

// tokenizer.ggml.pre for a byte-level pre_tokenizer (the names core/tokenizer/gguf_pre.h lists):
// its steps as llama.cpp's list of regexes, looked up in that table.
std::string preName(const json& pre) {
    auto isByteLevel = [](const json& j) {
        return j.is_object() && j.value("type", "") == "ByteLevel" && !j.value("add_prefix_space", false);
    };
    const json steps = pre.is_object() && pre.value("type", "") == "Sequence" && pre.contains("pretokenizers")
                           ? pre["pretokenizers"]
                           : json::array({pre});
    std::vector<std::string> regexes;
    for (size_t k = 0; k < steps.size(); ++k) {
        const json& s = steps[k];
        const bool last = k + 1 == steps.size();
        const std::string type = s.is_object() ? s.value("type", "") : "";
        if (last && isByteLevel(s)) {
            if (s.value("use_regex", true)) regexes.emplace_back(tok::kGpt2Regex);
        } else if (type == "Digits") {
            regexes.emplace_back(s.value("individual_digits", false) ? R"(\p{N})" : R"(\p{N}+)");
        } else if (type == "Split" && s.contains("pattern") && s["pattern"].contains("Regex") &&
                   s["pattern"]["Regex"].is_string() && s.value("behavior", "") == "Isolated" &&
                   !s.value("invert", false)) {
            regexes.push_back(s["pattern"]["Regex"].get<std::string>());
        } else {
            unsupported("the pre_tokenizer " + pre.dump());
        }
        if (last && !isByteLevel(s)) unsupported("the pre_tokenizer " + pre.dump());
    }
    if (const tok::GgufPre* known = tok::ggufPreForRegexes(regexes)) return std::string(known->names.front());
    unsupported("the pre_tokenizer " + pre.dump());
}

std::string mergeString(const json& m) {
    if (m.is_string()) return m.get<std::string>();
    if (m.is_array() && m.size() == 2) return m[0].get<std::string>() + " " + m[1].get<std::string>();
    unsupported("a merge that is neither \"a b\" nor [a, b]");
}

// Whether the SentencePiece-style normalizer/pre_tokenizer prepends U+2581 (add_space_prefix).
bool spmSpacePrefix(const json& j) {
    const std::string s = j.value("normalizer", json()).dump() + j.value("pre_tokenizer", json()).dump();
    return s.find("\"Prepend\"") != std::string::npos ||
           (s.find("\"Metaspace\"") != std::string::npos && s.find("\"never\"") == std::string::npos &&
            s.find("\"add_prefix_space\":false") == std::string::npos);
}

void fromHuggingFace(gguf::Writer& w, const Tokenizer& tok, const fs::path& dir, std::vector<std::string>& notes) {
    const fs::path file = dir / "tokenizer.json";
    if (!fs::exists(file)) throw Error("GGUF export: the source folder '" + dir.string() + "' has no tokenizer.json");
    const json j = readJson(file);
    const json& model = j.at("model");
    if (model.value("type", "") != "BPE") unsupported("a " + model.value("type", std::string("?")) + " model");
    const bool spm = model.value("byte_fallback", false);
    const size_t n = static_cast<size_t>(tok.vocabSize());
    std::vector<std::string> tokens(n);
    std::vector<double> types(n, kNormal);
    const std::string where = "tokenizer.json '" + file.string() + "'";
    for (const auto& [text, id] : model.at("vocab").items()) {  // ids checked in their JSON type, as the loader does
        const auto i = static_cast<size_t>(jsonin::integer(id, where, "model.vocab id", 0, limits::kMaxVocab));
        if (i < n) tokens[i] = text;
    }
    if (j.contains("added_tokens"))
        for (const json& a : j["added_tokens"]) {
            const size_t id = static_cast<size_t>(jsonin::integer(a.at("id"), where, "added_tokens id", 0, limits::kMaxVocab));
            if (id >= n) continue;
            const bool special = a.value("special", false);
            std::string content = a.at("content").get<std::string>();
            // llama.cpp spells a byte-level vocabulary's user-defined tokens in its alphabet.
            if (!spm && !special) content = byte_level::encode(content);
            tokens[id] = content;
            types[id] = special ? kControl : kUserDefined;
        }
    std::vector<std::string> flagged;  // added tokens whose matching rules GGUF drops
    if (j.contains("added_tokens"))
        for (const json& a : j["added_tokens"])
            if (a.value("lstrip", false) || a.value("rstrip", false) || a.value("single_word", false))
                flagged.push_back(a.at("content").get<std::string>());
    if (!flagged.empty()) {
        std::string list;
        for (const auto& f : flagged) list += (list.empty() ? "" : ", ") + f;
        notes.push_back("tokenizer: lstrip/rstrip/single_word of added token(s) " + list +
                        " are not kept (GGUF has no such flags): texts around them may tokenize differently");
    }
    int64_t holes = 0;
    for (size_t id = 0; id < n; ++id)
        if (tokens[id].empty()) {
            tokens[id] = "[PAD" + std::to_string(id) + "]";  // as convert_hf_to_gguf.py fills gaps
            types[id] = kUnused;
            ++holes;
        }
    if (holes) notes.push_back(std::to_string(holes) + " unused token id(s) written as [PADn]");

    int32_t unk = -1;
    if (model.contains("unk_token") && model["unk_token"].is_string()) {
        const std::string u = model["unk_token"].get<std::string>();
        for (size_t id = 0; id < n; ++id)
            if (tokens[id] == u) unk = static_cast<int32_t>(id), types[id] = kUnknown;
    }

    if (spm) {
        const json pre = j.value("pre_tokenizer", json());
        if (pre.is_object() && pre.value("type", "") == "Metaspace" && pre.value("prepend_scheme", "") == "first")
            unsupported("a Metaspace pre_tokenizer with prepend_scheme \"first\" (llama.cpp's add_space_prefix "
                        "also prepends U+2581 after every special token)");
        // SentencePiece scores from the merge ranks: a token made by an earlier merge scores
        // higher; tokens no merge makes score lowest (llama.cpp merges the best-scoring pair).
        std::vector<double> scores(n, -1e9);
        const json& merges = model.value("merges", json::array());
        tok::StringMap<int32_t> ids;
        for (size_t id = 0; id < n; ++id) ids.emplace(tokens[id], static_cast<int32_t>(id));
        for (size_t r = 0; r < merges.size(); ++r) {
            std::string m = mergeString(merges[r]);
            const auto sp = m.find(' ', 1);
            if (sp == std::string::npos) continue;
            m.erase(sp, 1);
            auto it = ids.find(m);
            if (it != ids.end() && scores[static_cast<size_t>(it->second)] < -double(r))
                scores[static_cast<size_t>(it->second)] = -double(r);
        }
        for (size_t id = 0; id < n; ++id)
            if (tokens[id].size() == 6 && tokens[id].rfind("<0x", 0) == 0 && tokens[id].back() == '>') types[id] = kByte;
        w.setString("tokenizer.ggml.model", "llama");
        w.setString("tokenizer.ggml.pre", "default");
        w.setStrings("tokenizer.ggml.tokens", tokens);
        w.setNumbers("tokenizer.ggml.scores", gguf::ValueType::F32, std::move(scores));
        w.setNumbers("tokenizer.ggml.token_type", gguf::ValueType::I32, std::move(types));
        w.setBool("tokenizer.ggml.add_space_prefix", spmSpacePrefix(j));
    } else {
        const json norm = j.value("normalizer", json());
        if (!norm.is_null()) {
            if (norm.value("type", "") != "NFC") unsupported("the normalizer " + norm.dump());
            notes.push_back("tokenizer: the NFC normalizer is not carried over (llama.cpp does not normalize)");
        }
        std::vector<std::string> merges;
        for (const json& m : model.value("merges", json::array())) merges.push_back(mergeString(m));
        w.setString("tokenizer.ggml.model", "gpt2");
        w.setString("tokenizer.ggml.pre", preName(j.value("pre_tokenizer", json())));
        w.setStrings("tokenizer.ggml.tokens", tokens);
        w.setNumbers("tokenizer.ggml.token_type", gguf::ValueType::I32, std::move(types));
        w.setStrings("tokenizer.ggml.merges", std::move(merges));
    }
    if (tok.bosId() >= 0) w.setU32("tokenizer.ggml.bos_token_id", static_cast<uint32_t>(tok.bosId()));
    if (tok.eosId() >= 0) w.setU32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(tok.eosId()));
    if (unk >= 0) w.setU32("tokenizer.ggml.unknown_token_id", static_cast<uint32_t>(unk));
    // What encode(..., true) adds around the text.
    const auto plain = tok.encode("a", false), with = tok.encode("a", true);
    const bool adds_eos = tok.eosId() >= 0 && with.size() > plain.size() && with.back() == tok.eosId() &&
                          (plain.empty() || plain.back() != tok.eosId());
    w.setBool("tokenizer.ggml.add_bos_token", tok.addsBos());
    w.setBool("tokenizer.ggml.add_eos_token", adds_eos);
    if (fs::exists(dir / "tokenizer_config.json")) {
        const json tc = readJson(dir / "tokenizer_config.json");
        if (tc.contains("chat_template") && tc["chat_template"].is_string())
            w.setString("tokenizer.chat_template", tc["chat_template"].get<std::string>());
    }
}

} // namespace

void addGgufTokenizer(gguf::Writer& w, const Tokenizer& tokenizer, const fs::path& source,
                      std::vector<std::string>& notes) {
    if (fs::is_directory(source)) return fromHuggingFace(w, tokenizer, source, notes);
    const gguf::File src = gguf::File::open(source);
    int copied = 0;
    for (const auto& [key, value] : src.metadata())
        if (key.rfind("tokenizer.", 0) == 0) w.set(key, value), ++copied;
    if (!copied) throw Error("GGUF export: the source '" + source.string() + "' has no tokenizer metadata");
    notes.push_back("tokenizer: " + std::to_string(copied) + " tokenizer.* keys copied from the source GGUF");
}

} // namespace pb
