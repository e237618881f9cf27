#include "core/tokenizer/hf_components.h"

#include <functional>

#include <nlohmann/json.hpp>

#include "core/io/json_input.h"
#include "core/tokenizer/gguf_pre.h"
#include "core/util/error.h"

namespace pb::tok {
namespace {

using nlohmann::json;

std::string typeOf(const json& j, const char* section) {
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        throw Error(std::string("tokenizer.json: ") + section + " has no \"type\"");
    return j["type"].get<std::string>();
}

[[noreturn]] void unsupported(const char* section, const std::string& what) {
    throw Error(std::string("tokenizer.json: ") + section + " \"" + what + "\" is not supported");
}

// A Replace/Split pattern, {"String": s} or {"Regex": r}: a literal or a compiled regex.
Matcher patternMatcher(const json& p, const char* section) {
    if (p.contains("String")) return Matcher(p["String"].get<std::string>());
    if (p.contains("Regex")) {
        try {
            return Matcher(Regex(p["Regex"].get<std::string>()));
        } catch (const Error& e) {
            throw Error(std::string("tokenizer.json: ") + section + ": " + e.what());
        }
    }
    throw Error(std::string("tokenizer.json: ") + section + " pattern is neither String nor Regex");
}

PrependScheme prependScheme(const json& j) {
    if (j.contains("prepend_scheme") && j["prepend_scheme"].is_string()) {
        const auto s = j["prepend_scheme"].get<std::string>();
        if (s == "always") return PrependScheme::Always;
        if (s == "first") return PrependScheme::First;
        if (s == "never") return PrependScheme::Never;
        unsupported("Metaspace prepend_scheme", s);
    }
    return j.value("add_prefix_space", true) ? PrependScheme::Always : PrependScheme::Never;  // legacy
}

std::string metaspaceReplacement(const json& j) {
    if (j.contains("replacement")) return j["replacement"].get<std::string>();
    if (j.contains("str_rep")) return j["str_rep"].get<std::string>();
    return "\xE2\x96\x81";  // U+2581
}

SplitBehavior behaviorOf(const std::string& s) {
    if (s == "Removed") return SplitBehavior::Removed;
    if (s == "Isolated") return SplitBehavior::Isolated;
    if (s == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (s == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (s == "Contiguous") return SplitBehavior::Contiguous;
    unsupported("Split behavior", s);
}

// Strip decoder start/stop: how many leading/trailing copies of content to remove.
size_t stripCount(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return 0;
    return static_cast<size_t>(jsonin::integer(j[key], "tokenizer.json", std::string("decoder Strip ") + key, 0, 1 << 16));
}

// Ids listed by a post-processor; that they are in the vocabulary is checked by the pipeline.
std::vector<int32_t> idList(const json& v, const std::string& key) {
    if (!v.is_array()) throw FormatError("tokenizer.json: " + key + " must be a list of token ids");
    std::vector<int32_t> ids;
    for (size_t k = 0; k < v.size(); ++k)
        ids.push_back(jsonin::tokenId(v[k], "tokenizer.json", key + "[" + std::to_string(k) + "]"));
    return ids;
}

} // namespace

std::unique_ptr<Normalizer> parseNormalizer(const json& j) {
    if (j.is_null()) return nullptr;
    const auto t = typeOf(j, "normalizer");
    if (t == "Sequence") {
        std::vector<std::unique_ptr<Normalizer>> steps;
        for (const auto& s : j.at("normalizers"))
            if (auto n = parseNormalizer(s)) steps.push_back(std::move(n));
        return makeNormalizerSequence(std::move(steps));
    }
    if (t == "NFC") return makeNfc();
    if (t == "Prepend") return makePrepend(j.at("prepend").get<std::string>());
    if (t == "Replace")
        return makeReplace(patternMatcher(j.at("pattern"), "normalizer Replace"), j.at("content").get<std::string>());
    unsupported("normalizer", t);
}

std::unique_ptr<PreTokenizer> parsePreTokenizer(const json& j) {
    if (j.is_null()) return nullptr;
    const auto t = typeOf(j, "pre_tokenizer");
    if (t == "Sequence") {
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        for (const auto& s : j.at("pretokenizers"))
            if (auto p = parsePreTokenizer(s)) steps.push_back(std::move(p));
        return makeSequence(std::move(steps));
    }
    if (t == "ByteLevel") return makeByteLevel(j.value("add_prefix_space", true), j.value("use_regex", true));
    if (t == "Split")
        return makeSplit(patternMatcher(j.at("pattern"), "pre_tokenizer Split"), behaviorOf(j.at("behavior").get<std::string>()),
                         j.value("invert", false));
    if (t == "Digits") return makeDigits(j.value("individual_digits", false));
    if (t == "Metaspace") return makeMetaspace(metaspaceReplacement(j), prependScheme(j), j.value("split", true));
    unsupported("pre_tokenizer", t);
}

std::string describePreTokenizer(const json& j) {
    if (j.is_null()) return "none";
    const auto t = j.value("type", std::string("?"));
    if (t == "Sequence") {
        std::string s;
        for (const auto& p : j.value("pretokenizers", json::array())) s += (s.empty() ? "" : "+") + describePreTokenizer(p);
        return s;
    }
    if (t == "Split" && j.contains("pattern") && j["pattern"].contains("Regex") && j["pattern"]["Regex"].is_string()) {
        // A regex that is llama.cpp's whole list for a name is called by that name.
        const GgufPre* known = ggufPreForRegexes({j["pattern"]["Regex"].get<std::string>()});
        return "Split(" + (known ? std::string(known->names.front()) : std::string("regex")) + ")";
    }
    if (t == "ByteLevel") return j.value("use_regex", true) ? "ByteLevel(gpt2)" : "ByteLevel";
    if (t == "Digits") return j.value("individual_digits", false) ? "Digits(individual)" : "Digits";
    return t;
}

std::unique_ptr<Decoder> parseDecoder(const json& j) {
    if (j.is_null()) return nullptr;
    const auto t = typeOf(j, "decoder");
    if (t == "Sequence") {
        std::vector<std::unique_ptr<Decoder>> steps;
        for (const auto& s : j.at("decoders"))
            if (auto d = parseDecoder(s)) steps.push_back(std::move(d));
        return makeDecoderSequence(std::move(steps));
    }
    if (t == "ByteLevel") return makeByteLevelDecoder();
    if (t == "Metaspace") return makeMetaspaceDecoder(metaspaceReplacement(j), prependScheme(j));
    if (t == "Replace")
        return makeReplaceDecoder(patternMatcher(j.at("pattern"), "decoder Replace"), j.at("content").get<std::string>());
    if (t == "ByteFallback") return makeByteFallbackDecoder();
    if (t == "Fuse") return makeFuseDecoder();
    if (t == "Strip")
        return makeStripDecoder(j.at("content").get<std::string>(), stripCount(j, "start"), stripCount(j, "stop"));
    unsupported("decoder", t);
}

SpecialFrame parsePostProcessor(const json& j, const std::function<int32_t(const std::string&)>& id_of) {
    SpecialFrame f;
    if (j.is_null()) return f;
    const auto t = typeOf(j, "post_processor");
    if (t == "Sequence") {
        for (const auto& p : j.at("processors")) {
            SpecialFrame inner = parsePostProcessor(p, id_of);
            f.prefix.insert(f.prefix.end(), inner.prefix.begin(), inner.prefix.end());
            f.suffix.insert(f.suffix.end(), inner.suffix.begin(), inner.suffix.end());
        }
        return f;
    }
    if (t == "ByteLevel") return f;  // offsets only
    if (t == "TemplateProcessing") {
        const json& specials = j.value("special_tokens", json::object());
        bool seen_sequence = false;
        for (const auto& item : j.at("single")) {
            if (item.contains("Sequence")) {
                seen_sequence = true;
                continue;
            }
            const auto name = item.at("SpecialToken").at("id").get<std::string>();
            std::vector<int32_t> ids;
            if (specials.contains(name) && specials[name].contains("ids"))
                ids = idList(specials[name]["ids"], "post_processor special_tokens." + name + ".ids");
            else if (int32_t id = id_of(name); id >= 0)
                ids = {id};
            else
                throw Error("tokenizer.json: post_processor special token \"" + name + "\" is unknown");
            auto& dst = seen_sequence ? f.suffix : f.prefix;
            dst.insert(dst.end(), ids.begin(), ids.end());
        }
        return f;
    }
    if (t == "RobertaProcessing" || t == "BertProcessing") {
        // {"cls": ["<s>", 0], "sep": ["</s>", 2]}
        f.prefix = {jsonin::tokenId(j.at("cls").at(1), "tokenizer.json", "post_processor cls[1]")};
        f.suffix = {jsonin::tokenId(j.at("sep").at(1), "tokenizer.json", "post_processor sep[1]")};
        return f;
    }
    unsupported("post_processor", t);
}

} // namespace pb::tok
