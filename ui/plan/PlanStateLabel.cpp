#include "ui/plan/PlanStateLabel.h"

#include "ui/importance/CriterionText.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"

namespace pb::ui {

QString PlanStateLabel::textFor(const Workbench& bench) {
    const auto describe = [](const QString& width, const QString& aggregation, const jobs::CalibrationSpec& calib) {
        return tr("%1 (%2) on %3 × %4 tokens of %5")
            .arg(criterionLabel(width.toStdString()), aggregation)
            .arg(calib.samples)
            .arg(calib.seq_len)
            .arg(QString::fromStdString(calib.text));
    };
    const Workbench::ScoreChoice chosen = bench.chosen();
    switch (bench.planState()) {
    case Workbench::PlanState::Ready:
        return {};
    case Workbench::PlanState::NeedsScores:
        return tr("The plan's ratios are not resolved to units yet: they need %1 scores. Press Score on the "
                  "Importance tab to see what they remove; Compare, Recovery and Save score once first.")
            .arg(chosen.width.isEmpty() ? tr("width") : criterionLabel(chosen.width.toStdString()));
    case Workbench::PlanState::Stale:
        return tr("The hatching is from other scores: %1. The choice is now %2. Press Score to re-resolve the "
                  "plan; Compare, Recovery and Save score the new choice first.")
            .arg(describe(bench.widthCriterion(), bench.aggregation(), bench.scoredCalibration()),
                 describe(chosen.width, chosen.aggregation, chosen.calib));
    }
    return {};
}

PlanStateLabel::PlanStateLabel(Workbench* bench, QWidget* parent) : QLabel(parent), bench_(bench) {
    setObjectName(QStringLiteral("planStateNote"));
    setWordWrap(true);
    // Its colours are the theme's (resources/styles/prunebench.qss, #planStateNote).
    connect(bench_, &Workbench::planStateChanged, this, &PlanStateLabel::refresh);
    connect(bench_, &Workbench::scoresChanged, this, &PlanStateLabel::refresh);
    connect(bench_, &Workbench::modelChanged, this, &PlanStateLabel::refresh);
    connect(bench_->plan(), &PlanDocument::planChanged, this, &PlanStateLabel::refresh);
    refresh();
}

void PlanStateLabel::refresh() {
    const QString text = textFor(*bench_);
    setText(text);
    setVisible(!text.isEmpty());
}

} // namespace pb::ui
