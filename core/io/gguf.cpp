// GGUF v2/v3 reader (formats.md §4.1-4.2). The file is mapped once; the header is
// parsed with a bounds-checked cursor, and every count or length is checked against
// the bytes that remain before anything is allocated for it.
#include "core/io/gguf.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <set>

#include "core/io/limits.h"
#include "core/util/error.h"

namespace pb::gguf {

namespace {

constexpr uint32_t kMagic = 0x46554747;       // "GGUF" read as u32 LE
// core/io/limits.h (docs/limits.md says why).
constexpr uint64_t kMaxKv = limits::kMaxGgufKv;
constexpr uint64_t kMaxTensors = limits::kMaxGgufTensors;
constexpr uint64_t kMaxArrayElements = limits::kMaxGgufArrayElements;  // all metadata array elements together
constexpr uint64_t kMaxKeyLen = limits::kMaxGgufKeyBytes;
constexpr uint64_t kMaxNameLen = limits::kMaxGgufNameBytes;
constexpr uint32_t kMaxDims = limits::kMaxGgufDims;
constexpr uint64_t kMaxStringLen = limits::kMaxGgufStringBytes;
constexpr uint64_t kMinKvBytes = 8 + 1 + 4 + 1;          // key len, 1-byte key, type, 1-byte value
constexpr uint64_t kMinTensorInfoBytes = 8 + 1 + 4 + 4 + 8;  // name len, name, n_dims, type, offset
constexpr uint64_t kInt64Max = uint64_t(std::numeric_limits<int64_t>::max());

bool validValueType(uint32_t t) { return t <= uint32_t(ValueType::F64); }

// Size in the file of one scalar (String: its minimum, the length field).
uint64_t minValueBytes(ValueType t) {
    switch (t) {
    case ValueType::U8: case ValueType::I8: case ValueType::Bool: return 1;
    case ValueType::U16: case ValueType::I16: return 2;
    case ValueType::U32: case ValueType::I32: case ValueType::F32: return 4;
    case ValueType::U64: case ValueType::I64: case ValueType::F64: case ValueType::String: return 8;
    case ValueType::Array: return 4 + 8;
    }
    return 1;
}

std::string str(uint64_t v) { return std::to_string(v); }

// Bounds-checked little-endian cursor over the mapped bytes.
class Reader {
public:
    Reader(const uint8_t* data, uint64_t size, std::string prefix)
        : p_(data), size_(size), prefix_(std::move(prefix)) {}

    [[noreturn]] void fail(const std::string& what) const { throw FormatError(prefix_ + what); }
    uint64_t pos() const { return pos_; }
    uint64_t remaining() const { return size_ - pos_; }
    uint64_t size() const { return size_; }
    const std::string& prefix() const { return prefix_; }

    template <typename T>
    T read(const std::string& ctx, const char* what) {
        if (remaining() < sizeof(T))
            fail(ctx + "truncated: need " + str(sizeof(T)) + " bytes for " + what + " at offset " + str(pos_) +
                 ", file size " + str(size_));
        T v;
        std::memcpy(&v, p_ + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }

    // gguf_string: u64 length + bytes. The length is checked against max_len and
    // the remaining bytes before the string is allocated.
    std::string readString(const std::string& ctx, const char* what, uint64_t max_len) {
        const uint64_t len = read<uint64_t>(ctx, what);
        if (len > remaining())
            fail(ctx + what + " length " + str(len) + " goes past end of file (" + str(remaining()) +
                 " bytes remain at offset " + str(pos_) + ")");
        if (len > max_len) fail(ctx + what + " of " + str(len) + " bytes exceeds the limit of " + str(max_len));
        std::string s(reinterpret_cast<const char*>(p_ + pos_), size_t(len));
        pos_ += len;
        return s;
    }

private:
    const uint8_t* p_;
    uint64_t size_;
    uint64_t pos_ = 0;
    std::string prefix_;
};

class HeaderParser {
public:
    explicit HeaderParser(Reader& r) : r_(r) {}

    Value readValue(ValueType type, const std::string& ctx) {
        Value v;
        v.type = type;
        switch (type) {
        case ValueType::U8: v.u = r_.read<uint8_t>(ctx, "U8 value"); break;
        case ValueType::I8: v.i = r_.read<int8_t>(ctx, "I8 value"); break;
        case ValueType::U16: v.u = r_.read<uint16_t>(ctx, "U16 value"); break;
        case ValueType::I16: v.i = r_.read<int16_t>(ctx, "I16 value"); break;
        case ValueType::U32: v.u = r_.read<uint32_t>(ctx, "U32 value"); break;
        case ValueType::I32: v.i = r_.read<int32_t>(ctx, "I32 value"); break;
        case ValueType::U64: v.u = r_.read<uint64_t>(ctx, "U64 value"); break;
        case ValueType::I64: v.i = r_.read<int64_t>(ctx, "I64 value"); break;
        case ValueType::F32: v.f = r_.read<float>(ctx, "F32 value"); break;
        case ValueType::F64: v.f = r_.read<double>(ctx, "F64 value"); break;
        case ValueType::Bool: {
            const uint8_t b = r_.read<uint8_t>(ctx, "BOOL value");
            if (b > 1) r_.fail(ctx + "BOOL value " + str(b) + " is not 0 or 1");
            v.u = b;
            break;
        }
        case ValueType::String: v.s = r_.readString(ctx, "string", kMaxStringLen); break;
        case ValueType::Array: readArray(v, ctx); break;
        }
        return v;
    }

private:
    void readArray(Value& v, const std::string& ctx) {
        const uint32_t et = r_.read<uint32_t>(ctx, "array element type");
        if (!validValueType(et)) r_.fail(ctx + "unknown array element type " + str(et));
        const auto etype = static_cast<ValueType>(et);
        if (etype == ValueType::Array) r_.fail(ctx + "nested arrays are not supported");
        v.array_type = etype;
        const uint64_t n = r_.read<uint64_t>(ctx, "array length");
        if (n > r_.remaining() / minValueBytes(etype))
            r_.fail(ctx + "array of " + str(n) + " " + valueTypeName(etype) + " elements goes past end of file (" +
                    str(r_.remaining()) + " bytes remain)");
        if (n > kMaxArrayElements - array_elements_)
            r_.fail(ctx + "array of " + str(n) + " elements exceeds the limit of " + str(kMaxArrayElements) +
                    " metadata array elements per file");
        array_elements_ += n;
        if (etype == ValueType::String) {
            v.strings.reserve(size_t(n));
            for (uint64_t k = 0; k < n; ++k)
                v.strings.push_back(r_.readString(ctx, "array string", kMaxStringLen));
            return;
        }
        v.numbers.reserve(size_t(n));
        for (uint64_t k = 0; k < n; ++k) {
            const Value e = readValue(etype, ctx);
            switch (etype) {
            case ValueType::I8: case ValueType::I16: case ValueType::I32: case ValueType::I64:
                v.numbers.push_back(double(e.i));
                break;
            case ValueType::F32: case ValueType::F64: v.numbers.push_back(e.f); break;
            default: v.numbers.push_back(double(e.u)); break;
            }
        }
    }

    Reader& r_;
    uint64_t array_elements_ = 0;
};

bool mulOverflows(uint64_t a, uint64_t b, uint64_t& out) { return __builtin_mul_overflow(a, b, &out); }

} // namespace

const char* valueTypeName(ValueType t) {
    switch (t) {
    case ValueType::U8: return "U8";
    case ValueType::I8: return "I8";
    case ValueType::U16: return "U16";
    case ValueType::I16: return "I16";
    case ValueType::U32: return "U32";
    case ValueType::I32: return "I32";
    case ValueType::F32: return "F32";
    case ValueType::Bool: return "BOOL";
    case ValueType::String: return "STRING";
    case ValueType::Array: return "ARRAY";
    case ValueType::U64: return "U64";
    case ValueType::I64: return "I64";
    case ValueType::F64: return "F64";
    }
    return "unknown";
}

uint64_t TensorInfo::elements() const {
    uint64_t n = 1;
    for (uint64_t d : ne) n *= d;  // validated not to overflow when read
    return n;
}

std::vector<int64_t> TensorInfo::torchShape() const {
    return std::vector<int64_t>(ne.rbegin(), ne.rend());
}

File File::open(const std::filesystem::path& path) {
    File f;
    f.map_ = MappedFile(path);
    const std::string prefix = "gguf '" + path.string() + "': ";
    Reader r(f.map_.data(), f.map_.size(), prefix);

    // ---- fixed header: magic, version, counts -----------------------------------
    if (r.size() < 4) r.fail("file of " + str(r.size()) + " bytes is too small for a GGUF header");
    const uint32_t magic = r.read<uint32_t>("", "magic");
    if (magic != kMagic) r.fail("bad magic (not a GGUF file)");
    const uint32_t version = r.read<uint32_t>("header: ", "version");
    if (version == 0) r.fail("invalid version 0");
    if ((version & 0xFFFF) == 0) r.fail("version field " + str(version) + " looks byte-swapped: big-endian GGUF is not supported");
    if (version == 1) r.fail("version 1 is not supported (GGUF v2 or v3 required)");
    if (version > 3) r.fail("version " + str(version) + " is not supported (GGUF v2 or v3 required)");
    f.version_ = version;
    const uint64_t n_tensors = r.read<uint64_t>("header: ", "tensor count");
    const uint64_t n_kv = r.read<uint64_t>("header: ", "metadata kv count");
    if (n_tensors > kMaxTensors) r.fail("tensor count " + str(n_tensors) + " exceeds the limit of " + str(kMaxTensors));
    if (n_kv > kMaxKv) r.fail("metadata kv count " + str(n_kv) + " exceeds the limit of " + str(kMaxKv));
    // Both counts are < 2^20, so these products cannot overflow.
    if (n_tensors * kMinTensorInfoBytes + n_kv * kMinKvBytes > r.remaining())
        r.fail("tensor count " + str(n_tensors) + " and metadata kv count " + str(n_kv) + " cannot fit in the " +
               str(r.remaining()) + " bytes that remain (truncated or corrupt header)");

    // ---- metadata ----------------------------------------------------------------
    HeaderParser hp(r);
    for (uint64_t k = 0; k < n_kv; ++k) {
        const std::string kctx = "metadata kv #" + str(k) + ": ";
        std::string key = r.readString(kctx, "key", kMaxKeyLen);
        if (key.empty()) r.fail(kctx + "empty key");
        const std::string ctx = "key '" + key + "': ";
        if (f.kv_.count(key)) r.fail(ctx + "duplicate key");
        const uint32_t type = r.read<uint32_t>(ctx, "value type");
        if (!validValueType(type)) r.fail(ctx + "unknown value type " + str(type));
        Value v = hp.readValue(static_cast<ValueType>(type), ctx);
        if (key == "general.alignment") {
            if (v.type != ValueType::U32) r.fail(ctx + "must be U32, found " + valueTypeName(v.type));
            if (v.u == 0 || (v.u & (v.u - 1)) != 0) r.fail(ctx + "alignment " + str(v.u) + " is not a power of two");
            f.alignment_ = uint32_t(v.u);
        }
        f.kv_.emplace(std::move(key), std::move(v));
    }

    // ---- tensor infos --------------------------------------------------------------
    const uint64_t align = f.alignment_;
    f.tensors_.reserve(size_t(n_tensors));
    for (uint64_t k = 0; k < n_tensors; ++k) {
        const std::string nctx = "tensor #" + str(k) + ": ";
        TensorInfo t;
        t.name = r.readString(nctx, "tensor name", kMaxNameLen);
        if (t.name.empty()) r.fail(nctx + "empty tensor name");
        const std::string ctx = "tensor '" + t.name + "': ";
        if (f.tensor_index_.count(t.name)) r.fail(ctx + "duplicate tensor name");
        const uint32_t n_dims = r.read<uint32_t>(ctx, "n_dims");
        if (n_dims > kMaxDims) r.fail(ctx + "n_dims " + str(n_dims) + " exceeds the maximum of " + str(kMaxDims));
        uint64_t elements = 1;
        for (uint32_t d = 0; d < n_dims; ++d) {
            const uint64_t ne = r.read<uint64_t>(ctx, "ne");
            if (ne > kInt64Max) r.fail(ctx + "ne[" + str(d) + "] = " + str(ne) + " is negative as int64");
            if (mulOverflows(elements, ne, elements) || elements > kInt64Max)
                r.fail(ctx + "element count overflows (ne[" + str(d) + "] = " + str(ne) + ")");
            t.ne.push_back(ne);
        }
        const uint32_t type = r.read<uint32_t>(ctx, "type");
        if (!isKnownType(type)) r.fail(ctx + "unknown ggml type " + str(type));
        t.type = static_cast<GgmlType>(type);
        const uint64_t be = blockElems(t.type), bb = blockBytes(t.type);
        const uint64_t ne0 = t.ne.empty() ? 1 : t.ne[0];
        if (ne0 % be != 0)
            r.fail(ctx + "ne[0] = " + str(ne0) + " is not a multiple of the " + typeName(t.type) + " block size " + str(be));
        uint64_t nbytes = 0;
        if (mulOverflows(ne0 / be, bb, nbytes)) r.fail(ctx + "byte size overflows");
        for (size_t d = 1; d < t.ne.size(); ++d)
            if (mulOverflows(nbytes, t.ne[d], nbytes)) r.fail(ctx + "byte size overflows");
        t.nbytes = nbytes;
        t.offset = r.read<uint64_t>(ctx, "data offset");
        if (t.offset % align != 0)
            r.fail(ctx + "data offset " + str(t.offset) + " is not a multiple of the alignment " + str(align));
        f.tensor_index_.emplace(t.name, f.tensors_.size());
        f.tensors_.push_back(std::move(t));
    }

    // ---- data section: bounds and overlaps ---------------------------------------------
    const uint64_t data_start = r.pos() + (align - r.pos() % align) % align;
    const uint64_t fsize = r.size();
    for (TensorInfo& t : f.tensors_) {
        uint64_t begin = 0, end = 0;
        if (__builtin_add_overflow(data_start, t.offset, &begin) || __builtin_add_overflow(begin, t.nbytes, &end))
            r.fail("tensor '" + t.name + "': data offset " + str(t.offset) + " + " + str(t.nbytes) +
                   " bytes overflows (file size " + str(fsize) + ")");
        if (end > fsize)
            r.fail("tensor '" + t.name + "': data [" + str(begin) + "," + str(end) + ") exceeds file size " + str(fsize));
        t.data = f.map_.data() + begin;
    }
    // Infos need not be in data order, but two tensors may never share bytes.
    std::vector<size_t> order(f.tensors_.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return f.tensors_[a].offset != f.tensors_[b].offset ? f.tensors_[a].offset < f.tensors_[b].offset
                                                            : f.tensors_[a].nbytes < f.tensors_[b].nbytes;
    });
    const TensorInfo* prev = nullptr;
    for (size_t idx : order) {
        const TensorInfo& t = f.tensors_[idx];
        if (t.nbytes == 0) continue;
        if (prev && t.offset < prev->offset + prev->nbytes)
            r.fail("tensor '" + t.name + "': data [" + str(data_start + t.offset) + "," +
                   str(data_start + t.offset + t.nbytes) + ") overlaps tensor '" + prev->name + "' [" +
                   str(data_start + prev->offset) + "," + str(data_start + prev->offset + prev->nbytes) + ")");
        prev = &t;
    }
    return f;
}

const TensorInfo* File::findTensor(const std::string& name) const {
    auto it = tensor_index_.find(name);
    return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

const Value* File::find(const std::string& key) const {
    auto it = kv_.find(key);
    return it == kv_.end() ? nullptr : &it->second;
}

namespace {
bool isUnsigned(ValueType t) {
    return t == ValueType::U8 || t == ValueType::U16 || t == ValueType::U32 || t == ValueType::U64;
}
bool isSigned(ValueType t) {
    return t == ValueType::I8 || t == ValueType::I16 || t == ValueType::I32 || t == ValueType::I64;
}
[[noreturn]] void typeError(const File& f, const std::string& key, const Value& v, const char* expected) {
    throw FormatError("gguf '" + f.path().string() + "': key '" + key + "' has type " + valueTypeName(v.type) +
                      ", expected " + expected);
}
} // namespace

std::optional<uint64_t> File::getUInt(const std::string& key) const {
    const Value* v = find(key);
    if (!v) return std::nullopt;
    if (isUnsigned(v->type) || v->type == ValueType::Bool) return v->u;
    if (isSigned(v->type)) {
        if (v->i < 0)
            throw FormatError("gguf '" + path().string() + "': key '" + key + "' = " + std::to_string(v->i) +
                              " is negative, expected an unsigned integer");
        return uint64_t(v->i);
    }
    typeError(*this, key, *v, "an unsigned integer");
}

std::optional<int64_t> File::getInt(const std::string& key) const {
    const Value* v = find(key);
    if (!v) return std::nullopt;
    if (isSigned(v->type)) return v->i;
    if (isUnsigned(v->type)) {
        if (v->u > kInt64Max)
            throw FormatError("gguf '" + path().string() + "': key '" + key + "' = " + std::to_string(v->u) +
                              " does not fit in int64");
        return int64_t(v->u);
    }
    typeError(*this, key, *v, "an integer");
}

std::optional<double> File::getFloat(const std::string& key) const {
    const Value* v = find(key);
    if (!v) return std::nullopt;
    if (v->type == ValueType::F32 || v->type == ValueType::F64) return v->f;
    if (isUnsigned(v->type)) return double(v->u);
    if (isSigned(v->type)) return double(v->i);
    typeError(*this, key, *v, "a number");
}

std::optional<std::string> File::getString(const std::string& key) const {
    const Value* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != ValueType::String) typeError(*this, key, *v, "STRING");
    return v->s;
}

std::optional<bool> File::getBool(const std::string& key) const {
    const Value* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != ValueType::Bool) typeError(*this, key, *v, "BOOL");
    return v->u != 0;
}

std::optional<std::vector<int64_t>> File::getPerLayer(const std::string& key, size_t n_layers) const {
    const Value* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != ValueType::Array) return std::vector<int64_t>(n_layers, *getInt(key));
    if (!isSigned(v->array_type) && !isUnsigned(v->array_type))
        throw FormatError("gguf '" + path().string() + "': key '" + key + "' is an array of " +
                          valueTypeName(v->array_type) + ", expected integers");
    if (v->numbers.size() != n_layers)
        throw FormatError("gguf '" + path().string() + "': key '" + key + "' has " + std::to_string(v->numbers.size()) +
                          " entries, expected one per layer (" + std::to_string(n_layers) + ")");
    std::vector<int64_t> out;
    out.reserve(n_layers);
    // Array elements are held as doubles: range-checked before they become int64.
    for (size_t i = 0; i < v->numbers.size(); ++i) {
        const double d = v->numbers[i];
        if (!(d >= -9.0e15 && d <= 9.0e15))
            throw FormatError("gguf '" + path().string() + "': key '" + key + "'[" + std::to_string(i) + "] = " +
                              std::to_string(d) + " is out of range");
        out.push_back(static_cast<int64_t>(d));
    }
    return out;
}

} // namespace pb::gguf
