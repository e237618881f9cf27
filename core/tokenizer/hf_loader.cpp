// Tokenizer::fromHuggingFace: tokenizer.json (+ tokenizer_config.json's
// add_bos_token / add_eos_token / bos_token / eos_token) -> Pipeline.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/io/json_input.h"
#include "core/tokenizer/bpe.h"
#include "core/tokenizer/hf_components.h"
#include "core/tokenizer/pipeline.h"
#include "core/util/error.h"

namespace pb {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json readJson(const fs::path& path, uint64_t max_bytes) {
    return jsonin::readFile(path, max_bytes);  // size and depth limited (core/io/limits.h)
}

// bos_token / eos_token in tokenizer_config.json: a string or {"content": ...}.
std::optional<std::string> configToken(const json& cfg, const char* key) {
    if (!cfg.contains(key)) return std::nullopt;
    const json& v = cfg[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> parseMerges(const json& merges) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(merges.size());
    for (const auto& m : merges) {
        if (m.is_array() && m.size() == 2) {
            out.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
        } else if (m.is_string()) {  // legacy "a b"
            const auto s = m.get<std::string>();
            const auto sp = s.find(' ', 1);
            if (sp == std::string::npos) throw FormatError("tokenizer.json: merge without a space: " + s);
            out.emplace_back(s.substr(0, sp), s.substr(sp + 1));
        } else {
            throw FormatError("tokenizer.json: a merge is neither \"a b\" nor [a, b]");
        }
    }
    return out;
}

// A token's text, cut for a message.
std::string shortText(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }

// Ids may leave holes, but the highest id must be below the tokens listed + a slack
// (limits.h): a tiny file cannot make the vocabulary allocate millions of slots.
int64_t idBound(const json& j) {
    int64_t listed = 0;
    if (j.contains("model") && j["model"].is_object() && j["model"].contains("vocab")) listed += j["model"]["vocab"].size();
    if (j.contains("added_tokens") && j["added_tokens"].is_array()) listed += j["added_tokens"].size();
    return std::min<int64_t>(limits::kMaxVocab, listed + limits::kMaxIdSlack);
}

std::unique_ptr<tok::Model> parseModel(const json& m, int64_t id_bound) {
    const auto type = m.value("type", std::string("BPE"));  // old files omit it for BPE
    if (type != "BPE") throw Error("tokenizer.json: model type \"" + type + "\" is not supported (BPE only)");
    auto nonEmpty = [&](const char* k) { return m.contains(k) && m[k].is_string() && !m[k].get<std::string>().empty(); };
    if (nonEmpty("continuing_subword_prefix") || nonEmpty("end_of_word_suffix"))
        throw Error("tokenizer.json: BPE continuing_subword_prefix / end_of_word_suffix are not supported");
    // `dropout` only matters when training; encoding here is deterministic.
    const json& jv = m.at("vocab");
    if (!jv.is_object()) throw FormatError("tokenizer.json: model.vocab must be an object of token: id");
    if (static_cast<int64_t>(jv.size()) > limits::kMaxVocab)
        throw FormatError("tokenizer.json: model.vocab has " + std::to_string(jv.size()) +
                          " tokens, more than the limit of " + std::to_string(limits::kMaxVocab));
    tok::Vocab vocab;
    for (const auto& [token, id] : jv.items()) {
        const int32_t i = jsonin::tokenId(id, "tokenizer.json", "model.vocab[\"" + shortText(token) + "\"]", id_bound);
        if (token.size() > limits::kMaxTokenBytes)
            throw FormatError("tokenizer.json: a token of " + std::to_string(token.size()) +
                              " bytes is longer than the limit of " + std::to_string(limits::kMaxTokenBytes));
        vocab.set(i, token);
    }
    tok::BpeOptions opt;
    if (m.contains("unk_token") && m["unk_token"].is_string()) opt.unk_token = m["unk_token"].get<std::string>();
    opt.fuse_unk = m.value("fuse_unk", false);
    opt.byte_fallback = m.value("byte_fallback", false);
    opt.ignore_merges = m.value("ignore_merges", false);
    return tok::makeBpe(std::move(vocab), parseMerges(m.value("merges", json::array())), std::move(opt));
}

} // namespace

std::unique_ptr<Tokenizer> Tokenizer::fromHuggingFace(const fs::path& dir) {
    const fs::path file = dir / "tokenizer.json";
    const json j = readJson(file, limits::kMaxTokenizerJsonBytes);
    const json cfg = fs::exists(dir / "tokenizer_config.json")
                         ? readJson(dir / "tokenizer_config.json", limits::kMaxConfigJsonBytes)
                         : json::object();
    try {
        if (!j.is_object()) throw FormatError("tokenizer.json: not a JSON object");
        const int64_t id_bound = idBound(j);
        tok::Pipeline p;
        p.model = parseModel(j.at("model"), id_bound);
        const json added = j.value("added_tokens", json::array());
        if (!added.is_array()) throw FormatError("tokenizer.json: added_tokens must be a list");
        for (size_t k = 0; k < added.size(); ++k) {
            const json& a = added[k];
            tok::AddedToken t;
            t.id = jsonin::tokenId(a.at("id"), "tokenizer.json", "added_tokens[" + std::to_string(k) + "].id", id_bound);
            t.content = a.at("content").get<std::string>();
            t.special = a.value("special", false);
            t.lstrip = a.value("lstrip", false);
            t.rstrip = a.value("rstrip", false);
            t.single_word = a.value("single_word", false);
            t.normalized = a.value("normalized", !t.special);
            p.added.push_back(std::move(t));
        }
        p.normalizer = tok::parseNormalizer(j.value("normalizer", json()));
        p.pre_tokenizer = tok::parsePreTokenizer(j.value("pre_tokenizer", json()));
        p.decoder = tok::parseDecoder(j.value("decoder", json()));

        auto idOf = [&](const std::string& s) -> int32_t {
            for (const auto& a : p.added)
                if (a.content == s) return a.id;
            return p.model->vocab().find(s);
        };
        tok::SpecialFrame frame = tok::parsePostProcessor(j.value("post_processor", json()), idOf);

        // BOS/EOS: named in tokenizer_config.json, else what the template puts first/last.
        if (auto s = configToken(cfg, "bos_token")) p.bos = idOf(*s);
        if (p.bos < 0 && !frame.prefix.empty()) p.bos = frame.prefix.front();
        if (auto s = configToken(cfg, "eos_token")) p.eos = idOf(*s);
        if (p.eos < 0 && !frame.suffix.empty()) p.eos = frame.suffix.back();
        for (const char* name : {"</s>", "<|end_of_text|>", "<|endoftext|>", "<|im_end|>"})
            if (p.eos < 0) p.eos = idOf(name);

        // An explicit add_bos_token / add_eos_token overrides the template (as
        // transformers' LlamaTokenizerFast rebuilds its post-processor from them).
        if (cfg.contains("add_bos_token") && cfg["add_bos_token"].is_boolean() && p.bos >= 0) {
            std::erase(frame.prefix, p.bos);
            if (cfg["add_bos_token"].get<bool>()) frame.prefix.insert(frame.prefix.begin(), p.bos);
        }
        if (cfg.contains("add_eos_token") && cfg["add_eos_token"].is_boolean() && p.eos >= 0) {
            std::erase(frame.suffix, p.eos);
            if (cfg["add_eos_token"].get<bool>()) frame.suffix.push_back(p.eos);
        }
        p.prefix = std::move(frame.prefix);
        p.suffix = std::move(frame.suffix);
        const bool sp_style = j.at("model").value("byte_fallback", false);
        p.kind = std::string(sp_style ? "SentencePiece-style BPE" : "BPE") + " (tokenizer.json, pre-tokenizer " +
                 tok::describePreTokenizer(j.value("pre_tokenizer", json())) + ")";
        return tok::makeTokenizer(std::move(p));
    } catch (const json::exception& e) {
        throw FormatError(file.string() + ": " + e.what());
    } catch (const FormatError& e) {
        throw FormatError(file.string() + ": " + e.what());
    } catch (const Error& e) {
        throw Error(file.string() + ": " + e.what());
    }
}

} // namespace pb
