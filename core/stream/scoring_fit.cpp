#include "core/stream/scoring_fit.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/prune/streamed_taylor.h"
#include "core/stream/activation_store.h"

namespace pb {

namespace {

std::string gib(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / double(uint64_t(1) << 30));
    return buf;
}

// Elements one token keeps per block for the backward pass: the norms' and projections'
// inputs and outputs (~10 x hidden), the MLP's gate, up and product (~5 x FFN) and the
// attention probabilities (heads x T, when attention is computed by hand).
uint64_t savedPerToken(const ModelConfig& c, int64_t seq_len) {
    uint64_t worst = 0;
    for (const LayerDims& d : c.layers)
        worst = std::max<uint64_t>(worst, uint64_t(10 * c.hidden + 5 * d.ffn + d.n_heads * seq_len));
    return worst * c.layers.size();
}

} // namespace

int64_t availableHostBytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    int64_t kb = 0;
    std::string unit;
    while (in >> key >> kb) {
        std::getline(in, unit);
        if (key == "MemAvailable:") return kb * 1024;
    }
    return -1;
}

ScoringFit scoringFit(const LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                      std::optional<int64_t> free_bytes) {
    ScoringFit fit;
    const torch::Device device = model.device();
    fit.device = device.str();
    const CriterionInfo& info = criterionInfo(options.criterion);
    if (!info.gradients) return fit;  // forward only: the loaded weights and one pass
    const ModelConfig& c = model.config;
    const uint64_t elem = uint64_t(torch::elementSize(model.dtype()));
    uint64_t block_params = 0;
    for (size_t i = 0; i < c.layers.size(); ++i) block_params += uint64_t(c.layerParams(i));
    const uint64_t per_token = savedPerToken(c, calib.length()) * elem;
    if (streamedTaylorApplies(calib, options)) {
        fit.need_bytes = uint64_t(calib.samples() * calib.length()) * per_token;  // one forward of all samples
    } else {
        const bool second_order = info.id == Criterion::TaylorElement2 || info.id == Criterion::TaylorMix ||
                                  info.id == Criterion::Fusion;
        fit.need_bytes = block_params * elem + (second_order ? block_params * 4 : 0) +
                         uint64_t(std::min(options.batch, calib.samples()) * calib.length()) * per_token;
    }
    fit.free_bytes = free_bytes ? *free_bytes : device.is_cuda() ? freeDeviceBytes(device) : availableHostBytes();
    fit.fits = fit.free_bytes < 0 || double(fit.need_bytes) <= 0.9 * double(fit.free_bytes);
    return fit;
}

std::string ScoringFit::sentence() const {
    std::ostringstream s;
    s << "needs about " << gib(double(need_bytes)) << " beside the weights";
    if (free_bytes >= 0) s << "; " << gib(double(free_bytes)) << " free on " << device;
    return s.str();
}

} // namespace pb
