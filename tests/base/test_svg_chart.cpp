// SVG charts for reports: well-formed, one line per series, round ticks, and points that
// cannot be drawn (NaN, inf, <= 0 on a log axis) left out with a note instead of "nan".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/report/svg_chart.h"
#include "svg_check.h"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool hasText(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

TEST(SvgChart, NiceTicksAreRound) {
    EXPECT_EQ(pb::svg::niceTicks(0, 37), (std::vector<double>{0, 10, 20, 30, 40}));
    EXPECT_EQ(pb::svg::niceTicks(0, 100), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    const auto small = pb::svg::niceTicks(0.12, 0.48);
    EXPECT_NEAR(small.front(), 0.1, 1e-12);
    EXPECT_NEAR(small.back(), 0.5, 1e-12);
    EXPECT_EQ(pb::svg::niceTicks(5, 5).size() >= 2, true); // a flat range still has an axis
    // Log axis: 1-2-5 over a few decades, decades only over many, round values when short.
    EXPECT_EQ(pb::svg::logTicks(15, 2000), (std::vector<double>{20, 50, 100, 200, 500, 1000, 2000}));
    EXPECT_EQ(pb::svg::logTicks(0.5, 5e5), (std::vector<double>{1, 10, 100, 1000, 10000, 100000}));
    EXPECT_EQ(pb::svg::logTicks(0.5, 5e6),
              (std::vector<double>{1, 100, 10000, 1000000})); // every other decade
    const auto narrow = pb::svg::logTicks(17, 40);
    ASSERT_GE(narrow.size(), 3u);
    for (double t : narrow) EXPECT_TRUE(t >= 17 && t <= 40) << t;
    EXPECT_EQ(pb::svg::tickLabel(20000, 5000), "20k");
    EXPECT_EQ(pb::svg::tickLabel(1500, 500), "1,500");
    EXPECT_EQ(pb::svg::tickLabel(0.30000000000000004, 0.1), "0.3");
    EXPECT_EQ(pb::svg::tickLabel(1e-17, 0.2), "0.0");
}

TEST(SvgChart, LineChartIsWellFormedWithOneLinePerSeries) {
    pb::svg::LineChart c;
    c.title = "Perplexity <vs> parameters & more";
    c.x_title = "parameters removed (%)";
    c.y_title = "perplexity";
    c.x_suffix = "%";
    c.log_y = true;
    c.series = {{"taylor_element1 (width)", pb::svg::color::kWidth, {{10, 21.5}, {20, 30.25}, {30, 55}}},
                {"block_ppl (depth)", pb::svg::color::kDepth, {{10, 25}, {20, kNaN}, {30, kInf}}},
                {"l2 (width)", pb::svg::color::kGreen, {{10, 22}, {20, -1}}}};
    c.references = {{"dense (18.27)", pb::svg::color::kDense, 18.27}};
    const pb::svg::SvgChart out = pb::svg::renderLineChart(c);

    const pbtest::SvgParse p = pbtest::parseSvg(out.svg);
    ASSERT_TRUE(p.ok) << p.error;
    std::string bad;
    EXPECT_TRUE(pbtest::numbersFinite(p, &bad)) << bad;
    EXPECT_EQ(p.count("polyline"), 3u); // one per series
    EXPECT_EQ(p.count("svg"), 1u);
    EXPECT_FALSE(hasText(lower(out.svg), "nan"));
    EXPECT_FALSE(hasText(lower(out.svg), "inf"));
    EXPECT_TRUE(hasText(out.svg, "Perplexity &lt;vs&gt; parameters &amp; more"));
    for (const char* name : {"taylor_element1 (width)", "block_ppl (depth)", "l2 (width)", "dense (18.27)"})
        EXPECT_TRUE(hasText(out.svg, name)) << name;
    for (const char* color : {"#2f6db5", "#d9822b", "#8a9099"}) EXPECT_TRUE(hasText(out.svg, color)) << color;
    // NaN, inf and (on the log axis) -1: three points left out, each named.
    ASSERT_EQ(out.notes.size(), 3u);
    EXPECT_TRUE(hasText(out.notes[0], "block_ppl (depth)") && hasText(out.notes[0], "20%")) << out.notes[0];
    EXPECT_TRUE(hasText(out.notes[1], "30%")) << out.notes[1];
    EXPECT_TRUE(hasText(out.notes[2], "l2 (width)") && hasText(out.notes[2], "not positive")) << out.notes[2];
    // Markers: one circle per drawn point (3 + 1 + 1) plus the legend's (3 series).
    EXPECT_EQ(p.count("circle"), 8u);
    const auto& root = p.elements.front();
    EXPECT_EQ(root.attributes.at("width"), "800");
    EXPECT_EQ(root.attributes.at("height"), "480");
}

TEST(SvgChart, SeriesWithoutDrawablePointsHasNoLine) {
    pb::svg::LineChart c;
    c.series = {{"all bad", pb::svg::color::kWidth, {{1, kNaN}}},
                {"fine", pb::svg::color::kDepth, {{1, 2}, {2, 3}}}};
    const auto out = pb::svg::renderLineChart(c);
    const auto p = pbtest::parseSvg(out.svg);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_EQ(p.count("polyline"), 1u);
    EXPECT_EQ(out.notes.size(), 1u);
    // Nothing at all: still a valid chart that says so.
    const auto none = pb::svg::renderLineChart(pb::svg::LineChart{});
    const auto q = pbtest::parseSvg(none.svg);
    ASSERT_TRUE(q.ok) << q.error;
    EXPECT_TRUE(pbtest::numbersFinite(q));
    EXPECT_TRUE(hasText(none.svg, "no data"));
}

TEST(SvgChart, BarChartDrawsOneRectPerValue) {
    pb::svg::BarChart c;
    c.title = "Widths kept per layer";
    c.categories = {"0", "1", "2", "3"};
    c.y_suffix = "%";
    c.y_max = 100;
    c.series = {{"heads", pb::svg::color::kWidth, {100, 66.7, kNaN, 100}},
                {"FFN", "#7fa7d9", {100, 75, kNaN, kInf}},
                {"dropped", "#f2c49b", {kNaN, kNaN, 100, kNaN}, true}};
    const auto out = pb::svg::renderBarChart(c);
    const auto p = pbtest::parseSvg(out.svg);
    ASSERT_TRUE(p.ok) << p.error;
    std::string bad;
    EXPECT_TRUE(pbtest::numbersFinite(p, &bad)) << bad;
    // background + 3 legend boxes + bars (3 heads, 2 FFN, 1 dropped; the inf is left out)
    EXPECT_EQ(p.count("rect"), 1u + 3u + 6u);
    ASSERT_EQ(out.notes.size(), 1u);
    EXPECT_TRUE(hasText(out.notes[0], "FFN, 3")) << out.notes[0];
    EXPECT_TRUE(hasText(out.svg, ">100%<"));
    EXPECT_FALSE(hasText(lower(out.svg), "nan"));

    pb::svg::BarChart logc;
    logc.log_y = true;
    logc.overlap = true;
    logc.value_labels = true;
    logc.categories = {"a", "b", "c"};
    logc.series = {{"kept", pb::svg::color::kWidth, {5000, 20, kNaN}},
                   {"dropped", pb::svg::color::kDepth, {kNaN, kNaN, 0}}};
    const auto lo = pb::svg::renderBarChart(logc);
    const auto lp = pbtest::parseSvg(lo.svg);
    ASSERT_TRUE(lp.ok) << lp.error;
    EXPECT_TRUE(pbtest::numbersFinite(lp));
    EXPECT_EQ(lo.notes.size(), 1u); // 0 cannot stand on a log axis
    EXPECT_TRUE(hasText(lo.svg, ">5000<"));
}

} // namespace
