#pragma once
// The headline facts of a loaded model, as captions and values ready for display.
#include <QList>
#include <QString>
#include <QtGlobal>

namespace pb {
struct LoadedModel;
struct ModelConfig;
}

namespace pb::ui {

struct ModelFact {
    QString caption;
    QString value;
    QString toolTip;
};

QList<ModelFact> modelFacts(const pb::LoadedModel& model);

// Where the parameters are, summed over all blocks (norms counted with their sublayer).
struct ParameterSplit {
    qint64 embedding = 0;  // token embeddings, untied lm_head, final norm
    qint64 attention = 0;
    qint64 mlp = 0;
    qint64 total = 0;
};
ParameterSplit parameterSplit(const pb::ModelConfig& config);

} // namespace pb::ui
