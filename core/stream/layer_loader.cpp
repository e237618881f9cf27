#include "core/stream/layer_loader.h"

#include <chrono>

#include <torch/torch.h>

#include "core/arch/family.h"
#include "core/io/page_advice.h"
#include "core/io/safetensors.h"
#include "core/model/layer_fetch.h"
#include "core/model/model_files.h"
#include "core/model/weights_gguf.h"
#include "core/model/weights_hf.h"
#include "core/stream/device_dequant.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

class Timer {
public:
    explicit Timer(double& acc) : acc_(acc), t0_(std::chrono::steady_clock::now()) {}
    ~Timer() { acc_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
private:
    double& acc_;
    std::chrono::steady_clock::time_point t0_;
};

} // namespace

LayerLoader::LayerLoader(const fs::path& path, torch::Device device, torch::ScalarType dtype)
    : device_(device), dtype_(dtype) {
    ModelFiles files = openModelFiles(path);  // config, tokenizer, every tensor's shape checked: the loader's check
    source_ = files.source;
    config_ = files.config;
    tokenizer_ = files.tokenizer;
    weights_file_ = files.weightsFile();
    if (files.gguf) {
        gguf_ = std::move(files.gguf);
        interleaved_ = familyByName(config_.family)->gguf_qk_interleaved;
    } else {
        checkpoint_ = std::move(files.checkpoint);
        weights_ = makeSafetensorsWeightSource(*checkpoint_, config_.family);
    }
}

LayerLoader::~LayerLoader() {
    if (ahead_.valid()) ahead_.wait();
}

uint64_t LayerLoader::fileBytes() const { return gguf_ ? fs::file_size(gguf_->path()) : 0; }

torch::Tensor LayerLoader::fromGguf(const gguf::TensorInfo& info, TensorRole role, int layer) {
    torch::Tensor t;
    const int64_t n = static_cast<int64_t>(info.elements());
    if (deviceDequantizes(info.type)) {
        // The ggml bytes as they are in the mapping -> the device (a copy), dequantized there.
        auto raw = torch::from_blob(const_cast<uint8_t*>(info.data), {static_cast<int64_t>(info.nbytes)}, torch::kUInt8);
        raw = device_.is_cpu() ? raw.clone() : raw.to(device_);  // [nbytes]
        t = dequantizeOnDevice(info.type, raw, n, dtype_);       // [n]
    } else {
        if (!gguf::canDequantize(info.type))
            throw Error("'" + weights_file_ + "': tensor '" + info.name + "' has type " + gguf::typeName(info.type) +
                        ", which PruneBench cannot dequantize");
        auto f = torch::empty({n}, torch::kFloat32);
        gguf::dequantize(info.type, info.data, f.data_ptr<float>(), info.elements());
        t = f.to(device_, dtype_);
    }
    bytes_ += info.nbytes;
    t = t.view(info.torchShape());
    if (interleaved_ && (role == TensorRole::Q || role == TensorRole::K)) {
        const LayerDims& d = config_.layers.at(static_cast<size_t>(layer));
        t = unpermuteGgufRows(t, role == TensorRole::Q ? d.n_heads : d.n_kv_heads, config_.head_dim);
    }
    return t;
}

torch::Tensor LayerLoader::tensor(TensorRole role, int layer, bool bias, bool required) {
    Timer timer(seconds_);
    torch::NoGradGuard ng;
    torch::Tensor t;
    std::string name;
    if (gguf_) {
        name = ggufTensorName(role, layer, bias);
        if (const gguf::TensorInfo* info = gguf_->findTensor(name)) t = fromGguf(*info, role, layer);
    } else {
        name = weights_->nameOf(role, layer, bias);
        t = weights_->get(role, layer, bias);
        if (t.defined()) t = t.to(device_, dtype_);
    }
    if (!t.defined()) {
        if (required) throw Error("'" + weights_file_ + "': tensor '" + name + "' is missing from the model file");
        return t;
    }
    if (!torch::isfinite(t).all().item<bool>())
        throw Error("'" + weights_file_ + "': tensor '" + name + "' contains NaN or infinite values");
    return t;
}

std::vector<const gguf::TensorInfo*> LayerLoader::layerTensors(size_t i) const {
    std::vector<const gguf::TensorInfo*> out;
    if (!gguf_) return out;
    for (const LayerSlotSpec& s : kLayerSlots)  // every tensor a block can hold (core/model/llama_model.h)
        if (const gguf::TensorInfo* t = gguf_->findTensor(ggufTensorName(s.role, static_cast<int>(i), s.bias)))
            out.push_back(t);
    return out;
}

void LayerLoader::prefetch(size_t i) {
    if (!gguf_ || i >= config_.layers.size()) return;
    if (ahead_.valid()) ahead_.wait();
    auto tensors = layerTensors(i);
    for (const auto* t : tensors) adviseWillNeed(t->data, t->nbytes);
    ahead_index_ = i;
    ahead_ = std::async(std::launch::async, [tensors] {
        for (const auto* t : tensors) touchPages(t->data, t->nbytes);  // fault the pages in: the disk works now
    });
}

void LayerLoader::release(size_t i) {
    for (const auto* t : layerTensors(i)) adviseDontNeed(t->data, t->nbytes);
}

LayerWeights LayerLoader::layer(size_t i) {
    if (ahead_index_ == i && ahead_.valid()) ahead_.wait();
    return fetchLayer(config_, i, [this](TensorRole role, int layer, bool bias, bool required) {
        return tensor(role, layer, bias, required);
    });
}

} // namespace pb
