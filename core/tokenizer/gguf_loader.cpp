// Tokenizer::fromGguf: the tokenizer.ggml.* metadata (formats.md §4.4) -> Pipeline,
// reproducing llama.cpp (llama-vocab.cpp) for "gpt2" (byte-level BPE) and "llama"
// (SentencePiece) vocabularies.
#include "core/io/gguf.h"
#include "core/io/limits.h"
#include "core/io/token_id.h"
#include "core/tokenizer/bpe.h"
#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/gguf_pre.h"
#include "core/tokenizer/pipeline.h"
#include "core/tokenizer/spm.h"
#include "core/util/error.h"

namespace pb {
namespace {

constexpr char kSpace[] = "\xE2\x96\x81";  // U+2581, SentencePiece's word marker

enum TokenType { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

// tokenizer.ggml.pre -> the llama.cpp entry (core/tokenizer/gguf_pre.h), or a clear error.
const tok::GgufPre& ggufPreFor(const std::string& where, const std::string& pre) {
    if (const tok::GgufPre* p = tok::findGgufPre(pre)) return *p;
    if (const std::string why = tok::ggufPreUnsupported(pre); !why.empty())
        throw Error(where + "GGUF tokenizer.ggml.pre \"" + pre + "\" is not supported: " + why);
    throw Error(where + "GGUF tokenizer.ggml.pre \"" + pre + "\" is not a pre-tokenizer llama.cpp names (known: " +
                tok::ggufPreNameList() + ")");
}

// The entry's regexes, each splitting the pieces of the one before, then the byte-level alphabet.
std::unique_ptr<tok::PreTokenizer> preTokenizerFor(const tok::GgufPre& pre) {
    std::vector<std::unique_ptr<tok::PreTokenizer>> steps;
    for (std::string_view re : pre.regexes)
        steps.push_back(tok::makeSplit(tok::Matcher(tok::Regex(re)), tok::SplitBehavior::Isolated, false));
    steps.push_back(tok::makeByteLevel(false, false));
    return tok::makeSequence(std::move(steps));
}

std::vector<std::pair<std::string, std::string>> splitMerges(const std::vector<std::string>& merges) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(merges.size());
    for (const auto& m : merges) {
        const auto sp = m.find(' ', 1);  // from 1, as llama.cpp: a member may be a lone ' '
        if (sp == std::string::npos) throw FormatError("GGUF tokenizer.ggml.merges entry without a space: " + m);
        out.emplace_back(m.substr(0, sp), m.substr(sp + 1));
    }
    return out;
}

// A special token id: 32-bit and below the vocabulary size (core/io/token_id.h).
int32_t optionalId(const gguf::File& f, const char* key, int64_t n_vocab) {
    auto v = f.getUInt(key);
    return v ? checkTokenId(*v, n_vocab, "gguf '" + f.path().string() + "': key '" + key + "'") : -1;
}

// A metadata array that must hold strings (tokens, merges): anything else is refused, not ignored.
const std::vector<std::string>& stringArray(const gguf::File& f, const gguf::Value& v, const char* key) {
    if (v.type != gguf::ValueType::Array || v.array_type != gguf::ValueType::String)
        throw FormatError("gguf '" + f.path().string() + "': key '" + key + "' must be an array of STRING, found " +
                          (v.type == gguf::ValueType::Array ? std::string("an array of ") + gguf::valueTypeName(v.array_type)
                                                            : std::string(gguf::valueTypeName(v.type))));
    return v.strings;
}

} // namespace

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(const gguf::File& f) {
    const std::string where = f.path().string() + ": ";
    const auto model = f.getString("tokenizer.ggml.model");
    if (!model) throw Error(where + "no tokenizer.ggml.model (the file carries no tokenizer)");
    const gguf::Value* tokens_v = f.find("tokenizer.ggml.tokens");
    if (!tokens_v) throw FormatError(where + "tokenizer.ggml.tokens missing");
    const std::vector<std::string>& tokens = stringArray(f, *tokens_v, "tokenizer.ggml.tokens");
    if (tokens.empty()) throw FormatError(where + "tokenizer.ggml.tokens is empty");
    if (static_cast<int64_t>(tokens.size()) > limits::kMaxVocab)
        throw FormatError(where + "tokenizer.ggml.tokens has " + std::to_string(tokens.size()) +
                          " tokens, more than the limit of " + std::to_string(limits::kMaxVocab));
    const int32_t n_vocab = static_cast<int32_t>(tokens.size());
    std::vector<int> types(tokens.size(), kNormal);
    if (const gguf::Value* t = f.find("tokenizer.ggml.token_type")) {
        if (t->numbers.size() != tokens.size())
            throw FormatError(where + "tokenizer.ggml.token_type has " + std::to_string(t->numbers.size()) +
                              " entries for " + std::to_string(tokens.size()) + " tokens");
        for (size_t i = 0; i < types.size(); ++i) {
            const double v = t->numbers[i];
            if (!(v >= 0 && v <= kByte))  // NaN fails too
                throw FormatError(where + "tokenizer.ggml.token_type[" + std::to_string(i) + "] = " + std::to_string(v) +
                                  " is not a token type (0 to 6)");
            types[i] = static_cast<int>(v);
        }
    }

    tok::Pipeline p;
    p.bos = optionalId(f, "tokenizer.ggml.bos_token_id", n_vocab);
    p.eos = optionalId(f, "tokenizer.ggml.eos_token_id", n_vocab);
    const int32_t unk = optionalId(f, "tokenizer.ggml.unknown_token_id", n_vocab);

    if (const gguf::Value* m = f.find("tokenizer.ggml.merges")) stringArray(f, *m, "tokenizer.ggml.merges");

    tok::Vocab vocab;
    for (int32_t i = 0; i < n_vocab; ++i) vocab.set(i, tokens[static_cast<size_t>(i)]);

    bool add_bos_default = false;
    const bool byte_level = (*model == "gpt2");
    if (byte_level) {
        const gguf::Value* m = f.find("tokenizer.ggml.merges");
        if (!m) throw FormatError(where + "tokenizer.ggml.merges missing for a gpt2 vocabulary");
        // llama.cpp reads a file without the key as "default".
        const std::string pre = f.getString("tokenizer.ggml.pre").value_or("default");
        const tok::GgufPre& entry = ggufPreFor(where, pre);
        tok::BpeOptions opt;
        opt.ignore_merges = entry.ignore_merges;
        p.model = tok::makeBpe(std::move(vocab), splitMerges(stringArray(f, *m, "tokenizer.ggml.merges")), opt);
        p.pre_tokenizer = preTokenizerFor(entry);
        add_bos_default = entry.add_bos;
        p.decoder = tok::makeByteLevelDecoder();
        p.kind = "byte-level BPE (" + pre + ")";
    } else if (*model == "llama") {
        std::vector<float> scores(tokens.size(), 0.0f);
        if (const gguf::Value* s = f.find("tokenizer.ggml.scores")) {
            if (s->numbers.size() != tokens.size()) throw FormatError(where + "tokenizer.ggml.scores has the wrong length");
            for (size_t i = 0; i < scores.size(); ++i) scores[i] = tok::spmScore(s->numbers[i], i, where);
        }
        const bool space_prefix = f.getBool("tokenizer.ggml.add_space_prefix").value_or(true);
        // llama.cpp: ' ' before every text fragment (after start or a special token), then ' ' -> U+2581.
        std::vector<std::unique_ptr<tok::Normalizer>> norm;
        if (space_prefix) norm.push_back(tok::makePrepend(" "));
        norm.push_back(tok::makeReplace(tok::Matcher(std::string(" ")), kSpace));
        p.normalizer = tok::makeNormalizerSequence(std::move(norm));
        p.model = tok::makeSpm(std::move(vocab), std::move(scores), unk);
        std::vector<std::unique_ptr<tok::Decoder>> dec;
        dec.push_back(tok::makeReplaceDecoder(tok::Matcher(std::string(kSpace)), " "));
        dec.push_back(tok::makeByteFallbackDecoder());
        dec.push_back(tok::makeFuseDecoder());
        if (space_prefix) dec.push_back(tok::makeStripDecoder(" ", 1, 0));
        p.decoder = tok::makeDecoderSequence(std::move(dec));
        p.kind = "SentencePiece BPE (GGUF llama)";
        add_bos_default = true;
    } else {
        throw Error(where + "tokenizer.ggml.model \"" + *model + "\" is not supported (gpt2, llama)");
    }

    // Control, user-defined and unknown tokens are matched in the text before the model runs.
    for (int32_t id = 0; id < n_vocab; ++id) {
        const int type = types[static_cast<size_t>(id)];
        if (type != kControl && type != kUserDefined && type != kUnknown) continue;
        tok::AddedToken t;
        t.id = id;
        t.content = tokens[static_cast<size_t>(id)];
        // A byte-level vocabulary spells user-defined tokens in its alphabet; match what they stand for.
        if (byte_level && type == kUserDefined)
            if (auto raw = byte_level::decode(t.content)) t.content = *raw;
        t.special = (type != kUserDefined);
        p.added.push_back(std::move(t));
    }

    // The file's flags win (llama.cpp writes add_bos_token=false for SmolLM's 49152 vocabulary).
    const bool add_bos = f.getBool("tokenizer.ggml.add_bos_token").value_or(add_bos_default);
    const bool add_eos = f.getBool("tokenizer.ggml.add_eos_token").value_or(false);
    if (add_bos && p.bos >= 0) p.prefix = {p.bos};
    if (add_eos && p.eos >= 0) p.suffix = {p.eos};
    return tok::makeTokenizer(std::move(p));
}

} // namespace pb
