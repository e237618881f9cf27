#include "core/model/loader.h"

#include <chrono>

#include <torch/torch.h>

#include "core/io/gguf.h"
#include "core/io/safetensors.h"
#include "core/model/devices.h"
#include "core/model/layer_fetch.h"
#include "core/model/llama_model.h"
#include "core/model/model_files.h"
#include "core/model/weights_gguf.h"
#include "core/model/weights_hf.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

// Fills every tensor of the model from `src`, converting each to the target device
// and dtype as it arrives (so at most one float32 tensor is alive at a time).
LlamaModel assemble(const ModelConfig& c, WeightSource& src, const std::string& file, torch::Device device,
                    torch::ScalarType dtype, const ProgressFn& progress) {
    auto fetch = [&](TensorRole role, int layer, bool required, bool bias = false) {
        torch::Tensor t = src.get(role, layer, bias);
        if (!t.defined()) {
            if (required)
                throw Error("'" + file + "': tensor '" + src.nameOf(role, layer, bias) + "' is missing from the model file");
            return t;
        }
        if (!torch::isfinite(t).all().item<bool>())
            throw Error("'" + file + "': tensor '" + src.nameOf(role, layer, bias) + "' contains NaN or infinite values");
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

    reportProgress(progress, 0.0, "reading " + input.filename().string());
    ModelFiles files = openModelFiles(input);  // config, tokenizer, every tensor's shape checked
    LoadedModel out;
    out.source = files.source;
    out.format = files.format;
    out.config = files.config;
    out.tokenizer = files.tokenizer;
    auto src = files.gguf ? makeGgufWeightSource(*files.gguf, out.config) : makeSafetensorsWeightSource(*files.checkpoint, out.config.family);
    out.model = std::make_shared<LlamaModel>(assemble(out.config, *src, files.weightsFile(), device, dtype, progress));
    reportProgress(progress, 1.0, "ready");
    out.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

std::shared_ptr<const Tokenizer> loadTokenizer(const fs::path& input) {
    fs::path path = input;
    if (fs::is_regular_file(path) && path.filename() == "config.json") path = path.parent_path();
    if (fs::is_directory(path)) return Tokenizer::fromHuggingFace(path);
    if (fs::is_regular_file(path) && isGgufFile(path)) return Tokenizer::fromGguf(gguf::File::open(path));
    throw Error("'" + input.string() + "' is neither a Hugging Face model folder nor a GGUF file");
}

} // namespace pb
