#include "core/recover/lora.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <set>

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/io/half.h"
#include "core/io/json_input.h"
#include "core/io/safetensors.h"
#include "core/util/atomic_write.h"
#include "core/util/error.h"

namespace pb {

namespace fs = std::filesystem;

namespace {

constexpr std::array<Projection, 7> kAll = {Projection::Q,    Projection::K,  Projection::V,   Projection::O,
                                             Projection::Gate, Projection::Up, Projection::Down};

const torch::Tensor& weightOf(const LayerWeights& w, Projection p) {
    return *layerSlot(w, kProjectionRole[static_cast<size_t>(p)], false);  // the role -> field table
}

torch::Tensor& weightOf(LayerWeights& w, Projection p) {
    return const_cast<torch::Tensor&>(weightOf(static_cast<const LayerWeights&>(w), p));
}

bool isAttention(Projection p) { return p == Projection::Q || p == Projection::K || p == Projection::V || p == Projection::O; }

bool present(const LlamaModel& model, size_t layer, Projection p) {
    const LayerDims& d = model.config.layers[layer];
    return (isAttention(p) ? d.hasAttention() : d.hasMlp()) && weightOf(model.layers[layer], p).defined();
}

torch::Tensor fromInfo(const st::TensorInfo& info) {
    const int64_t n = static_cast<int64_t>(info.elements());
    auto t = torch::empty(info.shape, torch::kFloat32);
    float* out = t.data_ptr<float>();
    if (info.dtype == st::DType::F32) {
        std::memcpy(out, info.data, size_t(n) * 4);
    } else if (info.dtype == st::DType::BF16 || info.dtype == st::DType::F16) {
        for (int64_t i = 0; i < n; ++i) {
            uint16_t h;
            std::memcpy(&h, info.data + 2 * i, 2);
            out[i] = info.dtype == st::DType::BF16 ? bf16ToFloat(h) : halfToFloat(h);
        }
    } else {
        throw Error("adapter tensor '" + info.name + "' has dtype " + info.dtype_name + " (expected F32, BF16 or F16)");
    }
    return t;
}

} // namespace

const char* projectionName(Projection p) {
    static const char* names[] = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
    return names[static_cast<int>(p)];
}

const char* projectionModule(Projection p) { return isAttention(p) ? "self_attn" : "mlp"; }

Projection projectionFromName(const std::string& name) {
    for (Projection p : kAll)
        if (name == projectionName(p)) return p;
    throw Error("unknown LoRA target module '" + name + "' (use q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)");
}

std::string loraTensorName(size_t layer, Projection proj, bool is_b) {
    return "base_model.model.model.layers." + std::to_string(layer) + "." + projectionModule(proj) + "." +
           projectionName(proj) + (is_b ? ".lora_B.weight" : ".lora_A.weight");
}

LoraSet LoraSet::create(const LlamaModel& model, const LoraConfig& config, uint64_t seed) {
    if (config.rank < 1) throw Error("LoRA rank must be at least 1");
    if (!(config.dropout >= 0.0 && config.dropout < 1.0)) throw Error("LoRA dropout must be in [0, 1)");
    if (config.targets.empty()) throw Error("LoRA needs at least one target module");
    std::set<Projection> targets;
    for (const auto& t : config.targets) targets.insert(projectionFromName(t));
    LoraSet set;
    set.config = config;
    set.layers.resize(model.layers.size());
    auto gen = at::detail::createCPUGenerator(seed);
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    int made = 0;
    for (size_t i = 0; i < model.layers.size(); ++i)
        for (Projection p : kAll) {
            if (!targets.count(p) || !present(model, i, p)) continue;
            const auto& w = weightOf(model.layers[i], p);
            const int64_t out = w.size(0), in = w.size(1);
            const double bound = 1.0 / std::sqrt(double(in));  // kaiming_uniform(a=√5) on [r, in]
            auto A = (torch::rand({config.rank, in}, gen, f32) * (2 * bound) - bound).to(model.device());
            auto B = torch::zeros({out, config.rank}, f32.device(model.device()));
            set.layers[i][static_cast<int>(p)] = {A, B};
            ++made;
        }
    if (made == 0)  // e.g. every block is an identity (no attention, no MLP): nothing would train
        throw Error("LoRA found none of its target projections in the model (no block has the targeted attention "
                    "or MLP weights): there is nothing to train");
    return set;
}

torch::Tensor LoraSet::delta(size_t layer, Projection proj, const torch::Tensor& x) const {
    if (layer >= layers.size()) return {};
    const LoraPair& ab = layers[layer][static_cast<int>(proj)];
    if (!ab.defined()) return {};
    // The math runs in the activations' dtype (bf16 on the GPU: no float32 copy of x).
    // While training, the adapters already are in that dtype (FlatAdamW keeps float32
    // masters), so the casts below are no-ops.
    const auto dt = x.scalar_type();
    auto xd = training && config.dropout > 0.0 ? torch::dropout(x, config.dropout, true) : x;  // [..., in]
    auto h = torch::matmul(xd, ab.A.to(dt).t()) * config.scale();                             // [..., r]
    return torch::matmul(h, ab.B.to(dt).t());                                                  // [..., out]
}

void LoraSet::mergeInto(LlamaModel& model) const {
    torch::NoGradGuard ng;
    if (layers.size() != model.layers.size()) throw Error("adapters were made for a model with a different number of layers");
    for (size_t i = 0; i < layers.size(); ++i)
        for (Projection p : kAll) {
            const LoraPair& ab = layers[i][static_cast<int>(p)];
            if (!ab.defined()) continue;
            torch::Tensor& w = weightOf(model.layers[i], p);
            auto delta = torch::matmul(ab.B.to(w.device()), ab.A.to(w.device())) * config.scale();  // [out, in] f32
            w = (w.to(torch::kFloat32) + delta).to(w.scalar_type()).contiguous();
        }
}

std::vector<torch::Tensor> LoraSet::parameters() const {
    std::vector<torch::Tensor> out;
    for (const auto& l : layers)
        for (const auto& ab : l)
            if (ab.defined()) out.push_back(ab.A), out.push_back(ab.B);
    return out;
}

std::vector<torch::Tensor*> LoraSet::parameterSlots() {
    std::vector<torch::Tensor*> out;
    for (auto& l : layers)
        for (auto& ab : l)
            if (ab.defined()) out.push_back(&ab.A), out.push_back(&ab.B);
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> LoraSet::namedTensors() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (size_t i = 0; i < layers.size(); ++i)
        for (Projection p : kAll) {
            const auto& ab = layers[i][static_cast<int>(p)];
            if (!ab.defined()) continue;
            out.emplace_back(loraTensorName(i, p, false), ab.A);
            out.emplace_back(loraTensorName(i, p, true), ab.B);
        }
    return out;
}

int64_t LoraSet::parameterCount() const {
    int64_t n = 0;
    for (const auto& t : parameters()) n += t.numel();
    return n;
}

LoraSet LoraSet::clone() const {
    LoraSet c;
    c.config = config;
    c.training = training;
    c.layers.resize(layers.size());
    for (size_t i = 0; i < layers.size(); ++i)
        for (size_t j = 0; j < 7; ++j)
            if (layers[i][j].defined()) c.layers[i][j] = {layers[i][j].A.detach().clone(), layers[i][j].B.detach().clone()};
    return c;
}

void LoraSet::to(torch::Device device) {
    for (auto& l : layers)
        for (auto& ab : l)
            if (ab.defined()) ab = {ab.A.to(device), ab.B.to(device)};
}

void LoraSet::save(const fs::path& dir, const std::string& base_model) const {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create folder " + dir.string() + ": " + ec.message());
    nlohmann::ordered_json cfg;
    cfg["peft_type"] = "LORA";
    cfg["task_type"] = "CAUSAL_LM";
    cfg["base_model_name_or_path"] = base_model;
    cfg["revision"] = nullptr;
    cfg["inference_mode"] = true;
    cfg["r"] = config.rank;
    cfg["lora_alpha"] = config.alpha;
    cfg["lora_dropout"] = config.dropout;
    cfg["target_modules"] = config.targets;
    cfg["exclude_modules"] = nullptr;
    cfg["fan_in_fan_out"] = false;
    cfg["bias"] = "none";
    cfg["use_rslora"] = false;
    cfg["modules_to_save"] = nullptr;
    cfg["init_lora_weights"] = true;
    cfg["layers_to_transform"] = nullptr;
    cfg["layers_pattern"] = nullptr;
    cfg["rank_pattern"] = nlohmann::ordered_json::object();
    cfg["alpha_pattern"] = nlohmann::ordered_json::object();
    cfg["use_dora"] = false;
    std::vector<torch::Tensor> keep;
    std::vector<st::TensorToWrite> tensors;
    for (const auto& [name, t] : namedTensors()) {
        auto c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        keep.push_back(c);
        tensors.push_back({name, st::DType::F32, c.sizes().vec(), c.data_ptr(), uint64_t(c.numel()) * 4});
    }
    st::write(dir / "adapter_model.safetensors", tensors, {{"format", "pt"}});
    writeFileAtomic((dir / "adapter_config.json").string(), cfg.dump(2) + "\n");
}

LoraSet LoraSet::load(const fs::path& where, const LlamaModel& model) {
    fs::path dir = where, weights = where / "adapter_model.safetensors";
    if (where.extension() == ".safetensors") dir = where.parent_path(), weights = where;
    const fs::path cfg_path = dir / "adapter_config.json";
    const nlohmann::json cfg = jsonin::readFile(cfg_path, limits::kMaxConfigJsonBytes);
    if (cfg.value("peft_type", std::string("LORA")) != "LORA") throw Error(cfg_path.string() + ": peft_type is not LORA");
    if (cfg.value("fan_in_fan_out", false)) throw Error(cfg_path.string() + ": fan_in_fan_out adapters are not supported");
    if (cfg.value("use_rslora", false) || cfg.value("use_dora", false))
        throw Error(cfg_path.string() + ": rsLoRA/DoRA adapters are not supported");
    if (cfg.contains("rank_pattern") && cfg["rank_pattern"].is_object() && !cfg["rank_pattern"].empty())
        throw Error(cfg_path.string() + ": rank_pattern is not supported (one global r)");
    LoraSet set;
    set.config.rank = cfg.value("r", 8);
    set.config.alpha = cfg.value("lora_alpha", 8.0);
    set.config.dropout = cfg.value("lora_dropout", 0.0);
    set.config.targets.clear();
    if (cfg.contains("target_modules") && cfg["target_modules"].is_array())
        for (const auto& t : cfg["target_modules"]) set.config.targets.push_back(t.get<std::string>());
    set.layers.resize(model.layers.size());
    st::File file = st::File::open(weights);
    std::set<std::string> used;
    for (size_t i = 0; i < model.layers.size(); ++i)
        for (Projection p : kAll) {
            const st::TensorInfo* a = file.find(loraTensorName(i, p, false));
            const st::TensorInfo* b = file.find(loraTensorName(i, p, true));
            if (!a && !b) continue;
            if (!a || !b) throw Error(weights.string() + ": only one of lora_A/lora_B for layer " + std::to_string(i) + " " + projectionName(p));
            if (!present(model, i, p))
                throw Error(weights.string() + ": adapter for " + projectionName(p) + " of layer " + std::to_string(i) + ", which the model does not have");
            const auto& w = weightOf(model.layers[i], p);
            const std::vector<int64_t> sa = {set.config.rank, w.size(1)}, sb = {w.size(0), set.config.rank};
            if (a->shape != sa || b->shape != sb)
                throw Error(weights.string() + ": '" + a->name + "'/'" + b->name + "' do not fit the model's " + projectionName(p) +
                            " of layer " + std::to_string(i) + " (expected A [" + std::to_string(sa[0]) + ", " + std::to_string(sa[1]) +
                            "], B [" + std::to_string(sb[0]) + ", " + std::to_string(sb[1]) + "])");
            set.layers[i][static_cast<int>(p)] = {fromInfo(*a).to(model.device()), fromInfo(*b).to(model.device())};
            used.insert(a->name), used.insert(b->name);
        }
    for (const auto& t : file.tensors())
        if (!used.count(t.name)) throw Error(weights.string() + ": unexpected tensor '" + t.name + "' (layer index beyond the model, or not a LoRA A/B of a projection)");
    if (used.empty()) throw Error(weights.string() + ": no LoRA tensors");
    return set;
}

LoraAttachment::LoraAttachment(LlamaModel& model, const LoraSet& lora) : model_(model), previous_(model.linear_hook) {
    const LoraSet* l = &lora;
    model.linear_hook = [l](size_t layer, Projection proj, const torch::Tensor& x) { return l->delta(layer, proj, x); };
}

LoraAttachment::~LoraAttachment() { model_.linear_hook = previous_; }

} // namespace pb
