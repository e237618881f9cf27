#pragma once
// Test helpers for the io readers: a temp folder that cleans up after itself and a
// GGUF byte builder (formats.md §4.1) whose every field can be overridden or corrupted.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace pb::testio {

// A unique folder under the system temp dir, removed (recursively) on destruction.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("pb-io-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                 std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline void writeBytes(const std::filesystem::path& p, const std::vector<uint8_t>& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Little-endian byte sink.
struct Bytes {
    std::vector<uint8_t> b;
    template <typename T>
    Bytes& put(T v) {
        uint8_t tmp[sizeof(T)];
        std::memcpy(tmp, &v, sizeof(T));
        b.insert(b.end(), tmp, tmp + sizeof(T));
        return *this;
    }
    Bytes& str(const std::string& s) {  // gguf_string: u64 length + bytes
        put<uint64_t>(s.size());
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Bytes& raw(const std::vector<uint8_t>& v) {
        b.insert(b.end(), v.begin(), v.end());
        return *this;
    }
};

// GGUF value type ids (formats.md §4.1).
enum GgufVT : uint32_t { U8 = 0, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 };

class GgufBuilder {
public:
    uint32_t magic = 0x46554747;
    uint32_t version = 3;
    std::optional<uint64_t> tensor_count;  // override the written counts
    std::optional<uint64_t> kv_count;
    uint64_t alignment = 32;  // data layout; add a general.alignment KV to declare another

    struct Tensor {
        std::string name;
        std::vector<uint64_t> ne;
        uint32_t type;
        std::vector<uint8_t> data;
        std::optional<uint64_t> offset;  // default: next aligned offset after the previous tensor
    };
    std::vector<Tensor> tensors;

    // Raw KV: key, type id, then the already-encoded value bytes.
    GgufBuilder& kv(const std::string& key, uint32_t type, const std::vector<uint8_t>& value) {
        Bytes e;
        e.str(key).put<uint32_t>(type).raw(value);
        kvs_.push_back(e.b);
        return *this;
    }
    template <typename T>
    GgufBuilder& scalar(const std::string& key, uint32_t type, T v) {
        return kv(key, type, Bytes().put<T>(v).b);
    }
    GgufBuilder& u32(const std::string& key, uint32_t v) { return scalar(key, U32, v); }
    GgufBuilder& f32(const std::string& key, float v) { return scalar(key, F32, v); }
    GgufBuilder& string(const std::string& key, const std::string& v) { return kv(key, STRING, Bytes().str(v).b); }
    template <typename T>
    GgufBuilder& array(const std::string& key, uint32_t elem_type, const std::vector<T>& v) {
        Bytes e;
        e.put<uint32_t>(elem_type).put<uint64_t>(v.size());
        for (const T& x : v) e.put<T>(x);
        return kv(key, ARRAY, e.b);
    }
    GgufBuilder& strings(const std::string& key, const std::vector<std::string>& v) {
        Bytes e;
        e.put<uint32_t>(STRING).put<uint64_t>(v.size());
        for (const auto& s : v) e.str(s);
        return kv(key, ARRAY, e.b);
    }
    GgufBuilder& tensor(const std::string& name, std::vector<uint64_t> ne, uint32_t type, std::vector<uint8_t> data,
                        std::optional<uint64_t> offset = std::nullopt) {
        tensors.push_back({name, std::move(ne), type, std::move(data), offset});
        return *this;
    }

    // Offsets the tensors get (overrides kept, others packed in order with alignment).
    std::vector<uint64_t> offsets() const {
        std::vector<uint64_t> out;
        uint64_t next = 0;
        for (const auto& t : tensors) {
            const uint64_t off = t.offset.value_or(next);
            out.push_back(off);
            next = off + t.data.size();
            next += (alignment - next % alignment) % alignment;
        }
        return out;
    }

    std::vector<uint8_t> build() const {
        Bytes h;
        h.put<uint32_t>(magic).put<uint32_t>(version);
        h.put<uint64_t>(tensor_count.value_or(tensors.size())).put<uint64_t>(kv_count.value_or(kvs_.size()));
        for (const auto& e : kvs_) h.raw(e);
        const auto offs = offsets();
        for (size_t i = 0; i < tensors.size(); ++i) {
            const Tensor& t = tensors[i];
            h.str(t.name).put<uint32_t>(uint32_t(t.ne.size()));
            for (uint64_t d : t.ne) h.put<uint64_t>(d);
            h.put<uint32_t>(t.type).put<uint64_t>(offs[i]);
        }
        std::vector<uint8_t> out = std::move(h.b);
        if (tensors.empty()) return out;
        const uint64_t data_start = out.size() + (alignment - out.size() % alignment) % alignment;
        uint64_t end = data_start;
        for (size_t i = 0; i < tensors.size(); ++i) end = std::max<uint64_t>(end, data_start + offs[i] + tensors[i].data.size());
        out.resize(end, 0);
        for (size_t i = 0; i < tensors.size(); ++i)
            if (!tensors[i].data.empty())
                std::memcpy(out.data() + data_start + offs[i], tensors[i].data.data(), tensors[i].data.size());
        return out;
    }

    std::filesystem::path write(const std::filesystem::path& p) const {
        writeBytes(p, build());
        return p;
    }

private:
    std::vector<std::vector<uint8_t>> kvs_;
};

} // namespace pb::testio
