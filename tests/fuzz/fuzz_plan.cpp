// libFuzzer: a pruning plan JSON, validated against a small model and applied to its config.
#include <nlohmann/json.hpp>

#include "core/plan/plan.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const pb::ModelConfig model = [] {
        pb::ModelConfig m;
        m.vocab = 256;
        m.hidden = 64;
        m.head_dim = 16;
        m.layers.assign(4, pb::LayerDims{4, 2, 128});
        return m;
    }();
    const auto path = pbfuzz::writeInput("plan.json", data, size);
    try {
        const pb::PruningPlan p = pb::PruningPlan::load(path.string());
        (void)p.toJson().dump();
        p.validate(model);
        (void)pb::prunedConfig(model, p).totalParams();
        (void)pb::removedParamFraction(model, p);
    } catch (const pb::Error&) {
    }
    return 0;
}
