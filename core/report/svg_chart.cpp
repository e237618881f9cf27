#include "core/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace pb::svg {

namespace {

// The look: sizes in SVG user units (pixels at 800 x 480).
constexpr const char* kFont = "DejaVu Sans, Liberation Sans, Arial, sans-serif";
constexpr const char* kText = "#1f2328";
constexpr const char* kMuted = "#5f6670";
constexpr const char* kGrid = "#e6e8eb";
constexpr const char* kAxis = "#9aa0a6";
constexpr double kTitleSize = 18, kLegendSize = 13, kTickSize = 12, kAxisTitleSize = 13;
constexpr double kCharWidth = 0.58; // average glyph width / font size (DejaVu Sans-like)

double textWidth(const std::string& s, double size) {
    size_t glyphs = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++glyphs; // count UTF-8 lead bytes only
    return static_cast<double>(glyphs) * size * kCharWidth;
}

std::string esc(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A coordinate: always finite (callers only map finite values into finite ranges).
std::string f1(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", std::isfinite(v) ? v : 0.0);
    return b;
}

std::string valueText(double v) {
    char b[32];
    std::snprintf(b, sizeof b, std::fabs(v) >= 1e5 ? "%.3g" : "%.4g", v);
    return b;
}

std::string text(double x, double y, const std::string& s, double size, const char* fill,
                 const char* anchor = "start", const std::string& extra = "") {
    return "<text x=\"" + f1(x) + "\" y=\"" + f1(y) + "\" font-size=\"" + f1(size) + "\" fill=\"" + fill +
           "\" text-anchor=\"" + anchor + "\"" + extra + ">" + esc(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                 const std::string& extra = "") {
    return "<line x1=\"" + f1(x1) + "\" y1=\"" + f1(y1) + "\" x2=\"" + f1(x2) + "\" y2=\"" + f1(y2) +
           "\" stroke=\"" + stroke + "\" stroke-width=\"" + f1(width) + "\"" + extra + "/>\n";
}

std::string rect(double x, double y, double w, double h, const std::string& fill) {
    return "<rect x=\"" + f1(x) + "\" y=\"" + f1(y) + "\" width=\"" + f1(std::max(w, 0.0)) + "\" height=\"" +
           f1(std::max(h, 0.0)) + "\" fill=\"" + fill + "\"/>\n";
}

struct LegendItem {
    std::string name, color;
    enum Kind { Line, DashedLine, Box } kind = Line;
};

// The frame every chart shares: background, title, legend rows and the plot rectangle.
struct Frame {
    double left = 0, top = 0, right = 0, bottom = 0; // plot rectangle
    std::string svg;
};

Frame beginChart(int width, int height, const std::string& title, const std::vector<LegendItem>& legend) {
    Frame f;
    const double W = width, H = height;
    f.svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
        std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
        std::to_string(width) + " " + std::to_string(height) + "\" font-family=\"" + kFont + "\">\n";
    f.svg += rect(0, 0, W, H, "#ffffff");
    double y = 18;
    if (!title.empty()) {
        f.svg += text(24, y + kTitleSize, title, kTitleSize, kText, "start", " font-weight=\"bold\"");
        y += kTitleSize + 14;
    }
    // Legend: one or more rows, left-aligned under the title.
    double x = 24;
    const double row_h = kLegendSize + 9;
    if (!legend.empty()) {
        y += 4;
        for (const LegendItem& it : legend) {
            const double w = 30 + textWidth(it.name, kLegendSize) + 22;
            if (x > 24 && x + w > W - 24) x = 24, y += row_h;
            const double cy = y + kLegendSize / 2;
            if (it.kind == LegendItem::Box) {
                f.svg += rect(x, cy - 6, 12, 12, it.color);
                f.svg += text(x + 18, cy + kLegendSize * 0.36, it.name, kLegendSize, kText);
                x += 18 + textWidth(it.name, kLegendSize) + 22;
            } else {
                f.svg += line(x, cy, x + 24, cy, it.color, 2.2,
                              it.kind == LegendItem::DashedLine ? " stroke-dasharray=\"6 4\"" : "");
                if (it.kind == LegendItem::Line)
                    f.svg += "<circle cx=\"" + f1(x + 12) + "\" cy=\"" + f1(cy) +
                             "\" r=\"3.5\" fill=\"#ffffff\" stroke=\"" + it.color +
                             "\" stroke-width=\"2\"/>\n";
                f.svg += text(x + 30, cy + kLegendSize * 0.36, it.name, kLegendSize, kText);
                x += w;
            }
        }
        y += row_h;
    }
    f.top = y + 14;
    f.left = 80;
    f.right = W - 28;
    f.bottom = H - 58;
    return f;
}

void axisTitles(Frame& f, int height, const std::string& x_title, const std::string& y_title) {
    if (!x_title.empty())
        f.svg += text((f.left + f.right) / 2, height - 14, x_title, kAxisTitleSize, kMuted, "middle");
    if (!y_title.empty()) {
        const double cx = 20, cy = (f.top + f.bottom) / 2;
        f.svg += text(cx, cy, y_title, kAxisTitleSize, kMuted, "middle",
                      " transform=\"rotate(-90 " + f1(cx) + " " + f1(cy) + ")\"");
    }
}

// Maps data values to plot coordinates along one axis.
struct Scale {
    double lo = 0, hi = 1; // data range
    double a = 0, b = 1;   // pixel range (b may be < a for y)
    bool log = false;
    double operator()(double v) const {
        const double t =
            log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
        return a + t * (b - a);
    }
};

double tickStep(const std::vector<double>& ticks) { return ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0; }

// Horizontal grid lines and y tick labels.
void yAxis(Frame& f, const Scale& sy, const std::vector<double>& ticks, const std::string& suffix) {
    const double step = tickStep(ticks);
    for (double t : ticks) {
        const double y = sy(t);
        if (y < f.top - 0.5 || y > f.bottom + 0.5) continue;
        f.svg += line(f.left, y, f.right, y, kGrid, 1);
        f.svg += text(f.left - 8, y + kTickSize * 0.35, tickLabel(t, sy.log ? t : step) + suffix, kTickSize,
                      kMuted, "end");
    }
}

void frameAxes(Frame& f) {
    f.svg += line(f.left, f.bottom, f.right, f.bottom, kAxis, 1);
    f.svg += line(f.left, f.top, f.left, f.bottom, kAxis, 1);
}

std::string endChart(Frame& f) { return f.svg + "</svg>\n"; }

// The y range and ticks for values in [lo, hi]; linear axes include `zero` when asked.
std::vector<double> yTicks(double& lo, double& hi, bool log, bool include_zero, double fixed_max) {
    if (log) {
        const double pad = std::max(1.06, std::pow(hi / lo, 0.06));
        lo /= pad, hi *= pad;
        return logTicks(lo, hi);
    }
    if (include_zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
    if (fixed_max > 0) hi = std::max(hi, fixed_max);
    std::vector<double> t = niceTicks(lo, hi, 6);
    lo = t.front(), hi = t.back();
    return t;
}

} // namespace

std::vector<double> niceTicks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
        const double d = lo == 0 ? 1.0 : std::fabs(lo) * 0.1;
        lo -= d, hi += d;
    }
    const double raw = (hi - lo) / std::max(1, target - 1);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double fr = raw / mag;
    const double step = (fr < 1.5 ? 1 : fr < 3 ? 2 : fr < 7 ? 5 : 10) * mag;
    std::vector<double> ticks;
    const double first = std::floor(lo / step + 1e-9), last = std::ceil(hi / step - 1e-9);
    for (double k = first; k <= last + 0.5; k += 1) {
        double v = k * step;
        if (std::fabs(v) < step * 1e-9) v = 0.0;
        ticks.push_back(v);
    }
    return ticks;
}

std::vector<double> logTicks(double lo, double hi) {
    std::vector<double> out;
    if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) return out;
    const double decades = std::log10(hi / lo);
    auto inRange = [&](double v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
    if (decades >= 0.6) {
        const std::vector<double> mult =
            decades <= 2.5 ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
        const int every = decades > 6 ? static_cast<int>(std::ceil(decades / 6)) : 1;
        for (int e = static_cast<int>(std::floor(std::log10(lo)));
             e <= static_cast<int>(std::ceil(std::log10(hi))); ++e) {
            if (e % every != 0) continue;
            for (double m : mult)
                if (double v = m * std::pow(10.0, e); inRange(v)) out.push_back(v);
        }
    }
    if (out.size() < 3) { // a short range: round linear values
        out.clear();
        for (double v : niceTicks(lo, hi, 5))
            if (v > 0 && inRange(v)) out.push_back(v);
    }
    return out;
}

std::string tickLabel(double v, double step) {
    step = std::fabs(step);
    if (std::fabs(v) < step * 1e-9) v = 0.0;
    int decimals = 0;
    if (step > 0 && step < 1) decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    char b[48];
    if (decimals == 0 && std::fabs(v) >= 10000 && std::fmod(std::fabs(v), 1000.0) == 0) {
        if (std::fabs(v) >= 1e6 && std::fmod(std::fabs(v), 1e6) == 0)
            std::snprintf(b, sizeof b, "%.0fM", v / 1e6);
        else
            std::snprintf(b, sizeof b, "%.0fk", v / 1000);
        return b;
    }
    std::snprintf(b, sizeof b, "%.*f", std::min(decimals, 6), v);
    std::string s = b;
    if (decimals == 0 && std::fabs(v) >= 1000) { // thousands separators
        const size_t start = s[0] == '-' ? 1 : 0;
        for (size_t i = s.size(); i > start + 3; i -= 3) s.insert(i - 3, ",");
    }
    return s;
}

SvgChart renderLineChart(const LineChart& c) {
    SvgChart out;
    // The points that can be drawn, per series.
    std::vector<std::vector<Point>> drawn(c.series.size());
    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
    for (size_t s = 0; s < c.series.size(); ++s) {
        for (const Point& p : c.series[s].points) {
            std::string why;
            if (!std::isfinite(p.x))
                why = "its x is not a finite number";
            else if (!std::isfinite(p.y))
                why = "its value is not a finite number";
            else if (c.log_y && p.y <= 0)
                why = "its value is not positive (log axis)";
            if (!why.empty()) {
                out.notes.push_back(c.series[s].name + ": the point at " +
                                    (std::isfinite(p.x) ? valueText(p.x) + c.x_suffix : std::string("?")) +
                                    " is not drawn: " + why + ".");
                continue;
            }
            Point q = p;
            if (!(std::isfinite(q.lo) && std::isfinite(q.hi)) || (c.log_y && q.lo <= 0)) q.lo = q.hi = NAN;
            drawn[s].push_back(q);
            xlo = std::min(xlo, p.x), xhi = std::max(xhi, p.x), ylo = std::min(ylo, p.y),
            yhi = std::max(yhi, p.y);
            if (std::isfinite(q.lo)) ylo = std::min(ylo, q.lo), yhi = std::max(yhi, q.hi);
        }
    }
    std::vector<const ReferenceLine*> refs;
    for (const ReferenceLine& r : c.references) {
        if (!std::isfinite(r.y) || (c.log_y && r.y <= 0)) {
            out.notes.push_back(r.name + ": not drawn, its value is not a finite" +
                                std::string(c.log_y ? " positive" : "") + " number.");
            continue;
        }
        refs.push_back(&r);
        ylo = std::min(ylo, r.y), yhi = std::max(yhi, r.y);
        if (std::isfinite(r.lo) && std::isfinite(r.hi) && !(c.log_y && r.lo <= 0))
            ylo = std::min(ylo, r.lo), yhi = std::max(yhi, r.hi);
    }
    const bool empty = !(xlo <= xhi) && refs.empty();
    if (!(xlo <= xhi)) xlo = 0, xhi = 1;
    if (!(ylo <= yhi)) ylo = c.log_y ? 1 : 0, yhi = c.log_y ? 10 : 1;
    if (c.x_from_zero) xlo = std::min(xlo, 0.0);

    std::vector<LegendItem> legend;
    for (size_t s = 0; s < c.series.size(); ++s)
        legend.push_back({c.series[s].name, c.series[s].color,
                          c.series[s].dashed ? LegendItem::DashedLine : LegendItem::Line});
    for (const ReferenceLine* r : refs) legend.push_back({r->name, r->color, LegendItem::DashedLine});
    Frame f = beginChart(c.width, c.height, c.title, legend);

    std::vector<double> xt = niceTicks(xlo, xhi, 7);
    Scale sx{xt.front(), xt.back(), f.left, f.right, false};
    if (c.log_y && yhi / ylo < 1.0001) ylo /= 1.5, yhi *= 1.5;
    std::vector<double> yt = yTicks(ylo, yhi, c.log_y, c.y_from_zero, c.y_max);
    Scale sy{ylo, yhi, f.bottom, f.top, c.log_y};

    yAxis(f, sy, yt, c.y_suffix);
    const double xstep = tickStep(xt);
    for (double t : xt) {
        const double x = sx(t);
        if (t != xt.front()) f.svg += line(x, f.top, x, f.bottom, kGrid, 1);
        f.svg += text(x, f.bottom + 20, tickLabel(t, xstep) + c.x_suffix, kTickSize, kMuted, "middle");
    }
    frameAxes(f);
    axisTitles(f, c.height, c.x_title, c.y_title);
    if (empty) f.svg += text((f.left + f.right) / 2, (f.top + f.bottom) / 2, "no data", 14, kMuted, "middle");

    for (const ReferenceLine* r : refs)
        if (std::isfinite(r->lo) && std::isfinite(r->hi) && !(c.log_y && r->lo <= 0))
            f.svg += "<rect x=\"" + f1(f.left) + "\" y=\"" + f1(sy(r->hi)) + "\" width=\"" + f1(f.right - f.left) +
                     "\" height=\"" + f1(std::max(0.0, sy(r->lo) - sy(r->hi))) + "\" fill=\"" + r->color +
                     "\" fill-opacity=\"0.14\"/>\n";
    for (const ReferenceLine* r : refs)
        f.svg += line(f.left, sy(r->y), f.right, sy(r->y), r->color, r->dotted ? 1.2 : 1.6,
                      r->dotted ? " stroke-dasharray=\"2 4\"" : " stroke-dasharray=\"6 4\"");
    for (size_t s = 0; s < c.series.size(); ++s)  // whiskers under the lines
        for (const Point& p : drawn[s]) {
            if (!std::isfinite(p.lo)) continue;
            const double x = sx(p.x), y0 = sy(p.lo), y1 = sy(p.hi);
            f.svg += line(x, y0, x, y1, c.series[s].color, 1.4, " stroke-opacity=\"0.75\"");
            f.svg += line(x - 4, y0, x + 4, y0, c.series[s].color, 1.4, " stroke-opacity=\"0.75\"");
            f.svg += line(x - 4, y1, x + 4, y1, c.series[s].color, 1.4, " stroke-opacity=\"0.75\"");
        }
    for (size_t s = 0; s < c.series.size(); ++s) {
        if (drawn[s].empty()) continue;
        const Series& se = c.series[s];
        std::string pts;
        for (const Point& p : drawn[s]) pts += (pts.empty() ? "" : " ") + f1(sx(p.x)) + "," + f1(sy(p.y));
        f.svg += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"" + se.color +
                 "\" stroke-width=\"2.2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"" +
                 (se.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
        for (const Point& p : drawn[s])
            f.svg += "<circle cx=\"" + f1(sx(p.x)) + "\" cy=\"" + f1(sy(p.y)) +
                     "\" r=\"3.5\" fill=\"#ffffff\" stroke=\"" + se.color + "\" stroke-width=\"2\"/>\n";
    }
    out.svg = endChart(f);
    return out;
}

SvgChart renderBarChart(const BarChart& c) {
    SvgChart out;
    const size_t n = c.categories.size();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    std::vector<std::vector<bool>> ok(c.series.size(), std::vector<bool>(n, false));
    for (size_t s = 0; s < c.series.size(); ++s) {
        for (size_t i = 0; i < n && i < c.series[s].values.size(); ++i) {
            const double v = c.series[s].values[i];
            if (std::isnan(v)) continue; // no bar here, by design
            if (!std::isfinite(v) || (c.log_y && v <= 0)) {
                out.notes.push_back(c.series[s].name + ", " + c.categories[i] +
                                    ": no bar, the value is not a finite" +
                                    std::string(c.log_y ? " positive" : "") + " number.");
                continue;
            }
            ok[s][i] = true;
            lo = std::min(lo, v), hi = std::max(hi, v);
        }
    }
    const bool empty = !(lo <= hi);
    if (empty) lo = c.log_y ? 1 : 0, hi = c.log_y ? 10 : 1;
    if (c.log_y && hi / lo < 1.0001) lo /= 1.5, hi *= 1.5;

    std::vector<LegendItem> legend;
    for (const BarSeries& s : c.series) legend.push_back({s.name, s.color, LegendItem::Box});
    Frame f = beginChart(c.width, c.height, c.title, legend);
    if (c.value_labels) f.top += 6; // room for the labels above the highest bar

    std::vector<double> yt = yTicks(lo, hi, c.log_y, true, c.y_max);
    Scale sy{lo, hi, f.bottom, f.top, c.log_y};
    yAxis(f, sy, yt, c.y_suffix);

    const double slot = n ? (f.right - f.left) / static_cast<double>(n) : 0;
    size_t groups = 0;
    for (const BarSeries& s : c.series) groups += s.full_slot ? 0 : 1;
    if (c.overlap || groups == 0) groups = 1;
    const double group_w = std::min(slot * (n > 12 ? 0.78 : 0.6), 110.0 * static_cast<double>(groups));
    const double bar_w = group_w / static_cast<double>(groups);
    // Category labels: every k-th when they would collide.
    double widest = 0;
    for (const std::string& s : c.categories) widest = std::max(widest, textWidth(s, kTickSize));
    const size_t every =
        slot > 0 ? std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + 8) / slot))) : 1;
    for (size_t i = 0; i < n; ++i)
        if (i % every == 0)
            f.svg +=
                text(f.left + slot * (i + 0.5), f.bottom + 20, c.categories[i], kTickSize, kMuted, "middle");

    const double base = c.log_y ? f.bottom : sy(0.0);
    size_t g = 0; // the series' place in the group
    for (size_t s = 0; s < c.series.size(); ++s) {
        const bool full = c.series[s].full_slot;
        const double w = full ? group_w : bar_w;
        for (size_t i = 0; i < n; ++i) {
            if (!ok[s][i]) continue;
            const double v = c.series[s].values[i];
            const double x = f.left + slot * i + (slot - group_w) / 2 + (full || c.overlap ? 0.0 : bar_w * g);
            const double y = sy(v);
            f.svg += rect(x + 0.5, std::min(y, base), w - 1.0, std::fabs(base - y), c.series[s].color);
            if (c.value_labels)
                f.svg += text(x + w / 2, (v >= 0 || c.log_y ? y - 6 : y + 14), valueText(v) + c.y_suffix,
                              kTickSize, kText, "middle");
        }
        if (!full) ++g;
    }
    if (!c.log_y && lo < 0) f.svg += line(f.left, sy(0.0), f.right, sy(0.0), kAxis, 1);
    frameAxes(f);
    axisTitles(f, c.height, c.x_title, c.y_title);
    if (empty) f.svg += text((f.left + f.right) / 2, (f.top + f.bottom) / 2, "no data", 14, kMuted, "middle");
    out.svg = endChart(f);
    return out;
}

} // namespace pb::svg
