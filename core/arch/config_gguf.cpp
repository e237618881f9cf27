#include <cmath>
#include <map>

#include "core/arch/config_check.h"
#include "core/arch/config_io.h"
#include "core/arch/family.h"
#include "core/arch/tensor_names.h"
#include "core/io/gguf.h"
#include "core/io/limits.h"
#include "core/io/token_id.h"
#include "core/util/error.h"

namespace pb {

namespace {
std::string fileTypeName(const gguf::File& f) {
    // The most common type among 2-D weights describes the file best ("Q4_1 (mostly)").
    std::map<std::string, int> counts;
    for (const auto& t : f.tensors())
        if (t.ne.size() >= 2) counts[gguf::typeName(t.type)]++;
    std::string best;
    int n = 0;
    for (const auto& [name, c] : counts)
        if (c > n) best = name, n = c;
    return counts.size() > 1 ? best + " (mostly)" : best;
}
// gemma3 as llama.cpp reads it (llama-model.cpp, LLM_ARCH_GEMMA3): the window from
// attention.sliding_window; which layers are local from a per-layer sliding_window_pattern
// array when the file has one (PruneBench's depth-pruned exports), else llama.cpp's rule (every
// swa_period-th layer global); the local RoPE base fixed (rope_freq_base_train_swa), the file's
// rope.freq_base and scaling for the global layers; the query scale 1/sqrt(key_length), except
// the 27B model (62 layers), which llama.cpp scales by 1/sqrt(hidden / heads).
void readSlidingLayers(const gguf::File& f, const std::string& src, const std::string& arch, const FamilySpec& fam,
                       ModelConfig& c) {
    const std::string window_key = arch + ".attention.sliding_window";
    const uint64_t window = f.getUInt(window_key).value_or(0);
    if (window > uint64_t(limits::kMaxPositions))
        throw Error(src + ": field '" + window_key + "' = " + std::to_string(window) +
                    " is outside the allowed range [0, " + std::to_string(limits::kMaxPositions) + "]");
    c.sliding_window = static_cast<int64_t>(window);
    c.rope_local = RopeConfig{};
    // llama.cpp reads rope.freq_base_swa when the file has it (PruneBench's exports write it),
    // else its fixed base for gemma3.
    const std::string swa_base_key = arch + ".rope.freq_base_swa";
    c.rope_local.theta = f.getFloat(swa_base_key).value_or(fam.gguf_local_theta);
    if (!(c.rope_local.theta > 0) || !std::isfinite(c.rope_local.theta))
        throw Error(src + ": field '" + swa_base_key + "' = " + std::to_string(c.rope_local.theta) +
                    " must be a positive finite number");
    if (c.layers.size() == 62 && c.layers[0].n_heads > 0)  // llama.cpp: n_embd / n_head(0)
        c.query_scalar = static_cast<double>(c.hidden / c.layers[0].n_heads);
    if (window == 0) return;
    const std::string pattern_key = arch + ".attention.sliding_window_pattern";
    size_t period = static_cast<size_t>(fam.swa_period);
    if (const gguf::Value* v = f.find(pattern_key)) {
        if (v->type == gguf::ValueType::Array) {  // one flag (bool or integer) per layer: true = sliding
            if (v->strings.size() > 0 || v->numbers.size() != c.layers.size())
                throw Error(src + ": key '" + pattern_key + "' must hold one number or flag per layer (" +
                            std::to_string(c.layers.size()) + ")");
            for (size_t i = 0; i < c.layers.size(); ++i) c.layers[i].sliding = v->numbers[i] != 0;
            return;
        }
        const uint64_t p = f.getUInt(pattern_key).value_or(0);
        if (p < 1 || p > uint64_t(limits::kMaxLayers))
            throw Error(src + ": field '" + pattern_key + "' = " + std::to_string(p) + " is outside the allowed range [1, " +
                        std::to_string(limits::kMaxLayers) + "]");
        period = static_cast<size_t>(p);
    }
    for (size_t i = 0; i < c.layers.size(); ++i) c.layers[i].sliding = i % period < period - 1;
}

} // namespace

ModelConfig configFromGguf(const gguf::File& f) {
    const std::string src = "gguf '" + f.path().string() + "'";
    auto arch_opt = f.getString("general.architecture");
    if (!arch_opt) throw Error(src + ": missing general.architecture");
    const std::string arch = *arch_opt;
    const FamilySpec* fam = familyForGguf(arch);
    if (!fam)
        throw Error(src + ": unknown architecture '" + arch + "' (PruneBench opens the families: " +
                    knownFamilies() + ")");
    // An unsigned value in [lo, hi], compared as uint64 before it becomes an int64.
    auto ranged = [&](const std::string& key, uint64_t v, uint64_t lo, uint64_t hi) -> int64_t {
        if (v < lo || v > hi)
            throw Error(src + ": field '" + key + "' = " + std::to_string(v) + " is outside the allowed range [" +
                        std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return static_cast<int64_t>(v);
    };
    auto req = [&](const std::string& key, uint64_t lo, uint64_t hi) -> int64_t {
        auto v = f.getUInt(arch + "." + key);
        if (!v) throw Error(src + ": missing " + arch + "." + key);
        return ranged(arch + "." + key, *v, lo, hi);
    };

    ModelConfig c;
    c.family = fam->name;
    c.architecture = arch;
    applyFamilyStyle(*fam, c);
    c.hidden = req("embedding_length", 1, limits::kMaxHidden);
    const int64_t n_layers = req("block_count", 1, limits::kMaxLayers);
    const size_t L = static_cast<size_t>(n_layers);
    auto heads = f.getPerLayer(arch + ".attention.head_count", L);
    if (!heads) throw Error(src + ": missing " + arch + ".attention.head_count");
    auto kv = f.getPerLayer(arch + ".attention.head_count_kv", L);
    auto ffn = f.getPerLayer(arch + ".feed_forward_length", L);
    if (!ffn) throw Error(src + ": missing " + arch + ".feed_forward_length");

    int64_t max_heads = 0;
    for (int64_t h : *heads) max_heads = std::max(max_heads, h);
    if (max_heads <= 0) throw Error(src + ": attention.head_count must be positive");
    const std::string key_length = arch + ".attention.key_length";
    c.head_dim = ranged(key_length, f.getUInt(key_length).value_or(uint64_t(c.hidden / max_heads)), 0,
                        limits::kMaxHeadDim);
    for (size_t i = 0; i < L; ++i) {
        c.layers.push_back(LayerDims{(*heads)[i], kv ? (*kv)[i] : (*heads)[i], (*ffn)[i]});
        if (arch == "deci" && c.layers.back().n_heads > 0 && c.layers.back().n_kv_heads == 0)
            throw Error(src + ": layer " + std::to_string(i) + " replaces attention with a linear layer "
                        "(deci, 0 KV heads), which PruneBench does not support");
    }

    c.rms_eps = f.getFloat(arch + ".attention.layer_norm_rms_epsilon").value_or(1e-5);
    c.rope.theta = f.getFloat(arch + ".rope.freq_base").value_or(10000.0);
    const std::string ctx_key = arch + ".context_length";
    c.max_position = ranged(ctx_key, f.getUInt(ctx_key).value_or(2048), 1, uint64_t(limits::kMaxPositions));
    // llama.cpp's rope.scaling.type: none, linear, yarn, longrope. llama3 scaling has no type
    // there: it comes as the rope_freqs.weight tensor. What PruneBench cannot run is refused,
    // as the Hugging Face path refuses it, never ignored.
    const std::string type_key = arch + ".rope.scaling.type";
    if (auto type = f.getString(type_key)) {
        if (*type == "linear") {
            c.rope.type = RopeType::Linear;
            c.rope.factor = f.getFloat(arch + ".rope.scaling.factor").value_or(1.0);
        } else if (*type == "llama3") {
            if (!f.findTensor("rope_freqs.weight"))
                throw Error(src + ": field '" + type_key + "' = 'llama3' but the file has no rope_freqs.weight tensor, "
                            "which carries llama3 scaling in GGUF");
        } else if (*type != "none" && !type->empty()) {
            throw Error(src + ": field '" + type_key + "' = '" + *type +
                        "' is a RoPE scaling PruneBench does not support (none, linear; llama3 as rope_freqs.weight)");
        }
    }

    if (fam->swa_period > 0) readSlidingLayers(f, src, arch, *fam, c);
    for (const char* key : {".final_logit_softcapping", ".attn_logit_softcapping"})
        if (auto cap = f.getFloat(arch + key); cap && *cap != 0.0)
            throw Error(src + ": field '" + arch + key + "' = " + std::to_string(*cap) +
                        ": logit soft-capping is not supported");

    const gguf::TensorInfo* embd = f.findTensor(ggufTensorName(TensorRole::Embed, 0));
    if (!embd || embd->ne.size() != 2) throw Error(src + ": missing 2-D tensor token_embd.weight");
    c.vocab = ranged("token_embd.weight rows", embd->ne[1], 1, uint64_t(limits::kMaxVocab));
    c.tie_embeddings = f.findTensor(ggufTensorName(TensorRole::LmHead, 0)) == nullptr;
    c.qkv_bias = f.findTensor(ggufTensorName(TensorRole::Q, 0, true)) != nullptr;
    c.o_bias = f.findTensor(ggufTensorName(TensorRole::O, 0, true)) != nullptr;
    c.mlp_bias = f.findTensor(ggufTensorName(TensorRole::Gate, 0, true)) != nullptr;
    c.down_bias = f.findTensor(ggufTensorName(TensorRole::Down, 0, true)) != nullptr;
    // Special token ids: 32-bit and rows of the embedding (core/io/token_id.h).
    for (auto [key, dst] : {std::pair{"tokenizer.ggml.bos_token_id", &c.bos_id}, {"tokenizer.ggml.eos_token_id", &c.eos_id}})
        if (auto v = f.getUInt(key)) *dst = checkTokenId(*v, c.vocab, src + ": key '" + key + "'");
    c.source_dtype = fileTypeName(f);
    validateModelConfig(c, src, ggufConfigFields(arch));
    return c;
}

} // namespace pb
