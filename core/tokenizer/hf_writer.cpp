// toHuggingFaceTokenizer: a loaded tokenizer as tokenizer.json + tokenizer_config.json +
// special_tokens_map.json (formats.md §3), for exporting a model to a Hugging Face folder.
//
// The Tokenizer interface hides its pipeline, so the vocabulary, merges and splitter
// come from the source the tokenizer was loaded from (a model folder or a GGUF file),
// built as Tokenizer::fromGguf / fromHuggingFace read them; which special tokens are
// added comes from the tokenizer itself. GGUF conversions mirror gguf_loader.cpp
// step by step, so that fromHuggingFace on the result rebuilds the same pipeline.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/io/gguf.h"
#include "core/io/json_input.h"
#include "core/io/token_id.h"
#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/hf_components.h"
#include "core/tokenizer/gguf_pre.h"
#include "core/tokenizer/pre_tokenizers.h"
#include "core/tokenizer/spm.h"
#include "core/tokenizer/spm_merges.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr char kSpace[] = "\xE2\x96\x81";  // U+2581, SentencePiece's word marker

enum TokenType { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

// The special tokens encode(text, true) puts around the text.
struct Frame {
    std::vector<int32_t> prefix, suffix;
    bool operator==(const Frame&) const = default;
};

Frame frameOf(const Tokenizer& t) {
    for (const char* probe : {"Hello", "a", "The quick brown fox jumps."}) {
        const auto plain = t.encode(probe, false);
        const auto with = t.encode(probe, true);
        if (plain.empty() || with.size() < plain.size()) continue;
        for (size_t k = 0; k + plain.size() <= with.size(); ++k) {
            if (!std::equal(plain.begin(), plain.end(), with.begin() + static_cast<std::ptrdiff_t>(k))) continue;
            Frame f;
            f.prefix.assign(with.begin(), with.begin() + static_cast<std::ptrdiff_t>(k));
            f.suffix.assign(with.begin() + static_cast<std::ptrdiff_t>(k + plain.size()), with.end());
            return f;
        }
    }
    throw Error("tokenizer export: cannot tell which special tokens the tokenizer adds around a text");
}

bool addsBosOf(const Tokenizer& t, const Frame& f) {
    return t.bosId() >= 0 && !f.prefix.empty() && f.prefix.front() == t.bosId();
}
bool addsEosOf(const Tokenizer& t, const Frame& f) {
    return t.eosId() >= 0 && !f.suffix.empty() && f.suffix.back() == t.eosId();
}

std::string readText(const fs::path& p, uint64_t max_bytes = limits::kMaxTokenizerJsonBytes) {
    return jsonin::readText(p, max_bytes, "tokenizer file");
}

// tokenizer_config.json / special_tokens_map.json with key order kept: the depth-limited
// parse first (jsonin), then the ordered form of the same text.
template <class J>
J readJsonAs(const fs::path& p) {
    const std::string text = readText(p, limits::kMaxConfigJsonBytes);
    jsonin::parse(text, p.string());
    try {
        return J::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(p.string() + ": invalid JSON: " + e.what());
    }
}

template <class J>
std::string dumpJson(const J& j, const char* what) {
    try {
        return j.dump(2) + "\n";
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("tokenizer export: ") + what + " cannot be written as JSON (" + e.what() +
                    "); a token is probably not valid UTF-8");
    }
}

// {"SpecialToken": {"id": name, "type_id": n}} / {"Sequence": {"id": "A", "type_id": n}}
ojson templateItem(const char* kind, const std::string& id, int type_id) {
    ojson inner = ojson::object();
    inner["id"] = id;
    inner["type_id"] = type_id;
    ojson item = ojson::object();
    item[kind] = std::move(inner);
    return item;
}

// TemplateProcessing that puts frame.prefix / frame.suffix around a sequence (and around
// each of a pair, as transformers' Llama converter does with BOS).
ojson templateProcessing(const Tokenizer& t, const Frame& f) {
    ojson single = ojson::array(), pair = ojson::array(), specials = ojson::object();
    auto add = [&](ojson& dst, int32_t id, int type_id) {
        const std::string name = t.tokenText(id);
        dst.push_back(templateItem("SpecialToken", name, type_id));
        ojson s = ojson::object();
        s["id"] = name;
        s["ids"] = ojson::array({id});
        s["tokens"] = ojson::array({name});
        specials[name] = std::move(s);
    };
    for (int32_t id : f.prefix) add(single, id, 0);
    single.push_back(templateItem("Sequence", "A", 0));
    for (int32_t id : f.suffix) add(single, id, 0);
    for (int32_t id : f.prefix) add(pair, id, 0);
    pair.push_back(templateItem("Sequence", "A", 0));
    for (int32_t id : f.suffix) add(pair, id, 0);
    for (int32_t id : f.prefix) add(pair, id, 1);
    pair.push_back(templateItem("Sequence", "B", 1));
    for (int32_t id : f.suffix) add(pair, id, 1);
    ojson tp = ojson::object();
    tp["type"] = "TemplateProcessing";
    tp["single"] = std::move(single);
    tp["pair"] = std::move(pair);
    tp["special_tokens"] = std::move(specials);
    return tp;
}

ojson byteLevel(bool add_prefix_space, bool trim_offsets, bool use_regex) {
    ojson b = ojson::object();
    b["type"] = "ByteLevel";
    b["add_prefix_space"] = add_prefix_space;
    b["trim_offsets"] = trim_offsets;
    b["use_regex"] = use_regex;
    return b;
}

ojson pattern(const char* kind, const std::string& value) {
    ojson p = ojson::object();
    p[kind] = value;
    return p;
}

ojson sequence(const char* type_key, std::vector<ojson> items) {
    ojson s = ojson::object();
    s["type"] = "Sequence";
    s[type_key] = ojson::array();
    for (auto& i : items) s[type_key].push_back(std::move(i));
    return s;
}

// The tokenizer.json pre_tokenizer for a llama.cpp pre-tokenizer: the forms HF files use
// for GPT-2 (ByteLevel's own regex) and StarCoder/SmolLM (Digits first), else one
// Split(Isolated) per regex and ByteLevel without its regex.
ojson preTokenizerJson(const tok::GgufPre& pre) {
    const auto& r = pre.regexes;
    if (r.size() == 1 && r[0] == tok::kGpt2Regex) return byteLevel(false, true, true);
    if (r.size() == 2 && r[0] == R"(\p{N})" && r[1] == tok::kGpt2Regex) {
        ojson digits = ojson::object();
        digits["type"] = "Digits";
        digits["individual_digits"] = true;
        return sequence("pretokenizers", {std::move(digits), byteLevel(false, true, true)});
    }
    std::vector<ojson> steps;
    for (std::string_view re : r) {
        ojson split = ojson::object();
        split["type"] = "Split";
        split["pattern"] = pattern("Regex", std::string(re));
        split["behavior"] = "Isolated";
        split["invert"] = false;
        steps.push_back(std::move(split));
    }
    steps.push_back(byteLevel(false, true, false));
    return sequence("pretokenizers", std::move(steps));
}

// {"content": ..., "lstrip": false, ...}: the AddedToken form of special_tokens_map.json.
ojson addedTokenForm(const std::string& content) {
    ojson o = ojson::object();
    o["content"] = content;
    o["lstrip"] = false;
    o["normalized"] = false;
    o["rstrip"] = false;
    o["single_word"] = false;
    return o;
}

// A JSON object token -> id in id order. Built on ordered_json's vector directly: its
// insert looks keys up linearly, which is quadratic for 100k+ tokens. Later ids whose
// string repeats an earlier token cannot be keys again; they are returned in `dropped`.
ojson vocabObject(const std::vector<std::string>& tokens, std::vector<int32_t>& dropped) {
    ojson v = ojson::object();
    auto& vec = static_cast<std::vector<std::pair<const std::string, ojson>>&>(v.get_ref<ojson::object_t&>());
    vec.reserve(tokens.size());
    std::unordered_set<std::string_view> seen;
    seen.reserve(tokens.size() * 2);
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!seen.insert(tokens[i]).second) {
            dropped.push_back(static_cast<int32_t>(i));
            continue;
        }
        vec.emplace_back(tokens[i], static_cast<int32_t>(i));
    }
    return v;
}

std::string tokenOrEmpty(const std::vector<std::string>& tokens, int32_t id) {
    return id >= 0 && static_cast<size_t>(id) < tokens.size() ? tokens[static_cast<size_t>(id)] : std::string();
}

int32_t optionalId(const gguf::File& f, const char* key, int64_t n_vocab) {
    auto v = f.getUInt(key);
    return v ? checkTokenId(*v, n_vocab, "gguf '" + f.path().string() + "': key '" + key + "'") : -1;
}

HfTokenizerFiles fromGguf(const Tokenizer& tok, const gguf::File& f, const Frame& frame, int64_t model_max_length) {
    const std::string where = f.path().string() + ": ";
    const auto model = f.getString("tokenizer.ggml.model");
    if (!model) throw Error(where + "no tokenizer.ggml.model (the file carries no tokenizer)");
    const gguf::Value* tokens_v = f.find("tokenizer.ggml.tokens");
    if (!tokens_v || tokens_v->strings.empty()) throw FormatError(where + "tokenizer.ggml.tokens missing or empty");
    const std::vector<std::string>& tokens = tokens_v->strings;
    std::vector<int> types(tokens.size(), kNormal);
    if (const gguf::Value* t = f.find("tokenizer.ggml.token_type"); t && t->numbers.size() == tokens.size())
        for (size_t i = 0; i < types.size(); ++i)
            types[i] = t->numbers[i] >= 0 && t->numbers[i] <= 6 ? static_cast<int>(t->numbers[i]) : kNormal;
    const bool byte_level = (*model == "gpt2");
    const int64_t n_vocab = static_cast<int64_t>(tokens.size());
    const int32_t unk = optionalId(f, "tokenizer.ggml.unknown_token_id", n_vocab);
    const int32_t pad = optionalId(f, "tokenizer.ggml.padding_token_id", n_vocab);

    HfTokenizerFiles out;
    ojson j = ojson::object();
    j["version"] = "1.0";
    j["truncation"] = nullptr;
    j["padding"] = nullptr;

    // Control, user-defined and unknown tokens are matched in the text first (as fromGguf).
    ojson added = ojson::array();
    for (size_t id = 0; id < tokens.size(); ++id) {
        const int type = types[id];
        if (type != kControl && type != kUserDefined && type != kUnknown) continue;
        std::string content = tokens[id];
        if (byte_level && type == kUserDefined)
            if (auto raw = byte_level::decode(content)) content = *raw;
        ojson a = ojson::object();
        a["id"] = static_cast<int32_t>(id);
        a["content"] = content;
        a["single_word"] = false;
        a["lstrip"] = false;
        a["rstrip"] = false;
        a["normalized"] = false;
        a["special"] = (type != kUserDefined);
        added.push_back(std::move(a));
    }
    j["added_tokens"] = std::move(added);

    ojson bpe = ojson::object();
    bpe["type"] = "BPE";
    bpe["dropout"] = nullptr;
    std::vector<std::pair<std::string, std::string>> merges;
    if (byte_level) {
        const gguf::Value* m = f.find("tokenizer.ggml.merges");
        if (!m) throw FormatError(where + "tokenizer.ggml.merges missing for a gpt2 vocabulary");
        merges.reserve(m->strings.size());
        for (const auto& s : m->strings) {
            const auto sp = s.find(' ', 1);  // from 1, as llama.cpp: a member may be a lone ' '
            if (sp == std::string::npos) throw FormatError(where + "tokenizer.ggml.merges entry without a space: " + s);
            merges.emplace_back(s.substr(0, sp), s.substr(sp + 1));
        }
        const std::string pre = f.getString("tokenizer.ggml.pre").value_or("default");
        j["normalizer"] = nullptr;
        const tok::GgufPre* entry = tok::findGgufPre(pre);
        if (!entry)
            throw Error(where + "tokenizer.ggml.pre \"" + pre + "\" has no tokenizer.json form here (known: " +
                        tok::ggufPreNameList() + ")");
        j["pre_tokenizer"] = preTokenizerJson(*entry);
        const bool ignore_merges = entry->ignore_merges;
        if (frame.prefix.empty() && frame.suffix.empty())
            j["post_processor"] = byteLevel(true, false, true);
        else
            j["post_processor"] = sequence("processors", {byteLevel(true, false, true), templateProcessing(tok, frame)});
        j["decoder"] = byteLevel(true, true, true);
        bpe["unk_token"] = nullptr;
        bpe["continuing_subword_prefix"] = nullptr;
        bpe["end_of_word_suffix"] = nullptr;
        bpe["fuse_unk"] = false;
        bpe["byte_fallback"] = false;
        bpe["ignore_merges"] = ignore_merges;
    } else if (*model == "llama") {
        std::vector<float> scores(tokens.size(), 0.0f);
        if (const gguf::Value* s = f.find("tokenizer.ggml.scores"); s && s->numbers.size() == tokens.size())
            for (size_t i = 0; i < scores.size(); ++i) scores[i] = tok::spmScore(s->numbers[i], i, where);
        merges = tok::sentencePieceMerges(tokens, scores);
        const bool space_prefix = f.getBool("tokenizer.ggml.add_space_prefix").value_or(true);
        // fromGguf: Prepend(' ') + Replace(' ' -> U+2581) == Prepend(U+2581) + Replace (LlamaConverter, legacy).
        std::vector<ojson> norm;
        if (space_prefix) {
            ojson p = ojson::object();
            p["type"] = "Prepend";
            p["prepend"] = kSpace;
            norm.push_back(std::move(p));
        }
        ojson r = ojson::object();
        r["type"] = "Replace";
        r["pattern"] = pattern("String", " ");
        r["content"] = kSpace;
        norm.push_back(std::move(r));
        j["normalizer"] = sequence("normalizers", std::move(norm));
        j["pre_tokenizer"] = nullptr;
        j["post_processor"] = (frame.prefix.empty() && frame.suffix.empty()) ? ojson() : templateProcessing(tok, frame);
        std::vector<ojson> dec;
        ojson rd = ojson::object();
        rd["type"] = "Replace";
        rd["pattern"] = pattern("String", kSpace);
        rd["content"] = " ";
        dec.push_back(std::move(rd));
        dec.push_back(ojson{{"type", "ByteFallback"}});
        dec.push_back(ojson{{"type", "Fuse"}});
        if (space_prefix) {
            ojson st = ojson::object();
            st["type"] = "Strip";
            st["content"] = " ";
            st["start"] = 1;
            st["stop"] = 0;
            dec.push_back(std::move(st));
        }
        j["decoder"] = sequence("decoders", std::move(dec));
        if (unk >= 0) bpe["unk_token"] = tokenOrEmpty(tokens, unk);
        else bpe["unk_token"] = nullptr;
        bpe["continuing_subword_prefix"] = nullptr;
        bpe["end_of_word_suffix"] = nullptr;
        bpe["fuse_unk"] = true;
        bpe["byte_fallback"] = true;
        bpe["ignore_merges"] = false;
    } else {
        throw Error(where + "tokenizer.ggml.model \"" + *model + "\" is not supported (gpt2, llama)");
    }

    std::vector<int32_t> dropped;
    bpe["vocab"] = vocabObject(tokens, dropped);
    ojson jm = ojson::array();
    for (auto& [a, b] : merges) jm.push_back(ojson::array({std::move(a), std::move(b)}));
    bpe["merges"] = std::move(jm);
    j["model"] = std::move(bpe);
    if (!dropped.empty())
        out.notes.push_back(std::to_string(dropped.size()) + " token id(s) repeat the string of an earlier token (first: " +
                            std::to_string(dropped.front()) + "); tokenizer.json cannot list them, so decoding them gives nothing");
    out.tokenizer_json = dumpJson(j, "tokenizer.json");

    // tokenizer_config.json: PreTrainedTokenizerFast loads tokenizer.json as it is.
    ojson cfg = ojson::object();
    cfg["add_bos_token"] = addsBosOf(tok, frame);
    cfg["add_eos_token"] = addsEosOf(tok, frame);
    ojson map = ojson::object();
    auto special = [&](const char* key, int32_t id) {
        if (id < 0) return;
        const std::string text = tok.tokenText(id);
        cfg[key] = text;
        map[key] = addedTokenForm(text);
    };
    special("bos_token", tok.bosId());
    special("eos_token", tok.eosId());
    special("unk_token", unk);
    special("pad_token", pad);
    cfg["clean_up_tokenization_spaces"] = false;
    if (model_max_length > 0) cfg["model_max_length"] = model_max_length;
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast";
    if (auto ct = f.getString("tokenizer.chat_template")) cfg["chat_template"] = *ct;
    out.tokenizer_config_json = dumpJson(cfg, "tokenizer_config.json");
    out.special_tokens_map_json = dumpJson(map, "special_tokens_map.json");
    return out;
}

// bos_token / eos_token in tokenizer_config.json: a string or {"content": ...}.
std::optional<std::string> configToken(const ojson& cfg, const char* key) {
    if (!cfg.contains(key)) return std::nullopt;
    const ojson& v = cfg[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return std::nullopt;
}

std::vector<std::pair<const char*, int32_t>> specialIds(const Tokenizer& tok) {
    return {{"bos_token", tok.bosId()}, {"eos_token", tok.eosId()}};
}

HfTokenizerFiles fromFolder(const Tokenizer& tok, const fs::path& dir, const Frame& frame, int64_t model_max_length) {
    HfTokenizerFiles out;
    const fs::path file = dir / "tokenizer.json";
    out.tokenizer_json = readText(file);

    // The frame tokenizer.json's post_processor gives on its own; tokenizer_config.json
    // can change it when loading, so the written tokenizer.json states the result.
    json j = jsonin::parse(out.tokenizer_json, file.string());
    const std::string where = file.string();
    auto idOf = [&](const std::string& s) -> int32_t {
        for (const auto& a : j.value("added_tokens", json::array()))
            if (a.value("content", std::string()) == s)
                return a.contains("id") ? jsonin::tokenId(a["id"], where, "added_tokens[].id") : -1;
        const json& m = j.at("model");
        if (!m.contains("vocab")) return -1;
        const json& v = m["vocab"];
        auto it = v.find(s);
        return it == v.end() ? -1 : jsonin::tokenId(*it, where, "model.vocab");
    };
    tok::SpecialFrame own;
    try {
        own = tok::parsePostProcessor(j.value("post_processor", json()), idOf);
    } catch (const Error&) {
        own.prefix = {-2};  // unreadable: replace it
    }
    if (own.prefix != frame.prefix || own.suffix != frame.suffix) {
        const bool byte_level = j.contains("decoder") && j["decoder"].is_object() &&
                                j["decoder"].value("type", std::string()) == "ByteLevel";
        ojson tp = (frame.prefix.empty() && frame.suffix.empty()) ? ojson() : templateProcessing(tok, frame);
        ojson pp = byte_level ? (tp.is_null() ? byteLevel(true, false, true)
                                              : sequence("processors", {byteLevel(true, false, true), std::move(tp)}))
                              : std::move(tp);
        j["post_processor"] = json::parse(pp.dump());
        out.tokenizer_json = dumpJson(j, "tokenizer.json");
        out.notes.push_back("tokenizer.json's post_processor was rewritten to add the special tokens that "
                            "tokenizer_config.json asks for");
    }

    ojson cfg = fs::exists(dir / "tokenizer_config.json") ? readJsonAs<ojson>(dir / "tokenizer_config.json")
                                                          : ojson::object();
    if (!cfg.is_object()) cfg = ojson::object();
    cfg["add_bos_token"] = addsBosOf(tok, frame);
    cfg["add_eos_token"] = addsEosOf(tok, frame);
    for (const auto& [key, id] : specialIds(tok)) {
        if (id < 0) continue;
        const std::string text = tok.tokenText(id);
        if (configToken(cfg, key) != text) cfg[key] = text;
    }
    if (model_max_length > 0) cfg["model_max_length"] = model_max_length;
    if (!cfg.contains("tokenizer_class")) cfg["tokenizer_class"] = "PreTrainedTokenizerFast";
    if (!cfg.contains("clean_up_tokenization_spaces")) cfg["clean_up_tokenization_spaces"] = false;
    out.tokenizer_config_json = dumpJson(cfg, "tokenizer_config.json");

    ojson map = fs::exists(dir / "special_tokens_map.json") ? readJsonAs<ojson>(dir / "special_tokens_map.json")
                                                            : ojson::object();
    if (!map.is_object()) map = ojson::object();
    for (const auto& [key, id] : specialIds(tok)) {
        if (id < 0) continue;
        const std::string text = tok.tokenText(id);
        if (configToken(map, key) != text) map[key] = addedTokenForm(text);
    }
    out.special_tokens_map_json = dumpJson(map, "special_tokens_map.json");
    if (fs::exists(dir / "chat_template.jinja")) out.chat_template_jinja = readText(dir / "chat_template.jinja");
    return out;
}

bool hasGgufMagic(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "GGUF", 4) == 0;
}

} // namespace

HfTokenizerFiles toHuggingFaceTokenizer(const Tokenizer& tokenizer, const fs::path& source, int64_t model_max_length) {
    if (source.empty())
        throw Error("tokenizer export needs the path of the model the tokenizer was loaded from");
    fs::path path = source;
    if (fs::is_regular_file(path) && path.filename() == "config.json") path = path.parent_path();
    const Frame frame = frameOf(tokenizer);
    if (fs::is_directory(path)) {
        if (!fs::exists(path / "tokenizer.json"))
            throw Error("tokenizer export: '" + path.string() + "' has no tokenizer.json");
        return fromFolder(tokenizer, path, frame, model_max_length);
    }
    if (fs::is_regular_file(path) && hasGgufMagic(path)) {
        const gguf::File file = gguf::File::open(path);
        return fromGguf(tokenizer, file, frame, model_max_length);
    }
    throw Error("tokenizer export: '" + source.string() + "' is neither a model folder nor a GGUF file");
}

} // namespace pb
