#include <map>

#include "core/arch/config_io.h"
#include "core/arch/family.h"
#include "core/arch/tensor_names.h"
#include "core/io/gguf.h"
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
    auto req = [&](const std::string& key) -> uint64_t {
        auto v = f.getUInt(arch + "." + key);
        if (!v) throw Error(src + ": missing " + arch + "." + key);
        return *v;
    };

    ModelConfig c;
    c.family = fam->name;
    c.architecture = arch;
    c.hidden = static_cast<int64_t>(req("embedding_length"));
    const uint64_t n_layers = req("block_count");
    if (n_layers == 0 || n_layers > 100000) throw Error(src + ": block_count out of range");
    const size_t L = static_cast<size_t>(n_layers);
    auto heads = f.getPerLayer(arch + ".attention.head_count", L);
    if (!heads) throw Error(src + ": missing " + arch + ".attention.head_count");
    auto kv = f.getPerLayer(arch + ".attention.head_count_kv", L);
    auto ffn = f.getPerLayer(arch + ".feed_forward_length", L);
    if (!ffn) throw Error(src + ": missing " + arch + ".feed_forward_length");

    int64_t max_heads = 0;
    for (int64_t h : *heads) max_heads = std::max(max_heads, h);
    if (max_heads <= 0) throw Error(src + ": attention.head_count must be positive");
    c.head_dim = static_cast<int64_t>(f.getUInt(arch + ".attention.key_length").value_or(c.hidden / max_heads));
    for (size_t i = 0; i < L; ++i) {
        c.layers.push_back(LayerDims{(*heads)[i], kv ? (*kv)[i] : (*heads)[i], (*ffn)[i]});
        if (arch == "deci" && c.layers.back().n_heads > 0 && c.layers.back().n_kv_heads == 0)
            throw Error(src + ": layer " + std::to_string(i) + " replaces attention with a linear layer "
                        "(deci, 0 KV heads), which PruneBench does not support");
    }

    c.rms_eps = f.getFloat(arch + ".attention.layer_norm_rms_epsilon").value_or(1e-5);
    c.rope.theta = f.getFloat(arch + ".rope.freq_base").value_or(10000.0);
    c.max_position = static_cast<int64_t>(f.getUInt(arch + ".context_length").value_or(2048));
    if (auto type = f.getString(arch + ".rope.scaling.type"); type && *type == "linear") {
        c.rope.type = RopeType::Linear;
        c.rope.factor = f.getFloat(arch + ".rope.scaling.factor").value_or(1.0);
    }

    const gguf::TensorInfo* embd = f.findTensor(ggufTensorName(TensorRole::Embed, 0));
    if (!embd || embd->ne.size() != 2) throw Error(src + ": missing 2-D tensor token_embd.weight");
    c.vocab = static_cast<int64_t>(embd->ne[1]);
    c.tie_embeddings = f.findTensor(ggufTensorName(TensorRole::LmHead, 0)) == nullptr;
    c.qkv_bias = f.findTensor(ggufTensorName(TensorRole::Q, 0, true)) != nullptr;
    c.o_bias = f.findTensor(ggufTensorName(TensorRole::O, 0, true)) != nullptr;
    c.mlp_bias = f.findTensor(ggufTensorName(TensorRole::Gate, 0, true)) != nullptr;
    c.bos_id = static_cast<int32_t>(f.getUInt("tokenizer.ggml.bos_token_id").value_or(static_cast<uint64_t>(-1)));
    c.eos_id = static_cast<int32_t>(f.getUInt("tokenizer.ggml.eos_token_id").value_or(static_cast<uint64_t>(-1)));
    c.source_dtype = fileTypeName(f);
    c.validate();
    return c;
}

} // namespace pb
