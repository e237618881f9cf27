#pragma once
// safetensors reader (huggingface/safetensors) with the reference validation order:
// header caps, schema, contiguous non-overlapping offsets, exact sizes, no trailing data.
// A sharded checkpoint (model.safetensors.index.json) is opened as one Checkpoint.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/mapped_file.h"

namespace pb::st {

enum class DType { BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64,
                   F8_E5M2, F8_E4M3, Other };
const char* dtypeName(DType d);
uint64_t dtypeBytes(DType d);   // 0 for sub-byte/unsupported

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::string dtype_name;       // the header's dtype string (names an Other dtype)
    std::vector<int64_t> shape;   // PyTorch order
    const uint8_t* data = nullptr; // into the mapping (may be unaligned: copy, never cast)
    uint64_t nbytes = 0;
    uint64_t elements() const;
};

class File {
public:
    static File open(const std::filesystem::path& path);  // throws pb::FormatError naming path/tensor
    const std::filesystem::path& path() const { return map_.path(); }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

private:
    MappedFile map_;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, size_t> index_;
    std::map<std::string, std::string> metadata_;
};

// A model's weights in one file or in shards listed by model.safetensors.index.json.
class Checkpoint {
public:
    // dir holds model.safetensors or model.safetensors.index.json (+ shards); dir may
    // also be a single .safetensors file. Only weight_map names are listed for shards.
    static Checkpoint open(const std::filesystem::path& dir);
    const TensorInfo* find(const std::string& name) const;  // nullptr if absent
    std::vector<std::string> names() const;
    const std::vector<std::filesystem::path>& files() const { return paths_; }

private:
    std::vector<std::shared_ptr<File>> files_;
    std::vector<std::filesystem::path> paths_;
    std::map<std::string, const TensorInfo*> lookup_;
};

// Writes tensors as one safetensors file atomically (temp file + rename).
// Tensors are raw little-endian bytes; header padded to 8 bytes, sorted like the reference writer.
struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void* data = nullptr;
    uint64_t nbytes = 0;
};
void write(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
           const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

} // namespace pb::st
