#include "core/prune/outlier_ratio.h"

#include <algorithm>
#include <string>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/util/error.h"

namespace pb {

namespace {

// Per layer: the sum over tokens of x_j^2 of each projection input, float64 on the host.
struct InputNorms {
    torch::Tensor attn_in, attn_out_in, ffn_in, down_in;  // [H], [nh*hd], [H], [I]
};

void addSquares(torch::Tensor& acc, const torch::Tensor& x) {  // x: [B, T, C]
    torch::Tensor s = x.to(torch::kFloat64).pow(2).sum(std::vector<int64_t>{0, 1}).cpu();  // [C]
    acc = acc.defined() ? acc + s : s;
}

// Entries of |W| x ||X|| (W: [out, in], norm: [in]) above `threshold`, and their sum.
std::pair<double, double> countAbove(const torch::Tensor& w, const torch::Tensor& norm, double threshold) {
    const torch::Tensor a = w.to(torch::kFloat64).abs().cpu() * norm.unsqueeze(0);  // [out, in]
    return {a.gt(threshold).sum().item<double>(), a.sum().item<double>()};
}

} // namespace

std::vector<double> layerOutlierRatios(const LlamaModel& model, const Calibration& calib, double m, int first,
                                       int last, int64_t batch, const ProgressFn& progress) {
    if (!(m > 0)) throw Error("the outlier threshold must be a positive multiple of the layer mean");
    const int n = static_cast<int>(model.layers.size());
    if (last < 0) last = n - 1;
    if (first < 0 || last >= n || first > last)
        throw Error("layers " + std::to_string(first) + "-" + std::to_string(last) + " are not in this " +
                    std::to_string(n) + "-layer model");
    if (calib.samples() < 1) throw Error("the outlier ratios need at least one calibration sample");
    torch::NoGradGuard ng;
    std::vector<InputNorms> norms(static_cast<size_t>(n));
    auto probe = [&](const std::string& name, const torch::Tensor& x) {  // "layers.i.*", x: [B, T, C]
        const size_t dot = name.find('.', 7);
        InputNorms& in = norms[std::stoul(name.substr(7, dot - 7))];
        const std::string what = name.substr(dot + 1);
        if (what == "attn_in") addSquares(in.attn_in, x);
        else if (what == "attn_out_in") addSquares(in.attn_out_in, x);
        else if (what == "ffn_in") addSquares(in.ffn_in, x);
        else if (what == "down_in") addSquares(in.down_in, x);
    };
    const int64_t step = std::max<int64_t>(batch, 1);
    for (int64_t s = 0; s < calib.samples(); s += step) {
        reportProgress(progress, 0.8 * double(s) / double(calib.samples()), "outlier ratios: activations");
        model.forward(calib.ids.narrow(0, s, std::min(step, calib.samples() - s)).to(model.device()), nullptr, probe);
    }
    std::vector<double> out;
    for (int i = first; i <= last; ++i) {
        reportProgress(progress, 0.8 + 0.2 * double(i - first) / double(last - first + 1), "outlier ratios: layers");
        const LayerWeights& w = model.layers[size_t(i)];
        const InputNorms& in = norms[size_t(i)];
        std::vector<std::pair<const torch::Tensor*, torch::Tensor>> parts;  // weight [out, in], ||X|| [in]
        if (w.wq.defined()) {
            const torch::Tensor a = in.attn_in.sqrt(), o = in.attn_out_in.sqrt();
            parts.insert(parts.end(), {{&w.wq, a}, {&w.wk, a}, {&w.wv, a}, {&w.wo, o}});
        }
        if (w.w_down.defined()) {
            const torch::Tensor f = in.ffn_in.sqrt(), d = in.down_in.sqrt();
            parts.insert(parts.end(), {{&w.w_gate, f}, {&w.w_up, f}, {&w.w_down, d}});
        }
        if (parts.empty()) {
            out.push_back(0.0);
            continue;
        }
        double sum = 0, count = 0;
        for (const auto& [wt, nrm] : parts) {
            sum += countAbove(*wt, nrm, 0.0).second;
            count += double(wt->numel());
        }
        const double threshold = m * sum / count;  // m x the layer's mean entry
        double above = 0;
        for (const auto& [wt, nrm] : parts) above += countAbove(*wt, nrm, threshold).first;
        out.push_back(above / count);
    }
    return out;
}

} // namespace pb
