#pragma once
// Test helpers that make malformed models from intact ones: edit a Hugging Face config.json,
// replace one tensor of a model.safetensors, or rewrite a GGUF file with changed metadata and
// tensors. Header-only, torch-free (pb_base readers and writers): used by tests/core and by
// the CLI tables (tests/clitable).
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/gguf.h"
#include "core/io/gguf_writer.h"
#include "core/io/safetensors.h"

namespace pbtest {

// Rewrites dir/config.json after `edit`.
inline void editConfig(const std::filesystem::path& dir, const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j;
    {
        std::ifstream in(dir / "config.json");
        j = nlohmann::json::parse(in);
    }
    edit(j);
    std::ofstream(dir / "config.json", std::ios::trunc) << j.dump(2);
}

// A float32 tensor of `shape` (PyTorch order) filled with `value`.
struct F32Tensor {
    std::vector<int64_t> shape;
    float value = 0.01f;
    std::vector<uint8_t> bytes() const {
        uint64_t n = 1;
        for (int64_t d : shape) n *= uint64_t(d);
        std::vector<float> v(n, value);
        std::vector<uint8_t> b(n * 4);
        if (n) std::memcpy(b.data(), v.data(), b.size());
        return b;
    }
};

// Rewrites `file` (one safetensors file) with the tensors in `replace` (name -> new tensor;
// std::nullopt removes it) and the rest as they were.
inline void patchSafetensors(const std::filesystem::path& file,
                             const std::map<std::string, std::optional<F32Tensor>>& replace) {
    std::vector<std::vector<uint8_t>> keep;  // owns the bytes until written
    std::vector<pb::st::TensorToWrite> out;
    {
        const pb::st::File src = pb::st::File::open(file);
        for (const auto& t : src.tensors()) {
            if (replace.count(t.name)) continue;
            keep.emplace_back(t.data, t.data + t.nbytes);
            out.push_back({t.name, t.dtype, t.shape, nullptr, t.nbytes});
        }
    }
    for (const auto& [name, t] : replace) {
        if (!t) continue;
        keep.push_back(t->bytes());
        out.push_back({name, pb::st::DType::F32, t->shape, nullptr, keep.back().size()});
    }
    for (size_t i = 0; i < out.size(); ++i) out[i].data = keep[i].data();
    pb::st::write(file, out);
}

// Copies GGUF `src` to `dst`, letting `meta` change metadata and replacing tensors as in
// patchSafetensors (F32, `shape` in PyTorch order).
inline void patchGguf(const std::filesystem::path& src, const std::filesystem::path& dst,
                      const std::function<void(pb::gguf::Writer&)>& meta,
                      const std::map<std::string, std::optional<F32Tensor>>& replace = {}) {
    const pb::gguf::File f = pb::gguf::File::open(src);
    pb::gguf::Writer w;
    for (const auto& [key, value] : f.metadata())
        if (key != "general.alignment") w.set(key, value);
    if (meta) meta(w);
    std::vector<std::vector<uint8_t>> keep;
    keep.reserve(f.tensors().size() + replace.size());
    for (const auto& t : f.tensors()) {
        if (replace.count(t.name)) continue;
        const uint8_t* data = t.data;
        const uint64_t n = t.nbytes;
        w.addTensor(t.name, t.type, t.ne, [data, n](uint8_t* d, uint64_t) { std::memcpy(d, data, n); });
    }
    for (const auto& [name, t] : replace) {
        if (!t) continue;
        keep.push_back(t->bytes());
        const std::vector<uint8_t>* b = &keep.back();
        std::vector<uint64_t> ne(t->shape.rbegin(), t->shape.rend());
        w.addTensor(name, pb::gguf::GgmlType::F32, ne, [b](uint8_t* d, uint64_t) { std::memcpy(d, b->data(), b->size()); });
    }
    w.write(dst);
}

} // namespace pbtest
