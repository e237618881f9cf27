// config.json for the Hugging Face export (formats.md §2.1, §2.6, §2.7). No torch here.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/arch/family.h"
#include "core/export/hf_export.h"
#include "core/export/hf_internal.h"
#include "core/util/error.h"

namespace pb {

namespace {

using ojson = nlohmann::ordered_json;

bool nearRel(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)); }

// Inverse frequencies theta^(-2i/d) (the unscaled ones that the divisors divide).
std::vector<double> baseInverseFrequencies(double theta, int64_t head_dim) {
    std::vector<double> inv(static_cast<size_t>(head_dim / 2));
    for (size_t i = 0; i < inv.size(); ++i)
        inv[i] = 1.0 / std::pow(theta, static_cast<double>(2 * i) / static_cast<double>(head_dim));
    return inv;
}

// The divisors (unscaled / scaled inverse frequency) of the llama3 rule (rope.cpp).
std::vector<double> llama3Divisors(const RopeConfig& r, const std::vector<double>& inv) {
    std::vector<double> d(inv.size());
    const double lo = r.original_max_position / r.low_freq_factor;
    const double hi = r.original_max_position / r.high_freq_factor;
    for (size_t i = 0; i < inv.size(); ++i) {
        const double f = inv[i], wavelen = 2.0 * M_PI / f;
        double out = f;
        if (wavelen > lo) {
            out = f / r.factor;
        } else if (wavelen >= hi) {
            const double s = (r.original_max_position / wavelen - r.low_freq_factor) /
                             (r.high_freq_factor - r.low_freq_factor);
            out = (1 - s) * f / r.factor + s * f;
        }
        d[i] = f / out;
    }
    return d;
}

// A number that transformers' typed config fields read as an integer when it is one.
ojson numberJson(double v) {
    if (v == std::floor(v) && std::abs(v) < 9e15) return ojson(static_cast<int64_t>(v));
    return ojson(v);
}

// gemma3_text: the attention scale, the sliding window and which kept layers use it, the two
// RoPE bases (transformers >= 5: rope_parameters per layer type; before: rope_theta +
// rope_local_base_freq, both written), no soft-capping.
void addGemmaFields(ojson& j, const ModelConfig& c, const RopeConfig& rope) {
    if (rope.type == RopeType::Llama3)
        throw Error("Gemma3's config.json holds default or linear RoPE scaling, not llama3 frequency scaling");
    j["query_pre_attn_scalar"] = numberJson(c.query_scalar > 0 ? c.query_scalar : static_cast<double>(c.head_dim));
    // No sliding layer: every layer attends to all positions; the window is then any size.
    j["sliding_window"] = c.sliding_window > 0 ? c.sliding_window : c.max_position;
    ojson types = ojson::array();
    for (const LayerDims& d : c.layers) types.push_back(d.sliding ? "sliding_attention" : "full_attention");
    j["layer_types"] = std::move(types);
    j["rope_local_base_freq"] = c.rope_local.theta;
    ojson full = ojson::object();
    full["rope_type"] = rope.type == RopeType::Linear ? "linear" : "default";
    full["rope_theta"] = rope.theta;
    if (rope.type == RopeType::Linear) full["factor"] = rope.factor;
    ojson params = ojson::object();
    params["full_attention"] = std::move(full);
    params["sliding_attention"] = ojson{{"rope_type", "default"}, {"rope_theta", c.rope_local.theta}};
    j["rope_parameters"] = std::move(params);
    j["attn_logit_softcapping"] = nullptr;
    j["final_logit_softcapping"] = nullptr;
    j["use_bidirectional_attention"] = false;
}

} // namespace

// GGUF carries llama3 scaling as per-frequency divisors (rope_freqs.weight), which
// config.json cannot hold. They follow d = 1 / ((1 - s)/factor + s), s clamped to [0, 1]
// and affine in the inverse frequency: s = A*inv - B. Only A and B matter, so the
// (factor, low, high, L0) written is one of many equivalent ones, chosen with an
// integer L0 (PruneBench reads original_max_position_embeddings as an integer), then
// checked against the divisors.
RopeConfig hfExpressibleRope(const RopeConfig& in, int64_t head_dim, std::string* note) {
    if (in.freq_divisors.empty()) return in;
    const std::vector<double>& d = in.freq_divisors;
    if (static_cast<int64_t>(d.size()) != head_dim / 2)
        throw Error("rope_freqs has " + std::to_string(d.size()) + " entries, expected " + std::to_string(head_dim / 2));
    const std::vector<double> inv = baseInverseFrequencies(in.theta, head_dim);
    RopeConfig out = in;
    out.freq_divisors.clear();
    const double factor = *std::max_element(d.begin(), d.end());
    constexpr double kTol = 1e-6;
    if (std::all_of(d.begin(), d.end(), [&](double x) { return nearRel(x, 1.0, kTol); })) {
        out.type = RopeType::Default;
        if (note) *note = "rope_freqs divisors are all 1: written as default RoPE";
        return out;
    }
    if (std::all_of(d.begin(), d.end(), [&](double x) { return nearRel(x, factor, kTol); })) {
        out.type = RopeType::Linear;
        out.factor = factor;
        if (note) *note = "rope_freqs divisors are all equal: written as linear rope_scaling";
        return out;
    }
    if (factor <= 1.0) throw Error("rope_freqs divisors below 1 cannot be written as rope_scaling in config.json");
    std::vector<double> mid_inv, mid_s;
    double lo_max = -1, hi_min = -1;  // largest inv with d == factor, smallest with d == 1
    for (size_t i = 0; i < d.size(); ++i) {
        if (nearRel(d[i], factor, kTol)) {
            lo_max = std::max(lo_max, inv[i]);
        } else if (nearRel(d[i], 1.0, kTol)) {
            hi_min = hi_min < 0 ? inv[i] : std::min(hi_min, inv[i]);
        } else {
            mid_inv.push_back(inv[i]);
            mid_s.push_back((1.0 / d[i] - 1.0 / factor) / (1.0 - 1.0 / factor));
        }
    }
    double A = 0, B = 0;
    if (mid_inv.size() >= 2) {  // least squares s = A*inv - B
        const double n = static_cast<double>(mid_inv.size());
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (size_t i = 0; i < mid_inv.size(); ++i) {
            sx += mid_inv[i];
            sy += mid_s[i];
            sxx += mid_inv[i] * mid_inv[i];
            sxy += mid_inv[i] * mid_s[i];
        }
        A = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        B = (A * sx - sy) / n;
    } else if (mid_inv.size() == 1) {  // through the one point, steep enough for both plateaus
        const double x = mid_inv[0], s = mid_s[0];
        if (hi_min > 0) A = std::max(A, (1.0 - s) / (hi_min - x));
        if (lo_max > 0) A = std::max(A, s / (x - lo_max));
        B = A * x - s;
    } else if (hi_min > 0 && lo_max > 0 && hi_min > lo_max) {  // a step: s = 0 at lo_max, 1 at hi_min
        A = 1.0 / (hi_min - lo_max);
        B = A * lo_max;
    }
    if (!(A > 0) || !(B > 0) || !std::isfinite(A) || !std::isfinite(B))
        throw Error("rope_freqs divisors do not follow the llama3 rule; config.json cannot express them");
    // s = (L0*inv/(2 pi) - low) / (high - low)  =>  A = L0 / (2 pi (high - low)), B = low / (high - low).
    const double L0 = std::max(1.0, std::round(2.0 * M_PI * A / B));
    out.type = RopeType::Llama3;
    out.factor = factor;
    out.original_max_position = static_cast<int64_t>(L0);
    out.low_freq_factor = B * L0 / (2.0 * M_PI * A);
    out.high_freq_factor = out.low_freq_factor + L0 / (2.0 * M_PI * A);
    const std::vector<double> back = llama3Divisors(out, inv);
    for (size_t i = 0; i < d.size(); ++i)
        if (!nearRel(back[i], d[i], 1e-5))
            throw Error("rope_freqs divisors do not follow the llama3 rule (frequency " + std::to_string(i) +
                        "); config.json cannot express them");
    if (note)
        *note = "rope_freqs divisors written as llama3 rope_scaling (factor " + std::to_string(factor) +
                ", original_max_position_embeddings " + std::to_string(out.original_max_position) + ")";
    return out;
}

std::string transformersLoadableReason(const ModelConfig& c) {
    if (c.layers.empty()) return "the model has no layers";
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        // A removed sub-block (core/plan/sub_block.h): LlamaForCausalLM (and every other transformers
        // class of these families) builds attention and an MLP in every layer, and fills weights
        // missing from the checkpoint with random values, warning only (transformers 5.17, measured).
        // No transformers config expresses it: DeciLM / Nemotron-NAS block_configs (attention.no_op,
        // ffn.no_op) need the model repository's remote code, NemotronH's layers have no RoPE and an
        // ungated MLP.
        if (!d.hasAttention())
            return "layer " + std::to_string(i) + " has no attention sublayer (transformers would build one with "
                   "random weights, warning only; no transformers config can leave it out)";
        if (!d.hasMlp())
            return "layer " + std::to_string(i) + " has no MLP sublayer (transformers would build one with random "
                   "weights, warning only; no transformers config can leave it out)";
        if (c.hidden % d.n_heads != 0)  // transformers 5 validates every config so (an explicit head_dim or not)
            return "transformers requires hidden_size (" + std::to_string(c.hidden) +
                   ") to be a multiple of num_attention_heads (" + std::to_string(d.n_heads) + ")";
        if (!(d == c.layers[0]))
            return "layers have different widths (layer 0: " + std::to_string(c.layers[0].n_heads) + " heads, " +
                   std::to_string(c.layers[0].n_kv_heads) + " KV heads, FFN " + std::to_string(c.layers[0].ffn) +
                   "; layer " + std::to_string(i) + ": " + std::to_string(d.n_heads) + ", " +
                   std::to_string(d.n_kv_heads) + ", " + std::to_string(d.ffn) + ")";
    }
    return "";
}

bool transformersLoadable(const ModelConfig& c) { return transformersLoadableReason(c).empty(); }

std::string hfDtypeName(const std::string& dtype) {
    if (dtype == "f32") return "float32";
    if (dtype == "bf16") return "bfloat16";
    if (dtype == "f16") return "float16";
    throw Error("unknown export dtype '" + dtype + "' (use f32, bf16 or f16)");
}

ojson hfConfigJson(const ModelConfig& c, const std::string& dtype) {
    c.validate();
    const FamilySpec* fam = familyByName(c.family);
    if (!fam || fam->hf_architectures.empty() || fam->hf_model_types.empty())
        throw Error("model family '" + c.family + "' has no Hugging Face architecture (known: " + knownFamilies() + ")");
    if (c.family == "mistral" && (c.qkv_bias || c.o_bias || c.hasDownBias()))
        throw Error("MistralForCausalLM has no biases, but this model has some; it cannot be exported as Mistral (FLAP's "
                    "bias compensation adds o_proj/down_proj biases: prune with --bias-compensation off)");
    if (c.family == "qwen2" && (c.o_bias || c.hasDownBias()))
        throw Error("Qwen2ForCausalLM has biases only on q/k/v, but this model also has o_proj or MLP biases (FLAP's "
                    "bias compensation adds them: prune with --bias-compensation off to export as Qwen2)");
    const bool gemma = c.family == "gemma3";
    if (gemma && c.hasDownBias())
        throw Error("Gemma3ForCausalLM has no MLP biases, but this model has some (FLAP's bias compensation adds one to "
                    "down_proj: prune with --bias-compensation off to export as Gemma 3)");
    if (gemma && (c.rope_local.type != RopeType::Default || !c.rope_local.freq_divisors.empty()))
        throw Error("the sliding layers' RoPE is scaled; Gemma3's config.json holds a scaling for the global layers only");
    const RopeConfig rope = hfExpressibleRope(c.rope, c.head_dim, nullptr);

    // Scalar widths: layer 0's when transformers can load the model; otherwise the largest
    // of each (at least 1, so that readers accept the config) and the per-layer list.
    const bool loadable = transformersLoadable(c);
    LayerDims scalar = c.layers[0];
    if (!loadable) {
        scalar = LayerDims{1, 1, 1};
        for (const LayerDims& d : c.layers) {
            scalar.n_heads = std::max(scalar.n_heads, d.n_heads);
            scalar.n_kv_heads = std::max(scalar.n_kv_heads, d.n_kv_heads);
            scalar.ffn = std::max(scalar.ffn, d.ffn);
        }
    }
    const std::string torch_dtype = hfDtypeName(dtype);

    ojson j = ojson::object();
    j["architectures"] = ojson::array({fam->hf_architectures.front()});
    j["model_type"] = fam->hf_model_types.front();
    j["vocab_size"] = c.vocab;
    j["hidden_size"] = c.hidden;
    j["intermediate_size"] = scalar.ffn;
    j["num_hidden_layers"] = c.numLayers();
    j["num_attention_heads"] = scalar.n_heads;
    j["num_key_value_heads"] = scalar.n_kv_heads;
    j["head_dim"] = c.head_dim;
    if (c.act == Activation::GeluTanh)
        j["hidden_activation"] = "gelu_pytorch_tanh";  // Gemma's key (GeGLU with tanh GELU)
    else
        j["hidden_act"] = "silu";
    j["max_position_embeddings"] = c.max_position;
    j["rms_norm_eps"] = c.rms_eps;
    j["rope_theta"] = rope.theta;
    if (rope.type == RopeType::Linear) {
        j["rope_scaling"] = ojson{{"rope_type", "linear"}, {"factor", rope.factor}};
    } else if (rope.type == RopeType::Llama3) {
        ojson s = ojson::object();
        s["rope_type"] = "llama3";
        s["factor"] = rope.factor;
        s["low_freq_factor"] = rope.low_freq_factor;
        s["high_freq_factor"] = rope.high_freq_factor;
        s["original_max_position_embeddings"] = rope.original_max_position;
        j["rope_scaling"] = std::move(s);
    } else {
        j["rope_scaling"] = nullptr;
    }
    if (gemma) addGemmaFields(j, c, rope);
    j["tie_word_embeddings"] = c.tie_embeddings;
    // Llama: one flag for q/k/v/o and one for gate/up/down (missing ones are written as zero
    // biases: FLAP's compensation gives o_proj and down_proj alone a bias). Qwen2 always has
    // q/k/v biases and no flag; the field is written false for readers that look.
    j["attention_bias"] = (c.family == "qwen2") ? false : (c.qkv_bias || c.o_bias);
    j["mlp_bias"] = c.hasDownBias();
    j["attention_dropout"] = 0.0;
    j["initializer_range"] = 0.02;
    j["use_cache"] = true;
    if (c.family == "llama") j["pretraining_tp"] = 1;
    if (c.family == "mistral")  // every layer local with the window, or none (null: every position)
        j["sliding_window"] = c.hasSlidingLayers() ? ojson(c.sliding_window) : ojson(nullptr);
    if (c.family == "qwen2") {
        j["use_sliding_window"] = false;
        j["sliding_window"] = nullptr;
        j["max_window_layers"] = c.numLayers();
    }
    j["bos_token_id"] = c.bos_id >= 0 ? ojson(c.bos_id) : ojson();
    j["eos_token_id"] = c.eos_id >= 0 ? ojson(c.eos_id) : ojson();
    j["torch_dtype"] = torch_dtype;  // transformers < 4.56
    j["dtype"] = torch_dtype;        // transformers >= 4.56
    if (!loadable) {
        // PruneBench extension (config_hf.cpp reads it): the true widths of each layer,
        // 0 = absent sublayer. transformers ignores the key and builds every layer with the
        // scalar widths above, so it cannot load these weights.
        ojson layers = ojson::array();
        for (const LayerDims& d : c.layers) {
            ojson l = ojson::object();
            l["heads"] = d.n_heads;
            l["kv_heads"] = d.n_kv_heads;
            l["ffn"] = d.ffn;
            layers.push_back(std::move(l));
        }
        j["prunebench_layers"] = std::move(layers);
    }
    return j;
}

} // namespace pb
