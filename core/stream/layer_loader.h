#pragma once
// One decoder block at a time from a model file onto the device, for models larger than
// the device's memory (and than RAM). A GGUF file stays memory-mapped: a block's ggml
// bytes are copied to the device as they are and dequantized there (core/stream/
// device_dequant), the next block is read ahead on a background thread, and a used
// block's pages are dropped from the process. A Hugging Face folder goes through its
// (memory-mapped) safetensors weight source.
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>

#include <torch/types.h>

#include "core/arch/model_config.h"
#include "core/arch/tensor_names.h"
#include "core/io/gguf.h"
#include "core/model/llama_model.h"

namespace pb {

class Tokenizer;
class WeightSource;
namespace st { class Checkpoint; }

class LayerLoader {
public:
    // Opens the file, reads its config and tokenizer and checks every tensor's shape against
    // the config (core/model/model_files, as the loader does); no weights yet. Throws pb::Error.
    LayerLoader(const std::filesystem::path& path, torch::Device device, torch::ScalarType dtype);
    ~LayerLoader();
    LayerLoader(const LayerLoader&) = delete;
    LayerLoader& operator=(const LayerLoader&) = delete;

    const ModelConfig& config() const { return config_; }
    std::shared_ptr<const Tokenizer> tokenizer() const { return tokenizer_; }
    const std::filesystem::path& source() const { return source_; }
    torch::Device device() const { return device_; }

    // A whole-model tensor (embedding, final norm, lm_head) on the device. Throws when a
    // required one is missing or not finite.
    torch::Tensor tensor(TensorRole role, int layer = 0, bool bias = false, bool required = true);
    // Block i's weights on the device (waits for its read-ahead when one is running).
    LayerWeights layer(size_t i);
    // Starts reading block i's bytes into memory in the background (GGUF only).
    void prefetch(size_t i);
    // Drops block i's pages from this process (GGUF only; the page cache may keep them).
    void release(size_t i);

    uint64_t bytesCopied() const { return bytes_; }  // file bytes moved to the device so far
    double loadSeconds() const { return seconds_; }  // time spent in tensor() and layer()
    uint64_t fileBytes() const;                      // the model file's size (GGUF) or 0

private:
    std::vector<const gguf::TensorInfo*> layerTensors(size_t i) const;
    torch::Tensor fromGguf(const gguf::TensorInfo& info, TensorRole role, int layer);

    std::filesystem::path source_;
    std::string weights_file_;  // named in messages
    torch::Device device_;
    torch::ScalarType dtype_;
    ModelConfig config_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    std::unique_ptr<gguf::File> gguf_;
    std::unique_ptr<st::Checkpoint> checkpoint_;
    std::unique_ptr<WeightSource> weights_;  // Hugging Face folders
    bool interleaved_ = false;
    std::optional<size_t> ahead_index_;
    std::future<void> ahead_;
    uint64_t bytes_ = 0;
    double seconds_ = 0.0;
};

} // namespace pb
