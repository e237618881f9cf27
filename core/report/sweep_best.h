#pragma once
// The science of the cross-size table, once: which sweep point stands for a kind of pruning
// at a fraction removed ("best per kind": the lowest perplexity among that kind's criteria)
// and perplexity relative to the dense model. The CLI's table and report, and the GUI's
// overlay chart all read these. Torch-free.
#include <cstddef>
#include <string>
#include <vector>

#include "core/report/results.h"

namespace pb {

// The first "dense" point without an error and with a positive finite perplexity; nullptr
// when there is none.
const SweepPoint* densePoint(const std::vector<SweepPoint>& points);

// ppl / dense_ppl; NaN unless both are positive and finite.
double relativePpl(double ppl, double dense_ppl);

// A point that may stand for its kind: no error, perplexity positive and finite.
bool measuredPoint(const SweepPoint& p);

struct BestPoint {
    double target = 0.0;  // the requested fraction removed
    std::string kind;     // "width" or "depth"
    size_t index = 0;     // into the points given
};

// For each requested fraction (ascending) and kind (width before depth): the point of that
// kind and target with the lowest perplexity among measuredPoint()s; the first one on a tie.
// A target at which a kind has no measured point has no entry for that kind.
std::vector<BestPoint> bestPerKind(const std::vector<SweepPoint>& points);

// One curve of the overlay chart: a model's best point of one kind at each fraction,
// perplexity relative to the model's dense perplexity, starting at (0, 1) for the dense model.
struct CurvePoint {
    double removed = 0.0;       // achieved fraction of the parameters removed
    double relative_ppl = 1.0;
    std::string criterion;      // "dense" for the first point
};
struct RelativeCurve {
    std::string model;  // the model's name as given
    std::string kind;   // "width" or "depth"
    std::vector<CurvePoint> points;  // ascending in removed
};

// Width then depth; none when the sweep has no measured dense point, a kind with no measured
// point has no curve.
std::vector<RelativeCurve> relativeCurves(const std::string& model, const std::vector<SweepPoint>& points);
std::vector<RelativeCurve> relativeCurves(const ModelSweep& model);

// How a model is named in chart legends: "demo" and "demo:NAME" as given, a path by its last
// component ("/m/qwen2.5-0.5b.gguf" -> "qwen2.5-0.5b.gguf").
std::string modelLabel(const std::string& name);

} // namespace pb
