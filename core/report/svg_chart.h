#pragma once
// Charts as SVG text, for reports written without a GUI: a line chart (named series of
// (x, y) points, optional log-y, horizontal reference lines) and a grouped bar chart
// (categories x series). One calm look for all of them: white background, light grid,
// round tick values, title and legend above the plot. No Qt, no torch.
//
// Points that cannot be drawn (a NaN or infinite y, y <= 0 on a log axis) are left out
// and named in SvgChart::notes; the SVG never holds "nan" or "inf". Line charts draw a point's
// interval (Point::lo/hi) as a whisker and a reference line's as a band.
#include <limits>
#include <string>
#include <vector>

namespace pb::svg {

// The palette. Width pruning is blue, depth pruning orange, the dense model grey.
namespace color {
inline constexpr const char* kWidth = "#2f6db5";
inline constexpr const char* kDepth = "#d9822b";
inline constexpr const char* kDense = "#8a9099";
inline constexpr const char* kGreen = "#4c9a52";
inline constexpr const char* kPurple = "#8e5ea2";
inline constexpr const char* kRed = "#c8493f";
inline constexpr const char* kTeal = "#3a9e9a";
inline constexpr const char* kBrown = "#9c6b3c";
} // namespace color

struct Point {
    double x = 0.0, y = 0.0;
    // An interval around y (a 95% confidence interval), drawn as a whisker when both are
    // finite; NaN: none.
    double lo = std::numeric_limits<double>::quiet_NaN(), hi = std::numeric_limits<double>::quiet_NaN();
};

struct Series {
    std::string name;          // legend text
    std::string color;         // "#rrggbb"
    std::vector<Point> points; // drawn in the order given
    bool dashed = false;
};

// A horizontal line across the plot (a baseline), with its own legend entry.
struct ReferenceLine {
    std::string name;
    std::string color = color::kDense;
    double y = 0.0;
    // An interval around y drawn as a light band across the plot when both are finite.
    double lo = std::numeric_limits<double>::quiet_NaN(), hi = std::numeric_limits<double>::quiet_NaN();
    bool dotted = false;  // a lighter line (a chance level) instead of the dashed baseline
};

struct LineChart {
    std::string title, x_title, y_title;
    std::vector<Series> series;
    std::vector<ReferenceLine> references;
    bool log_y = false;
    bool x_from_zero = true; // the x axis starts at 0 (fractions removed)
    std::string x_suffix;    // appended to x tick labels ("%")
    std::string y_suffix;    // appended to y tick labels ("%")
    bool y_from_zero = false;  // the y axis includes 0 (linear axes)
    double y_max = 0.0;        // > 0: the y axis reaches at least this (100 for percentages)
    int width = 800, height = 480;
};

struct BarSeries {
    std::string name;
    std::string color;
    std::vector<double> values; // one per category; NaN = no bar
    // The bar spans the category's whole group (a marker such as "block dropped" in a
    // category where the other series have no value).
    bool full_slot = false;
};

struct BarChart {
    std::string title, x_title, y_title;
    std::vector<std::string> categories;
    std::vector<BarSeries> series;
    // Series share each category's slot instead of standing side by side: for series
    // that never both have a value in one category ("kept" / "dropped").
    bool overlap = false;
    bool value_labels = false; // the value above each bar (few categories only)
    bool log_y = false;        // every value > 0
    std::string y_suffix;      // appended to y tick labels ("%")
    double y_max = 0.0;        // > 0: fixed top of the y axis (100 for percentages)
    int width = 800, height = 480;
};

struct SvgChart {
    std::string svg;                // a complete SVG document
    std::vector<std::string> notes; // points or bars left out, and why
};

SvgChart renderLineChart(const LineChart& chart);
SvgChart renderBarChart(const BarChart& chart);

// Round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart), about
// `target` of them. Exposed for tests.
std::vector<double> niceTicks(double lo, double hi, int target = 6);
// Tick values for a log axis over [lo, hi] (lo > 0): decades, with 2 and 5 between
// them when the range is short.
std::vector<double> logTicks(double lo, double hi);
// "0.25", "1,500", "20k": a tick label for value v on an axis whose ticks are `step` apart.
std::string tickLabel(double v, double step);

} // namespace pb::svg
