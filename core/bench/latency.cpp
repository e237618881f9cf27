#include "core/bench/latency.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
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

double prefillMs(const LlamaModel& model, int64_t batch, int64_t context, const LatencyOptions& o) {
    const torch::Device dev = model.device();
    const auto ids = randomIds(batch, context, model.config.vocab, o.seed).to(dev);  // [B, C]
    std::vector<double> runs;
    for (int64_t i = 0; i < o.warmup + o.repeat; ++i) {
        KVCache cache;
        syncDevice(dev);
        const double t0 = nowSeconds();
        step(model, ids, cache);
        const double dt = secondsSince(dev, t0);
        if (i >= o.warmup) runs.push_back(dt);
    }
    return 1e3 * median(runs);
}

// Milliseconds per decode step (one token for each of `batch` sequences) after `context` tokens.
double decodeMs(const LlamaModel& model, int64_t batch, int64_t context, const LatencyOptions& o) {
    const torch::Device dev = model.device();
    const auto ids = randomIds(batch, context, model.config.vocab, o.seed + 1).to(dev);  // [B, C]
    KVCache base;
    const torch::Tensor first = step(model, ids, base);  // the prompt, untimed
    std::vector<double> runs;
    for (int64_t i = 0; i < o.warmup + o.repeat; ++i) {
        KVCache cache = base;  // the forward concatenates: base keeps the prompt's keys and values
        torch::Tensor input = first.to(dev);
        syncDevice(dev);
        const double t0 = nowSeconds();
        for (int64_t s = 0; s < o.new_tokens; ++s) input = step(model, input, cache).to(dev);  // the host sees every id
        const double dt = secondsSince(dev, t0);
        if (i >= o.warmup) runs.push_back(dt / double(o.new_tokens));
    }
    return 1e3 * median(runs);
}

LatencyProfile emptyProfile(const LatencyShape& s, const LatencyOptions& o) {
    LatencyProfile p;
    p.label = s.label;
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

// One shape: cached points first, the rest measured on one random model.
LatencyProfile measureOne(const LatencyShape& s, const LatencyOptions& o, const Resolved& r, const ProgressFn& progress) {
    LatencyProfile p = emptyProfile(s, o);
    p.device_name = r.device_name;
    const double t0 = nowSeconds();
    const fs::path file = cacheFile(o, r.device_key);
    const int64_t ctx = p.context;
    const std::vector<int64_t> contexts = prefillContexts(o, s.config);
    const std::vector<int64_t> batches =
        s.config.max_position > 0 && ctx + o.new_tokens > s.config.max_position ? std::vector<int64_t>{} : decodeBatches(o);
    std::shared_ptr<LlamaModel> model;
    std::map<std::string, double> measured;
    const size_t total = contexts.size() + batches.size();
    size_t done = 0;
    auto ensureModel = [&]() -> const LlamaModel& {
        if (!model) {
            reportProgress(progress, double(done) / double(total), "building random weights of " + s.label);
            checkFits(s.config, r.device, r.dtype, o.device);
            model = randomModel(s.config, r.device, r.dtype, o.seed);
        }
        return *model;
    };
    torch::NoGradGuard no_grad;
    const TrustedIds trusted;  // random ids below the vocabulary: no range check (a sync) per step
    try {
        for (int64_t c : contexts) {
            reportProgress(progress, double(done) / double(total), s.label + ": prefill of " + std::to_string(c) + " tokens");
            const int threads = runtimeThreads();
            const std::string key = entryKey(p.shape_key, o.dtype, threads, "prefill", 1, c, 0);
            LatencyPoint q;
            q.batch = 1, q.context = c;
            if (const auto hit = o.use_cache ? lookup(file, key) : std::nullopt) {
                q.ms = *hit, q.cached = true, ++p.cached_points;
            } else {
                q.ms = prefillMs(ensureModel(), 1, c, o);
                measured[key] = q.ms, ++p.measured_points;
            }
            q.tokens_per_s = q.ms > 0 ? 1e3 * double(c) / q.ms : NAN;
            if (c == ctx) p.threads = threads;
            p.prefill.push_back(q);
            ++done;
        }
        for (int64_t b : batches) {
            reportProgress(progress, double(done) / double(total), s.label + ": decoding at batch " + std::to_string(b));
            const std::string key = entryKey(p.shape_key, o.dtype, runtimeThreads(), "decode", b, ctx, o.new_tokens);
            LatencyPoint q;
            q.batch = b, q.context = ctx;
            if (const auto hit = o.use_cache ? lookup(file, key) : std::nullopt) {
                q.ms = *hit, q.cached = true, ++p.cached_points;
            } else {
                q.ms = decodeMs(ensureModel(), b, ctx, o);
                measured[key] = q.ms, ++p.measured_points;
            }
            q.tokens_per_s = q.ms > 0 ? 1e3 * double(b) / q.ms : NAN;
            p.decode.push_back(q);
            ++done;
        }
    } catch (const Cancelled&) {
        if (o.use_cache) store(file, r.device_key, measured);  // what was measured stays measured
        throw;
    } catch (const std::exception& e) {  // out of memory, a CUDA error: this shape only
        p.error = e.what();
    }
    model.reset();
    if (o.use_cache) store(file, r.device_key, measured);
    fillHeadline(p);
    p.seconds = nowSeconds() - t0;
    return p;
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
    std::vector<LatencyProfile> out;
    for (size_t i = 0; i < shapes.size(); ++i) {
        const double lo = double(i) / double(shapes.size()), hi = double(i + 1) / double(shapes.size());
        out.push_back(measureOne(shapes[i], o, r, subProgress(progress, lo, hi)));
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
