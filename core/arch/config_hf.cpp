#include <limits>

#include <nlohmann/json.hpp>

#include "core/arch/config_check.h"
#include "core/arch/config_io.h"
#include "core/arch/family.h"
#include "core/io/json_input.h"
#include "core/io/limits.h"
#include "core/util/error.h"

namespace pb {

namespace {
using nlohmann::json;

struct Reader {
    const json& j;
    const std::string& source;

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw Error(source + ": field '" + field + "' " + what);
    }
    // An integer in [lo, hi], range-checked in its JSON type before conversion.
    int64_t integer(const std::string& key, int64_t lo = std::numeric_limits<int64_t>::min(),
                    int64_t hi = std::numeric_limits<int64_t>::max()) const {
        if (!j.contains(key) || j[key].is_null()) fail(key, "is missing");
        if (!j[key].is_number_integer()) fail(key, "must be an integer");
        try {
            return jsonin::integer(j[key], source, key, lo, hi);
        } catch (const FormatError&) {
            fail(key, "= " + j[key].dump() + " is outside the allowed range [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "]");
        }
    }
    int64_t integerOr(const std::string& key, int64_t def, int64_t lo = std::numeric_limits<int64_t>::min(),
                      int64_t hi = std::numeric_limits<int64_t>::max()) const {
        return j.contains(key) && !j[key].is_null() ? integer(key, lo, hi) : def;
    }
    double number(const json& obj, const std::string& key, double def) const {
        if (!obj.contains(key) || obj[key].is_null()) return def;
        if (!obj[key].is_number()) fail(key, "must be a number");
        return obj[key].get<double>();
    }
    bool boolean(const std::string& key, bool def) const {
        if (!j.contains(key) || j[key].is_null()) return def;
        if (!j[key].is_boolean()) fail(key, "must be true or false");
        return j[key].get<bool>();
    }
};

// bos_token_id / eos_token_id: an id, a list of ids (the first counts) or null. 32-bit
// checked here; below vocab_size in validateModelConfig.
int32_t firstId(const json& v, const std::string& source, const std::string& key) {
    const json* id = v.is_array() ? (v.empty() ? nullptr : &v[0]) : &v;
    if (!id || id->is_null()) return -1;
    return static_cast<int32_t>(jsonin::integer(*id, source, key, -1, limits::kMaxVocab - 1));
}

// One RoPE parameter set: theta, then the scaling keys of `scaling` (may be null).
void readRopeScaling(const Reader& r, const json* scaling, RopeConfig& rope) {
    if (!scaling) return;
    std::string type = "default";
    if (scaling->contains("rope_type") && (*scaling)["rope_type"].is_string()) type = (*scaling)["rope_type"];
    else if (scaling->contains("type") && (*scaling)["type"].is_string()) type = (*scaling)["type"];
    if (type == "default") return;
    rope.factor = r.number(*scaling, "factor", 1.0);
    if (type == "linear") {
        rope.type = RopeType::Linear;
    } else if (type == "llama3") {
        rope.type = RopeType::Llama3;
        rope.low_freq_factor = r.number(*scaling, "low_freq_factor", 1.0);
        rope.high_freq_factor = r.number(*scaling, "high_freq_factor", 4.0);
        const char* omp = "original_max_position_embeddings";
        if (scaling->contains(omp) && !(*scaling)[omp].is_null())
            rope.original_max_position =
                jsonin::integer((*scaling)[omp], r.source, std::string("rope_scaling.") + omp, 1, limits::kMaxPositions);
    } else {
        r.fail("rope_scaling", "has rope type '" + type + "', which PruneBench does not support (default, linear, llama3)");
    }
}

// RoPE of the (global) layers, and of the sliding layers in `local`.
void readRope(const Reader& r, const FamilySpec& fam, RopeConfig& rope, RopeConfig& local) {
    const json& j = r.j;
    local.theta = r.number(j, "rope_local_base_freq", fam.gguf_local_theta);  // gemma3 before transformers v5
    const double theta_default = fam.swa_period > 0 ? 1e6 : 10000.0;          // Gemma3TextConfig: 1e6
    // transformers v5: rope_parameters {rope_type, rope_theta, scaling keys}, or per layer type
    // {"full_attention": {...}, "sliding_attention": {...}} (gemma3); older: rope_theta + rope_scaling.
    if (j.contains("rope_parameters") && j["rope_parameters"].is_object()) {
        const json& p = j["rope_parameters"];
        if (p.contains("full_attention") && p["full_attention"].is_object()) {
            rope.theta = r.number(p["full_attention"], "rope_theta", r.number(j, "rope_theta", theta_default));
            readRopeScaling(r, &p["full_attention"], rope);
            if (p.contains("sliding_attention") && p["sliding_attention"].is_object()) {
                local.theta = r.number(p["sliding_attention"], "rope_theta", local.theta);
                readRopeScaling(r, &p["sliding_attention"], local);
            }
            return;
        }
        rope.theta = r.number(p, "rope_theta", r.number(j, "rope_theta", theta_default));
        readRopeScaling(r, &p, rope);
        return;
    }
    rope.theta = r.number(j, "rope_theta", theta_default);
    if (j.contains("rope_scaling") && j["rope_scaling"].is_object()) readRopeScaling(r, &j["rope_scaling"], rope);
}

// Mistral's sliding_window (Mistral-7B-v0.1: 4096, every layer, the one RoPE) is honoured;
// Qwen2's use_sliding_window (off in every released Qwen2/2.5 config) is refused.
void readOtherSlidingWindows(const Reader& r, const FamilySpec& fam, ModelConfig& c) {
    const json& j = r.j;
    if (fam.name == "mistral" && j.contains("sliding_window") && !j["sliding_window"].is_null()) {
        c.sliding_window = r.integer("sliding_window", 1, limits::kMaxPositions);
        c.rope_local = c.rope;
        for (LayerDims& d : c.layers) d.sliding = true;
    }
    if (fam.name == "qwen2" && r.boolean("use_sliding_window", false))
        r.fail("use_sliding_window", "is true: Qwen2 sliding-window attention is not supported");
}

// gemma3: which layers are local (layer_types, else sliding_window_pattern: every N-th global),
// the window, the query scale and the activation; softcapping (Gemma 2) is refused.
void readGemmaFields(const Reader& r, const FamilySpec& fam, ModelConfig& c) {
    const json& j = r.j;
    for (const char* key : {"final_logit_softcapping", "attn_logit_softcapping"})
        if (j.contains(key) && !j[key].is_null()) r.fail(key, "is set: logit soft-capping is not supported");
    if (r.boolean("use_bidirectional_attention", false))
        r.fail("use_bidirectional_attention", "is true: PruneBench runs causal language models only");
    for (const char* key : {"hidden_activation", "hidden_act"})
        if (j.contains(key) && j[key].is_string()) {
            const std::string act = j[key];
            if (act != "gelu_pytorch_tanh" && act != "gelu_tanh")
                r.fail(key, "= '" + act + "': PruneBench runs Gemma's MLP with tanh GELU (gelu_pytorch_tanh) only");
            break;
        }
    // Defaults as Gemma3TextConfig's (transformers writes every one of them; hand-written configs may not).
    c.query_scalar = r.number(j, "query_pre_attn_scalar", 256.0);
    c.sliding_window = r.integerOr("sliding_window", 4096, 0, limits::kMaxPositions);
    if (j.contains("layer_types") && !j["layer_types"].is_null()) {
        const json& lt = j["layer_types"];
        if (!lt.is_array() || lt.size() != c.layers.size())
            r.fail("layer_types", "must be a list with one entry per layer");
        for (size_t i = 0; i < lt.size(); ++i) {
            if (!lt[i].is_string()) r.fail("layer_types", "must hold strings");
            const std::string t = lt[i];
            if (t != "sliding_attention" && t != "full_attention")
                r.fail("layer_types", "has '" + t + "' (sliding_attention or full_attention)");
            c.layers[i].sliding = t == "sliding_attention";
        }
        return;
    }
    if (c.sliding_window == 0) return;
    const int64_t period = r.integerOr("sliding_window_pattern", fam.swa_period, 1, limits::kMaxLayers);
    for (size_t i = 0; i < c.layers.size(); ++i) c.layers[i].sliding = int64_t(i) % period < period - 1;
}

std::string dtypeName(const json& j) {
    for (const char* key : {"dtype", "torch_dtype"}) {
        if (j.contains(key) && j[key].is_string()) {
            std::string d = j[key];
            if (d == "float32") return "f32";
            if (d == "bfloat16") return "bf16";
            if (d == "float16") return "f16";
            return d;
        }
    }
    return "f32";
}
} // namespace

namespace {
ModelConfig parseHfConfig(const json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source + ": not a JSON object");
    Reader r{j, source};
    std::vector<std::string> archs;
    if (j.contains("architectures") && j["architectures"].is_array())
        for (const auto& a : j["architectures"])
            if (a.is_string()) archs.push_back(a);
    if (j.contains("model_type") && !j["model_type"].is_string() && !j["model_type"].is_null())
        throw FormatError(source + ": field 'model_type' must be a string, found " + j["model_type"].type_name());
    std::string model_type = j.value("model_type", std::string());
    const FamilySpec* fam = familyForHf(archs, model_type);
    if (!fam)
        throw Error(source + ": unknown architecture '" + (archs.empty() ? model_type : archs[0]) +
                    "' (PruneBench opens the families: " + knownFamilies() + ")");

    ModelConfig c;
    c.family = fam->name;
    c.architecture = archs.empty() ? model_type : archs[0];
    applyFamilyStyle(*fam, c);
    namespace L = limits;
    c.vocab = r.integer("vocab_size", 1, L::kMaxVocab);
    c.hidden = r.integer("hidden_size", 1, L::kMaxHidden);
    const int64_t n_layers = r.integer("num_hidden_layers", 1, L::kMaxLayers);
    const int64_t n_heads = r.integer("num_attention_heads", 1, L::kMaxHeads);
    const int64_t n_kv = r.integerOr("num_key_value_heads", n_heads, 0, L::kMaxHeads);
    c.head_dim = r.integerOr("head_dim", c.hidden / n_heads, 1, L::kMaxHeadDim);
    const int64_t ffn = r.integer("intermediate_size", 0, L::kMaxFfn);
    c.rms_eps = r.number(j, "rms_norm_eps", 1e-6);
    c.max_position = r.integerOr("max_position_embeddings", 2048, 1, L::kMaxPositions);
    c.tie_embeddings = r.boolean("tie_word_embeddings", false);
    const bool attention_bias = r.boolean("attention_bias", false);
    c.qkv_bias = fam->qkv_bias || attention_bias;
    c.o_bias = attention_bias;
    c.mlp_bias = r.boolean("mlp_bias", false);
    if (j.contains("bos_token_id")) c.bos_id = firstId(j["bos_token_id"], source, "bos_token_id");
    if (j.contains("eos_token_id")) c.eos_id = firstId(j["eos_token_id"], source, "eos_token_id");
    c.source_dtype = dtypeName(j);
    readRope(r, *fam, c.rope, c.rope_local);

    c.layers.assign(static_cast<size_t>(n_layers), LayerDims{n_heads, n_kv, ffn});
    // PruneBench extension: per-layer widths after pruning (0 = absent sublayer).
    if (j.contains("prunebench_layers")) {
        const json& pl = j["prunebench_layers"];
        if (!pl.is_array() || static_cast<int64_t>(pl.size()) != n_layers)
            r.fail("prunebench_layers", "must be a list with one entry per layer");
        for (size_t i = 0; i < pl.size(); ++i) {
            Reader lr{pl[i], source};
            c.layers[i] = LayerDims{lr.integer("heads", 0, L::kMaxHeads), lr.integer("kv_heads", 0, L::kMaxHeads),
                                    lr.integer("ffn", 0, L::kMaxFfn)};
        }
    }
    if (fam->swa_period > 0) readGemmaFields(r, *fam, c);
    else readOtherSlidingWindows(r, *fam, c);
    validateModelConfig(c, source, hfConfigFields());
    return c;
}
} // namespace

ModelConfig configFromHfJson(const json& j, const std::string& source) {
    try {
        return parseHfConfig(j, source);
    } catch (const json::exception& e) {  // a field of another JSON type than expected (found by fuzz_hf_config)
        throw FormatError(source + ": a field has the wrong type (" + e.what() + ")");
    }
}

ModelConfig readHfConfig(const std::filesystem::path& path) {
    return configFromHfJson(jsonin::readFile(path, limits::kMaxConfigJsonBytes), path.string());
}

} // namespace pb
