// general.* and {arch}.* metadata of a GGUF export (formats.md §4.3), written as
// llama.cpp's gguf-py writes them: U32 counts, F32 eps/theta, INT32 per-layer arrays.
#include <algorithm>

#include "core/export/gguf_internal.h"
#include "core/io/gguf_writer.h"
#include "core/util/error.h"

namespace pb {

namespace {

// llama.cpp LLAMA_FTYPE_* of the export dtype (the type of most 2-D weights).
uint32_t fileType(const std::string& dtype) {
    if (dtype == "f32") return 0;   // ALL_F32
    if (dtype == "f16") return 1;   // MOSTLY_F16
    if (dtype == "q8_0") return 7;  // MOSTLY_Q8_0
    if (dtype == "q4_0") return 2;  // MOSTLY_Q4_0 (random benchmark models, core/bench/random_gguf)
    if (dtype == "bf16") return 32; // MOSTLY_BF16
    throw Error("unknown GGUF export dtype '" + dtype + "' (use f32, f16, bf16 or q8_0)");
}

// One value for every layer, or an INT32 array when they differ. Returns whether an array was written.
template <class Get>
bool perLayer(gguf::Writer& w, const std::string& key, const ModelConfig& c, Get get) {
    std::vector<double> v;
    for (const LayerDims& d : c.layers) v.push_back(static_cast<double>(get(d)));
    if (std::all_of(v.begin(), v.end(), [&](double x) { return x == v[0]; })) {
        w.setU32(key, static_cast<uint32_t>(v[0]));
        return false;
    }
    w.setNumbers(key, gguf::ValueType::I32, std::move(v));
    return true;
}

} // namespace

void addGgufHparams(gguf::Writer& w, const ModelConfig& c, const std::string& arch, const std::string& dtype,
                    const std::string& name, std::vector<std::string>& notes) {
    const std::string a = arch + ".";
    w.setString("general.architecture", arch);
    w.setString("general.name", name);
    w.setU32("general.file_type", fileType(dtype));
    if (dtype == "q8_0" || dtype == "q4_0") w.setU32("general.quantization_version", 2);
    w.setU32(a + "vocab_size", static_cast<uint32_t>(c.vocab));
    w.setU32(a + "context_length", static_cast<uint32_t>(c.max_position));
    w.setU32(a + "embedding_length", static_cast<uint32_t>(c.hidden));
    w.setU32(a + "block_count", static_cast<uint32_t>(c.numLayers()));
    bool arrays = perLayer(w, a + "feed_forward_length", c, [](const LayerDims& d) { return d.ffn; });
    arrays |= perLayer(w, a + "attention.head_count", c, [](const LayerDims& d) { return d.n_heads; });
    arrays |= perLayer(w, a + "attention.head_count_kv", c, [](const LayerDims& d) { return d.n_kv_heads; });
    // Always explicit: llama.cpp's default is embedding_length / head_count of layer 0.
    w.setU32(a + "attention.key_length", static_cast<uint32_t>(c.head_dim));
    w.setU32(a + "attention.value_length", static_cast<uint32_t>(c.head_dim));
    w.setU32(a + "rope.dimension_count", static_cast<uint32_t>(c.head_dim));
    w.setF32(a + "rope.freq_base", static_cast<float>(c.rope.theta));
    w.setF32(a + "attention.layer_norm_rms_epsilon", static_cast<float>(c.rms_eps));
    if (c.rope.freq_divisors.empty() && c.rope.type == RopeType::Linear) {
        w.setString(a + "rope.scaling.type", "linear");
        w.setF32(a + "rope.scaling.factor", static_cast<float>(c.rope.factor));
    }
    if (arrays)
        notes.push_back("layers differ: " + arch + ".feed_forward_length / attention.head_count / head_count_kv "
                        "written as per-layer arrays");
}

} // namespace pb
