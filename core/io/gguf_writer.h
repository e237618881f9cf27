#pragma once
// GGUF v3 writer (formats.md §4.1): metadata key/values, tensor infos, then the tensor
// data at aligned offsets, in the order the tensors were added (ggml requires infos in
// data order without gaps; core/io/gguf.cpp checks the same). No torch: tensor bytes
// come from a callback when the data section is written, so a large model is never
// held twice in memory.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/io/gguf.h"
#include "core/util/progress.h"

namespace pb::gguf {

class Writer {
public:
    // Fills exactly nbytes at dst (the tensor's bytes in its ggml type).
    using Fill = std::function<void(uint8_t* dst, uint64_t nbytes)>;

    // Metadata. Setting a key again replaces its value (and keeps its position).
    void setU32(const std::string& key, uint32_t v);
    void setI32(const std::string& key, int32_t v);
    void setF32(const std::string& key, float v);
    void setBool(const std::string& key, bool v);
    void setString(const std::string& key, const std::string& v);
    void setStrings(const std::string& key, std::vector<std::string> v);  // array of String
    // Array of numbers in element type t (U8..I64, F32, F64, Bool); values must fit t.
    void setNumbers(const std::string& key, ValueType t, std::vector<double> v);
    // Any value as the reader returns it (copying keys from another file).
    void set(const std::string& key, Value v);
    bool has(const std::string& key) const;
    const Value* find(const std::string& key) const;  // nullptr if absent

    // A tensor: ne[0] fastest-varying (reverse of the PyTorch shape). Throws pb::Error for
    // a bad name (empty, >= 64 bytes, duplicate), rank > 4, or ne[0] not a multiple of the
    // type's block size.
    void addTensor(const std::string& name, GgmlType type, std::vector<uint64_t> ne, Fill fill);

    uint32_t alignment() const { return alignment_; }
    // Exact size of the file write() produces.
    uint64_t fileSize() const;
    // Writes the file at `path` (truncating it; callers wanting atomicity write a temporary
    // path and rename). Throws pb::Error (I/O, with the path) or pb::Cancelled. Progress is
    // reported per tensor between from and to.
    void write(const std::filesystem::path& path, const ProgressFn& progress = {}, double from = 0.0,
               double to = 1.0) const;

private:
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<uint64_t> ne;
        uint64_t nbytes;
        Fill fill;
    };
    std::vector<std::pair<std::string, Value>> kv_;
    std::vector<Tensor> tensors_;
    uint32_t alignment_ = 32;  // GGUF_DEFAULT_ALIGNMENT; general.alignment is not written

    uint64_t headerSize() const;  // up to the end of the tensor infos
    static uint64_t align(uint64_t x, uint64_t a) { return x + (a - x % a) % a; }
};

} // namespace pb::gguf
