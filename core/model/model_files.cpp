#include "core/model/model_files.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>

#include "core/arch/config_io.h"
#include "core/io/gguf.h"
#include "core/io/safetensors.h"
#include "core/model/tensor_check.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

// Config errors that do not say where they come from get the file's name in front.
template <typename F>
ModelConfig readConfig(const std::string& file, F&& read) {
    try {
        return read();
    } catch (const FormatError&) {
        throw;
    } catch (const Error& e) {
        const std::string m = e.what();
        if (m.find(file) != std::string::npos) throw;
        throw Error("'" + file + "': " + m);
    }
}

bool readableHfType(st::DType t) { return t == st::DType::F32 || t == st::DType::F16 || t == st::DType::BF16; }

void checkHfTensors(const ModelFiles& m) {
    const std::string file = m.weightsFile();
    checkModelTensors(
        m.config,
        [&](const std::string& n) -> std::optional<FileTensor> {
            const st::TensorInfo* t = m.checkpoint->find(n);
            if (!t) return std::nullopt;
            FileTensor f{t->shape, file, {}};
            if (!readableHfType(t->dtype))
                f.type_problem = "has dtype " + std::string(st::dtypeName(t->dtype)) +
                                 " (PruneBench reads F32, F16 and BF16 weights)";
            return f;
        },
        [&](TensorRole r, int l, bool b) { return hfTensorName(r, l, b, m.config.family); }, m.source.string(),
        "config.json");
}

// Biases the file holds that config.json does not announce (a Llama checkpoint with q/k/v/o or
// MLP biases and no "attention_bias" / "mlp_bias"): announced in the config here, the one place,
// so that the dependency graph, the cutter, the streamed passes and the exporters all see them.
// GGUF metadata has no bias keys: its reader looks at block 0 only, which may have no heads or
// channels left. Any block with the sublayer decides; the tensor check then wants them in all.
void announceFileBiases(ModelConfig& c, const std::function<bool(TensorRole role, int layer)>& has) {
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const int l = static_cast<int>(i);
        if (c.layers[i].hasAttention()) {
            c.qkv_bias = c.qkv_bias || has(TensorRole::Q, l);
            c.o_bias = c.o_bias || has(TensorRole::O, l);
        }
        if (c.layers[i].hasMlp()) {
            c.mlp_bias = c.mlp_bias || has(TensorRole::Gate, l);
            c.down_bias = c.down_bias || has(TensorRole::Down, l);  // alone: FLAP's bias compensation
        }
    }
}

} // namespace

ModelConfig ggufModelConfig(const gguf::File& f) {
    ModelConfig c = configFromGguf(f);
    announceFileBiases(c, [&](TensorRole r, int l) { return f.findTensor(ggufTensorName(r, l, true)) != nullptr; });
    return c;
}

void checkGgufTensors(const gguf::File& gguf, const ModelConfig& config) {
    const std::string file = gguf.path().string();
    checkModelTensors(
        config,
        [&](const std::string& n) -> std::optional<FileTensor> {
            const gguf::TensorInfo* t = gguf.findTensor(n);
            if (!t) return std::nullopt;
            FileTensor f{t->torchShape(), file, {}};
            if (!gguf::canDequantize(t->type))
                f.type_problem = "has type " + std::string(gguf::typeName(t->type)) +
                                 ", which PruneBench cannot dequantize";
            return f;
        },
        [](TensorRole r, int l, bool b) { return ggufTensorName(r, l, b); }, file, "the GGUF metadata");
}

namespace {

// llama.cpp's llama3 RoPE scaling: rope_freqs.weight [head_dim/2] of per-frequency divisors.
void readRopeDivisors(const gguf::File& f, ModelConfig& c) {
    const gguf::TensorInfo* rf = f.findTensor("rope_freqs.weight");
    if (!rf) return;
    const std::string at = "'" + f.path().string() + "': tensor 'rope_freqs.weight' ";
    const std::vector<int64_t> expected = {c.head_dim / 2};
    if (rf->torchShape() != expected)
        throw Error(at + "has shape " + shapeText(rf->torchShape()) + ", expected " + shapeText(expected) +
                    " (the GGUF metadata: head dim " + std::to_string(c.head_dim) + " / 2)");
    if (!gguf::canDequantize(rf->type))
        throw Error(at + "has type " + std::string(gguf::typeName(rf->type)) + ", which PruneBench cannot dequantize");
    std::vector<float> div(rf->elements());
    gguf::dequantize(rf->type, rf->data, div.data(), rf->elements());
    for (size_t i = 0; i < div.size(); ++i)
        if (!std::isfinite(div[i]) || div[i] <= 0.0f)
            throw Error(at + "holds " + std::to_string(div[i]) + " at index " + std::to_string(i) +
                        " (RoPE frequency divisors must be finite and positive)");
    c.rope.freq_divisors.assign(div.begin(), div.end());
}

} // namespace

bool isGgufFile(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return false;  // never open a FIFO or a device to look (it may block)
    std::ifstream in(p, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "GGUF", 4) == 0;
}

ModelFiles::ModelFiles() = default;
ModelFiles::~ModelFiles() = default;
ModelFiles::ModelFiles(ModelFiles&&) noexcept = default;
ModelFiles& ModelFiles::operator=(ModelFiles&&) noexcept = default;

std::string ModelFiles::weightsFile() const {
    if (gguf) return gguf->path().string();
    if (checkpoint && checkpoint->files().size() == 1) return checkpoint->files().front().string();
    return source.string();
}

ModelFiles openModelFiles(const fs::path& input) {
    fs::path path = input;
    if (fs::is_regular_file(path) && path.filename() == "config.json") path = path.parent_path();
    if (!fs::exists(path)) throw Error("model path '" + input.string() + "' does not exist");

    ModelFiles m;
    m.source = fs::absolute(path);
    if (fs::is_directory(path)) {
        if (!fs::exists(path / "config.json"))
            throw Error("'" + path.string() + "' is not a Hugging Face model folder: config.json is missing");
        m.format = "hf";
        const fs::path cfg = path / "config.json";
        m.config = readConfig(cfg.string(), [&] { return readHfConfig(cfg); });
        m.tokenizer = Tokenizer::fromHuggingFace(path);
        m.checkpoint = std::make_unique<st::Checkpoint>(st::Checkpoint::open(path));
        announceFileBiases(m.config, [&](TensorRole r, int l) { return m.checkpoint->find(hfTensorName(r, l, true, m.config.family)) != nullptr; });
        checkHfTensors(m);
    } else if (isGgufFile(path)) {
        m.format = "gguf";
        m.gguf = std::make_unique<gguf::File>(gguf::File::open(path));
        m.config = readConfig(path.string(), [&] { return ggufModelConfig(*m.gguf); });
        checkGgufTensors(*m.gguf, m.config);
        readRopeDivisors(*m.gguf, m.config);
        m.tokenizer = Tokenizer::fromGguf(*m.gguf);
    } else {
        throw Error("'" + path.string() + "' is neither a Hugging Face model folder nor a GGUF file");
    }
    if (m.tokenizer->vocabSize() > m.config.vocab)
        throw Error("'" + path.string() + "': the tokenizer has " + std::to_string(m.tokenizer->vocabSize()) +
                    " tokens but the model's embedding only " + std::to_string(m.config.vocab));
    if (m.config.bos_id < 0) m.config.bos_id = m.tokenizer->bosId();
    if (m.config.eos_id < 0) m.config.eos_id = m.tokenizer->eosId();
    return m;
}

} // namespace pb
