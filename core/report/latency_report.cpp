#include "core/report/latency_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/report/svg_chart.h"

namespace pb::report {

namespace {

std::string fixed(double v, int digits) {
    if (!std::isfinite(v)) return "—";
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, v);
    return b;
}

std::string ms(double v) { return fixed(v, v < 10 ? 2 : 1); }

std::string cell(std::string s) {
    for (char& c : s)
        if (c == '|' || c == '\n') c = c == '|' ? '/' : ' ';
    return s;
}

std::string row(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const auto& c : cells) s += " " + cell(c) + " |";
    return s + "\n";
}

std::string header(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (size_t i = 0; i < cells.size(); ++i) s += " --- |";
    return row(cells) + s + "\n";
}

std::string ratio(double before, double after) {  // "0.82×"
    return std::isfinite(before) && std::isfinite(after) && before > 0 ? fixed(after / before, 2) + "×" : "—";
}

std::string thousands(int64_t v) {
    const std::string d = std::to_string(v);
    std::string s;
    for (size_t i = 0; i < d.size(); ++i) {
        if (i > 0 && (d.size() - i) % 3 == 0) s += ',';
        s += d[i];
    }
    return s;
}

const char* colorOf(const LatencyProfile& p, size_t i) {
    if (p.kind == "original") return svg::color::kDense;
    if (p.kind == "width") return svg::color::kWidth;
    if (p.kind == "depth") return svg::color::kDepth;
    if (i == 0 || p.label == "original") return svg::color::kDense;
    if (p.label.find("depth") != std::string::npos) return svg::color::kDepth;
    if (p.label.find("width") != std::string::npos) return svg::color::kWidth;
    static const char* others[] = {svg::color::kGreen, svg::color::kPurple, svg::color::kTeal, svg::color::kBrown};
    return others[i % 4];
}

} // namespace

std::string latencyDevice(const LatencyProfile& p) {
    std::string s = p.device;
    std::string inner = p.device_name;
    if (p.device.rfind("cuda", 0) != 0 && p.threads > 0)
        inner += (inner.empty() ? "" : ", ") + std::to_string(p.threads) + (p.threads == 1 ? " thread" : " threads");
    if (!inner.empty()) s += " (" + inner + ")";
    return s + ", " + p.dtype;
}

std::string latencyPlanRows(const PlanSummary& p) {
    const LatencyProfile& a = p.latency_before;
    const LatencyProfile& b = p.latency_after;
    if (!a.measured() || !b.measured()) return "";
    std::string s = row({"prefill, " + std::to_string(a.context) + " tokens at batch 1 (ms, measured)", ms(a.prefill_ms),
                         ms(b.prefill_ms), ratio(a.prefill_ms, b.prefill_ms)});
    s += row({"decode at batch 1 (tokens/s, measured)", fixed(a.decode_tokens_per_s, 1), fixed(b.decode_tokens_per_s, 1),
              ratio(a.decode_ms, b.decode_ms) + " time per token"});
    return s;
}

std::string latencySection(const LatencySummary& s) {
    if (s.profiles.empty()) return "";
    const LatencyProfile& o = s.profiles.front();
    std::string out = "## Latency (measured)\n\nRandom weights of each shape on " + latencyDevice(o) +
                      "; every point the median of its timed runs after a warm-up. Prefill: one forward of a prompt at "
                      "batch 1 up to the first token's logits. Decode: " +
                      std::to_string(o.new_tokens) + " one-token steps with the KV cache after " +
                      std::to_string(o.context) + " tokens, the host reading every id.\n\n";
    out += header({"model", "parameters", "blocks", "prefill ms (" + std::to_string(o.context) + " tokens)", "× original",
                   "decode tokens/s (batch 1)", "time per token × original"});
    for (const LatencyProfile& p : s.profiles) {
        if (!p.error.empty()) {
            out += row({p.label, thousands(p.params), std::to_string(p.blocks), "failed: " + p.error, "", "", ""});
            continue;
        }
        out += row({p.label, thousands(p.params), std::to_string(p.blocks), ms(p.prefill_ms), ratio(o.prefill_ms, p.prefill_ms),
                    fixed(p.decode_tokens_per_s, 1), ratio(o.decode_ms, p.decode_ms)});
    }
    // The curves as tables: one column per context length / batch size any profile has.
    std::set<int64_t> contexts, batches;
    for (const LatencyProfile& p : s.profiles) {
        for (const LatencyPoint& q : p.prefill) contexts.insert(q.context);
        for (const LatencyPoint& q : p.decode) batches.insert(q.batch);
    }
    auto value = [](const std::vector<LatencyPoint>& points, bool by_context, int64_t key, bool speed) {
        for (const LatencyPoint& q : points)
            if ((by_context ? q.context : q.batch) == key) return speed ? fixed(q.tokens_per_s, 1) : ms(q.ms);
        return std::string("—");
    };
    if (contexts.size() > 1) {
        std::vector<std::string> h = {"prefill ms at batch 1, by context length"};
        for (int64_t c : contexts) h.push_back(std::to_string(c));
        out += "\n" + header(h);
        for (const LatencyProfile& p : s.profiles) {
            std::vector<std::string> r = {p.label};
            for (int64_t c : contexts) r.push_back(value(p.prefill, true, c, false));
            out += row(r);
        }
    }
    if (batches.size() > 1) {
        std::vector<std::string> h = {"decode tokens/s after " + std::to_string(o.context) + " tokens, by batch size"};
        for (int64_t b : batches) h.push_back(std::to_string(b));
        out += "\n" + header(h);
        for (const LatencyProfile& p : s.profiles) {
            std::vector<std::string> r = {p.label};
            for (int64_t b : batches) r.push_back(value(p.decode, false, b, true));
            out += row(r);
        }
    }
    return out + "\n";
}

std::vector<NamedChart> latencyCharts(const LatencySummary& s) {
    std::vector<NamedChart> out;
    if (s.profiles.empty()) return out;
    const LatencyProfile& o = s.profiles.front();
    svg::LineChart prefill, decode;
    prefill.title = "Prefill time vs context length (batch 1)";
    prefill.x_title = "prompt tokens";
    prefill.y_title = "ms to the first token (lower is better)";
    decode.title = "Decode speed vs batch size (after " + std::to_string(o.context) + " tokens)";
    decode.x_title = "sequences decoded together";
    decode.y_title = "tokens/s (higher is better)";
    bool long_prefill = false, long_decode = false;
    for (size_t i = 0; i < s.profiles.size(); ++i) {
        const LatencyProfile& p = s.profiles[i];
        if (!p.error.empty()) continue;
        svg::Series a{p.label, colorOf(p, i), {}, i == 0};
        svg::Series b{p.label, colorOf(p, i), {}, i == 0};
        for (const LatencyPoint& q : p.prefill) a.points.push_back({double(q.context), q.ms});
        for (const LatencyPoint& q : p.decode) b.points.push_back({double(q.batch), q.tokens_per_s});
        long_prefill |= a.points.size() > 1;
        long_decode |= b.points.size() > 1;
        prefill.series.push_back(a);
        decode.series.push_back(b);
    }
    if (long_prefill) out.push_back({"latency-prefill", prefill.title, svg::renderLineChart(prefill)});
    if (long_decode) out.push_back({"latency-decode", decode.title, svg::renderLineChart(decode)});
    return out;
}

} // namespace pb::report
