#include "core/plan/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "core/io/json_input.h"
#include "core/io/limits.h"
#include "core/util/atomic_write.h"
#include "core/util/error.h"

namespace pb {

using nlohmann::json;

namespace {

[[noreturn]] void refuse(const std::string& what) { throw Error("plan refused: " + what); }

std::string layerName(size_t i) { return "layer " + std::to_string(i); }

// 0.175831 -> "17.6%"
std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100.0);
    return buf;
}

void checkIndices(const std::vector<int64_t>& keep, int64_t units, const std::string& what) {
    if (keep.empty()) refuse(what + " keeps nothing (a plan may not empty a layer; drop the block instead)");
    for (size_t i = 0; i < keep.size(); ++i) {
        if (keep[i] < 0 || keep[i] >= units)
            refuse(what + " keeps unit " + std::to_string(keep[i]) + ", but there are only " + std::to_string(units));
        if (i > 0 && keep[i] <= keep[i - 1]) refuse(what + " kept units must be ascending and unique");
    }
}

void checkRatio(double r, const std::string& what) {
    if (!std::isfinite(r) || r < 0.0 || r >= 1.0)
        refuse(what + " ratio " + std::to_string(r) + " is outside [0, 1)");
}

bool listed(const std::vector<int64_t>& v, int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// The sub-block lists (dropped_attention, dropped_mlp): layers that exist, ascending, unique, that
// have the sublayer, are not dropped whole, and not both (that is the whole block).
void checkSubBlocks(const PruningPlan& p, const ModelConfig& m, const std::set<int64_t>& dropped) {
    auto check = [&](const std::vector<int64_t>& v, const char* part, bool attention) {
        for (size_t k = 0; k < v.size(); ++k) {
            const int64_t b = v[k];
            if (b < 0 || b >= m.numLayers())
                refuse(std::string("the ") + part + " of layer " + std::to_string(b) + " is removed, but the model has " +
                       std::to_string(m.numLayers()) + " layers");
            if (k > 0 && b <= v[k - 1]) refuse(std::string("the layers whose ") + part + " is removed must be ascending and unique");
            const LayerDims& d = m.layers[size_t(b)];
            if (attention ? !d.hasAttention() : !d.hasMlp())
                refuse(layerName(size_t(b)) + " has no " + part + " to remove");
            if (dropped.count(b))
                refuse(layerName(size_t(b)) + " is dropped whole and its " + part + " removed as a sub-block (give one)");
        }
    };
    check(p.dropped_attention, "attention", true);
    check(p.dropped_mlp, "MLP", false);
    for (int64_t b : p.dropped_attention)
        if (listed(p.dropped_mlp, b))
            refuse(layerName(size_t(b)) + ": both its attention and its MLP are removed, which is the whole block "
                   "(drop block " + std::to_string(b) + " instead)");
}

json optIndices(const std::optional<std::vector<int64_t>>& v) { return v ? json(*v) : json(nullptr); }

// Indices are range-checked in their JSON type (no uint64 -> int64 wrap); which
// indices a model has is validate()'s business.
std::optional<std::vector<int64_t>> readIndices(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    if (!j[key].is_array()) throw Error("plan: '" + std::string(key) + "' must be a list of integers");
    std::vector<int64_t> v;
    v.reserve(j[key].size());
    for (const auto& x : j[key]) {
        if (!x.is_number_integer()) throw Error("plan: '" + std::string(key) + "' must be a list of integers");
        v.push_back(jsonin::integer(x, "plan", key, 0, std::numeric_limits<int64_t>::max()));
    }
    return v;
}

// A list of finite numbers (bias compensation means); absent or null = empty.
std::vector<double> readNumbers(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return {};
    if (!j[key].is_array()) throw Error("plan: '" + std::string(key) + "' must be a list of numbers");
    std::vector<double> v;
    v.reserve(j[key].size());
    for (const auto& x : j[key]) {
        if (!x.is_number() || !std::isfinite(x.get<double>()))
            throw Error("plan: '" + std::string(key) + "' must be a list of finite numbers");
        v.push_back(x.get<double>());
    }
    return v;
}

double readNumber(const json& j, const char* key, double def) {
    if (!j.contains(key) || j[key].is_null()) return def;
    if (!j[key].is_number()) throw Error("plan: '" + std::string(key) + "' must be a number");
    return j[key].get<double>();
}

// The one reader of integer plan fields: "plan: 'key' = v is not an integer in [lo, hi]".
int64_t readInteger(const json& j, const char* key, int64_t def, int64_t lo, int64_t hi) {
    if (!j.contains(key) || j[key].is_null()) return def;
    return jsonin::integer(j[key], "plan", key, lo, hi);
}

} // namespace

bool PruningPlan::resolved() const {
    for (const auto& l : layers) {
        if (l.attention_ratio > 0 && !l.attention_keep) return false;
        if (l.mlp_ratio > 0 && !l.mlp_keep) return false;
    }
    return hidden_ratio == 0.0 || hidden_keep.has_value();
}

bool PruningPlan::compensatesBiases() const {
    return bias_compensation.value_or(criterionInfo(criterion).bias_compensation);
}

bool PruningPlan::empty() const {
    for (const auto& l : layers)
        if (l.attention_ratio > 0 || l.mlp_ratio > 0 || l.attention_keep || l.mlp_keep) return false;
    return dropped_blocks.empty() && dropped_attention.empty() && dropped_mlp.empty() && hidden_ratio == 0.0 &&
           !hidden_keep;
}

json PruningPlan::toJson() const {
    json jl = json::array();
    for (const auto& l : layers) {
        json one = {{"attention_ratio", l.attention_ratio}, {"mlp_ratio", l.mlp_ratio},
                    {"attention_keep", optIndices(l.attention_keep)}, {"mlp_keep", optIndices(l.mlp_keep)}};
        if (!l.o_proj_input_mean.empty()) one["o_proj_input_mean"] = l.o_proj_input_mean;
        if (!l.down_proj_input_mean.empty()) one["down_proj_input_mean"] = l.down_proj_input_mean;
        jl.push_back(std::move(one));
    }
    json out = {{"format", "prunebench-plan"}, {"version", 1}, {"criterion", criterionName(criterion)},
            {"aggregation", aggregationName(aggregation)},
            {"attention_unit", attentionUnitName(attention_unit)}, {"ranking", ranking}, {"round_to", round_to},
            {"iterative_steps", iterative_steps},
            {"bias_compensation", bias_compensation ? json(*bias_compensation) : json(nullptr)}, {"layers", jl},
            {"dropped_blocks", dropped_blocks}, {"hidden_ratio", hidden_ratio}, {"hidden_keep", optIndices(hidden_keep)},
            {"calibration", {{"text", calibration}, {"samples", samples}, {"seq_len", seq_len}}}};
    if (!dropped_attention.empty()) out["dropped_attention"] = dropped_attention;
    if (!dropped_mlp.empty()) out["dropped_mlp"] = dropped_mlp;
    return out;
}

PruningPlan PruningPlan::fromJson(const json& j) {
    // "format" of another JSON type must be this message, not nlohmann's type_error (found by fuzz_plan).
    if (!j.is_object() || !j.contains("format") || !j["format"].is_string() || j["format"] != "prunebench-plan")
        throw Error("not a PruneBench plan (expected \"format\": \"prunebench-plan\")");
    if (!j.contains("version") || !j["version"].is_number() || j["version"] != 1)
        throw Error("unsupported plan version (this PruneBench reads version 1)");
    PruningPlan p;
    try {
        // Text fields: of another JSON type, the message names the field (not nlohmann's type_error).
        auto text = [](const json& obj, const char* key, const std::string& def, const std::string& where) {
            if (!obj.contains(key) || obj[key].is_null()) return def;
            if (!obj[key].is_string())
                throw Error("plan: '" + where + key + "' must be a string, found " + obj[key].type_name());
            return obj[key].get<std::string>();
        };
        // Names become enums here; a missing or empty name (older GUI plans of a depth-only
        // run wrote "") keeps the default. The criterion is parsed once the plan is read:
        // a resolved plan's criterion only records what scored it, so an unknown name there
        // (older plans) keeps the default; a ratio plan is resolved with it, so it must be known.
        const std::string criterion = text(j, "criterion", "", "");
        if (const std::string a = text(j, "aggregation", "", ""); !a.empty())
            p.aggregation = parseAggregation(a, "plan aggregation");
        if (const std::string u = text(j, "attention_unit", "", ""); !u.empty())
            p.attention_unit = parseAttentionUnit(u, "plan attention_unit");
        p.ranking = text(j, "ranking", p.ranking, "");
        p.round_to = readInteger(j, "round_to", p.round_to, 1, limits::kMaxRoundTo);
        p.iterative_steps =
            static_cast<int>(readInteger(j, "iterative_steps", p.iterative_steps, 1, limits::kMaxIterativeSteps));
        if (j.contains("bias_compensation") && !j["bias_compensation"].is_null()) {
            if (!j["bias_compensation"].is_boolean()) throw Error("plan: 'bias_compensation' must be true, false or null");
            p.bias_compensation = j["bias_compensation"].get<bool>();
        }
        p.hidden_ratio = readNumber(j, "hidden_ratio", 0.0);
        p.hidden_keep = readIndices(j, "hidden_keep");
        if (auto d = readIndices(j, "dropped_blocks")) p.dropped_blocks = std::move(*d);
        if (auto d = readIndices(j, "dropped_attention")) p.dropped_attention = std::move(*d);
        if (auto d = readIndices(j, "dropped_mlp")) p.dropped_mlp = std::move(*d);
        if (j.contains("layers")) {
            if (!j["layers"].is_array()) throw Error("plan: 'layers' must be a list");
            for (const auto& l : j["layers"]) {
                LayerPlan lp;
                lp.attention_ratio = readNumber(l, "attention_ratio", 0.0);
                lp.mlp_ratio = readNumber(l, "mlp_ratio", 0.0);
                lp.attention_keep = readIndices(l, "attention_keep");
                lp.mlp_keep = readIndices(l, "mlp_keep");
                lp.o_proj_input_mean = readNumbers(l, "o_proj_input_mean");
                lp.down_proj_input_mean = readNumbers(l, "down_proj_input_mean");
                p.layers.push_back(std::move(lp));
            }
        }
        if (j.contains("calibration") && j["calibration"].is_object()) {
            const json& c = j["calibration"];
            p.calibration = text(c, "text", std::string(), "calibration.");
            p.samples = readInteger(c, "samples", p.samples, 0, limits::kMaxCalibrationSamples);
            p.seq_len = readInteger(c, "seq_len", p.seq_len, 0, limits::kMaxSeqLen);
        }
        if (!criterion.empty() && !(p.resolved() && !findCriterion(criterion)))
            p.criterion = parseCriterion(criterion, "plan criterion");
    } catch (const json::exception& e) {
        throw Error(std::string("plan: a field has the wrong type (") + e.what() + ")");
    }
    return p;
}

PruningPlan PruningPlan::load(const std::string& path) {
    const std::string what = "plan '" + path + "'";
    const json j = jsonin::parse(jsonin::readText(path, limits::kMaxConfigJsonBytes, "plan file"), what);
    try {
        return fromJson(j);
    } catch (const Error& e) {
        throw Error(what + ": " + e.what());
    }
}

void PruningPlan::save(const std::string& path) const { writeFileAtomic(path, toJson().dump(2) + "\n"); }

void PruningPlan::validate(const ModelConfig& m) const {
    if (ranking != "local" && ranking != "global" && ranking != "adaptive")
        refuse("ranking must be 'local', 'global' or 'adaptive'");
    if (ranking == "adaptive" && attention_unit != AttentionUnit::Group)
        refuse("the adaptive ranking (FLAP's AL-AM) removes whole KV groups: use attention unit 'group'");
    if (ranking == "adaptive" && iterative_steps > 1)
        refuse("the adaptive ranking (FLAP's AL-AM) is one-shot: use iterative_steps 1");
    if (round_to < 1 || round_to > limits::kMaxRoundTo)
        refuse("round_to " + std::to_string(round_to) + " is outside [1, " + std::to_string(limits::kMaxRoundTo) + "]");
    if (iterative_steps < 1 || iterative_steps > limits::kMaxIterativeSteps)
        refuse("iterative_steps " + std::to_string(iterative_steps) + " is outside [1, " +
               std::to_string(limits::kMaxIterativeSteps) + "]");
    if (!layers.empty() && layers.size() != m.layers.size())
        refuse("it has " + std::to_string(layers.size()) + " layers but the model has " +
               std::to_string(m.layers.size()));
    std::set<int64_t> dropped;
    for (int64_t b : dropped_blocks) {
        if (b < 0 || b >= m.numLayers()) refuse("dropped block " + std::to_string(b) + " does not exist");
        if (!dropped.insert(b).second) refuse("block " + std::to_string(b) + " is dropped twice");
    }
    if (static_cast<int64_t>(dropped.size()) >= m.numLayers()) refuse("it drops every block");
    checkSubBlocks(*this, m, dropped);
    checkRatio(hidden_ratio, "hidden");
    if (hidden_keep) checkIndices(*hidden_keep, m.hidden, "the hidden channel group");
    if (m.embed_scale && (hidden_ratio > 0.0 || (hidden_keep && int64_t(hidden_keep->size()) < m.hidden)))
        refuse("it removes hidden channels, but " + m.family +
               " scales its embeddings by sqrt(hidden): the cut would change that scale (width and depth plans only)");
    for (size_t i = 0; i < layers.size(); ++i) {
        const LayerPlan& l = layers[i];
        const LayerDims& d = m.layers[i];
        checkRatio(l.attention_ratio, layerName(i) + " attention");
        checkRatio(l.mlp_ratio, layerName(i) + " MLP");
        if ((l.attention_ratio > 0 || l.attention_keep) && !d.hasAttention())
            refuse(layerName(i) + " has no attention to prune");
        if ((l.attention_ratio > 0 || l.attention_keep) && listed(dropped_attention, int64_t(i)))
            refuse(layerName(i) + ": its attention is removed as a sub-block and also width-pruned (give one)");
        if ((l.mlp_ratio > 0 || l.mlp_keep) && listed(dropped_mlp, int64_t(i)))
            refuse(layerName(i) + ": its MLP is removed as a sub-block and also width-pruned (give one)");
        if ((l.mlp_ratio > 0 || l.mlp_keep) && !d.hasMlp()) refuse(layerName(i) + " has no MLP to prune");
        if (l.mlp_keep) checkIndices(*l.mlp_keep, d.ffn, layerName(i) + " MLP");
        if (!l.o_proj_input_mean.empty() && int64_t(l.o_proj_input_mean.size()) != d.n_heads * m.head_dim)
            refuse(layerName(i) + " gives " + std::to_string(l.o_proj_input_mean.size()) +
                   " o_proj input means, but o_proj has " + std::to_string(d.n_heads * m.head_dim) + " input channels");
        if (!l.down_proj_input_mean.empty() && int64_t(l.down_proj_input_mean.size()) != d.ffn)
            refuse(layerName(i) + " gives " + std::to_string(l.down_proj_input_mean.size()) +
                   " down_proj input means, but down_proj has " + std::to_string(d.ffn) + " input channels");
        if (l.attention_keep) {
            if (attention_unit == AttentionUnit::Group) {
                checkIndices(*l.attention_keep, d.n_kv_heads, layerName(i) + " attention");
            } else {
                checkIndices(*l.attention_keep, d.n_heads, layerName(i) + " attention");
                const int64_t g = d.n_heads / d.n_kv_heads;
                std::vector<int64_t> per_group(static_cast<size_t>(d.n_kv_heads), 0);
                for (int64_t h : *l.attention_keep) per_group[static_cast<size_t>(h / g)]++;
                for (int64_t c : per_group)
                    if (c != per_group[0])
                        refuse(layerName(i) + " keeps unequal numbers of query heads per KV group (GQA needs "
                               "every KV head to serve the same number of query heads)");
            }
        } else if (d.hasAttention()) {
            const int64_t units = attention_unit == AttentionUnit::Group ? d.n_kv_heads : d.n_heads / d.n_kv_heads;
            if (unitsRemoved(units, l.attention_ratio, 1) >= units)
                refuse(layerName(i) + ": attention ratio " + std::to_string(l.attention_ratio) +
                       " removes every head (drop the block instead)");
        }
        if (!l.mlp_keep && d.hasMlp() && unitsRemoved(d.ffn, l.mlp_ratio, round_to) >= d.ffn)
            refuse(layerName(i) + ": MLP ratio removes every channel");
    }
}

int64_t unitsRemoved(int64_t units, double ratio, int64_t round_to) {
    if (units <= 0 || ratio <= 0.0) return 0;
    int64_t kept = units - std::llround(static_cast<double>(units) * ratio);
    if (round_to > 1 && units >= round_to) {
        kept = std::llround(static_cast<double>(kept) / static_cast<double>(round_to)) * round_to;
        kept = std::clamp<int64_t>(kept, round_to, units);
    }
    return units - std::max<int64_t>(kept, 0);
}

PruningPlan uniformWidthPlan(const ModelConfig& m, double attention_ratio, double mlp_ratio, int first, int last,
                             AttentionUnit unit) {
    PruningPlan p;
    p.attention_unit = unit;
    p.layers.resize(m.layers.size());
    if (last < 0) last = static_cast<int>(m.numLayers()) - 1;
    for (int i = std::max(first, 0); i <= last && i < m.numLayers(); ++i) {
        const LayerDims& d = m.layers[static_cast<size_t>(i)];
        const int64_t units = !d.hasAttention() ? 0 : unit == AttentionUnit::Group ? d.n_kv_heads : d.n_heads / d.n_kv_heads;
        p.layers[static_cast<size_t>(i)].attention_ratio = units > 1 ? attention_ratio : 0.0;
        p.layers[static_cast<size_t>(i)].mlp_ratio = m.layers[static_cast<size_t>(i)].hasMlp() ? mlp_ratio : 0.0;
    }
    return p;
}

PruningPlan depthPlan(const ModelConfig& m, const std::vector<int64_t>& dropped) {
    PruningPlan p;
    p.layers.resize(m.layers.size());
    p.dropped_blocks = dropped;
    std::sort(p.dropped_blocks.begin(), p.dropped_blocks.end());
    return p;
}

namespace {
// Whether the plan removes some attention unit / MLP channel of layer i.
bool cutsAttention(const ModelConfig& m, const PruningPlan& p, size_t i) {
    if (i >= p.layers.size() || !m.layers[i].hasAttention()) return false;
    const LayerPlan& l = p.layers[i];
    const LayerDims& d = m.layers[i];
    if (l.attention_keep)
        return int64_t(l.attention_keep->size()) < (p.attention_unit == AttentionUnit::Group ? d.n_kv_heads : d.n_heads);
    const int64_t units = p.attention_unit == AttentionUnit::Group ? d.n_kv_heads : d.n_heads / d.n_kv_heads;
    return unitsRemoved(units, l.attention_ratio, 1) > 0;
}
bool cutsMlp(const ModelConfig& m, const PruningPlan& p, size_t i) {
    if (i >= p.layers.size() || !m.layers[i].hasMlp()) return false;
    const LayerPlan& l = p.layers[i];
    if (l.mlp_keep) return int64_t(l.mlp_keep->size()) < m.layers[i].ffn;
    return unitsRemoved(m.layers[i].ffn, l.mlp_ratio, p.round_to) > 0;
}
bool droppedBlock(const PruningPlan& p, size_t i) {
    return std::find(p.dropped_blocks.begin(), p.dropped_blocks.end(), int64_t(i)) != p.dropped_blocks.end();
}
} // namespace

bool compensatesAttention(const ModelConfig& m, const PruningPlan& p, size_t i) {
    if (!p.compensatesBiases() || droppedBlock(p, i) || !cutsAttention(m, p, i)) return false;
    const LayerPlan& l = p.layers[i];
    return !l.o_proj_input_mean.empty() || !l.attention_keep;  // measured, or to be measured when resolved
}

bool compensatesMlp(const ModelConfig& m, const PruningPlan& p, size_t i) {
    if (!p.compensatesBiases() || droppedBlock(p, i) || !cutsMlp(m, p, i)) return false;
    const LayerPlan& l = p.layers[i];
    return !l.down_proj_input_mean.empty() || !l.mlp_keep;
}

ModelConfig prunedConfig(const ModelConfig& m, const PruningPlan& p) {
    ModelConfig out = m;
    for (size_t i = 0; i < m.layers.size(); ++i) {  // biases the compensation adds (zeros in the other blocks)
        if (compensatesAttention(m, p, i)) out.o_bias = true;
        if (compensatesMlp(m, p, i)) out.down_bias = true;
    }
    std::set<int64_t> dropped(p.dropped_blocks.begin(), p.dropped_blocks.end());
    out.layers.clear();
    for (size_t i = 0; i < m.layers.size(); ++i) {
        if (dropped.count(static_cast<int64_t>(i))) continue;
        LayerDims d = m.layers[i];
        if (listed(p.dropped_attention, int64_t(i))) d.n_heads = d.n_kv_heads = 0;  // sub-block removed: the residual passes
        if (listed(p.dropped_mlp, int64_t(i))) d.ffn = 0;
        if (i < p.layers.size() && d.hasAttention()) {
            const LayerPlan& l = p.layers[i];
            const int64_t g = d.n_heads / d.n_kv_heads;
            if (p.attention_unit == AttentionUnit::Group) {
                const int64_t kv = l.attention_keep ? static_cast<int64_t>(l.attention_keep->size())
                                                    : d.n_kv_heads - unitsRemoved(d.n_kv_heads, l.attention_ratio, 1);
                d.n_kv_heads = kv;
                d.n_heads = kv * g;
            } else {
                const int64_t per = l.attention_keep ? static_cast<int64_t>(l.attention_keep->size()) / d.n_kv_heads
                                                     : g - unitsRemoved(g, l.attention_ratio, 1);
                d.n_heads = per * d.n_kv_heads;
            }
        }
        if (i < p.layers.size() && d.hasMlp()) {
            const LayerPlan& l = p.layers[i];
            d.ffn = l.mlp_keep ? static_cast<int64_t>(l.mlp_keep->size()) : d.ffn - unitsRemoved(d.ffn, l.mlp_ratio, p.round_to);
        }
        out.layers.push_back(d);
    }
    if (p.hidden_keep) out.hidden = static_cast<int64_t>(p.hidden_keep->size());
    else out.hidden = m.hidden - unitsRemoved(m.hidden, p.hidden_ratio, p.round_to);
    return out;
}

double removedParamFraction(const ModelConfig& m, const PruningPlan& p) {
    const double before = static_cast<double>(m.totalParams());
    return (before - static_cast<double>(prunedConfig(m, p).totalParams())) / before;
}

double widthRatioForParamFraction(const ModelConfig& m, double fraction, int first, int last,
                                  AttentionUnit attention_unit, int64_t round_to, double hidden_ratio) {
    if (!(fraction > 0.0 && fraction < 1.0)) throw Error("target parameter fraction must be in (0, 1)");
    if (hidden_ratio > 0.0) {
        PruningPlan h = uniformWidthPlan(m, 0, 0);
        h.round_to = round_to;
        h.hidden_ratio = hidden_ratio;
        const double alone = removedParamFraction(m, h);
        if (alone >= fraction)
            throw Error("the hidden cut alone (ratio " + std::to_string(hidden_ratio) + ") removes " + percent(alone) +
                        " of the parameters, not less than the target " + percent(fraction));
    }
    double best_r = 0.0, best_err = 1e9, max_frac = 0.0;
    for (int k = 1; k < 1000; ++k) {  // the removed fraction is a step function of r: scan it
        const double r = k / 1000.0;
        PruningPlan p = uniformWidthPlan(m, r, r, first, last, attention_unit);
        p.round_to = round_to;
        p.hidden_ratio = hidden_ratio;
        double f;
        try {
            p.validate(m);
            f = removedParamFraction(m, p);
        } catch (const Error&) {
            break;  // beyond this ratio layers would be emptied
        }
        max_frac = std::max(max_frac, f);
        if (std::abs(f - fraction) < best_err) best_err = std::abs(f - fraction), best_r = r;
    }
    if (fraction > max_frac + 0.01)
        throw Error("removing " + percent(fraction) + " of the parameters by width in these layers is not possible "
                    "(at most " + percent(max_frac) + ")");
    return best_r;
}

double hiddenRatioForParamFraction(const ModelConfig& m, double fraction, int64_t round_to) {
    if (!(fraction > 0.0 && fraction < 1.0)) throw Error("target parameter fraction must be in (0, 1)");
    PruningPlan p = uniformWidthPlan(m, 0, 0);
    p.round_to = round_to;
    double best_r = 0.0, best_err = 1e9, max_frac = 0.0;
    for (int64_t removed = 1; removed < m.hidden; ++removed) {  // one step per channel
        p.hidden_ratio = double(removed) / double(m.hidden);
        double f;
        try {
            p.validate(m);
            f = removedParamFraction(m, p);
        } catch (const Error&) {
            break;
        }
        max_frac = std::max(max_frac, f);
        if (std::abs(f - fraction) < best_err) best_err = std::abs(f - fraction), best_r = p.hidden_ratio;
    }
    if (best_r == 0.0 || fraction > max_frac + 0.01)
        throw Error("removing " + percent(fraction) + " of the parameters by hidden size is not possible (at most " +
                    percent(max_frac) + ")");
    return best_r;
}

} // namespace pb
