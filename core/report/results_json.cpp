#include "core/report/results_json.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/evalzs/stats.h"
#include "core/io/json_input.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace pb {

namespace {

using nlohmann::json;

json numberOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json tasksJson(const std::vector<TaskMetrics>& tasks) {
    json a = json::array();
    for (const TaskMetrics& t : tasks) a.push_back(toJson(t));
    return a;
}

// ---- reading --------------------------------------------------------------------------------

const json& field(const json& o, const std::string& where, const char* key) {
    if (!o.is_object()) throw FormatError(where + ": expected an object");
    const auto it = o.find(key);
    if (it == o.end()) throw FormatError(where + ": '" + key + "' is missing");
    return *it;
}

std::string text(const json& o, const std::string& where, const char* key, const std::string& def = {}) {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) return def;
    if (!it->is_string()) throw FormatError(where + ": '" + key + "' must be a string");
    return it->get<std::string>();
}

// A number, or NaN when absent or null (not measured).
double number(const json& o, const std::string& where, const char* key) {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) return NAN;
    return jsonin::finite(*it, where, key);
}

int64_t count(const json& o, const std::string& where, const char* key) {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) return 0;
    return jsonin::integer(*it, where, key, 0, INT64_MAX);
}

const json& array(const json& o, const std::string& where, const char* key) {
    static const json empty = json::array();
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) return empty;
    if (!it->is_array()) throw FormatError(where + ": '" + key + "' must be an array");
    return *it;
}

std::string kindOf(const json& o, const std::string& where) {
    const std::string kind = text(o, where, "kind");
    if (kind != "dense" && kind != "width" && kind != "depth")
        throw FormatError(where + ": 'kind' is '" + kind + "', use dense, width or depth");
    return kind;
}

std::vector<TaskMetrics> tasksFrom(const json& a, const std::string& where);

SweepPoint pointFrom(const json& o, const std::string& where) {
    SweepPoint p;
    if (!o.is_object()) throw FormatError(where + ": expected an object");
    p.criterion = text(o, where, "criterion");
    if (p.criterion.empty()) throw FormatError(where + ": 'criterion' is missing or empty");
    const std::string kind = kindOf(o, where);
    if ((kind == "dense") != (p.criterion == "dense"))
        throw FormatError(where + ": kind '" + kind + "' does not fit criterion '" + p.criterion + "'");
    p.depth = kind == "depth";
    p.target = number(o, where, "target");
    p.removed_fraction = number(o, where, "removed_fraction");
    if (std::isnan(p.target)) p.target = 0.0;
    if (std::isnan(p.removed_fraction)) p.removed_fraction = 0.0;
    if (p.target < 0 || p.target >= 1 || p.removed_fraction < 0 || p.removed_fraction > 1)
        throw FormatError(where + ": 'target' and 'removed_fraction' must be fractions in [0, 1)");
    p.params = count(o, where, "params");
    p.ppl = number(o, where, "ppl");
    p.score_seconds = number(o, where, "score_seconds");
    p.eval_seconds = number(o, where, "eval_seconds");
    const json& blocks = array(o, where, "dropped_blocks");
    for (const json& b : blocks) p.dropped_blocks.push_back(jsonin::integer(b, where, "dropped_blocks", 0, 1 << 20));
    p.error = text(o, where, "error");
    p.tasks = tasksFrom(array(o, where, "tasks"), where + " tasks");
    return p;
}

// Per-item answers written as a string of '0' / '1' (absent: unknown; else exactly n of them).
std::vector<uint8_t> answersFrom(const json& o, const std::string& where, const char* key, int64_t n) {
    const std::string s = text(o, where, key);
    if (s.empty()) return {};
    if (int64_t(s.size()) != n || s.find_first_not_of("01") != std::string::npos)
        throw FormatError(where + ": '" + key + "' must be " + std::to_string(n) + " characters 0 or 1");
    std::vector<uint8_t> v;
    for (char c : s) v.push_back(c == '1' ? 1 : 0);
    return v;
}

std::string answersText(const std::vector<uint8_t>& v) {
    std::string s;
    for (uint8_t x : v) s += x ? '1' : '0';
    return s;
}

std::vector<TaskMetrics> tasksFrom(const json& a, const std::string& where) {
    std::vector<TaskMetrics> out;
    for (size_t i = 0; i < a.size(); ++i) {
        const std::string w = where + "[" + std::to_string(i) + "]";
        TaskMetrics t;
        t.task = text(a[i], w, "task");
        t.n = count(a[i], w, "n");
        t.acc = number(a[i], w, "acc");
        t.acc_stderr = number(a[i], w, "acc_stderr");
        t.has_acc_norm = a[i].contains("acc_norm");
        t.acc_norm = t.has_acc_norm ? number(a[i], w, "acc_norm") : t.acc;
        t.acc_norm_stderr = t.has_acc_norm ? number(a[i], w, "acc_norm_stderr") : t.acc_stderr;
        t.seconds = number(a[i], w, "seconds");
        t.choices = int(std::min<int64_t>(count(a[i], w, "choices"), 1 << 20));
        t.correct = answersFrom(a[i], w, "correct", t.n);
        t.correct_norm = t.has_acc_norm ? answersFrom(a[i], w, "correct_norm", t.n) : t.correct;
        out.push_back(t);
    }
    return out;
}

SizeRow rowFrom(const json& o, const std::string& where) {
    SizeRow r;
    r.point = pointFrom(o, where);
    r.relative_ppl = number(o, where, "relative_ppl");
    r.ppl_recovered = number(o, where, "ppl_recovered");
    r.zero_shot_acc = number(o, where, "zero_shot_acc");
    r.zero_shot_acc_recovered = number(o, where, "zero_shot_acc_recovered");
    r.tasks = tasksFrom(array(o, where, "tasks"), where + " tasks");
    r.tasks_recovered = tasksFrom(array(o, where, "tasks_recovered"), where + " tasks_recovered");
    r.prefill_tokens_per_s = number(o, where, "prefill_tokens_per_s");
    r.decode_tokens_per_s = number(o, where, "decode_tokens_per_s");
    r.recover_seconds = number(o, where, "recover_seconds");
    if (std::isnan(r.recover_seconds)) r.recover_seconds = 0.0;
    r.error = text(o, where, "error");
    return r;
}

ModelSweep modelFrom(const json& o, const std::string& where) {
    ModelSweep m;
    m.name = text(o, where, "name");
    if (m.name.empty()) throw FormatError(where + ": 'name' is missing or empty");
    const std::string w = where + " (model '" + m.name + "')";
    m.source = text(o, w, "source");
    m.family = text(o, w, "family");
    m.params = count(o, w, "params");
    m.layers = count(o, w, "layers");
    m.hidden = count(o, w, "hidden");
    m.windows = count(o, w, "windows");
    m.seconds = number(o, w, "seconds");
    if (std::isnan(m.seconds)) m.seconds = 0.0;
    m.error = text(o, w, "error");
    const json& points = array(o, w, "points");
    for (size_t i = 0; i < points.size(); ++i) m.points.push_back(pointFrom(points[i], w + " points[" + std::to_string(i) + "]"));
    const json& rows = array(o, w, "rows");
    for (size_t i = 0; i < rows.size(); ++i) m.rows.push_back(rowFrom(rows[i], w + " rows[" + std::to_string(i) + "]"));
    return m;
}

std::vector<std::string> strings(const json& o, const std::string& where, const char* key) {
    std::vector<std::string> out;
    for (const json& s : array(o, where, key)) {
        if (!s.is_string()) throw FormatError(where + ": '" + key + "' must hold strings");
        out.push_back(s.get<std::string>());
    }
    return out;
}

} // namespace

json toJson(const SweepPoint& p) {
    json j = {{"criterion", p.criterion}, {"kind", p.kind()},
              {"target", p.target}, {"removed_fraction", p.removed_fraction}, {"params", p.params},
              {"ppl", numberOrNull(p.ppl)}, {"score_seconds", p.score_seconds}, {"eval_seconds", p.eval_seconds},
              {"dropped_blocks", p.dropped_blocks}};
    if (!p.tasks.empty()) j["tasks"] = tasksJson(p.tasks);
    if (!p.error.empty()) j["error"] = p.error;
    return j;
}

json toJson(const CompareVariant& v, bool with_plan) {
    if (!v.ok) return {{"ok", false}, {"error", v.error}};
    json j = {{"ok", true}, {"params", v.params}, {"macs", v.macs}, {"blocks", v.blocks},
              {"removed_fraction", v.removed_fraction}, {"latency_ratio", v.latency_ratio},
              {"ppl", v.ppl}, {"ppl_seconds", v.ppl_seconds}, {"generation", v.generation},
              {"tokens_per_s", v.tokens_per_s}};
    if (v.latency.measured() || !v.latency.error.empty()) j["latency"] = toJson(v.latency);
    if (with_plan) j["plan"] = v.plan.toJson();
    return j;
}

json toJson(const LatencyProfile& p) {
    auto points = [](const std::vector<LatencyPoint>& v) {
        json a = json::array();
        for (const LatencyPoint& q : v)
            a.push_back({{"batch", q.batch}, {"context", q.context}, {"ms", numberOrNull(q.ms)},
                         {"tokens_per_s", numberOrNull(q.tokens_per_s)}, {"cached", q.cached}});
        return a;
    };
    json j = {{"label", p.label}, {"kind", p.kind}, {"params", p.params}, {"blocks", p.blocks}, {"device", p.device},
              {"device_name", p.device_name}, {"dtype", p.dtype}, {"threads", p.threads}, {"shape_key", p.shape_key},
              {"context", p.context}, {"new_tokens", p.new_tokens}, {"prefill_ms", numberOrNull(p.prefill_ms)},
              {"decode_ms", numberOrNull(p.decode_ms)}, {"decode_tokens_per_s", numberOrNull(p.decode_tokens_per_s)},
              {"prefill", points(p.prefill)}, {"decode", points(p.decode)}, {"measured_points", p.measured_points},
              {"cached_points", p.cached_points}, {"seconds", p.seconds}};
    if (!p.error.empty()) j["error"] = p.error;
    return j;
}

json toJson(const CompareResult& r) {
    return {{"target_fraction", r.target_fraction}, {"original", toJson(r.original, false)},
            {"width", toJson(r.width, true)}, {"depth", toJson(r.depth, true)}};
}

json toJson(const TaskMetrics& t) {
    json j = {{"task", t.task}, {"n", t.n}, {"acc", numberOrNull(t.acc)}, {"acc_stderr", numberOrNull(t.acc_stderr)},
              {"seconds", t.seconds}};
    const zs::Interval ci = zs::accInterval(t);
    j["acc_ci95"] = {ci.lo, ci.hi};
    if (t.has_acc_norm) {
        const zs::Interval cn = zs::accInterval(t, true);
        j["acc_norm"] = numberOrNull(t.acc_norm), j["acc_norm_stderr"] = numberOrNull(t.acc_norm_stderr);
        j["acc_norm_ci95"] = {cn.lo, cn.hi};
    }
    j["interval"] = "wilson";
    if (t.choices > 0) j["choices"] = t.choices;
    if (int64_t(t.correct.size()) == t.n && t.n > 0) j["correct"] = answersText(t.correct);
    if (t.has_acc_norm && int64_t(t.correct_norm.size()) == t.n && t.n > 0) j["correct_norm"] = answersText(t.correct_norm);
    return j;
}

json toJson(const SizeRow& r) {
    json j = toJson(r.point);
    j["relative_ppl"] = numberOrNull(r.relative_ppl);
    j["ppl_recovered"] = numberOrNull(r.ppl_recovered);
    j["zero_shot_acc"] = numberOrNull(r.zero_shot_acc);
    j["zero_shot_acc_recovered"] = numberOrNull(r.zero_shot_acc_recovered);
    j["tasks"] = tasksJson(r.tasks);
    j["tasks_recovered"] = tasksJson(r.tasks_recovered);
    j["prefill_tokens_per_s"] = numberOrNull(r.prefill_tokens_per_s);
    j["decode_tokens_per_s"] = numberOrNull(r.decode_tokens_per_s);
    j["recover_seconds"] = r.recover_seconds;
    if (r.point.kind() != "dense") j["plan"] = r.point.plan.toJson();
    if (!r.error.empty()) j["error"] = r.error;
    return j;
}

json toJson(const ModelSweep& m) {
    json points = json::array(), rows = json::array();
    for (const SweepPoint& p : m.points) points.push_back(toJson(p));
    for (const SizeRow& r : m.rows) rows.push_back(toJson(r));
    json j = {{"name", m.name}, {"source", m.source}, {"family", m.family}, {"params", m.params},
              {"layers", m.layers}, {"hidden", m.hidden}, {"windows", m.windows}, {"seconds", m.seconds},
              {"points", points}, {"rows", rows}};
    if (!m.error.empty()) j["error"] = m.error;
    return j;
}

json toJson(const SizeSweepResult& r) {
    json models = json::array();
    for (const ModelSweep& m : r.models) models.push_back(toJson(m));
    return {{"text", r.text}, {"seq_len", r.seq_len}, {"max_windows", r.max_windows},
            {"calibration", {{"text", r.calibration_text}, {"samples", r.calibration_samples},
                             {"seq_len", r.calibration_seq_len}}},
            {"recovery", {{"text", r.recovery_text}, {"steps", r.recover_steps}, {"cutoff", r.recover_cutoff},
                          {"rank", r.lora_rank}, {"alpha", r.lora_alpha}, {"lr", r.lora_lr}}},
            {"tasks", r.tasks}, {"items", r.items},
            {"speed", {{"prompt", r.speed_prompt}, {"new_tokens", r.speed_new_tokens}}},
            {"device", r.device}, {"dtype", r.dtype}, {"fractions", r.fractions}, {"criteria", r.criteria},
            {"models", models}};
}

SizeSweepResult sizeSweepFromJson(const json& j, const std::string& where, const std::string& fallback_name) {
    if (!j.is_object()) throw FormatError(where + ": expected a JSON object from prunebench-cli sweep --json");
    SizeSweepResult r;
    if (!j.contains("models")) {  // one model: sweep --model --json
        if (!j.contains("points"))
            throw FormatError(where + ": neither 'models' (sweep --models) nor 'points' (sweep --model) is there");
        ModelSweep m;
        m.name = text(j, where, "model", fallback_name);
        m.source = text(j, where, "source");
        m.family = text(j, where, "family");
        m.params = count(j, where, "params");
        const json& points = array(j, where, "points");
        for (size_t i = 0; i < points.size(); ++i) m.points.push_back(pointFrom(points[i], where + " points[" + std::to_string(i) + "]"));
        r.text = text(j, where, "text");
        r.models.push_back(std::move(m));
        return r;
    }
    r.text = text(j, where, "text");
    r.seq_len = count(j, where, "seq_len");
    r.max_windows = count(j, where, "max_windows");
    r.tasks = strings(j, where, "tasks");
    r.items = count(j, where, "items");
    r.device = text(j, where, "device");
    r.dtype = text(j, where, "dtype");
    r.criteria = strings(j, where, "criteria");
    for (const json& f : array(j, where, "fractions")) r.fractions.push_back(jsonin::finite(f, where, "fractions"));
    if (const auto c = j.find("calibration"); c != j.end() && c->is_object()) {
        r.calibration_text = text(*c, where + " calibration", "text");
        r.calibration_samples = count(*c, where + " calibration", "samples");
        r.calibration_seq_len = count(*c, where + " calibration", "seq_len");
    }
    if (const auto c = j.find("recovery"); c != j.end() && c->is_object()) {
        const std::string w = where + " recovery";
        r.recovery_text = text(*c, w, "text");
        r.recover_steps = count(*c, w, "steps");
        r.recover_cutoff = count(*c, w, "cutoff");
        r.lora_rank = count(*c, w, "rank");
        r.lora_alpha = number(*c, w, "alpha");
        r.lora_lr = number(*c, w, "lr");
    }
    if (const auto c = j.find("speed"); c != j.end() && c->is_object()) {
        r.speed_prompt = count(*c, where + " speed", "prompt");
        r.speed_new_tokens = count(*c, where + " speed", "new_tokens");
    }
    const json& models = array(j, where, "models");
    if (models.empty()) throw FormatError(where + ": 'models' is empty");
    for (size_t i = 0; i < models.size(); ++i) r.models.push_back(modelFrom(models[i], where + " models[" + std::to_string(i) + "]"));
    return r;
}

SizeSweepResult readSweepFile(const std::filesystem::path& path) {
    const std::string where = "sweep file '" + path.string() + "'";
    const json j = jsonin::parse(jsonin::readText(path, kMaxJsonFileBytes, "sweep file"), where);
    return sizeSweepFromJson(j, where, path.stem().string());
}

std::vector<TaskMetrics> readEvalFile(const std::filesystem::path& path) {
    const std::string where = "evaluation file '" + path.string() + "'";
    const json j = jsonin::parse(jsonin::readText(path, kMaxJsonFileBytes, "evaluation file"), where);
    const json& tasks = j.is_array() ? j : field(j, where, "tasks");
    if (!tasks.is_array()) throw FormatError(where + ": 'tasks' must be an array");
    return tasksFrom(tasks, where + " tasks");
}

} // namespace pb
