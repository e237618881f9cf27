#include "core/bench/latency.h"

#include <algorithm>
#include <functional>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/bench/device_info.h"
#include "core/bench/random_model.h"
#include "core/bench/works.h"
#include "core/data/assets.h"
#include "core/model/devices.h"
#include "core/model/llama_model.h"
#include "core/model/runtime.h"
#include "core/plan/block_presence.h"
#include "core/util/atomic_write.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

uint64_t fnv1a(const std::string& s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

std::string hex64(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

// A file name for a device key: its letters and digits, then its hash.
std::string fileStem(const std::string& key) {
    std::string s;
    for (char c : key) {
        if (std::isalnum(static_cast<unsigned char>(c))) s += c;
        else if (!s.empty() && s.back() != '-') s += '-';
        if (s.size() >= 48) break;
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s + "-" + hex64(fnv1a(key)).substr(0, 8);
}

// ---- the cache: entry key -> milliseconds, per device file ----

struct DeviceCache {
    bool loaded = false;
    std::map<std::string, double> ms;
};
std::mutex cache_mutex;
std::map<std::string, DeviceCache> memory_cache;  // by cache file path

fs::path cacheFile(const LatencyOptions& o, const std::string& device_key) {
    const fs::path dir = o.cache_dir.empty() ? latencyCacheDir() : o.cache_dir;
    return dir / (fileStem(device_key) + ".json");
}

std::map<std::string, double> readCacheFile(const fs::path& file) {
    std::map<std::string, double> out;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return out;
    try {
        const nlohmann::json j = nlohmann::json::parse(readInputFile(file, "latency cache", kMaxJsonFileBytes));
        for (const auto& [k, v] : j.at("points").items())
            if (v.is_object() && v.contains("ms") && v.at("ms").is_number()) out[k] = v.at("ms").get<double>();
    } catch (const std::exception&) {
        // A cache that cannot be read is empty: it is rewritten with what is measured next.
    }
    return out;
}

// Entry keys: SHAPE|DTYPE|tTHREADS|prefill|bB|cC and SHAPE|DTYPE|tTHREADS|decode|bB|cC|nN.
std::string entryKey(const std::string& shape, const std::string& dtype, int threads, const char* kind, int64_t batch,
                     int64_t context, int64_t new_tokens) {
    std::string k = shape + "|" + dtype + "|t" + std::to_string(threads) + "|" + kind + "|b" + std::to_string(batch) +
                    "|c" + std::to_string(context);
    if (new_tokens > 0) k += "|n" + std::to_string(new_tokens);
    return k;
}

std::optional<double> lookup(const fs::path& file, const std::string& key) {
    std::lock_guard<std::mutex> lock(cache_mutex);
    DeviceCache& c = memory_cache[file.string()];
    if (!c.loaded) {
        c.ms = readCacheFile(file);
        c.loaded = true;
    }
    const auto it = c.ms.find(key);
    if (it == c.ms.end()) return std::nullopt;
    return it->second;
}

// Adds measured points to the memory cache and to the file (merged with what other processes
// wrote meanwhile). A cache that cannot be written only costs a measurement next time.
void store(const fs::path& file, const std::string& device_key, const std::map<std::string, double>& points) {
    if (points.empty()) return;
    std::lock_guard<std::mutex> lock(cache_mutex);
    DeviceCache& c = memory_cache[file.string()];
    for (const auto& [k, v] : points) c.ms[k] = v;
    c.loaded = true;
    std::map<std::string, double> all = readCacheFile(file);
    for (const auto& [k, v] : c.ms) all[k] = v;
    nlohmann::json j;
    j["format"] = "prunebench latency cache 1";
    j["device"] = device_key;
    j["points"] = nlohmann::json::object();
    for (const auto& [k, v] : all) j["points"][k] = {{"ms", v}};
    try {
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
        writeFileAtomic(file.string(), j.dump(1) + "\n");
    } catch (const std::exception&) {
    }
}

// ---- measuring ----

void checkOptions(const LatencyOptions& o) {
    if (o.context < 1) throw Error("latency: the context must be at least 1 token");
    if (o.new_tokens < 2) throw Error("latency: at least 2 new tokens are needed, got " + std::to_string(o.new_tokens));
    if (o.repeat < 1) throw Error("latency: repeat must be at least 1");
    if (o.warmup < 0) throw Error("latency: warmup must not be negative");
    for (int64_t c : o.contexts)
        if (c < 1) throw Error("latency: every context length must be at least 1, got " + std::to_string(c));
    for (int64_t b : o.batches)
        if (b < 1) throw Error("latency: every batch size must be at least 1, got " + std::to_string(b));
}

std::vector<int64_t> sortedUnique(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

// The headline's context: o.context, or less when the shape's positions cannot hold it and
// the decode steps after it.
int64_t headlineContext(const LatencyOptions& o, const ModelConfig& c) {
    if (c.max_position <= 0) return o.context;
    return std::max<int64_t>(1, std::min(o.context, c.max_position - o.new_tokens));
}

// The prefill points asked for (the headline's context among them) and the decode batches
// (batch 1 among them), without what the model's positions cannot hold.
std::vector<int64_t> prefillContexts(const LatencyOptions& o, const ModelConfig& c) {
    std::vector<int64_t> v = o.contexts;
    v.push_back(headlineContext(o, c));
    v = sortedUnique(v);
    if (c.max_position > 0) v.erase(std::remove_if(v.begin(), v.end(), [&](int64_t x) { return x > c.max_position; }), v.end());
    return v;
}
std::vector<int64_t> decodeBatches(const LatencyOptions& o) {
    std::vector<int64_t> v = o.batches;
    v.push_back(1);
    return sortedUnique(v);
}

int64_t availableBytes(const torch::Device& device) {
    if (device.is_cuda()) return cudaMemory(device.has_index() ? device.index() : -1).first;
    std::ifstream f("/proc/meminfo");
    std::string name;
    int64_t kb = 0;
    std::string unit;
    while (f >> name >> kb >> unit)
        if (name == "MemAvailable:") return kb * 1024;
    return -1;
}

std::string gib(double bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f GiB", bytes / double(1ull << 30));
    return b;
}

// Random weights of `c` need their bytes (and room for activations) free on the device.
void checkFits(const ModelConfig& c, const torch::Device& device, torch::ScalarType dtype, const std::string& name) {
    const double weights = double(c.totalParams()) * double(c10::elementSize(dtype));
    const int64_t free = availableBytes(device);
    if (free < 0) return;
    const double need = weights * 1.1 + double(512ull << 20);
    if (need > double(free))
        throw Error("measuring the latency of this shape needs about " + gib(need) + " for random weights on " + name +
                    ", and " + gib(double(free)) + " are free");
}

// ids: [B, T] -> the chosen next ids [B, 1] on the host, through the last position's logits only.
torch::Tensor step(const LlamaModel& model, const torch::Tensor& ids, KVCache& cache) {
    auto h = model.hidden(ids, &cache);                                                    // [B, T, H]
    auto last = h.narrow(1, h.size(1) - 1, 1);                                             // [B, 1, H]
    auto logits = torch::nn::functional::linear(last, model.lm_head).to(torch::kFloat32);  // [B, 1, V]
    return logits.argmax(-1).cpu();                                                        // [B, 1]
}

// One prefill run: ids [B, C] -> seconds (the device synced on both sides).
double prefillOnce(const LlamaModel& model, const torch::Tensor& ids) {
    const torch::Device dev = model.device();
    KVCache cache;
    syncDevice(dev);
    const double t0 = nowSeconds();
    step(model, ids, cache);
    return secondsSince(dev, t0);
}

// The prompt of a decode point, untimed: its cache and the first chosen ids [B, 1] on the host.
struct DecodeStart {
    KVCache cache;
    torch::Tensor first;
};
DecodeStart decodeStart(const LlamaModel& model, int64_t batch, int64_t context, uint64_t seed) {
    DecodeStart d;
    const auto ids = randomIds(batch, context, model.config.vocab, seed + 1).to(model.device());  // [B, C]
    d.first = step(model, ids, d.cache);
    return d;
}

// One decode run of `steps` one-token steps from the start's cache: seconds per step.
double decodeOnce(const LlamaModel& model, const DecodeStart& start, int64_t steps) {
    const torch::Device dev = model.device();
    KVCache cache = start.cache;  // the forward concatenates: the start keeps the prompt's keys and values
    torch::Tensor input = start.first.to(dev);
    syncDevice(dev);
    const double t0 = nowSeconds();
    for (int64_t s = 0; s < steps; ++s) input = step(model, input, cache).to(dev);  // the host sees every id
    return secondsSince(dev, t0) / double(steps);
}

LatencyProfile emptyProfile(const LatencyShape& s, const LatencyOptions& o) {
    LatencyProfile p;
    p.label = s.label;
    p.kind = s.kind;
    p.params = s.config.totalParams();
    p.blocks = liveBlocks(s.config);
    p.device = o.device;
    p.dtype = o.dtype;
    p.context = headlineContext(o, s.config);
    p.new_tokens = o.new_tokens;
    p.shape_key = latencyShapeKey(s.config);
    return p;
}

void fillHeadline(LatencyProfile& p) {
    for (const LatencyPoint& q : p.prefill)
        if (q.batch == 1 && q.context == p.context) p.prefill_ms = q.ms;
    for (const LatencyPoint& q : p.decode)
        if (q.batch == 1) p.decode_ms = q.ms, p.decode_tokens_per_s = q.tokens_per_s;
}

struct Resolved {
    torch::Device device;
    torch::ScalarType dtype;
    std::string device_key, device_name;
};

// The device's key and name, read once per device name (the GUI looks the cache up per edit).
std::pair<std::string, std::string> deviceNames(const std::string& device) {
    static std::mutex m;
    static std::map<std::string, std::pair<std::string, std::string>> known;
    std::lock_guard<std::mutex> lock(m);
    auto it = known.find(device);
    if (it != known.end()) return it->second;
    const torch::Device d = parseDevice(device);
    std::pair<std::string, std::string> names;
    if (d.is_cuda()) {
        const GpuProperties g = gpuProperties(d.has_index() ? d.index() : -1);
        names = {"cuda:" + (g.name.empty() ? std::string("unnamed GPU") : g.name) + ", " + std::to_string(g.sms) + " SMs",
                 g.name};
    } else {
        names = {"cpu:" + cpuModelName(), cpuModelName()};
    }
    return known.emplace(device, names).first->second;
}

Resolved resolve(const LatencyOptions& o) {
    const torch::Device device = parseDevice(o.device);
    const torch::ScalarType dtype = parseDtype(o.dtype, device);
    const auto [key, name] = deviceNames(o.device);
    return Resolved{device, dtype, key, name};
}

double weightBytes(const ModelConfig& c, torch::ScalarType dtype) {
    return double(c.totalParams()) * double(c10::elementSize(dtype));
}

// Shapes measured together: every shape's cached points first; the missing ones are timed on
// one random model per shape, all alive at once, the shapes taking turns run by run (the
// warm-up runs, then each timed run of every shape before the next), so that a machine whose
// load changes while the points are timed (other processes, clocks) weighs on every shape alike.
// The caller groups only shapes whose weights fit the device together.
std::vector<LatencyProfile> measureGroup(const std::vector<LatencyShape>& shapes, const LatencyOptions& o,
                                         const Resolved& r, const ProgressFn& progress) {
    const size_t n = shapes.size();
    const double t0 = nowSeconds();
    const fs::path file = cacheFile(o, r.device_key);
    std::vector<LatencyProfile> out;
    std::vector<std::vector<int64_t>> contexts(n), batches(n);
    std::vector<std::map<int64_t, LatencyPoint>> prefill(n), decode(n);
    std::vector<std::shared_ptr<LlamaModel>> models(n);
    std::map<std::string, double> measured;
    std::set<int64_t> all_contexts, all_batches;
    size_t work = 0;
    const int threads = runtimeThreads();
    for (size_t i = 0; i < n; ++i) {
        out.push_back(emptyProfile(shapes[i], o));
        LatencyProfile& p = out.back();
        p.device_name = r.device_name;
        p.threads = threads;
        const ModelConfig& c = shapes[i].config;
        contexts[i] = prefillContexts(o, c);
        if (!(c.max_position > 0 && p.context + o.new_tokens > c.max_position)) batches[i] = decodeBatches(o);
        for (int64_t x : contexts[i]) {
            const auto hit = o.use_cache ? lookup(file, entryKey(p.shape_key, o.dtype, threads, "prefill", 1, x, 0)) : std::nullopt;
            if (hit) prefill[i][x] = {1, x, *hit, *hit > 0 ? 1e3 * double(x) / *hit : NAN, true}, ++p.cached_points;
            else all_contexts.insert(x), ++work;
        }
        for (int64_t b : batches[i]) {
            const auto hit = o.use_cache ? lookup(file, entryKey(p.shape_key, o.dtype, threads, "decode", b, p.context, o.new_tokens))
                                         : std::nullopt;
            if (hit) decode[i][b] = {b, p.context, *hit, *hit > 0 ? 1e3 * double(b) / *hit : NAN, true}, ++p.cached_points;
            else all_batches.insert(b), ++work;
        }
    }
    // A point missing for one shape is timed again for every shape that has it (their cached
    // figures replaced), so that the ratios of one measurement compare runs taken side by side.
    for (size_t i = 0; i < n; ++i) {
        for (int64_t x : contexts[i])
            if (all_contexts.count(x) && prefill[i].count(x) && prefill[i][x].cached)
                prefill[i].erase(x), --out[i].cached_points, ++work;
        for (int64_t b : batches[i])
            if (all_batches.count(b) && decode[i].count(b) && decode[i][b].cached)
                decode[i].erase(b), --out[i].cached_points, ++work;
    }
    size_t done = 0;
    auto tick = [&](const std::string& stage) { reportProgress(progress, work ? double(done) / double(work) : 1.0, stage); };
    auto needs = [&](size_t i, bool pre, int64_t x) {
        if (!out[i].error.empty() || !models[i]) return false;
        const auto& v = pre ? contexts[i] : batches[i];
        const auto& have = pre ? prefill[i] : decode[i];
        return std::find(v.begin(), v.end(), x) != v.end() && !have.count(x);
    };
    auto fail = [&](size_t i, const std::exception& e) {
        out[i].error = e.what();
        models[i].reset();
    };
    // The timed runs of `once(i)` for every shape of `who`, the shapes taking turns run by run
    // (warm-ups dropped); a shape whose run throws is failed and left out; Cancelled goes on.
    auto timeInTurns = [&](const std::vector<size_t>& who, const std::function<double(size_t)>& once) {
        std::vector<std::vector<double>> runs(n);
        for (int64_t k = 0; k < o.warmup + o.repeat; ++k)
            for (size_t i : who) {
                if (!models[i]) continue;
                try {
                    const double t = once(i);
                    if (k >= o.warmup) runs[i].push_back(t);
                } catch (const Cancelled&) {
                    throw;
                } catch (const std::exception& e) {
                    fail(i, e);
                }
            }
        return runs;
    };
    torch::NoGradGuard no_grad;
    const TrustedIds trusted;  // random ids below the vocabulary: no range check (a sync) per step
    try {
        for (size_t i = 0; i < n && work > 0; ++i) {
            const bool missing = std::any_of(contexts[i].begin(), contexts[i].end(), [&](int64_t x) { return !prefill[i].count(x); }) ||
                                 std::any_of(batches[i].begin(), batches[i].end(), [&](int64_t b) { return !decode[i].count(b); });
            if (!missing) continue;
            tick("building random weights of " + shapes[i].label);
            try {
                checkFits(shapes[i].config, r.device, r.dtype, o.device);
                models[i] = randomModel(shapes[i].config, r.device, r.dtype, o.seed);
            } catch (const Cancelled&) {
                throw;
            } catch (const std::exception& e) {
                fail(i, e);
            }
        }
        for (int64_t x : all_contexts) {
            std::vector<size_t> who;
            std::vector<torch::Tensor> ids(n);
            for (size_t i = 0; i < n; ++i)
                if (needs(i, true, x)) who.push_back(i), ids[i] = randomIds(1, x, shapes[i].config.vocab, o.seed).to(r.device);
            if (who.empty()) continue;
            tick("prefill of " + std::to_string(x) + " tokens (" + std::to_string(who.size()) + " shapes in turn)");
            const auto runs = timeInTurns(who, [&](size_t i) { return prefillOnce(*models[i], ids[i]); });
            for (size_t i : who) {
                if (!models[i]) continue;
                const double ms = 1e3 * median(runs[i]);
                prefill[i][x] = {1, x, ms, ms > 0 ? 1e3 * double(x) / ms : NAN, false};
                measured[entryKey(out[i].shape_key, o.dtype, threads, "prefill", 1, x, 0)] = ms;
                ++out[i].measured_points, ++done;
            }
        }
        for (int64_t b : all_batches) {
            std::vector<size_t> who;
            for (size_t i = 0; i < n; ++i)
                if (needs(i, false, b)) who.push_back(i);
            if (who.empty()) continue;
            tick("decoding at batch " + std::to_string(b) + " (" + std::to_string(who.size()) + " shapes in turn)");
            std::vector<DecodeStart> starts(n);
            for (size_t i : who) try {
                    starts[i] = decodeStart(*models[i], b, out[i].context, o.seed);
                } catch (const Cancelled&) {
                    throw;
                } catch (const std::exception& e) {
                    fail(i, e);
                }
            const auto runs = timeInTurns(who, [&](size_t i) { return decodeOnce(*models[i], starts[i], o.new_tokens); });
            for (size_t i : who) {
                if (!models[i]) continue;
                const double ms = 1e3 * median(runs[i]);
                decode[i][b] = {b, out[i].context, ms, ms > 0 ? 1e3 * double(b) / ms : NAN, false};
                measured[entryKey(out[i].shape_key, o.dtype, threads, "decode", b, out[i].context, o.new_tokens)] = ms;
                ++out[i].measured_points, ++done;
            }
        }
    } catch (const Cancelled&) {
        store(file, r.device_key, measured);  // what was measured stays measured
        throw;
    }
    models.clear();
    store(file, r.device_key, measured);
    const double seconds = nowSeconds() - t0;
    for (size_t i = 0; i < n; ++i) {
        LatencyProfile& p = out[i];
        for (const auto& [x, q] : prefill[i]) p.prefill.push_back(q);
        for (const auto& [b, q] : decode[i]) p.decode.push_back(q);
        fillHeadline(p);
        p.seconds = seconds;
    }
    return out;
}

} // namespace

std::vector<int64_t> defaultLatencyContexts() { return {128, 256, 512, 1024}; }
std::vector<int64_t> defaultLatencyBatches() { return {1, 2, 4, 8}; }

std::string latencyShapeKey(const ModelConfig& c) {
    std::ostringstream full;
    full << c.family << ";v" << c.vocab << ";h" << c.hidden << ";d" << c.head_dim << ";tie" << c.tie_embeddings << ";b"
         << c.qkv_bias << c.o_bias << c.mlp_bias << ";a" << int(c.act) << ";n" << c.qk_norm << c.sandwich_norms
         << c.embed_scale << ";w" << c.sliding_window << ";L";
    int64_t live = 0;
    for (const LayerDims& d : c.layers) {
        full << "," << d.n_heads << "/" << d.n_kv_heads << "/" << d.ffn << (d.sliding ? "s" : "");
        if (d.hasAttention() || d.hasMlp()) ++live;
    }
    char prefix[96];
    std::snprintf(prefix, sizeof prefix, "%s-h%lld-L%lld-p%lld-", c.family.c_str(), static_cast<long long>(c.hidden),
                  static_cast<long long>(live), static_cast<long long>(c.totalParams()));
    return prefix + hex64(fnv1a(full.str()));
}

std::string latencyDeviceKey(const std::string& device) { return deviceNames(device).first; }

fs::path latencyCacheDir() {
    if (const char* dir = std::getenv("PB_LATENCY_CACHE"); dir && *dir) return dir;  // tests, scratch runs
    return assets::cacheDir() / "latency";
}

void clearLatencyMemoryCache() {
    std::lock_guard<std::mutex> lock(cache_mutex);
    memory_cache.clear();
}

std::vector<LatencyProfile> measureLatency(const std::vector<LatencyShape>& shapes, const LatencyOptions& o,
                                           const ProgressFn& progress) {
    checkOptions(o);
    const Resolved r = resolve(o);
    // Groups of consecutive shapes whose random weights fit the device together (with room for
    // the activations): measured in turns; a shape alone when even it does not fit (its error).
    const int64_t free = availableBytes(r.device);
    std::vector<std::vector<size_t>> groups;
    double in_group = 0.0;
    for (size_t i = 0; i < shapes.size(); ++i) {
        const double bytes = weightBytes(shapes[i].config, r.dtype) * 1.1;
        const bool fits = free < 0 || in_group + bytes + double(512ull << 20) <= double(free);
        if (groups.empty() || !fits) groups.emplace_back(), in_group = 0.0;
        groups.back().push_back(i);
        in_group += bytes;
    }
    std::vector<LatencyProfile> out(shapes.size());
    size_t first = 0;
    for (const std::vector<size_t>& g : groups) {
        std::vector<LatencyShape> part;
        for (size_t i : g) part.push_back(shapes[i]);
        const double lo = double(first) / double(shapes.size()), hi = double(first + g.size()) / double(shapes.size());
        std::vector<LatencyProfile> measured = measureGroup(part, o, r, subProgress(progress, lo, hi));
        for (size_t k = 0; k < g.size(); ++k) out[g[k]] = std::move(measured[k]);
        first += g.size();
    }
    reportProgress(progress, 1.0, "latency measured");
    return out;
}

LatencyProfile cachedLatency(const LatencyShape& s, const LatencyOptions& o) {
    LatencyProfile p = emptyProfile(s, o);
    try {
        checkOptions(o);
        const Resolved r = resolve(o);
        p.device_name = r.device_name;
        const fs::path file = cacheFile(o, r.device_key);
        const int threads = runtimeThreads();
        p.threads = threads;
        for (int64_t c : prefillContexts(o, s.config))
            if (const auto hit = lookup(file, entryKey(p.shape_key, o.dtype, threads, "prefill", 1, c, 0))) {
                p.prefill.push_back({1, c, *hit, *hit > 0 ? 1e3 * double(c) / *hit : NAN, true});
                ++p.cached_points;
            }
        for (int64_t b : decodeBatches(o))
            if (const auto hit = lookup(file, entryKey(p.shape_key, o.dtype, threads, "decode", b, p.context, o.new_tokens))) {
                p.decode.push_back({b, p.context, *hit, *hit > 0 ? 1e3 * double(b) / *hit : NAN, true});
                ++p.cached_points;
            }
        fillHeadline(p);
    } catch (const std::exception& e) {
        p.error = e.what();
    }
    return p;
}

double prefillRatio(const LatencyProfile& a, const LatencyProfile& b) {
    if (!a.measured() || !b.measured() || !(a.prefill_ms > 0)) return NAN;
    return b.prefill_ms / a.prefill_ms;
}

double decodeRatio(const LatencyProfile& a, const LatencyProfile& b) {
    if (!a.measured() || !b.measured() || !(a.decode_ms > 0) || !std::isfinite(b.decode_ms)) return NAN;
    return b.decode_ms / a.decode_ms;
}

} // namespace pb
