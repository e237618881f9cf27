#pragma once
// The headline facts of a loaded model, as captions and values ready for display.
#include <QList>
#include <QString>

namespace pb {
struct LoadedModel;
}

namespace pb::ui {

struct ModelFact {
    QString caption;
    QString value;
    QString toolTip;
};

QList<ModelFact> modelFacts(const pb::LoadedModel& model);

} // namespace pb::ui
