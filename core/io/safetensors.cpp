// safetensors reader/writer (formats.md §1). Reader validation follows the
// reference order (tensor.rs read_metadata / Metadata::validate):
//   size >= 8 -> N <= 100 MB -> 8 + N <= file -> UTF-8 JSON + schema ->
//   offsets contiguous from 0 -> byte sizes match shape x dtype -> 8 + N + last END == file size.
#include "core/io/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

#include "core/io/limits.h"
#include "core/util/error.h"

namespace pb::st {

namespace {

using nlohmann::json;

constexpr uint64_t kMaxHeader = limits::kMaxSafetensorsHeader;  // the reference MAX_HEADER_SIZE
constexpr int kMaxJsonDepth = limits::kMaxSafetensorsJsonDepth;

struct DTypeInfo {
    const char* name;
    DType dtype;
    uint32_t bits;
    int rank;  // declaration order of the reference `enum Dtype` (sorted by alignment)
};
// Every dtype string the reference accepts; the ones this app has no enum for map to Other.
constexpr DTypeInfo kDTypes[] = {
    {"BOOL", DType::BOOL, 8, 0},          {"F4", DType::Other, 4, 1},
    {"F6_E2M3", DType::Other, 6, 2},      {"F6_E3M2", DType::Other, 6, 3},
    {"U8", DType::U8, 8, 4},              {"I8", DType::I8, 8, 5},
    {"F8_E5M2", DType::F8_E5M2, 8, 6},    {"F8_E4M3", DType::F8_E4M3, 8, 7},
    {"F8_E8M0", DType::Other, 8, 8},      {"F8_E4M3FNUZ", DType::Other, 8, 9},
    {"F8_E5M2FNUZ", DType::Other, 8, 10}, {"I16", DType::I16, 16, 11},
    {"U16", DType::U16, 16, 12},          {"F16", DType::F16, 16, 13},
    {"BF16", DType::BF16, 16, 14},        {"I32", DType::I32, 32, 15},
    {"U32", DType::U32, 32, 16},          {"F32", DType::F32, 32, 17},
    {"C64", DType::Other, 64, 18},        {"F64", DType::F64, 64, 19},
    {"I64", DType::I64, 64, 20},          {"U64", DType::U64, 64, 21},
};

const DTypeInfo* lookupDType(const std::string& s) {
    for (const auto& d : kDTypes)
        if (s == d.name) return &d;
    return nullptr;
}
const DTypeInfo* lookupDType(DType t) {
    if (t == DType::Other) return nullptr;
    for (const auto& d : kDTypes)
        if (d.dtype == t) return &d;
    return nullptr;
}

std::string str(uint64_t v) { return std::to_string(v); }

std::string shapeStr(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

// Parses JSON text, rejecting duplicate object keys at any level and deep nesting.
json parseStrict(const char* begin, const char* end, const std::string& prefix) {
    std::vector<std::set<std::string>> keys;  // one key set per open object
    auto cb = [&](int depth, json::parse_event_t ev, json& parsed) {
        if (depth > kMaxJsonDepth) throw FormatError(prefix + "JSON nested deeper than " + str(kMaxJsonDepth));
        switch (ev) {
        case json::parse_event_t::object_start: keys.emplace_back(); break;
        case json::parse_event_t::object_end: if (!keys.empty()) keys.pop_back(); break;
        case json::parse_event_t::key: {
            const auto& k = parsed.get_ref<const std::string&>();
            if (!keys.empty() && !keys.back().insert(k).second)
                throw FormatError(prefix + "duplicate key '" + k + "' in JSON header");
            break;
        }
        default: break;
        }
        return true;
    };
    try {
        return json::parse(begin, end, cb);
    } catch (const json::exception& e) {
        throw FormatError(prefix + "invalid JSON: " + e.what());
    }
}

uint64_t checkedMul(uint64_t a, uint64_t b, bool& overflow) {
    uint64_t r;
    if (__builtin_mul_overflow(a, b, &r)) overflow = true;
    return r;
}

} // namespace

const char* dtypeName(DType d) {
    const DTypeInfo* info = lookupDType(d);
    return info ? info->name : "Other";
}

uint64_t dtypeBytes(DType d) {
    const DTypeInfo* info = lookupDType(d);
    return info && info->bits % 8 == 0 ? info->bits / 8 : 0;
}

uint64_t TensorInfo::elements() const {
    uint64_t n = 1;
    for (int64_t d : shape) n *= uint64_t(d);  // validated not to overflow when read
    return n;
}

File File::open(const std::filesystem::path& path) {
    File f;
    f.map_ = MappedFile(path);
    const std::string prefix = "safetensors '" + path.string() + "': ";
    auto fail = [&](const std::string& what) -> void { throw FormatError(prefix + what); };
    const uint64_t fsize = f.map_.size();
    const uint8_t* base = f.map_.data();

    // 1-3: header length
    if (fsize < 8) fail("file of " + str(fsize) + " bytes is too small for the 8-byte header length");
    uint64_t n = 0;
    std::memcpy(&n, base, 8);
    if (n > kMaxHeader) fail("header length " + str(n) + " exceeds the limit of " + str(kMaxHeader) + " bytes");
    if (8 + n > fsize) fail("header length " + str(n) + " exceeds file size " + str(fsize));

    // 4: JSON and schema
    const char* hbeg = reinterpret_cast<const char*>(base + 8);
    if (n == 0 || hbeg[0] != '{') fail("header does not start with '{'");
    const json header = parseStrict(hbeg, hbeg + n, prefix);
    if (!header.is_object()) fail("header is not a JSON object");

    struct Entry {
        TensorInfo info;
        uint64_t begin, end;
        uint32_t bits;
    };
    if (header.size() > limits::kMaxSafetensorsTensors + 1)  // + __metadata__
        fail("header lists " + str(header.size()) + " entries, more than the limit of " +
             str(limits::kMaxSafetensorsTensors) + " tensors");
    std::vector<Entry> entries;
    entries.reserve(header.size());
    for (const auto& [name, val] : header.items()) {
        if (name == "__metadata__") {
            if (!val.is_object()) fail("__metadata__ is not an object of strings");
            for (const auto& [k, v] : val.items()) {
                if (!v.is_string()) fail("__metadata__ entry '" + k + "' is not a string");
                f.metadata_[k] = v.get<std::string>();
            }
            continue;
        }
        const std::string ctx = "tensor '" + name + "': ";
        if (!val.is_object()) fail(ctx + "entry is not an object");
        const auto dt = val.find("dtype");
        const auto sh = val.find("shape");
        const auto off = val.find("data_offsets");
        if (dt == val.end() || sh == val.end() || off == val.end())
            fail(ctx + "entry needs dtype, shape and data_offsets");
        if (!dt->is_string()) fail(ctx + "dtype is not a string");
        const DTypeInfo* di = lookupDType(dt->get<std::string>());
        if (!di) fail(ctx + "unknown dtype '" + dt->get<std::string>() + "'");
        if (!sh->is_array()) fail(ctx + "shape is not an array");
        if (sh->size() > limits::kMaxSafetensorsRank)
            fail(ctx + "rank " + str(sh->size()) + " exceeds the limit of " + str(limits::kMaxSafetensorsRank));
        Entry e;
        e.info.name = name;
        e.info.dtype = di->dtype;
        e.info.dtype_name = di->name;
        e.bits = di->bits;
        for (const auto& d : *sh) {
            if (!d.is_number_unsigned() || d.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
                fail(ctx + "shape entry " + d.dump() + " is not a non-negative integer");
            e.info.shape.push_back(d.get<int64_t>());
        }
        if (!off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() || !(*off)[1].is_number_unsigned())
            fail(ctx + "data_offsets is not a pair of non-negative integers");
        e.begin = (*off)[0].get<uint64_t>();
        e.end = (*off)[1].get<uint64_t>();
        entries.push_back(std::move(e));
    }

    // 5: offsets contiguous from 0 in data order (no holes, overlaps or aliasing)
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t expect = 0;
    const std::string* prev = nullptr;
    for (const Entry& e : entries) {
        const std::string rng = "[" + str(e.begin) + "," + str(e.end) + ")";
        if (e.end < e.begin) fail("tensor '" + e.info.name + "': data_offsets " + rng + " end before they begin");
        if (e.begin != expect)
            fail("tensor '" + e.info.name + "': data_offsets " + rng + " are not contiguous: expected begin " +
                 str(expect) + (prev ? " (end of tensor '" + *prev + "')" : std::string(" (first tensor)")) +
                 (e.begin < expect ? ", overlapping" : ", leaving a hole"));
        expect = e.end;
        prev = &e.info.name;
    }

    // 6: sizes agree with shape x dtype
    for (Entry& e : entries) {
        bool overflow = false;
        uint64_t elems = 1;
        for (int64_t d : e.info.shape) elems = checkedMul(elems, uint64_t(d), overflow);
        const uint64_t nbits = checkedMul(elems, e.bits, overflow);
        const std::string ctx = "tensor '" + e.info.name + "': ";
        if (overflow) fail(ctx + "element count of shape " + shapeStr(e.info.shape) + " overflows");
        if (nbits % 8 != 0) fail(ctx + "shape " + shapeStr(e.info.shape) + " of " + e.info.dtype_name + " is not a whole number of bytes");
        if (e.end - e.begin != nbits / 8)
            fail(ctx + "data_offsets [" + str(e.begin) + "," + str(e.end) + ") hold " + str(e.end - e.begin) +
                 " bytes but shape " + shapeStr(e.info.shape) + " of " + e.info.dtype_name + " needs " + str(nbits / 8));
    }

    // 7: the buffer is exactly the tensor data
    uint64_t data_end = 0;
    if (__builtin_add_overflow(8 + n, expect, &data_end) || data_end > fsize)
        fail("tensor data ends at byte " + (data_end < expect ? std::string("(overflow)") : str(data_end)) +
             " past file size " + str(fsize) + " (truncated)");
    if (data_end < fsize)
        fail("tensor data ends at byte " + str(data_end) + " but the file has " + str(fsize) + " bytes (" +
             str(fsize - data_end) + " trailing bytes)");

    const uint8_t* buffer = base + 8 + n;
    f.tensors_.reserve(entries.size());
    for (Entry& e : entries) {
        e.info.data = buffer + e.begin;
        e.info.nbytes = e.end - e.begin;
        f.index_.emplace(e.info.name, f.tensors_.size());
        f.tensors_.push_back(std::move(e.info));
    }
    return f;
}

const TensorInfo* File::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

// ---- sharded / single-file checkpoints ------------------------------------------------

Checkpoint Checkpoint::open(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    Checkpoint c;
    std::error_code ec;
    if (fs::is_regular_file(dir, ec)) {  // a single .safetensors file given directly
        c.files_.push_back(std::make_shared<File>(File::open(dir)));
        c.paths_.push_back(dir);
    } else if (const fs::path index = dir / "model.safetensors.index.json"; fs::is_regular_file(index, ec)) {
        const std::string prefix = "safetensors index '" + index.string() + "': ";
        const MappedFile m(index);
        if (m.size() > kMaxHeader) throw FormatError(prefix + "file larger than " + str(kMaxHeader) + " bytes");
        const char* p = reinterpret_cast<const char*>(m.data());
        const json j = parseStrict(p, p + m.size(), prefix);
        if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
            throw FormatError(prefix + "no weight_map object");
        std::map<std::string, size_t> shard_ids;  // shard file name -> index in files_
        std::vector<std::pair<std::string, size_t>> wanted;
        for (const auto& [name, v] : j["weight_map"].items()) {
            if (!v.is_string()) throw FormatError(prefix + "weight_map entry '" + name + "' is not a string");
            const std::string shard = v.get<std::string>();
            if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos ||
                shard.find("..") != std::string::npos)
                throw FormatError(prefix + "tensor '" + name + "': shard name '" + shard + "' is not a plain file name");
            auto it = shard_ids.find(shard);
            if (it == shard_ids.end()) {
                const fs::path sp = dir / shard;
                if (!fs::is_regular_file(sp, ec))
                    throw Error(prefix + "shard '" + shard + "' (tensor '" + name + "') does not exist in '" +
                                dir.string() + "'");
                it = shard_ids.emplace(shard, c.files_.size()).first;
                c.files_.push_back(std::make_shared<File>(File::open(sp)));
                c.paths_.push_back(sp);
            }
            wanted.emplace_back(name, it->second);
        }
        for (const auto& [name, id] : wanted) {
            const TensorInfo* t = c.files_[id]->find(name);
            if (!t)
                throw FormatError(prefix + "tensor '" + name + "' is mapped to shard '" + c.paths_[id].filename().string() +
                                  "' but that shard does not contain it");
            c.lookup_[name] = t;
        }
        return c;
    } else if (const fs::path single = dir / "model.safetensors"; fs::is_regular_file(single, ec)) {
        c.files_.push_back(std::make_shared<File>(File::open(single)));
        c.paths_.push_back(single);
    } else {
        throw Error("no model.safetensors or model.safetensors.index.json in '" + dir.string() + "'");
    }
    for (const TensorInfo& t : c.files_[0]->tensors()) c.lookup_[t.name] = &t;
    return c;
}

const TensorInfo* Checkpoint::find(const std::string& name) const {
    auto it = lookup_.find(name);
    return it == lookup_.end() ? nullptr : it->second;
}

std::vector<std::string> Checkpoint::names() const {
    std::vector<std::string> out;
    out.reserve(lookup_.size());
    for (const auto& kv : lookup_) out.push_back(kv.first);
    return out;
}

// ---- writer -----------------------------------------------------------------------------

namespace {
void writeAll(int fd, const void* data, uint64_t n, const std::string& what) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd, p, size_t(std::min<uint64_t>(n, 1u << 30)));
        if (w < 0) {
            if (errno == EINTR) continue;
            throw Error(what + std::strerror(errno));
        }
        p += w;
        n -= uint64_t(w);
    }
}
} // namespace

void write(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
           const std::map<std::string, std::string>& metadata) {
    const std::string prefix = "cannot write safetensors '" + path.string() + "': ";
    // Validate, then order like the reference writer: descending dtype (alignment), then name.
    std::vector<const TensorToWrite*> order;
    std::set<std::string> seen;
    for (const TensorToWrite& t : tensors) {
        const std::string ctx = prefix + "tensor '" + t.name + "': ";
        if (t.name.empty() || t.name == "__metadata__") throw Error(prefix + "invalid tensor name '" + t.name + "'");
        if (!seen.insert(t.name).second) throw Error(ctx + "duplicate tensor name");
        if (dtypeBytes(t.dtype) == 0) throw Error(ctx + "dtype cannot be written");
        bool overflow = false;
        uint64_t elems = 1;
        for (int64_t d : t.shape) {
            if (d < 0) throw Error(ctx + "negative dimension in shape " + shapeStr(t.shape));
            elems = checkedMul(elems, uint64_t(d), overflow);
        }
        const uint64_t bytes = checkedMul(elems, dtypeBytes(t.dtype), overflow);
        if (overflow || bytes != t.nbytes)
            throw Error(ctx + "shape " + shapeStr(t.shape) + " of " + dtypeName(t.dtype) + " needs " + str(bytes) +
                        " bytes, got " + str(t.nbytes));
        if (t.nbytes > 0 && !t.data) throw Error(ctx + "no data");
        order.push_back(&t);
    }
    std::sort(order.begin(), order.end(), [](const TensorToWrite* a, const TensorToWrite* b) {
        const int ra = lookupDType(a->dtype)->rank, rb = lookupDType(b->dtype)->rank;
        return ra != rb ? ra > rb : a->name < b->name;
    });

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const TensorToWrite* t : order) {
        header[t->name] = {{"dtype", dtypeName(t->dtype)}, {"shape", t->shape}, {"data_offsets", {offset, offset + t->nbytes}}};
        offset += t->nbytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // buffer starts 8-byte aligned
    const uint64_t n = text.size();

    const std::string tmp = path.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(prefix + "cannot create '" + tmp + "': " + std::strerror(errno));
    try {
        writeAll(fd, &n, 8, prefix);
        writeAll(fd, text.data(), n, prefix);
        for (const TensorToWrite* t : order) writeAll(fd, t->data, t->nbytes, prefix);
        if (::fsync(fd) != 0) throw Error(prefix + "fsync: " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error(prefix + "close: " + std::strerror(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error(prefix + "rename: " + std::strerror(err));
    }
    // Make the rename durable (best effort).
    const std::filesystem::path parent = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (const int dfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace pb::st
