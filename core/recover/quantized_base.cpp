#include "core/recover/quantized_base.h"

#include <chrono>
#include <cmath>
#include <set>

#include <torch/torch.h>

#include "core/arch/family.h"
#include "core/graph/dependency_graph.h"
#include "core/graph/plan_cut.h"
#include "core/io/gguf.h"
#include "core/model/devices.h"
#include "core/model/layer_fetch.h"
#include "core/model/model_files.h"
#include "core/model/weights_gguf.h"
#include "core/plan/block_presence.h"
#include "core/prune/apply.h"
#include "core/prune/bias_compensation.h"
#include "core/recover/quantized_linear.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

constexpr size_t kProjections = 7;

// The Projection of a block weight role, or -1 for roles that are no projection (norms).
int projectionIndex(TensorRole role) {
    for (size_t p = 0; p < kProjections; ++p)
        if (kProjectionRole[p] == role) return int(p);
    return -1;
}

// [rows, inputs] with one element of storage (NaN): shapes for the readers, no weight data.
torch::Tensor placeholder(int64_t rows, int64_t inputs, torch::ScalarType dtype, torch::Device device) {
    return torch::full({1, 1}, NAN, torch::TensorOptions().dtype(dtype).device(device)).expand({rows, inputs});
}

// Sends every projection of `m` to `q` (the placeholder weight it is given is not read).
void routeToQuantized(LlamaModel& m, std::shared_ptr<const QuantizedLayers> q) {
    m.linear_override = [q](size_t layer, Projection p, const torch::Tensor& x, const torch::Tensor&,
                            const torch::Tensor& b) { return quantizedLinear(x, (*q)[layer][size_t(p)], b); };
}

// `t` with only the kept indices of each dim the cut names (core/prune/apply's rule for
// the float tensors of the whole model).
torch::Tensor cutGlobal(const torch::Tensor& t, const TensorCut* cut) {
    if (!cut) return t;
    torch::Tensor out = t;
    for (size_t d = 0; d < cut->keep.size(); ++d) {
        if (cut->keep[d].empty()) continue;
        out = out.index_select(int64_t(d), torch::tensor(cut->keep[d], torch::kInt64).to(t.device())).contiguous();
    }
    return out;
}

const std::vector<int64_t>& keptAlong(const TensorCut& c, size_t dim) {
    static const std::vector<int64_t> all;
    return dim < c.keep.size() ? c.keep[dim] : all;
}

// One projection's ggml bytes from the mapped file onto the device, rows in Hugging Face order.
QuantizedWeight readProjection(const gguf::TensorInfo& info, const std::string& file, TensorRole role,
                               const ModelConfig& c, size_t layer, bool interleaved, torch::Device device) {
    const auto shape = info.torchShape();  // [out, in]
    if (shape.size() != 2)
        throw Error("'" + file + "': projection '" + info.name + "' is not 2-D");
    auto raw = torch::from_blob(const_cast<uint8_t*>(info.data), {int64_t(info.nbytes)}, torch::kUInt8);
    raw = device.is_cpu() ? raw.clone() : raw.to(device);  // [nbytes], a copy: the mapping is closed after loading
    QuantizedWeight w;
    try {
        w = makeQuantizedWeight(info.type, raw, shape[0], shape[1]);
    } catch (const Error& e) {
        throw Error("'" + file + "': tensor '" + info.name + "': " + e.what());
    }
    if (interleaved && (role == TensorRole::Q || role == TensorRole::K)) {  // whole rows move: ggml blocks stay intact
        const LayerDims& d = c.layers[layer];
        w.raw = unpermuteGgufRows(w.raw, role == TensorRole::Q ? d.n_heads : d.n_kv_heads, c.head_dim);
    }
    if (!torch::isfinite(w.dequantize(torch::kFloat32)).all().item<bool>())
        throw Error("'" + file + "': tensor '" + info.name + "' contains NaN or infinite values");
    return w;
}

} // namespace

int64_t QuantizedBase::quantizedBytes() const {
    int64_t n = 0;
    if (quantized)
        for (const auto& layer : *quantized)
            for (const auto& w : layer) n += w.bytes();
    return n;
}

int64_t QuantizedBase::floatBytes() const {
    if (!model) return 0;
    std::set<const void*> seen;
    int64_t n = 0;
    auto add = [&](const torch::Tensor& t) {
        if (t.defined() && seen.insert(t.storage().unsafeGetStorageImpl()).second) n += int64_t(t.storage().nbytes());
    };
    for (const auto& [name, t] : model->namedTensors()) add(t);
    add(model->lm_head);
    return n;
}

LlamaModel QuantizedBase::dequantized() const {
    torch::NoGradGuard ng;
    LlamaModel m = *model;
    m.linear_override = {};
    for (size_t i = 0; i < m.layers.size(); ++i)
        for (size_t p = 0; p < kProjections; ++p) {
            const QuantizedWeight& w = (*quantized)[i][p];
            if (w.defined()) *layerSlot(m.layers[i], kProjectionRole[p], false) = w.dequantize(m.dtype()).contiguous();
        }
    m.checkShapes();
    return m;
}

QuantizedBase loadQuantizedBase(const fs::path& path, const LoadOptions& options, const ProgressFn& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    torch::NoGradGuard ng;
    const torch::Device device = parseDevice(options.device);
    const torch::ScalarType dtype = parseDtype(options.dtype, device);
    reportProgress(progress, 0.0, "reading " + path.filename().string());
    ModelFiles files = openModelFiles(path);  // config, tokenizer, every tensor's shape checked
    if (!files.gguf)
        throw Error("'" + files.source.string() + "' is a Hugging Face folder: a quantized base needs a GGUF file "
                    "(its weights are float, so there is nothing quantized to keep; train on it without a "
                    "quantized base)");
    const ModelConfig& c = files.config;
    const std::string file = files.weightsFile();
    const bool interleaved = familyByName(c.family)->gguf_qk_interleaved;
    auto src = makeGgufWeightSource(*files.gguf, c);  // the float tensors, as the loader reads them
    auto fetchFloat = [&](TensorRole role, int layer, bool bias, bool required) {
        torch::Tensor t = src->get(role, layer, bias);
        if (!t.defined()) {
            if (required) throw Error("'" + file + "': tensor '" + src->nameOf(role, layer, bias) + "' is missing from the model file");
            return t;
        }
        if (!torch::isfinite(t).all().item<bool>())
            throw Error("'" + file + "': tensor '" + src->nameOf(role, layer, bias) + "' contains NaN or infinite values");
        return t.to(device, dtype);
    };

    auto q = std::make_shared<QuantizedLayers>(c.layers.size());
    auto m = std::make_shared<LlamaModel>();
    m->config = c;
    m->embed = fetchFloat(TensorRole::Embed, 0, false, true);
    m->layers.resize(c.layers.size());
    for (size_t i = 0; i < c.layers.size(); ++i) {
        reportProgress(progress, 0.1 + 0.85 * double(i) / double(c.layers.size()), "loading layer " + std::to_string(i));
        m->layers[i] = fetchLayer(c, i, [&](TensorRole role, int layer, bool bias, bool required) {
            const int p = bias ? -1 : projectionIndex(role);
            if (p < 0) return fetchFloat(role, layer, bias, required);
            const std::string name = ggufTensorName(role, layer, false);
            const gguf::TensorInfo* info = files.gguf->findTensor(name);
            if (!info) {
                if (required) throw Error("'" + file + "': tensor '" + name + "' is missing from the model file");
                return torch::Tensor();
            }
            QuantizedWeight& w = (*q)[i][size_t(p)];
            w = readProjection(*info, file, role, c, i, interleaved, device);
            return placeholder(w.rows(), w.inputs(), dtype, device);
        });
    }
    m->final_norm = fetchFloat(TensorRole::FinalNorm, 0, false, true);
    m->lm_head = c.tie_embeddings ? m->embed : fetchFloat(TensorRole::LmHead, 0, false, true);
    m->checkShapes();
    routeToQuantized(*m, q);

    QuantizedBase out;
    out.source = files.source;
    out.tokenizer = files.tokenizer;
    out.model = m;
    out.quantized = q;
    reportProgress(progress, 1.0, "ready");
    out.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

QuantizedBase applyPlanQuantized(const QuantizedBase& base, const PruningPlan& plan) {
    const LlamaModel& src = *base.model;
    const ModelConfig& c = src.config;
    plan.validate(c);
    requirePlanKeepsBlocks(c, plan);
    if (!plan.resolved()) throw Error("the plan gives ratios but no unit indices: score the model to resolve it first");
    torch::NoGradGuard ng;
    const DependencyGraph graph = buildDependencyGraph(c);
    const PlanCut cut = planCut(graph, plan);

    auto q = std::make_shared<QuantizedLayers>();
    auto m = std::make_shared<LlamaModel>();
    m->config = prunedConfig(c, plan);
    for (size_t i = 0; i < c.layers.size(); ++i) {
        if (cut.dropsBlock(int(i))) continue;
        LayerWeights w = src.layers[i];
        std::array<QuantizedWeight, 7> ql = (*base.quantized)[i];
        // FLAP's bias compensation reads the dense o_proj/down_proj: dequantized for it alone.
        LayerWeights dense;
        if (plan.compensatesBiases())
            for (const auto& [p, field] : {std::pair{Projection::O, &LayerWeights::wo}, {Projection::Down, &LayerWeights::w_down}})
                dense.*field = ql[size_t(p)].defined() ? ql[size_t(p)].dequantize(src.dtype()) : w.*field;
        for (size_t p = 0; p < kProjections; ++p) {
            if (!ql[p].defined()) continue;
            const TensorRole role = kProjectionRole[p];
            const TensorCut* tc = cut.find(graph, role, int(i));
            if (!tc)
                throw Error("tensor '" + hfTensorName(role, int(i), false, c.family) +
                            "' is in the model but not in its dependency graph");
            ql[p] = ql[p].cut(keptAlong(*tc, 0), keptAlong(*tc, 1));  // rows as ggml bytes, columns as an index
            *layerSlot(w, role, false) = torch::Tensor();           // cutLayer below cuts the float tensors only
        }
        w = cutLayer(w, graph, cut, int(i));
        if (plan.compensatesBiases()) compensateLayer(w, dense, graph, cut, int(i), plan);
        for (size_t p = 0; p < kProjections; ++p)
            if (ql[p].defined())
                *layerSlot(w, kProjectionRole[p], false) = placeholder(ql[p].rows(), ql[p].inputs(), src.dtype(), src.device());
        m->layers.push_back(std::move(w));
        q->push_back(std::move(ql));
    }
    m->embed = cutGlobal(src.embed, cut.find(graph, TensorRole::Embed, -1));
    m->final_norm = cutGlobal(src.final_norm, cut.find(graph, TensorRole::FinalNorm, -1));
    m->lm_head = c.tie_embeddings ? m->embed : cutGlobal(src.lm_head, cut.find(graph, TensorRole::LmHead, -1));
    fillAnnouncedBiases(*m);
    m->checkShapes();
    routeToQuantized(*m, q);

    QuantizedBase out = base;
    out.model = m;
    out.quantized = q;
    return out;
}

} // namespace pb
