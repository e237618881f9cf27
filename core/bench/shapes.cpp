#include "core/bench/shapes.h"

#include <filesystem>

#include "core/arch/config_io.h"
#include "core/util/error.h"

namespace pb {

namespace {

struct Shape {
    const char* name;
    int64_t hidden, layers, heads, kv_heads, ffn, vocab;
    double rope_theta, rms_eps;
    bool tied;
    int64_t max_position;
};

// Published configs: llama-7b (huggyllama/llama-7b), llama-3-8b (Meta-Llama-3-8B),
// smollm2-135m (HuggingFaceTB/SmolLM2-135M). tiny: a few layers for tests.
// llama-150b is no published checkpoint: a LLaMA-2-70B-style layer (GQA 8) widened to
// hidden 12288 / FFN 32768 over 100 layers, 154.7B parameters (309 GB in bf16, twice an
// H200's memory), with SmolLM2's 49152-token vocabulary so that the demo tokenizer can
// be embedded (core/bench/random_gguf) for the streamed runs. llama-70b: Llama-3-70B's
// shape (meta-llama/Meta-Llama-3-70B: GQA 64/8, FFN 28672, vocab 128256, RoPE 500000),
// 70.55B parameters (39.7 GB as Q4_0), for LoRA on a quantized base (issue 14).
constexpr Shape kShapes[] = {
    {"llama-7b", 4096, 32, 32, 32, 11008, 32000, 10000.0, 1e-6, false, 2048},
    {"llama-3-8b", 4096, 32, 32, 8, 14336, 128256, 500000.0, 1e-5, false, 8192},
    {"smollm2-135m", 576, 30, 9, 3, 1536, 49152, 100000.0, 1e-5, true, 8192},
    {"llama-150b", 12288, 100, 96, 8, 32768, 49152, 10000.0, 1e-5, false, 4096},
    {"llama-70b", 8192, 80, 64, 8, 28672, 128256, 500000.0, 1e-5, false, 8192},
    {"tiny", 64, 2, 4, 2, 128, 256, 10000.0, 1e-5, false, 2048},
};

} // namespace

std::vector<std::string> benchShapeNames() {
    std::vector<std::string> out;
    for (const Shape& s : kShapes) out.emplace_back(s.name);
    return out;
}

ModelConfig benchShape(const std::string& name) {
    // A config.json (or the Hugging Face folder holding one): that model's shape, per-layer
    // widths included (a pruned export), any family -- its speed without its weights.
    const std::filesystem::path p(name);
    std::error_code ec;
    if (p.extension() == ".json" || std::filesystem::is_directory(p, ec)) {
        const auto file = std::filesystem::is_directory(p, ec) ? p / "config.json" : p;
        if (!std::filesystem::is_regular_file(file, ec)) throw Error("shape config '" + file.string() + "' does not exist");
        ModelConfig c = readHfConfig(file);
        c.source_dtype = "random";
        return c;
    }
    for (const Shape& s : kShapes) {
        if (name != s.name) continue;
        ModelConfig c;
        c.family = "llama";
        c.architecture = "LlamaForCausalLM";
        c.vocab = s.vocab;
        c.hidden = s.hidden;
        c.head_dim = s.hidden / s.heads;
        c.layers.assign(size_t(s.layers), LayerDims{s.heads, s.kv_heads, s.ffn});
        c.rms_eps = s.rms_eps;
        c.rope.theta = s.rope_theta;
        c.max_position = s.max_position;
        c.tie_embeddings = s.tied;
        c.bos_id = 1;
        c.eos_id = 2;
        c.source_dtype = "random";
        c.validate();
        return c;
    }
    std::string names;
    for (const Shape& s : kShapes) names += (names.empty() ? "" : ", ") + std::string(s.name);
    throw Error("unknown shape '" + name + "' (use one of: " + names + ")");
}

std::string shapeNameOf(const std::string& model_arg) {
    const std::string prefix = "shape:";
    return model_arg.rfind(prefix, 0) == 0 ? model_arg.substr(prefix.size()) : std::string();
}

} // namespace pb
