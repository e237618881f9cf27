// "Any GGUF a user has": a tiny LLaMA GGUF whose 23 matrices use every quantized type the
// reader dequantizes (K-quants, IQ*, TQ*, the 32-element types, BF16). The strict reader
// opens it, the loader (CPU dequantizer) runs a forward with finite logits, every tensor
// dequantized on the device (CPU torch here) has the CPU dequantizer's bits, and the
// streamed model (device dequantizer) gives the loaded model's perplexity.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>
#include <unistd.h>

#include <torch/torch.h>

#include "core/arch/config_io.h"
#include "core/arch/tensor_names.h"
#include "core/eval/perplexity.h"
#include "core/export/gguf_internal.h"
#include "core/io/gguf.h"
#include "core/io/gguf_writer.h"
#include "core/io/half.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/stream/device_dequant.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"

namespace fs = std::filesystem;
using pb::gguf::GgmlType;

namespace {

const fs::path kFixtures = PB_FIXTURE_DIR;

// One type per matrix, in file order: embedding, 3 x (q k v o gate up down), output.
const GgmlType kTypes[23] = {
    GgmlType::Q2_K,   GgmlType::Q3_K,   GgmlType::IQ4_XS,  GgmlType::IQ2_XXS, GgmlType::IQ2_XS, GgmlType::IQ2_S,
    GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ1_S,   GgmlType::IQ1_M,   GgmlType::IQ4_NL, GgmlType::TQ1_0,
    GgmlType::TQ2_0,  GgmlType::Q8_K,   GgmlType::Q4_K,    GgmlType::Q5_K,    GgmlType::Q6_K,   GgmlType::Q5_0,
    GgmlType::Q5_1,   GgmlType::Q4_0,   GgmlType::Q4_1,    GgmlType::Q8_0,    GgmlType::BF16};

// Byte offsets of a block's f16 scale fields (d, dmin: values are linear in them).
std::vector<int> f16Fields(GgmlType t) {
    switch (t) {
    case GgmlType::Q2_K: return {80, 82};
    case GgmlType::Q3_K: return {108};
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q4_1: case GgmlType::Q5_1: return {0, 2};
    case GgmlType::Q6_K: return {208};
    case GgmlType::TQ1_0: return {52};
    case GgmlType::TQ2_0: return {64};
    case GgmlType::Q8_K: case GgmlType::IQ1_M: case GgmlType::BF16: return {};
    default: return {0};  // Q4_0 Q5_0 Q8_0, IQ* with d first
    }
}

// Sets every scale of every block to `d`.
void setScales(GgmlType t, std::vector<uint8_t>& raw, float d) {
    const uint64_t bb = pb::gguf::blockBytes(t);
    const uint16_t h = pb::floatToHalf(d);
    for (uint64_t off = 0; off < raw.size(); off += bb) {
        uint8_t* b = raw.data() + off;
        for (int f : f16Fields(t)) std::memcpy(b + f, &h, 2);
        if (t == GgmlType::Q8_K) std::memcpy(b, &d, 4);
        if (t == GgmlType::IQ1_M)  // d = the top nibbles of the 4 scale words (bytes 49, 51, 53, 55)
            for (int k = 0; k < 4; ++k) b[49 + 2 * k] = uint8_t((b[49 + 2 * k] & 0x0F) | (((h >> (4 * k)) & 0x0F) << 4));
    }
}

// Random blocks of `n` elements whose values have an RMS of about 0.02.
std::vector<uint8_t> randomTensor(GgmlType t, uint64_t n, std::mt19937& rng) {
    std::vector<uint8_t> raw(n / pb::gguf::blockElems(t) * pb::gguf::blockBytes(t));
    if (t == GgmlType::BF16) {
        std::normal_distribution<float> nd(0.0f, 0.02f);
        for (uint64_t i = 0; i < n; ++i) {
            const uint16_t v = pb::floatToBf16(nd(rng));
            std::memcpy(raw.data() + 2 * i, &v, 2);
        }
        return raw;
    }
    for (auto& x : raw) x = uint8_t(rng());
    setScales(t, raw, 1.0f);
    std::vector<float> y(n);
    pb::gguf::dequantize(t, raw.data(), y.data(), n);
    double ss = 0;
    for (float v : y) ss += double(v) * v;
    const double rms = std::sqrt(ss / double(n));
    setScales(t, raw, rms > 0 ? float(0.02 / rms) : 0.0f);
    return raw;
}

std::vector<int32_t> textIds(const pb::Tokenizer& tok, size_t min_tokens) {
    std::string text = "The whale swam slowly along the grey coast while the sailors watched and waited. ";
    std::vector<int32_t> ids;
    while (ids.size() < min_tokens) {
        text += text;
        ids = tok.encode(text, true);
    }
    return ids;
}

// hidden 256 (rows of whole 256-blocks), 3 layers of 4 heads / 2 KV heads / ffn 256.
fs::path writeModel(const fs::path& dir) {
    const fs::path src = kFixtures / "models" / "tiny_llama";
    pb::ModelConfig c = pb::readHfConfig(src / "config.json");
    c.hidden = 256, c.head_dim = 64;
    c.layers.assign(3, pb::LayerDims{4, 2, 256});
    c.tie_embeddings = false;
    pb::gguf::Writer w;
    std::vector<std::string> notes;
    pb::addGgufHparams(w, c, "llama", "q4_0", "every quant type", notes);
    w.setU32("general.file_type", 10);  // LLAMA_FTYPE_MOSTLY_Q2_K
    const auto tok = pb::loadTokenizer(src);
    pb::addGgufTokenizer(w, *tok, src, notes);

    std::mt19937 rng(2026);
    int next = 0;
    auto matrix = [&](pb::TensorRole r, int layer, int64_t rows, int64_t cols) {
        const GgmlType t = kTypes[next++];
        auto raw = std::make_shared<std::vector<uint8_t>>(randomTensor(t, uint64_t(rows * cols), rng));
        w.addTensor(pb::ggufTensorName(r, layer), t, {uint64_t(cols), uint64_t(rows)},
                    [raw](uint8_t* dst, uint64_t nbytes) { std::memcpy(dst, raw->data(), nbytes); });
    };
    auto norm = [&](pb::TensorRole r, int layer) {
        w.addTensor(pb::ggufTensorName(r, layer), GgmlType::F32, {uint64_t(c.hidden)}, [](uint8_t* dst, uint64_t nbytes) {
            const float one = 1.0f;
            for (uint64_t k = 0; k + 4 <= nbytes; k += 4) std::memcpy(dst + k, &one, 4);
        });
    };
    const int64_t H = c.hidden, hd = c.head_dim;
    matrix(pb::TensorRole::Embed, 0, c.vocab, H);
    for (int i = 0; i < 3; ++i) {
        const pb::LayerDims& d = c.layers[size_t(i)];
        norm(pb::TensorRole::AttnNorm, i);
        matrix(pb::TensorRole::Q, i, d.n_heads * hd, H);
        matrix(pb::TensorRole::K, i, d.n_kv_heads * hd, H);
        matrix(pb::TensorRole::V, i, d.n_kv_heads * hd, H);
        matrix(pb::TensorRole::O, i, H, d.n_heads * hd);
        norm(pb::TensorRole::FfnNorm, i);
        matrix(pb::TensorRole::Gate, i, d.ffn, H);
        matrix(pb::TensorRole::Up, i, d.ffn, H);
        matrix(pb::TensorRole::Down, i, H, d.ffn);
    }
    norm(pb::TensorRole::FinalNorm, 0);
    matrix(pb::TensorRole::LmHead, 0, c.vocab, H);
    EXPECT_EQ(next, 23);
    const fs::path file = dir / "any_quant.gguf";
    w.write(file);
    return file;
}

} // namespace

TEST(GgufAnyQuant, EveryTypeOpensLoadsAndStreamsLikeTheLoadedModel) {
    const fs::path dir = fs::temp_directory_path() / ("pb_anyquant_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    struct Cleanup {
        fs::path p;
        ~Cleanup() { fs::remove_all(p); }
    } cleanup{dir};
    const fs::path file = writeModel(dir);

    // The strict reader accepts every type; each tensor on the device path = the CPU bits.
    const pb::gguf::File f = pb::gguf::File::open(file);
    EXPECT_EQ(f.findTensor("token_embd.weight")->type, GgmlType::Q2_K);
    EXPECT_EQ(f.findTensor("blk.0.ffn_gate.weight")->type, GgmlType::IQ2_S);
    EXPECT_EQ(f.findTensor("blk.2.ffn_down.weight")->type, GgmlType::Q8_0);
    EXPECT_EQ(f.findTensor("output.weight")->type, GgmlType::BF16);
    int quantized = 0;
    for (const pb::gguf::TensorInfo& t : f.tensors()) {
        const auto n = static_cast<int64_t>(t.elements());
        auto cpu = torch::empty({n}, torch::kFloat32);
        pb::gguf::dequantize(t.type, t.data, cpu.data_ptr<float>(), t.elements());
        auto raw = torch::from_blob(const_cast<uint8_t*>(t.data), {static_cast<int64_t>(t.nbytes)}, torch::kUInt8).clone();
        const auto dev = pb::dequantizeOnDevice(t.type, raw, n, torch::kFloat32);
        EXPECT_TRUE(torch::equal(dev, cpu)) << t.name << " " << pb::gguf::typeName(t.type);
        EXPECT_TRUE(torch::isfinite(cpu).all().item<bool>()) << t.name;
        quantized += t.type != GgmlType::F32;
    }
    EXPECT_EQ(quantized, 23);

    // The loader (CPU dequantizer): a forward with finite logits of the right shape.
    pb::LoadedModel m = pb::loadModel(file);
    EXPECT_EQ(m.config.hidden, 256);
    const auto ids = textIds(*m.tokenizer, 4 * 16);
    auto x = torch::tensor(std::vector<int64_t>(ids.begin(), ids.begin() + 16)).view({1, 16});
    torch::NoGradGuard ng;
    const auto logits = m.model->forward(x);  // [1, 16, vocab]
    ASSERT_EQ(logits.dim(), 3);
    EXPECT_EQ(logits.size(2), m.config.vocab);
    EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
    EXPECT_GT(logits.abs().max().item<double>(), 0.0);

    // The streamed model (device dequantizer on CPU torch) scores the same text alike.
    pb::StreamedModel s(file);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    po.batch = 2;
    const double ref = pb::perplexity(*m.model, ids, po).ppl;
    EXPECT_TRUE(std::isfinite(ref));
    EXPECT_NEAR(s.perplexity(ids, po).ppl, ref, 1e-9 * ref);
}
