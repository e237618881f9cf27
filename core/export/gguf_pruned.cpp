#include "core/export/gguf_pruned.h"

#include <cstring>
#include <map>
#include <vector>
#include <memory>
#include <set>

#include <unistd.h>

#include "core/arch/config_io.h"
#include "core/export/gguf_internal.h"
#include "core/io/gguf.h"
#include "core/io/gguf_writer.h"
#include "core/model/model_files.h"
#include "core/graph/plan_cut.h"
#include "core/plan/block_presence.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/stale_temp.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

// Which indices of a tensor the plan keeps: rows (its output dim, HF dim 0 = GGUF ne[1]; a
// bias's elements) or columns (its input, HF dim 1 = GGUF ne[0]).
struct Cut {
    std::vector<int64_t> rows;  // empty = all
    std::vector<int64_t> cols;  // empty = all
};

Cut cutOf(const TensorCut* t) {
    Cut c;
    if (!t) return c;
    if (!t->keep.empty()) c.rows = t->keep[0];
    if (t->keep.size() > 1) c.cols = t->keep[1];
    return c;
}

// Columns that are whole, aligned quantization blocks: the kept block indices, else empty.
std::vector<int64_t> wholeBlocks(const std::vector<int64_t>& cols, int64_t per) {
    if (per <= 1 || cols.size() % size_t(per) != 0) return {};
    std::vector<int64_t> blocks;
    for (size_t k = 0; k < cols.size(); k += size_t(per)) {
        if (cols[k] % per != 0) return {};
        for (int64_t j = 1; j < per; ++j)
            if (cols[k + size_t(j)] != cols[k] + j) return {};
        blocks.push_back(cols[k] / per);
    }
    return blocks;
}

bool canQuantize(gguf::GgmlType t) {
    using gguf::GgmlType;
    return t == GgmlType::F32 || t == GgmlType::F16 || t == GgmlType::BF16 || t == GgmlType::Q8_0 ||
           t == GgmlType::Q4_0 || t == GgmlType::Q4_1;
}

// Adds `info` under `name` with `cut` applied; counts how its bytes were made.
void addCut(gguf::Writer& w, const gguf::TensorInfo& info, const std::string& name, const Cut& cut,
            PrunedGgufResult& res, std::vector<std::string>& as_f16) {
    const uint64_t cols = info.ne[0], rows = info.elements() / cols;
    const uint64_t per = gguf::blockElems(info.type), bsize = gguf::blockBytes(info.type);
    const uint64_t row_bytes = cols / per * bsize;
    const std::vector<int64_t> rows_kept = cut.rows;
    std::vector<uint64_t> ne = info.ne;
    const uint8_t* src = info.data;
    if (cut.cols.empty()) {  // whole rows: bytes as they are
        if (rows_kept.empty()) {
            w.addTensor(name, info.type, ne, [src](uint8_t* dst, uint64_t n) { std::memcpy(dst, src, n); });
        } else if (info.ne.size() == 1) {  // a bias [n]: its elements are the rows
            const uint64_t esize = bsize / per;
            w.addTensor(name, info.type, {uint64_t(rows_kept.size())}, [src, rows_kept, esize](uint8_t* dst, uint64_t) {
                for (size_t k = 0; k < rows_kept.size(); ++k)
                    std::memcpy(dst + k * esize, src + uint64_t(rows_kept[k]) * esize, esize);
            });
        } else {  // [rows, cols]: ne = {cols, rows}
            ne[1] = rows_kept.size();
            w.addTensor(name, info.type, ne, [src, rows_kept, row_bytes](uint8_t* dst, uint64_t) {
                for (size_t k = 0; k < rows_kept.size(); ++k)
                    std::memcpy(dst + k * row_bytes, src + uint64_t(rows_kept[k]) * row_bytes, row_bytes);
            });
        }
        ++res.copied_tensors;
        return;
    }
    if (!rows_kept.empty()) throw Error("internal: tensor '" + info.name + "' cut in both dimensions");
    const std::vector<int64_t> kept = cut.cols;
    ne[0] = kept.size();
    const std::vector<int64_t> blocks = per > 1 ? wholeBlocks(kept, int64_t(per)) : std::vector<int64_t>{};
    if (per == 1 || !blocks.empty()) {  // element or whole-block columns: bytes as they are
        const uint64_t unit = bsize;  // one element, or one block
        const std::vector<int64_t> pick = per == 1 ? kept : blocks;
        const uint64_t out_row = pick.size() * unit;
        w.addTensor(name, info.type, ne, [src, pick, unit, row_bytes, out_row, rows](uint8_t* dst, uint64_t) {
            for (uint64_t r = 0; r < rows; ++r)
                for (size_t k = 0; k < pick.size(); ++k)
                    std::memcpy(dst + r * out_row + k * unit, src + r * row_bytes + uint64_t(pick[k]) * unit, unit);
        });
        ++res.copied_tensors;
        return;
    }
    // Columns through quantization blocks: dequantize each row, keep the columns, quantize.
    gguf::GgmlType out_type = info.type;
    if (!canQuantize(out_type) || kept.size() % per != 0) {
        out_type = gguf::GgmlType::F16;
        as_f16.push_back(name);
    }
    const uint64_t out_row = kept.size() / gguf::blockElems(out_type) * gguf::blockBytes(out_type);
    const gguf::GgmlType in_type = info.type;
    w.addTensor(name, out_type, ne, [src, kept, in_type, out_type, cols, rows, row_bytes, out_row](uint8_t* dst, uint64_t) {
        std::vector<float> full(cols), part(kept.size());
        for (uint64_t r = 0; r < rows; ++r) {
            gguf::dequantize(in_type, src + r * row_bytes, full.data(), cols);
            for (size_t k = 0; k < kept.size(); ++k) part[k] = full[size_t(kept[k])];
            gguf::quantize(out_type, part.data(), dst + r * out_row, part.size());
        }
    });
    ++res.requantized_tensors;
}

// A 1-D tensor (a norm) times `factor`, written as F32.
void addScaled(gguf::Writer& w, const gguf::TensorInfo& info, const std::string& name, double factor) {
    const uint64_t n = info.elements();
    const uint8_t* src = info.data;
    const gguf::GgmlType type = info.type;
    w.addTensor(name, gguf::GgmlType::F32, {n}, [src, n, type, factor](uint8_t* dst, uint64_t) {
        std::vector<float> v(n);
        gguf::dequantize(type, src, v.data(), n);
        for (float& x : v) x = static_cast<float>(x * factor);
        std::memcpy(dst, v.data(), n * sizeof(float));
    });
}

// FLAP's bias compensation from the file (core/prune/bias_compensation.h): W[:, removed] ·
// mean[removed] of a projection [rows = outputs, cols = inputs], each ggml row dequantized once,
// plus the source's bias `b` (nullptr: none). Empty when no input column is removed.
std::vector<float> compensatedBias(const gguf::TensorInfo& w, const std::vector<int64_t>& kept_cols,
                                   const std::vector<double>& mean, const gguf::TensorInfo* b) {
    const uint64_t cols = w.ne[0], rows = w.elements() / cols;
    if (kept_cols.empty()) return {};
    if (mean.size() != cols)
        throw Error("bias compensation: " + std::to_string(mean.size()) + " input means for '" + w.name + "' with " +
                    std::to_string(cols) + " inputs");
    std::vector<double> removed_mean = mean;  // the mean of the removed columns, 0 for the kept ones
    for (int64_t k : kept_cols) removed_mean[size_t(k)] = 0.0;
    const uint64_t row_bytes = cols / gguf::blockElems(w.type) * gguf::blockBytes(w.type);
    std::vector<float> out(rows, 0.0f), row(cols);
    if (b) gguf::dequantize(b->type, b->data, out.data(), rows);
    for (uint64_t r = 0; r < rows; ++r) {
        gguf::dequantize(w.type, w.data + r * row_bytes, row.data(), cols);
        double s = 0;
        for (uint64_t c = 0; c < cols; ++c) s += double(row[c]) * removed_mean[c];
        out[r] = static_cast<float>(double(out[r]) + s);
    }
    return out;
}

void addF32(gguf::Writer& w, const std::string& name, std::vector<float> v) {
    const uint64_t n = v.size();
    w.addTensor(name, gguf::GgmlType::F32, {n}, [v = std::move(v)](uint8_t* dst, uint64_t) {
        std::memcpy(dst, v.data(), v.size() * sizeof(float));
    });
}

} // namespace

PrunedGgufResult writePrunedGguf(const fs::path& source, const PruningPlan& plan, const fs::path& out_file,
                                 const ProgressFn& progress, const std::vector<SourcePath>& other_sources) {
    const gguf::File src = gguf::File::open(source);
    ModelConfig c = ggufModelConfig(src);  // the loader's config, biases of any block announced
    checkGgufTensors(src, c);  // the loader's tensor check: the file's shapes are what the config says
    plan.validate(c);
    requirePlanKeepsBlocks(c, plan);
    if (!plan.resolved()) throw Error("the plan gives ratios but no unit indices: score the model to resolve it first");
    if (plan.hidden_keep) throw Error("plans that remove hidden channels cannot be written from the file; load the model");
    const std::unique_ptr<Tokenizer> tokenizer = Tokenizer::fromGguf(src);
    const ModelConfig pruned = prunedConfig(c, plan);
    PrunedGgufResult res;
    res.architecture = ggufExportArch(pruned, "auto");
    for (size_t i = 0; i < pruned.layers.size(); ++i)  // exportGguf pads such a layer (gguf_mlp_pad.h); not from the file
        if (pruned.layers[i].hasAttention() && !pruned.layers[i].hasMlp())
            throw Error("GGUF export from the file: layer " + std::to_string(i) + " keeps attention but has no MLP, "
                        "which llama.cpp's deci graph computes as an identity (models/deci.cpp: `if (n_ff == 0) "
                        "continue;` drops the attention output); export the loaded model instead (prune --out, "
                        "export), which writes a zero one-channel MLP there");
    res.parameters = pruned.totalParams();
    const fs::path out = checkGgufTarget(out_file, source, other_sources);
    res.file = out;

    gguf::Writer w;
    addGgufHparams(w, pruned, res.architecture, "f32", src.getString("general.name").value_or("model") + " (PruneBench)",
                   res.notes);
    for (const char* key : {"general.file_type", "general.quantization_version"})  // the source's, not f32's
        if (const gguf::Value* v = src.find(key)) w.set(key, *v);
    addGgufTokenizer(w, *tokenizer, source, res.notes);

    const DependencyGraph graph = buildDependencyGraph(c);
    const PlanCut cut = planCut(graph, plan);  // what each tensor keeps, from the graph's groups
    std::map<std::string, const TensorCut*> by_name;  // GGUF tensor name -> its cut
    std::set<int64_t> cut_layers;                     // blocks some tensor of which loses indices
    for (const TensorCut& t : cut.tensors) {
        const TensorNode& n = graph.nodes[size_t(t.node)];
        by_name[ggufTensorName(n.role, n.layer, n.bias)] = &t;
        if (n.layer >= 0 && t.cuts()) cut_layers.insert(n.layer);
    }
    const std::set<int64_t> dropped(cut.dropped_blocks.begin(), cut.dropped_blocks.end());  // the block groups it cuts
    std::map<int64_t, int64_t> renumber;  // kept block -> its index in the pruned model
    std::vector<std::string> as_f16;      // tensors whose type could not be kept
    for (int64_t i = 0, j = 0; i < c.numLayers(); ++i)
        if (!dropped.count(i)) renumber[i] = j++;
    // gemma3: llama.cpp's query scale depends on the layer count (27B rule); where the pruned
    // model's differs from the source's, q_norm takes the ratio (gguf_hparams.cpp ggufQueryFold).
    const double fold = ggufQueryFold(pruned) / ggufQueryFold(c);
    if (fold != 1.0)
        res.notes.push_back("llama.cpp's query scale differs for the pruned layer count: attn_q_norm scaled by " +
                            std::to_string(fold));
    // FLAP's bias compensation: each kept block's o_proj / down_proj bias, computed from the
    // file's weights and the plan's means (source name -> values), and zero biases for the
    // blocks the compensation leaves alone where the pruned config announces them.
    std::map<std::string, std::vector<float>> biases;
    for (const auto& [i, j] : renumber) {
        const LayerDims& d = pruned.layers[size_t(j)];  // a removed sub-block gets no bias
        const LayerPlan* lp = plan.compensatesBiases() && size_t(i) < plan.layers.size() ? &plan.layers[size_t(i)] : nullptr;
        struct Site {
            TensorRole role;
            bool present, announced;
            const std::vector<double>* mean;
        };
        const Site sites[] = {{TensorRole::O, d.hasAttention(), pruned.o_bias, lp ? &lp->o_proj_input_mean : nullptr},
                              {TensorRole::Down, d.hasMlp(), pruned.hasDownBias(), lp ? &lp->down_proj_input_mean : nullptr}};
        for (const Site& s : sites) {
            if (!s.present || !s.announced) continue;
            const std::string bname = ggufTensorName(s.role, int(i), true);
            const gguf::TensorInfo* b = src.findTensor(bname);
            std::vector<float> v;
            if (s.mean && !s.mean->empty()) {
                const TensorCut* wc = cut.find(graph, s.role, int(i));
                v = compensatedBias(*src.findTensor(ggufTensorName(s.role, int(i))), wc && wc->keep.size() > 1 ? wc->keep[1]
                                                                                                    : std::vector<int64_t>{},
                                    *s.mean, b);
            }
            if (v.empty() && !b) v.assign(size_t(c.hidden), 0.0f);  // announced, none in the file
            if (!v.empty()) biases[bname] = std::move(v);
        }
    }
    for (auto& [name, v] : biases) {
        if (src.findTensor(name)) continue;  // replaces the source's bias where it stands below
        const size_t dot = name.find('.', 4);
        addF32(w, "blk." + std::to_string(renumber.at(std::stoll(name.substr(4, dot - 4)))) + name.substr(dot), v);
    }
    if (!biases.empty())
        res.notes.push_back("o_proj/down_proj biases of FLAP's bias compensation written as F32 "
                            "(llama.cpp reads attn_output.bias and ffn_down.bias as optional tensors)");
    for (const gguf::TensorInfo& t : src.tensors()) {
        if (const auto b = biases.find(t.name); b != biases.end()) {  // a source bias the compensation changes
            const size_t dot = t.name.find('.', 4);
            addF32(w, "blk." + std::to_string(renumber.at(std::stoll(t.name.substr(4, dot - 4)))) + t.name.substr(dot),
                   b->second);
            continue;
        }
        const auto found = by_name.find(t.name);
        const TensorCut* tc = found == by_name.end() ? nullptr : found->second;
        if (t.name.rfind("blk.", 0) != 0) {  // embeddings, output norm, lm_head, rope_freqs
            addCut(w, t, t.name, cutOf(tc), res, as_f16);
            continue;
        }
        const size_t dot = t.name.find('.', 4);
        const int64_t i = std::stoll(t.name.substr(4, dot - 4));
        if (dropped.count(i)) continue;
        const std::string suffix = t.name.substr(dot + 1);
        if (fold != 1.0 && t.name == ggufTensorName(TensorRole::QNorm, int(i)) && t.ne.size() == 1) {
            addScaled(w, t, "blk." + std::to_string(renumber.at(i)) + "." + suffix, fold);
            ++res.requantized_tensors;
            continue;
        }
        if (tc && tc->dropped) continue;  // its sub-block (the attention or MLP alone) is removed
        if (!tc && cut_layers.count(i))  // e.g. a bias the config does not announce: nothing says how it follows
            throw Error("tensor '" + t.name + "' is not in the dependency graph of the model's config: a plan that "
                        "cuts block " + std::to_string(i) + " cannot cut it");
        addCut(w, t, "blk." + std::to_string(renumber.at(i)) + "." + suffix, cutOf(tc), res, as_f16);
    }
    if (!as_f16.empty())
        res.notes.push_back(std::to_string(as_f16.size()) + " tensor(s) written as F16 (exact values): their kept "
                            "columns are not whole blocks of the source type (" + as_f16.front() + (as_f16.size() > 1 ? ", ..." : "") + ")");
    res.bytes = w.fileSize();
    checkGgufSpace(out, res.bytes, GgufExportOptions{});

    const fs::path tmp = tempPathFor(out);
    std::error_code ec;
    try {
        w.write(tmp, progress, 0.0, 0.95);
        const gguf::File back = gguf::File::open(tmp);  // the strict reader accepts it, with the pruned shape
        if (configFromGguf(back).layers != pruned.layers)
            throw Error("internal: the written file's layer widths differ from the plan's");
        fs::rename(tmp, out, ec);
        if (ec) throw Error("cannot move the pruned model into '" + out.string() + "': " + ec.message());
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    reportProgress(progress, 1.0, "written");
    return res;
}

} // namespace pb
