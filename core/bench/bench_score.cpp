// Gradient scoring through the product's path (scoreWidth): forward, backward and the
// per-unit Taylor reduction on `batch` random samples of `seq` tokens.
#include <cmath>

#include <torch/torch.h>

#include "core/bench/timed_runs.h"
#include "core/bench/works.h"
#include "core/model/llama_model.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/util/error.h"

namespace pb {

namespace {

bool finiteScores(const WidthScores& s) {
    for (const auto* v : {&s.attention_groups, &s.attention_heads, &s.mlp})
        for (const auto& layer : *v)
            for (double x : layer)
                if (!std::isfinite(x)) return false;
    return true;
}

} // namespace

WorkTiming benchScore(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed) {
    Calibration calib{randomIds(o.batch, o.seq, model.config.vocab, o.seed)};  // [N, L]
    ScoreOptions so;
    so.criterion = o.criterion;
    so.batch = o.micro_batch > 0 ? o.micro_batch : o.batch;
    WorkTiming t;
    t.tokens = o.batch * o.seq;
    {
        torch::NoGradGuard ng;
        t.loss = calibrationLoss(model, calib.ids.narrow(0, 0, std::min<int64_t>(so.batch, o.batch))).item<double>();
    }
    const torch::Device dev = model.device();
    t.seconds = timedRuns(dev, o, before_timed, [&] { return scoreWidth(model, calib, so); }, [](const WidthScores& s) {
        if (!finiteScores(s)) throw Error("benchmark: the scores are not finite");
    });
    t.note = criterionName(so.criterion) + ", " + std::to_string(so.batch) + " samples per pass";
    return t;
}

} // namespace pb
