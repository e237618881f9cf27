// GGUF v3 writer: header (magic, version, counts, key/values, tensor infos) serialized
// into memory, then each tensor's bytes streamed from its Fill callback with zero padding
// to the alignment (formats.md §4.1).
#include "core/io/gguf_writer.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

#include <unistd.h>

#include "core/util/error.h"

namespace pb::gguf {

namespace {

constexpr uint32_t kMagic = 0x46554747;  // "GGUF"
constexpr uint32_t kVersion = 3;
constexpr size_t kMaxNameLen = 63;       // ggml: strictly below GGML_MAX_NAME (64)

class Bytes {
public:
    template <typename T>
    void put(T v) {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));  // little-endian hosts only (x86-64, aarch64)
        s_.append(b, sizeof(T));
    }
    void str(const std::string& v) {
        put<uint64_t>(v.size());
        s_ += v;
    }
    const std::string& data() const { return s_; }

private:
    std::string s_;
};

void putNumber(Bytes& b, ValueType t, double v) {
    switch (t) {
    case ValueType::U8: return b.put<uint8_t>(static_cast<uint8_t>(v));
    case ValueType::I8: return b.put<int8_t>(static_cast<int8_t>(v));
    case ValueType::U16: return b.put<uint16_t>(static_cast<uint16_t>(v));
    case ValueType::I16: return b.put<int16_t>(static_cast<int16_t>(v));
    case ValueType::U32: return b.put<uint32_t>(static_cast<uint32_t>(v));
    case ValueType::I32: return b.put<int32_t>(static_cast<int32_t>(v));
    case ValueType::F32: return b.put<float>(static_cast<float>(v));
    case ValueType::Bool: return b.put<uint8_t>(v != 0 ? 1 : 0);
    case ValueType::U64: return b.put<uint64_t>(static_cast<uint64_t>(v));
    case ValueType::I64: return b.put<int64_t>(static_cast<int64_t>(v));
    case ValueType::F64: return b.put<double>(v);
    default: throw Error(std::string("gguf writer: ") + valueTypeName(t) + " is not a number type");
    }
}

void putValue(Bytes& b, const std::string& key, const Value& v) {
    b.put<uint32_t>(static_cast<uint32_t>(v.type));
    switch (v.type) {
    case ValueType::U64: return b.put<uint64_t>(v.u);  // exact beyond 2^53
    case ValueType::I64: return b.put<int64_t>(v.i);
    case ValueType::U8: case ValueType::U16: case ValueType::U32: case ValueType::Bool:
        return putNumber(b, v.type, static_cast<double>(v.u));
    case ValueType::I8: case ValueType::I16: case ValueType::I32:
        return putNumber(b, v.type, static_cast<double>(v.i));
    case ValueType::F32: case ValueType::F64: return putNumber(b, v.type, v.f);
    case ValueType::String: return b.str(v.s);
    case ValueType::Array:
        b.put<uint32_t>(static_cast<uint32_t>(v.array_type));
        if (v.array_type == ValueType::String) {
            b.put<uint64_t>(v.strings.size());
            for (const auto& s : v.strings) b.str(s);
        } else if (v.array_type == ValueType::Array) {
            throw Error("gguf writer: key '" + key + "': nested arrays are not written");
        } else {
            b.put<uint64_t>(v.numbers.size());
            for (double x : v.numbers) putNumber(b, v.array_type, x);
        }
        return;
    }
}

// The header up to the tensor infos: magic, version, the two counts, then the key/values.
Bytes headerStart(uint64_t tensor_count, const std::vector<std::pair<std::string, Value>>& kv) {
    Bytes b;
    b.put<uint32_t>(kMagic);
    b.put<uint32_t>(kVersion);
    b.put<uint64_t>(tensor_count);
    b.put<uint64_t>(kv.size());
    for (const auto& [k, v] : kv) {
        b.str(k);
        putValue(b, k, v);
    }
    return b;
}

void checkKey(const std::string& key) {
    if (key.empty() || key.size() > 65535) throw Error("gguf writer: metadata key must have 1..65535 bytes");
    for (unsigned char c : key)
        if (c < 0x20 || c >= 0x7F) throw Error("gguf writer: metadata key '" + key + "' is not printable ASCII");
}

// A value of type t (arrays: of array_type) whose `field` holds x; the other fields stay default.
template <typename F, typename T>
Value valueIn(ValueType t, F Value::*field, T&& x, ValueType array_type = ValueType::U8) {
    Value v;
    v.type = t;
    v.array_type = array_type;
    v.*field = std::forward<T>(x);
    return v;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

} // namespace

void Writer::set(const std::string& key, Value v) {
    checkKey(key);
    if (v.type == ValueType::Array && v.array_type == ValueType::Array)
        throw Error("gguf writer: key '" + key + "': nested arrays are not written");
    for (auto& [k, old] : kv_)
        if (k == key) {
            old = std::move(v);
            return;
        }
    kv_.emplace_back(key, std::move(v));
}

const Value* Writer::find(const std::string& key) const {
    for (const auto& [k, v] : kv_)
        if (k == key) return &v;
    return nullptr;
}

bool Writer::has(const std::string& key) const { return find(key) != nullptr; }

void Writer::setU32(const std::string& key, uint32_t x) { set(key, valueIn(ValueType::U32, &Value::u, x)); }
void Writer::setI32(const std::string& key, int32_t x) { set(key, valueIn(ValueType::I32, &Value::i, x)); }
void Writer::setF32(const std::string& key, float x) { set(key, valueIn(ValueType::F32, &Value::f, x)); }
void Writer::setBool(const std::string& key, bool x) { set(key, valueIn(ValueType::Bool, &Value::u, x ? 1 : 0)); }
void Writer::setString(const std::string& key, const std::string& x) { set(key, valueIn(ValueType::String, &Value::s, x)); }

void Writer::setStrings(const std::string& key, std::vector<std::string> x) {
    set(key, valueIn(ValueType::Array, &Value::strings, std::move(x), ValueType::String));
}

void Writer::setNumbers(const std::string& key, ValueType t, std::vector<double> x) {
    if (t == ValueType::String || t == ValueType::Array)
        throw Error("gguf writer: key '" + key + "': setNumbers needs a number type");
    set(key, valueIn(ValueType::Array, &Value::numbers, std::move(x), t));
}

void Writer::addTensor(const std::string& name, GgmlType type, std::vector<uint64_t> ne, Fill fill) {
    if (name.empty() || name.size() > kMaxNameLen)
        throw Error("gguf writer: tensor name '" + name + "' must have 1.." + std::to_string(kMaxNameLen) + " bytes");
    for (const auto& t : tensors_)
        if (t.name == name) throw Error("gguf writer: tensor '" + name + "' added twice");
    if (ne.empty() || ne.size() > 4) throw Error("gguf writer: tensor '" + name + "' must have 1..4 dimensions");
    if (ne[0] % blockElems(type) != 0)
        throw Error("gguf writer: tensor '" + name + "': row length " + std::to_string(ne[0]) +
                    " is not a multiple of " + std::to_string(blockElems(type)) + " (" + typeName(type) + " blocks)");
    uint64_t rows = 1;
    for (size_t i = 1; i < ne.size(); ++i) rows *= ne[i];
    const uint64_t nbytes = ne[0] / blockElems(type) * blockBytes(type) * rows;
    tensors_.push_back({name, type, std::move(ne), nbytes, std::move(fill)});
}

uint64_t Writer::headerSize() const {
    uint64_t size = headerStart(tensors_.size(), kv_).data().size();  // small: metadata only
    for (const auto& t : tensors_) size += 8 + t.name.size() + 4 + 8 * t.ne.size() + 4 + 8;
    return size;
}

uint64_t Writer::fileSize() const {
    uint64_t size = align(headerSize(), alignment_);
    for (const auto& t : tensors_) size += align(t.nbytes, alignment_);  // the last one is padded too (gguf-py)
    return size;
}

void Writer::write(const std::filesystem::path& path, const ProgressFn& progress, double from, double to) const {
    Bytes b = headerStart(tensors_.size(), kv_);
    uint64_t offset = 0;
    for (const auto& t : tensors_) {
        b.str(t.name);
        b.put<uint32_t>(static_cast<uint32_t>(t.ne.size()));
        for (uint64_t n : t.ne) b.put<uint64_t>(n);
        b.put<uint32_t>(static_cast<uint32_t>(t.type));
        b.put<uint64_t>(offset);
        offset += align(t.nbytes, alignment_);
    }

    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "wb"));
    if (!f) throw Error("cannot create '" + path.string() + "': " + std::strerror(errno));
    auto put = [&](const void* p, size_t n) {
        if (n && std::fwrite(p, 1, n, f.get()) != n)
            throw Error("cannot write '" + path.string() + "': " + std::strerror(errno));
    };
    const std::string zeros(alignment_, '\0');
    put(b.data().data(), b.data().size());
    put(zeros.data(), align(b.data().size(), alignment_) - b.data().size());
    std::vector<uint8_t> buf;
    for (size_t i = 0; i < tensors_.size(); ++i) {
        const Tensor& t = tensors_[i];
        reportProgress(progress, from + (to - from) * double(i) / double(tensors_.size()), "writing " + t.name);
        buf.assign(t.nbytes, 0);
        t.fill(buf.data(), t.nbytes);
        put(buf.data(), buf.size());
        put(zeros.data(), align(t.nbytes, alignment_) - t.nbytes);
    }
    if (std::fflush(f.get()) != 0 || ::fsync(fileno(f.get())) != 0)
        throw Error("cannot write '" + path.string() + "': " + std::strerror(errno));
    if (std::fclose(f.release()) != 0) throw Error("cannot close '" + path.string() + "': " + std::strerror(errno));
}

} // namespace pb::gguf
