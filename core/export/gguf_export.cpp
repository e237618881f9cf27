// exportGguf: a LlamaModel + its tokenizer -> one GGUF file, written beside the target,
// read back with the strict reader and renamed into place.
#include "core/export/gguf_export.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <unistd.h>

#include <torch/torch.h>

#include "core/arch/config_io.h"
#include "core/arch/family.h"
#include "core/arch/tensor_names.h"
#include "core/export/gguf_internal.h"
#include "core/export/gguf_mlp_pad.h"
#include "core/export/tokenizer_check.h"
#include "core/io/gguf.h"
#include "core/io/gguf_writer.h"
#include "core/model/llama_model.h"
#include "core/model/rope.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/stale_temp.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

using gguf::GgmlType;

// HF pairs rotary elements (i, i+hd/2) inside a head; llama.cpp's llama/deci pair (2i, 2i+1).
// rows: [heads*hd, ...] in HF order -> GGUF order: view [heads, 2, hd/2, ...], swap 1<->2
// (convert_hf_to_gguf.py LlamaModel.permute; the inverse of weights_gguf.cpp unpermuteRows).
torch::Tensor permuteRows(const torch::Tensor& t, int64_t heads, int64_t head_dim) {
    auto rest = t.sizes().vec();
    rest.erase(rest.begin());
    std::vector<int64_t> shape = {heads, 2, head_dim / 2};
    shape.insert(shape.end(), rest.begin(), rest.end());
    return t.reshape(shape).transpose(1, 2).reshape(t.sizes()).contiguous();
}

// The ggml type of a tensor in the export dtype; 1-D tensors stay F32 (llama.cpp convention).
GgmlType tensorType(const std::string& dtype, int64_t dims, uint64_t row) {
    if (dims < 2 || dtype == "f32") return GgmlType::F32;
    if (dtype == "f16") return GgmlType::F16;
    if (dtype == "bf16") return GgmlType::BF16;
    if (dtype == "q8_0") return row % 32 == 0 ? GgmlType::Q8_0 : GgmlType::F16;
    throw Error("unknown GGUF export dtype '" + dtype + "' (use f32, f16, bf16 or q8_0)");
}

std::string mb(uint64_t bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

// llama3 scaling as llama.cpp holds it: per-frequency divisors base/scaled [hd/2].
std::vector<double> ropeDivisors(const ModelConfig& c) {
    if (!c.rope.freq_divisors.empty()) return c.rope.freq_divisors;
    if (c.rope.type != RopeType::Llama3) return {};
    RopeConfig plain;
    plain.theta = c.rope.theta;
    const torch::Tensor div =
        (ropeInverseFrequencies(plain, c.head_dim) / ropeInverseFrequencies(c.rope, c.head_dim)).to(torch::kFloat64).contiguous();
    return std::vector<double>(div.data_ptr<double>(), div.data_ptr<double>() + div.numel());
}

class TensorAdder {
public:
    TensorAdder(gguf::Writer& w, const std::string& dtype, GgufExportResult& res) : w_(w), dtype_(dtype), res_(res) {}

    // t in HF layout; permute_heads > 0 reorders rows for interleaved RoPE.
    void add(const std::string& name, const torch::Tensor& t, int64_t permute_heads = 0, int64_t head_dim = 0) {
        std::vector<uint64_t> ne;
        for (int64_t i = t.dim() - 1; i >= 0; --i) ne.push_back(static_cast<uint64_t>(t.size(i)));
        const GgmlType type = tensorType(dtype_, t.dim(), ne[0]);
        if (dtype_ == "q8_0" && t.dim() >= 2 && type != GgmlType::Q8_0) ++fallbacks_;
        res_.tensor_types[gguf::typeName(type)]++;
        w_.addTensor(name, type, ne, [t, type, name, permute_heads, head_dim](uint8_t* dst, uint64_t) {
            torch::Tensor x = t.detach().to(torch::kCPU, torch::kFloat32);
            if (permute_heads > 0) x = permuteRows(x, permute_heads, head_dim);
            x = x.contiguous();
            if (!torch::isfinite(x).all().item<bool>())
                throw Error("tensor '" + name + "' has NaN or infinite values");
            if (type == GgmlType::F16 && x.numel() && x.abs().max().item<double>() > 65504.0)
                throw Error("tensor '" + name + "' has values beyond F16's range (65504); export f32 or bf16");
            gguf::quantize(type, x.data_ptr<float>(), dst, static_cast<uint64_t>(x.numel()));
        });
    }
    int fallbacks() const { return fallbacks_; }

private:
    gguf::Writer& w_;
    const std::string& dtype_;
    GgufExportResult& res_;
    int fallbacks_ = 0;
};

void addTensors(gguf::Writer& w, const LlamaModel& m, const std::string& dtype, bool interleaved,
                GgufExportResult& res) {
    const ModelConfig& c = m.config;
    TensorAdder add(w, dtype, res);
    add.add(ggufTensorName(TensorRole::Embed, 0), m.embed);  // [V, H]
    add.add(ggufTensorName(TensorRole::FinalNorm, 0), m.final_norm);
    if (!c.tie_embeddings) add.add(ggufTensorName(TensorRole::LmHead, 0), m.lm_head);
    if (const auto div = ropeDivisors(c); !div.empty()) {
        add.add("rope_freqs.weight", torch::tensor(div, torch::kFloat64).to(torch::kFloat32));  // [hd/2]
        res.notes.push_back("RoPE scaling written as rope_freqs.weight (llama.cpp's per-frequency divisors)");
    }
    // llama.cpp's fixed query scale: the model's own is folded into q_norm (before RoPE, which
    // is linear, so the scores are the same), or into q's rows when there is no q_norm.
    const double fold = ggufQueryFold(c);
    if (fold != 1.0)
        res.notes.push_back("query_pre_attn_scalar " + std::to_string(c.query_scalar) +
                            " has no GGUF key (llama.cpp scales scores by its fixed rule): folded into attn_q_norm "
                            "(x " + std::to_string(fold) + ")");
    for (size_t i = 0; i < m.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        const bool has_q_norm = m.layers[i].q_norm.defined();
        // Q and K rows (weights and biases) in llama.cpp's interleaved RoPE order where the arch uses it.
        const int64_t q_heads = interleaved ? d.n_heads : 0, k_heads = interleaved ? d.n_kv_heads : 0;
        for (const LayerSlotSpec& s : kLayerSlots) {  // every tensor the block holds (absent sublayers: undefined)
            torch::Tensor t = m.layers[i].*s.field;
            if (!t.defined()) continue;
            if (fold != 1.0 && (has_q_norm ? s.role == TensorRole::QNorm : s.role == TensorRole::Q))
                t = t.detach().to(torch::kFloat32) * fold;  // [hd] q_norm, or q's [nh*hd, H] / [nh*hd]
            const int64_t heads = s.role == TensorRole::Q ? q_heads : s.role == TensorRole::K ? k_heads : 0;
            add.add(ggufTensorName(s.role, static_cast<int>(i), s.bias), t, heads, c.head_dim);
        }
    }
    if (add.fallbacks())
        res.notes.push_back(std::to_string(add.fallbacks()) +
                            " 2-D tensor(s) with rows not a multiple of 32 written as F16 instead of Q8_0");
}

// The written file, read back strictly: same dims, same tokenizer behaviour.
void verify(const fs::path& file, const ModelConfig& c, const Tokenizer& tok, std::vector<std::string>& notes) {
    const gguf::File back = gguf::File::open(file);
    const ModelConfig bc = configFromGguf(back);
    auto differs = [&](const std::string& what) {
        throw Error("internal error: the written GGUF reads back with a different " + what);
    };
    if (bc.layers != c.layers) differs("list of layer widths");
    if (bc.hidden != c.hidden || bc.head_dim != c.head_dim || bc.vocab != c.vocab) differs("hidden/head/vocab size");
    if (bc.tie_embeddings != c.tie_embeddings) differs("embedding tying");
    for (size_t i = 0; i < c.layers.size(); ++i)
        if (bc.layers[i].sliding != c.layers[i].sliding) differs("set of sliding-window layers");
    if (c.hasSlidingLayers() && bc.sliding_window != c.sliding_window) differs("sliding window");
    checkSameTokenizer(tok, *Tokenizer::fromGguf(back), notes);
}

} // namespace

std::string ggufExportArch(const ModelConfig& c, const std::string& arch) {
    const FamilySpec* fam = familyByName(c.family);
    if (!fam) throw Error("GGUF export: unknown model family '" + c.family + "'");
    const bool whole = std::all_of(c.layers.begin(), c.layers.end(),
                                   [](const LayerDims& d) { return d.hasAttention() && d.hasMlp(); });
    std::string a = arch;
    if (a == "auto") a = (c.uniform() && whole) || !fam->gguf_qk_interleaved ? fam->gguf_arch : "deci";
    if (a != fam->gguf_arch && a != "deci")
        throw Error("GGUF export: architecture '" + arch + "' does not fit a " + c.family + " model (use auto, " +
                    fam->gguf_arch + (fam->gguf_qk_interleaved ? " or deci)" : ")"));
    if (a == "deci" && !fam->gguf_qk_interleaved)
        throw Error("GGUF export: arch deci uses llama's interleaved RoPE; a " + c.family + " model cannot be written as it");
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        const std::string at = "GGUF export: layer " + std::to_string(i);
        if (a != "deci" && !(d.hasAttention() && d.hasMlp()))
            throw Error(at + " has no " + (d.hasAttention() ? "MLP" : "attention") + ": llama.cpp's " + a +
                        " graph needs both in every layer" + (fam->gguf_qk_interleaved ? " (arch deci can skip attention)" : ""));
        // deci with attention but no MLP: exportGguf pads the MLP (core/export/gguf_mlp_pad.h).
    }
    return a;
}

GgufExportResult exportGguf(const LlamaModel& model_in, const Tokenizer& tokenizer, const fs::path& out_file,
                            const GgufExportOptions& options, const ProgressFn& progress) {
    torch::NoGradGuard no_grad;
    // A layer with attention and no MLP goes to arch deci with a zero one-channel MLP
    // (core/export/gguf_mlp_pad.h: llama.cpp would drop its attention output otherwise).
    const FamilySpec* family = familyByName(model_in.config.family);
    std::vector<std::string> pad_notes;
    const bool pad = hasMlpFreeAttentionLayer(model_in) && (options.arch == "auto" || options.arch == "deci") &&
                     family && family->gguf_qk_interleaved;
    const LlamaModel padded = pad ? padMlpFreeLayers(model_in, pad_notes) : LlamaModel();
    const LlamaModel& model = pad ? padded : model_in;
    tensorType(options.dtype, 2, 32);  // validates the dtype
    if (options.source.empty())
        throw Error("GGUF export needs the path of the source model (GgufExportOptions::source): the tokenizer "
                    "metadata comes from it");
    if (!fs::exists(options.source)) throw Error("source model '" + options.source.string() + "' does not exist");
    const ModelConfig& c = model.config;
    model.checkShapes();
    const FamilySpec* fam = familyByName(c.family);
    GgufExportResult res;
    res.architecture = ggufExportArch(c, options.arch);
    res.parameters = c.totalParams();
    res.notes = pad_notes;
    const fs::path out = checkGgufTarget(out_file, options.source, options.other_sources);
    res.file = out;

    reportProgress(progress, 0.0, "collecting metadata");
    gguf::Writer w;
    fs::path src_name = fs::weakly_canonical(fs::absolute(options.source));
    const std::string name = options.name.empty() ? src_name.stem().string() + " (PruneBench)" : options.name;
    addGgufHparams(w, c, res.architecture, options.dtype, name, res.notes);
    res.per_layer_arrays = w.find(res.architecture + ".attention.head_count")->type == gguf::ValueType::Array ||
                           w.find(res.architecture + ".feed_forward_length")->type == gguf::ValueType::Array ||
                           w.find(res.architecture + ".attention.head_count_kv")->type == gguf::ValueType::Array;
    addGgufTokenizer(w, tokenizer, options.source, res.notes);
    // llama.cpp reads BOS/EOS only from the tokenizer keys; a tokenizer that names none
    // (no post-processor) still has the model config's ids.
    if (!w.has("tokenizer.ggml.bos_token_id") && c.bos_id >= 0)
        w.setU32("tokenizer.ggml.bos_token_id", static_cast<uint32_t>(c.bos_id));
    if (!w.has("tokenizer.ggml.eos_token_id") && c.eos_id >= 0)
        w.setU32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(c.eos_id));
    // llama/mistral/deci want llama.cpp's interleaved RoPE rows; qwen2 keeps HF's (NEOX).
    const bool interleaved = res.architecture == "deci" || fam->gguf_qk_interleaved;
    addTensors(w, model, options.dtype, interleaved, res);
    res.bytes = w.fileSize();
    checkGgufSpace(out, res.bytes, options);

    const fs::path tmp = tempPathFor(out);
    std::error_code ec;
    try {
        w.write(tmp, progress, 0.02, 0.9);
        reportProgress(progress, 0.9, "checking the written file");
        verify(tmp, c, tokenizer, res.notes);
        reportProgress(progress, 0.98, "moving the file into place");
        fs::rename(tmp, out, ec);
        if (ec) throw Error("cannot move the export into '" + out.string() + "': " + ec.message());
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }

    std::ostringstream s;
    s << "Exported " << res.parameters << " parameters (" << options.dtype << ", " << mb(res.bytes) << ") to "
      << out.string() << " as GGUF arch '" << res.architecture << "'.\n";
    if (res.architecture == "deci")
        s << "llama.cpp: loads it with each layer's own widths (arch deci, per-layer arrays); its llama graph "
             "would take every layer's widths from layer 0.\n";
    else if (res.per_layer_arrays)
        s << "llama.cpp: its " << res.architecture << " graph sizes every layer from the scalar widths (layer 0), so "
             "this file with per-layer widths does not load there (tensor shape error); PruneBench loads it exactly.\n";
    else if (res.architecture == "qwen2" && !c.layers.empty() && c.layers[0].n_heads * c.head_dim != c.hidden)
        // llama.cpp's qwen2 loader wants attn_q [hidden, hidden] (llama-model.cpp: {n_embd, n_embd}).
        s << "llama.cpp: its qwen2 graph expects a square q_proj (query heads x head dim = hidden " << c.hidden
          << "), so this file with " << c.layers[0].n_heads << " query heads does not load there (tensor shape "
          << "error); PruneBench loads it exactly.\n";
    else
        s << "llama.cpp: loads it as a plain " << res.architecture << " model.\n";
    for (const auto& n : res.notes) s << "note: " << n << "\n";
    res.summary = s.str();
    reportProgress(progress, 1.0, "exported");
    return res;
}

} // namespace pb
