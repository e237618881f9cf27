#include "core/dist/stage_run.h"

#include <torch/torch.h>

namespace pb {

dist::Pipeline::Stage stageRun(const StageModel& s, std::function<torch::Tensor(size_t m)> ids_of,
                               std::function<torch::Tensor(size_t m, const torch::Tensor& y)> head,
                               const ActivationProbe& probe) {
    const LlamaModel& model = *s.model;
    dist::Pipeline::Stage st;
    st.hidden = s.full.hidden;
    st.dtype = model.dtype();
    st.device = model.device();
    st.input = [&model, ids_of](size_t m) {
        TrustedIds trusted;  // the callers check their ids on the host
        return embedTokens(model.config, model.embed, ids_of(m).to(model.device()));  // [rows, T, H]
    };
    st.blocks = [&model, probe](size_t, const torch::Tensor& x) {
        torch::Tensor h = x;  // [rows, T, H]
        for (size_t j = 0; j < model.layers.size(); ++j) h = model.runBlock(j, h, probe);
        return h;
    };
    st.head = std::move(head);
    return st;
}

std::vector<dist::Pipeline::Shape> shapesOf(size_t count, const std::function<torch::Tensor(size_t m)>& ids_of) {
    std::vector<dist::Pipeline::Shape> v;
    for (size_t m = 0; m < count; ++m) {
        const torch::Tensor ids = ids_of(m);
        v.push_back({ids.size(0), ids.size(1)});
    }
    return v;
}

} // namespace pb
