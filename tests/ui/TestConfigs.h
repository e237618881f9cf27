#pragma once
// Hand-made configurations for the view tests: no files, no torch.
#include "core/arch/model_config.h"
#include "core/model/loader.h"

namespace pb::ui::test {

// Five blocks as pruning leaves them: full, fewer heads, attention removed,
// MLP removed and narrower FFN, identity (removed by depth pruning).
inline pb::ModelConfig unevenConfig() {
    pb::ModelConfig c;
    c.family = "llama";
    c.architecture = "LlamaForCausalLM";
    c.vocab = 1000;
    c.hidden = 64;
    c.head_dim = 16;
    c.tie_embeddings = true;
    c.max_position = 512;
    c.source_dtype = "f32";
    c.layers = {{4, 2, 256}, {2, 1, 256}, {0, 0, 128}, {4, 2, 0}, {0, 0, 0}};
    return c;
}

inline pb::LoadedModel fakeLoadedModel(const pb::ModelConfig& config) {
    pb::LoadedModel m;
    m.source = "/models/tiny-pruned";
    m.format = "hf";
    m.config = config;
    m.load_seconds = 0.25;
    return m;
}

} // namespace pb::ui::test
