#include "core/model/loader.h"

#include <chrono>
#include <cstring>
#include <fstream>

#include <torch/torch.h>

#include "core/arch/config_io.h"
#include "core/io/gguf.h"
#include "core/io/safetensors.h"
#include "core/model/devices.h"
#include "core/model/layer_fetch.h"
#include "core/model/llama_model.h"
#include "core/model/weights_gguf.h"
#include "core/model/weights_hf.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

bool hasGgufMagic(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "GGUF", 4) == 0;
}

// Fills every tensor of the model from `src`, converting each to the target device
// and dtype as it arrives (so at most one float32 tensor is alive at a time).
LlamaModel assemble(const ModelConfig& c, WeightSource& src, torch::Device device, torch::ScalarType dtype,
                    const ProgressFn& progress) {
    auto fetch = [&](TensorRole role, int layer, bool required, bool bias = false) {
        torch::Tensor t = src.get(role, layer, bias);
        if (!t.defined()) {
            if (required) throw Error("tensor '" + src.nameOf(role, layer, bias) + "' is missing from the model file");
            return t;
        }
        if (!torch::isfinite(t).all().item<bool>())
            throw Error("tensor '" + src.nameOf(role, layer, bias) + "' contains NaN or infinite values");
        return t.to(device, dtype);
    };
    LlamaModel m;
    m.config = c;
    m.embed = fetch(TensorRole::Embed, 0, true);
    m.layers.resize(c.layers.size());
    for (size_t i = 0; i < c.layers.size(); ++i) {
        reportProgress(progress, 0.1 + 0.85 * double(i) / double(c.layers.size()),
                       "loading layer " + std::to_string(i));
        m.layers[i] = fetchLayer(c, i, [&](TensorRole role, int layer, bool bias, bool required) {
            return fetch(role, layer, required, bias);
        });
    }
    m.final_norm = fetch(TensorRole::FinalNorm, 0, true);
    m.lm_head = c.tie_embeddings ? m.embed : fetch(TensorRole::LmHead, 0, true);
    m.checkShapes();
    return m;
}

} // namespace

LoadedModel loadModel(const fs::path& input, const LoadOptions& options, const ProgressFn& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    torch::NoGradGuard no_grad;
    const torch::Device device = parseDevice(options.device);
    const torch::ScalarType dtype = parseDtype(options.dtype, device);

    fs::path path = input;
    if (fs::is_regular_file(path) && path.filename() == "config.json") path = path.parent_path();
    if (!fs::exists(path)) throw Error("model path '" + input.string() + "' does not exist");

    LoadedModel out;
    out.source = fs::absolute(path);
    reportProgress(progress, 0.0, "reading " + path.filename().string());
    if (fs::is_directory(path)) {
        if (!fs::exists(path / "config.json"))
            throw Error("'" + path.string() + "' is not a Hugging Face model folder: config.json is missing");
        out.format = "hf";
        out.config = readHfConfig(path / "config.json");
        out.tokenizer = Tokenizer::fromHuggingFace(path);
        st::Checkpoint ckpt = st::Checkpoint::open(path);
        auto src = makeSafetensorsWeightSource(ckpt);
        out.model = std::make_shared<LlamaModel>(assemble(out.config, *src, device, dtype, progress));
    } else if (hasGgufMagic(path)) {
        out.format = "gguf";
        gguf::File file = gguf::File::open(path);
        out.config = configFromGguf(file);
        if (const gguf::TensorInfo* rf = file.findTensor("rope_freqs.weight")) {  // llama3 scaling divisors
            std::vector<float> div(rf->elements());
            gguf::dequantize(rf->type, rf->data, div.data(), rf->elements());
            out.config.rope.freq_divisors.assign(div.begin(), div.end());
        }
        out.tokenizer = Tokenizer::fromGguf(file);
        auto src = makeGgufWeightSource(file, out.config);
        out.model = std::make_shared<LlamaModel>(assemble(out.config, *src, device, dtype, progress));
    } else {
        throw Error("'" + path.string() + "' is neither a Hugging Face model folder nor a GGUF file");
    }
    if (out.tokenizer->vocabSize() > out.config.vocab)
        throw Error("the tokenizer has " + std::to_string(out.tokenizer->vocabSize()) +
                    " tokens but the model's embedding only " + std::to_string(out.config.vocab));
    if (out.config.bos_id < 0) out.config.bos_id = out.tokenizer->bosId();
    if (out.config.eos_id < 0) out.config.eos_id = out.tokenizer->eosId();
    out.model->config = out.config;
    reportProgress(progress, 1.0, "ready");
    out.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

std::shared_ptr<const Tokenizer> loadTokenizer(const fs::path& input) {
    fs::path path = input;
    if (fs::is_regular_file(path) && path.filename() == "config.json") path = path.parent_path();
    if (fs::is_directory(path)) return Tokenizer::fromHuggingFace(path);
    if (fs::is_regular_file(path) && hasGgufMagic(path)) return Tokenizer::fromGguf(gguf::File::open(path));
    throw Error("'" + input.string() + "' is neither a Hugging Face model folder nor a GGUF file");
}

} // namespace pb
