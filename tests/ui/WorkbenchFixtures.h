#pragma once
// Helpers for the workbench tests: a uniform hand-made config, fake scores, and the tiny
// fixture model loaded through a ModelSession.
#include <QSignalSpy>
#include <QString>

#include <memory>

#include "core/arch/model_config.h"
#include "core/plan/scores.h"
#include "ui/session/ModelSession.h"

namespace pb::ui::test {

// Eight uniform blocks: 4 query heads in 2 KV groups, FFN 96, hidden 64.
inline pb::ModelConfig uniformConfig(int layers = 8) {
    pb::ModelConfig c;
    c.family = "llama";
    c.architecture = "LlamaForCausalLM";
    c.vocab = 500;
    c.hidden = 64;
    c.head_dim = 16;
    c.max_position = 256;
    c.source_dtype = "f32";
    c.layers.assign(static_cast<size_t>(layers), pb::LayerDims{4, 2, 96});
    return c;
}

inline ModelPtr fakeModel(const pb::ModelConfig& c) {
    auto m = std::make_shared<pb::LoadedModel>();
    m->source = "/models/fake";
    m->format = "hf";
    m->config = c;
    return m;
}

// Scores that rise with the unit index (so unit 0 is least important).
inline pb::WidthScores rampScores(const pb::ModelConfig& c) {
    pb::WidthScores s;
    s.criterion = pb::Criterion::L1;
    s.aggregation = pb::Aggregation::Sum;
    for (const auto& d : c.layers) {
        std::vector<double> g, h, m;
        for (int64_t i = 0; i < d.n_kv_heads; ++i) g.push_back(1.0 + double(i));
        for (int64_t i = 0; i < d.n_heads; ++i) h.push_back(1.0 + double(i));
        for (int64_t i = 0; i < d.ffn; ++i) m.push_back(1.0 + double(i));
        s.attention_groups.push_back(g);
        s.attention_heads.push_back(h);
        s.mlp.push_back(m);
    }
    return s;
}

inline QString tinyModelPath() { return QStringLiteral(PB_FIXTURE_DIR "/models/tiny_llama"); }

// Opens the tiny fixture model; returns false when it did not load within the timeout.
inline bool openTiny(ModelSession& session) {
    QSignalSpy changed(&session, &ModelSession::modelChanged);
    if (!session.open(tinyModelPath())) return false;
    return changed.count() > 0 || changed.wait(30000);
}

} // namespace pb::ui::test
