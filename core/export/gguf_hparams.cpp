// general.* and {arch}.* metadata of a GGUF export (formats.md §4.3), written as
// llama.cpp's gguf-py writes them: U32 counts, F32 eps/theta, INT32 per-layer arrays.
#include <algorithm>
#include <cmath>

#include "core/arch/family.h"
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

// Sliding-window layers (gemma3). llama.cpp reads the window; which layers are local from
// {arch}.attention.sliding_window_pattern (one bool per layer) when the file has it (the
// llama.cpp of llama-cpp-python 0.3.36 does; older builds apply the fixed rule "every
// swa_period-th layer global"), and the local RoPE base from rope.freq_base_swa (else 10000).
// A model without a local layer gets window 0: llama.cpp then attends to every position
// (a pattern of all-global layers would fail its SWA assertion).
void addSlidingKeys(gguf::Writer& w, const ModelConfig& c, const std::string& a, const FamilySpec& fam,
                    std::vector<std::string>& notes) {
    if (!c.hasSlidingLayers()) {
        w.setU32(a + "attention.sliding_window", 0);
        notes.push_back("no kept layer is a sliding-window layer: written with " + a +
                        "attention.sliding_window 0 (llama.cpp attends to every position in every layer)");
        return;
    }
    w.setU32(a + "attention.sliding_window", static_cast<uint32_t>(c.sliding_window));
    std::vector<double> pattern;
    bool rule = true;  // the layers follow llama.cpp's fixed rule
    const size_t period = static_cast<size_t>(std::max(fam.swa_period, 1));
    for (size_t i = 0; i < c.layers.size(); ++i) {
        pattern.push_back(c.layers[i].sliding ? 1.0 : 0.0);
        rule = rule && c.layers[i].sliding == (i % period < period - 1);
    }
    w.setNumbers(a + "attention.sliding_window_pattern", gguf::ValueType::Bool, std::move(pattern));
    w.setF32(a + "rope.freq_base_swa", static_cast<float>(c.rope_local.theta));
    if (!rule)
        notes.push_back("the kept layers' local/global pattern is not llama.cpp's fixed rule (every " +
                        std::to_string(period) + "th layer global): written per layer in " + a +
                        "attention.sliding_window_pattern, which current llama.cpp reads; an older build that "
                        "ignores the key applies the rule and computes other attention");
    if (c.rope_local.theta != fam.gguf_local_theta)
        notes.push_back("local RoPE base " + std::to_string(c.rope_local.theta) + " written as " + a +
                        "rope.freq_base_swa (older llama.cpp builds use " + std::to_string(fam.gguf_local_theta) + ")");
}

} // namespace

double ggufQueryFold(const ModelConfig& c) {
    const FamilySpec* fam = familyByName(c.family);
    if (!fam || fam->swa_period == 0 || c.layers.empty()) return 1.0;
    const int64_t max_heads = std::max<int64_t>(1, c.layers.empty() ? 1 : c.layers[0].n_heads);  // llama.cpp: n_head(0)
    // llama.cpp's gemma3 scale: 1/sqrt(key_length), the 27B model (62 layers) 1/sqrt(hidden / heads).
    const double cpp = c.layers.size() == 62 ? static_cast<double>(c.hidden / max_heads) : static_cast<double>(c.head_dim);
    const double want = c.query_scalar > 0 ? c.query_scalar : static_cast<double>(c.head_dim);
    return std::sqrt(cpp / want);
}

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
    if (const FamilySpec* fam = familyByName(c.family); fam && fam->swa_period > 0)
        addSlidingKeys(w, c, a, *fam, notes);
    if (arrays)
        notes.push_back("layers differ: " + arch + ".feed_forward_length / attention.head_count / head_count_kv "
                        "written as per-layer arrays");
}

} // namespace pb
