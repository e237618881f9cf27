#include "core/bench/random_gguf.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "core/arch/tensor_names.h"
#include "core/export/gguf_internal.h"
#include "core/io/gguf_writer.h"
#include "core/io/half.h"
#include "core/model/loader.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

uint64_t splitmix(uint64_t& s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Uniform 4-bit values q in 0..15 give weights (q - 8)·d with standard deviation 4.61·d.
constexpr float kQ4Scale = 0.02f / 4.61f;
// int8 values in -127..127 (uniform) have standard deviation 73.6.
constexpr float kQ8Scale = 0.02f / 73.6f;

struct Layout {
    gguf::GgmlType type;
    uint64_t block_elems, block_bytes;
};

Layout layoutOf(const std::string& dtype) {
    if (dtype == "q4_0") return {gguf::GgmlType::Q4_0, 32, 18};
    if (dtype == "q8_0") return {gguf::GgmlType::Q8_0, 32, 34};
    if (dtype == "f16") return {gguf::GgmlType::F16, 1, 2};
    throw Error("unknown random GGUF dtype '" + dtype + "' (use q4_0, q8_0 or f16)");
}

// Fills blocks [from, to) of a tensor with random values; `seed` differs per tensor.
void fillBlocks(const Layout& l, uint8_t* dst, uint64_t from, uint64_t to, uint64_t seed) {
    uint64_t s = seed ^ (from * 0xD1B54A32D192ED03ull);
    for (uint64_t b = from; b < to; ++b) {
        uint8_t* p = dst + b * l.block_bytes;
        if (l.type == gguf::GgmlType::F16) {  // one element: N(0, ~0.02) from a uniform sum
            const double u = double(splitmix(s) >> 11) / double(1ull << 53);
            const uint16_t h = floatToHalf(static_cast<float>((u - 0.5) * 0.0693));  // uniform, std 0.02
            std::memcpy(p, &h, 2);
            continue;
        }
        const uint16_t d = floatToHalf(l.type == gguf::GgmlType::Q4_0 ? kQ4Scale : kQ8Scale);
        std::memcpy(p, &d, 2);
        for (uint64_t k = 2; k < l.block_bytes; k += 8) {
            uint64_t r = splitmix(s);
            if (l.type == gguf::GgmlType::Q8_0)  // keep int8 values away from -128
                for (int j = 0; j < 8; ++j) reinterpret_cast<uint8_t*>(&r)[j] |= (reinterpret_cast<uint8_t*>(&r)[j] == 0x80);
            std::memcpy(p + k, &r, std::min<uint64_t>(8, l.block_bytes - k));
        }
    }
}

// The fill callback of a random 2-D tensor: blocks generated on every hardware thread.
gguf::Writer::Fill randomFill(const Layout& l, uint64_t seed) {
    return [l, seed](uint8_t* dst, uint64_t nbytes) {
        const uint64_t blocks = nbytes / l.block_bytes;
        const unsigned n = std::max(1u, std::thread::hardware_concurrency());
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < n; ++t) {
            const uint64_t from = blocks * t / n, to = blocks * (t + 1) / n;
            pool.emplace_back([&, from, to] { fillBlocks(l, dst, from, to, seed); });
        }
        for (auto& th : pool) th.join();
    };
}

gguf::Writer::Fill onesF32() {
    return [](uint8_t* dst, uint64_t nbytes) {
        const float one = 1.0f;
        for (uint64_t k = 0; k + 4 <= nbytes; k += 4) std::memcpy(dst + k, &one, 4);
    };
}

} // namespace

RandomGgufResult writeRandomGguf(const ModelConfig& config, const fs::path& out, const RandomGgufOptions& o,
                                 const ProgressFn& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const Layout l = layoutOf(o.dtype);
    config.validate();
    if (config.family != "llama")
        throw Error("random GGUF models are written as LLaMA; a " + config.family +
                    " shape is timed in memory instead (bench --model shape:CONFIG without --write-gguf)");
    if (config.qkv_bias || config.o_bias || config.hasDownBias()) throw Error("random GGUF models have no biases");
    if (config.hidden % int64_t(l.block_elems) != 0)
        throw Error("hidden size " + std::to_string(config.hidden) + " is not a multiple of the " + o.dtype + " block");

    gguf::Writer w;
    std::vector<std::string> notes;
    addGgufHparams(w, config, "llama", o.dtype == "f16" ? "f16" : o.dtype, "random " + o.dtype, notes);
    if (o.tokenizer_from.empty()) throw Error("a random GGUF model needs a tokenizer (--tokenizer MODEL)");
    std::shared_ptr<const Tokenizer> tok = loadTokenizer(o.tokenizer_from);
    if (tok->vocabSize() > config.vocab)
        throw Error("the tokenizer of '" + o.tokenizer_from.string() + "' has " + std::to_string(tok->vocabSize()) +
                    " tokens, more than the shape's vocabulary of " + std::to_string(config.vocab));
    addGgufTokenizer(w, *tok, o.tokenizer_from, notes);

    uint64_t seed = o.seed * 0x100000001B3ull + 1;
    auto matrix = [&](TensorRole r, int layer, int64_t rows, int64_t cols) {  // torch [rows, cols] -> ne {cols, rows}
        if (cols % int64_t(l.block_elems) != 0)
            throw Error("a row of " + std::to_string(cols) + " is not a multiple of the " + o.dtype + " block");
        w.addTensor(ggufTensorName(r, layer), l.type, {uint64_t(cols), uint64_t(rows)}, randomFill(l, ++seed));
    };
    auto norm = [&](TensorRole r, int layer) {
        w.addTensor(ggufTensorName(r, layer), gguf::GgmlType::F32, {uint64_t(config.hidden)}, onesF32());
    };
    const int64_t H = config.hidden, hd = config.head_dim;
    matrix(TensorRole::Embed, 0, config.vocab, H);
    for (size_t i = 0; i < config.layers.size(); ++i) {
        const LayerDims& d = config.layers[i];
        const int li = static_cast<int>(i);
        if (d.hasAttention()) {
            norm(TensorRole::AttnNorm, li);
            matrix(TensorRole::Q, li, d.n_heads * hd, H);
            matrix(TensorRole::K, li, d.n_kv_heads * hd, H);
            matrix(TensorRole::V, li, d.n_kv_heads * hd, H);
            matrix(TensorRole::O, li, H, d.n_heads * hd);
        }
        if (d.hasMlp()) {
            norm(TensorRole::FfnNorm, li);
            matrix(TensorRole::Gate, li, d.ffn, H);
            matrix(TensorRole::Up, li, d.ffn, H);
            matrix(TensorRole::Down, li, H, d.ffn);
        }
    }
    norm(TensorRole::FinalNorm, 0);
    if (!config.tie_embeddings) matrix(TensorRole::LmHead, 0, config.vocab, H);

    const uint64_t bytes = w.fileSize();
    const fs::path target = fs::absolute(out);
    fs::path dir = target.parent_path();
    if (!fs::is_directory(dir)) throw Error("folder '" + dir.string() + "' does not exist");
    const uint64_t free = fs::space(dir).available;
    if (double(free) < 1.02 * double(bytes))
        throw Error("not enough free disk space in '" + dir.string() + "': the model needs " +
                    std::to_string(bytes >> 20) + " MiB, " + std::to_string(free >> 20) + " MiB are free");
    const fs::path tmp = target.string() + ".partial";
    try {
        w.write(tmp, progress);
        fs::rename(tmp, target);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    RandomGgufResult r;
    r.file = target;
    r.bytes = bytes;
    r.parameters = config.totalParams();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace pb
