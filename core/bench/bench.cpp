#include "core/bench/bench.h"

#include <cmath>

#include <torch/torch.h>

#include "core/bench/device_info.h"
#include "core/bench/flops.h"
#include "core/bench/gemm_peak.h"
#include "core/bench/profiler.h"
#include "core/bench/random_model.h"
#include "core/bench/shapes.h"
#include "core/bench/works.h"
#include "core/data/assets.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/model/runtime.h"
#include "core/model/devices.h"
#include "core/model/fused_ops.h"
#include "core/util/error.h"

namespace pb {

namespace {

// The work's defaults for unset sizes; checks the rest.
BenchOptions resolved(BenchOptions o, BenchWork w) {
    const int64_t def_batch[] = {10, 4, 4, 1}, def_seq[] = {128, 128, 256, 64};
    const size_t k = size_t(w);
    if (o.batch <= 0) o.batch = def_batch[k];
    if (o.seq <= 0) o.seq = def_seq[k];
    if (o.repeat < 1) throw Error("--repeat must be at least 1");
    if (o.warmup < 0) throw Error("--warmup must not be negative");
    if (w != BenchWork::Generate && o.seq < 2) throw Error("--seq must be at least 2");
    if (w == BenchWork::Generate && o.prompt < 1) throw Error("--prompt must be at least 1");
    return o;
}

} // namespace

BenchResult runBench(const BenchOptions& options, const ProgressFn& progress) {
    const BenchWork work = benchWorkFromName(options.work);
    BenchResult r;
    r.options = resolved(options, work);
    const BenchOptions& o = r.options;
    r.torch_version = torchVersion();
    const torch::Device device = parseDevice(o.device);
    const torch::ScalarType dtype = parseDtype(o.dtype, device);

    reportProgress(progress, 0.0, "building the model");
    const double t_build = nowSeconds();
    std::shared_ptr<LlamaModel> model;
    r.shape = shapeNameOf(o.model);
    if (!r.shape.empty()) {
        model = randomModel(benchShape(r.shape), device, dtype, o.seed);
    } else {
        LoadOptions lo;
        lo.device = o.device;
        lo.dtype = o.dtype;
        model = loadModel(assets::resolveModel(o.model), lo, {}).model;
    }
    r.build_seconds = secondsSince(device, t_build);
    const ModelConfig& c = model->config;
    r.params = c.totalParams();
    for (const auto& [name, t] : model->namedTensors()) r.weight_bytes += t.numel() * int64_t(t.element_size());

    reportProgress(progress, 0.1, std::string("running ") + benchWorkName(work));
    std::unique_ptr<Profiling> profiling;
    auto before_timed = [&] {
        syncDevice(device);
        resetPeakMemory(o.device);
        if (!o.profile.empty()) profiling = std::make_unique<Profiling>(o.profile);
    };
    switch (work) {
    case BenchWork::Score: r.timing = benchScore(*model, o, before_timed); break;
    case BenchWork::Ppl: r.timing = benchPpl(*model, o, before_timed); break;
    case BenchWork::Lora: r.timing = benchLora(*model, o, before_timed); break;
    case BenchWork::Generate: r.timing = benchGenerate(*model, o, before_timed); break;
    }
    syncDevice(device);
    if (profiling) r.profile_summary = profiling->finish();
    r.peak = peakMemory(o.device);
    r.time_s = median(r.timing.seconds);
    r.tokens_per_s = r.time_s > 0 ? double(r.timing.tokens) / r.time_s : 0.0;
    r.model_flops = workFlops(c, work, o.batch, o.seq, o.prompt);
    r.achieved_flops = r.time_s > 0 ? r.model_flops / r.time_s : 0.0;
    const DevicePeak peak = device.is_cuda() ? devicePeak(o.device, gpuProperties(device.has_index() ? device.index() : -1),
                                                          measuredGemmPeak(o.device))
                                             : devicePeak(o.device, {}, 0.0);
    r.peak_label = peak.label;
    if (peak.nominal > 0) {
        r.util_nominal = r.achieved_flops / peak.nominal;
        r.util_practical = r.achieved_flops / peak.practical;
    }
    reportProgress(progress, 1.0, "done");
    return r;
}

} // namespace pb
