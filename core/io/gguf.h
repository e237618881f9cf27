#pragma once
// GGUF v2/v3 reader (ggml-org/ggml docs/gguf.md). Validates strictly before anything
// is allocated: bounds, overflow, alignment, offsets in data order, header caps.
// Every error is a pb::FormatError naming the file and the key/tensor at fault.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/io/gguf_types.h"
#include "core/io/mapped_file.h"

namespace pb::gguf {

enum class ValueType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
    String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
};
const char* valueTypeName(ValueType t);

// One metadata value. Scalars live in the matching field; arrays of strings in
// `strings`, arrays of numbers/bools in `numbers` (doubles are exact for the ids,
// counts and scores found in model files). Nested arrays are rejected.
struct Value {
    ValueType type = ValueType::U8;
    ValueType array_type = ValueType::U8;  // element type when type == Array
    uint64_t u = 0;       // U8/U16/U32/U64, Bool (0/1)
    int64_t i = 0;        // I8/I16/I32/I64
    double f = 0.0;       // F32/F64
    std::string s;        // String
    std::vector<std::string> strings;  // Array of String
    std::vector<double> numbers;       // Array of numeric or Bool
    uint64_t array_size() const { return array_type == ValueType::String ? strings.size() : numbers.size(); }
};

struct TensorInfo {
    std::string name;
    GgmlType type = GgmlType::F32;
    std::vector<uint64_t> ne;   // ne[0] fastest-varying (reverse of the PyTorch shape)
    uint64_t offset = 0;        // relative to the data section
    uint64_t nbytes = 0;
    const uint8_t* data = nullptr;  // into the mapping
    uint64_t elements() const;
    std::vector<int64_t> torchShape() const;  // reversed ne
};

class File {
public:
    // Opens, maps and validates. Throws pb::FormatError / pb::Error.
    static File open(const std::filesystem::path& path);

    uint32_t version() const { return version_; }
    uint32_t alignment() const { return alignment_; }
    const std::filesystem::path& path() const { return map_.path(); }
    const std::map<std::string, Value>& metadata() const { return kv_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* findTensor(const std::string& name) const;  // nullptr if absent
    const Value* find(const std::string& key) const;              // nullptr if absent

    // Typed getters: nullopt when absent; FormatError when present with an incompatible type.
    // Integers accept any integer type (and Bool for getUInt); floats accept F32/F64 and integers.
    std::optional<uint64_t> getUInt(const std::string& key) const;
    std::optional<int64_t> getInt(const std::string& key) const;
    std::optional<double> getFloat(const std::string& key) const;
    std::optional<std::string> getString(const std::string& key) const;
    std::optional<bool> getBool(const std::string& key) const;
    // Scalar-or-array integer key (per-layer hparams, e.g. llama.attention.head_count_kv):
    // returns n_layers values; a scalar is repeated. FormatError on a wrong array length.
    std::optional<std::vector<int64_t>> getPerLayer(const std::string& key, size_t n_layers) const;

private:
    MappedFile map_;
    uint32_t version_ = 0;
    uint32_t alignment_ = 32;
    std::map<std::string, Value> kv_;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, size_t> tensor_index_;
};

} // namespace pb::gguf
