// Every chart starts in its empty state (ui/charts/ChartEmptyState): no axes or legend, a
// centred line saying what to do, Export… disabled; once data arrives the chart is drawn and
// Export… is enabled again. PB_EMPTY_SHOTS=DIR also saves the empty Charts and Recovery tabs
// (light and dark) there to look at.
#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLabel>
#include <QLegend>
#include <QPushButton>
#include <QTest>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartsView.h"
#include "ui/charts/OverlayChart.h"
#include "ui/charts/ZeroShotChart.h"
#include "ui/recovery/LossChart.h"
#include "ui/recovery/RecoveryView.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Theme.h"

using namespace pb::ui;

namespace {

QApplication& app() { return *qobject_cast<QApplication*>(QCoreApplication::instance()); }

bool axesShown(QChartView* view) {
    for (QAbstractAxis* a : view->chart()->axes())
        if (a->isVisible()) return true;
    return false;
}

// Empty: the message is up, no axis or legend is drawn and Export… is off.
void expectEmpty(QChartView* view, ChartEmptyState* empty, QPushButton* exportButton, const QString& says) {
    QVERIFY(empty->isEmpty());
    QVERIFY(!empty->label()->isHidden());
    QVERIFY2(empty->message().contains(says), qPrintable(empty->message()));
    QVERIFY(!axesShown(view));
    QVERIFY(!view->chart()->legend()->isVisible());
    QVERIFY(exportButton);
    QVERIFY(!exportButton->isEnabled());
}

void expectDrawn(QChartView* view, ChartEmptyState* empty, QPushButton* exportButton) {
    QVERIFY(!empty->isEmpty());
    QVERIFY(empty->label()->isHidden());
    QVERIFY(axesShown(view));
    QVERIFY(exportButton->isEnabled());
}

std::vector<jobs::SweepPointData> sweep() {
    return {{"dense", false, 0.0, 0.0, 1000, 12.0, {}},
            {"l2", false, 0.2, 0.2, 800, 20.0, {}},
            {"block_bi", true, 0.2, 0.21, 790, 30.0, {}}};
}

void shoot(QWidget* w, const QString& name) {
    const QString dir = qEnvironmentVariable("PB_EMPTY_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(w->grab().save(QDir(dir).filePath(name)));
}

} // namespace

class ChartEmptyStateTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { applyTheme(app(), ThemeChoice::Light); }

    void chartsTabStartsEmptyThenDraws() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        ChartsView view(&bench);
        view.resize(1200, 800);
        view.show();
        auto* exportPpl = view.findChild<QPushButton*>(QStringLiteral("exportSweepChart"));
        auto* exportSens = view.findChild<QPushButton*>(QStringLiteral("exportSensitivityChart"));
        auto* exportOverlay = view.findChild<QPushButton*>(QStringLiteral("exportOverlayChart"));
        expectEmpty(view.pplChart(), view.pplEmpty(), exportPpl, QStringLiteral("Run a sweep"));
        expectEmpty(view.sensitivityChart(), view.sensitivityEmpty(), exportSens, QStringLiteral("Score"));
        OverlayChart* overlay = view.overlay();
        expectEmpty(overlay->chartView(), overlay->emptyState(), exportOverlay, QStringLiteral("Add curves from a sweep file"));
        // The message sits over the plot, inside the view.
        QVERIFY(view.pplChart()->rect().contains(view.pplEmpty()->label()->geometry()));
        shoot(&view, QStringLiteral("charts-empty-light.png"));
        applyTheme(app(), ThemeChoice::Dark);
        expectEmpty(view.pplChart(), view.pplEmpty(), exportPpl, QStringLiteral("Run a sweep"));  // a rebuild keeps it
        shoot(&view, QStringLiteral("charts-empty-dark.png"));
        applyTheme(app(), ThemeChoice::Light);

        // Only the dense point so far (a sweep just started): still nothing to draw, said so.
        bench.setSweepPoints({sweep().front()});
        expectEmpty(view.pplChart(), view.pplEmpty(), exportPpl, QStringLiteral("point by point"));

        bench.setSweepPoints(sweep());
        expectDrawn(view.pplChart(), view.pplEmpty(), exportPpl);
        expectDrawn(overlay->chartView(), overlay->emptyState(), exportOverlay);  // this session's sweep
        QVERIFY(view.pplChart()->chart()->legend()->isVisible());
        shoot(&view, QStringLiteral("charts-drawn-light.png"));
        bench.setSweepPoints({});
        expectEmpty(view.pplChart(), view.pplEmpty(), exportPpl, QStringLiteral("Run a sweep"));
        expectEmpty(overlay->chartView(), overlay->emptyState(), exportOverlay, QStringLiteral("Add curves"));
    }

    void recoveryChartsStartEmptyThenDraw() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        RecoverySession recovery(&bench);
        RecoveryView view(&recovery);
        view.resize(1200, 600);
        view.show();
        auto* exportLoss = view.findChild<QPushButton*>(QStringLiteral("exportLossChart"));
        auto* exportZs = view.findChild<QPushButton*>(QStringLiteral("exportZeroShotChart"));
        expectEmpty(view.lossChart(), view.lossChart()->emptyState(), exportLoss, QStringLiteral("Press Recover"));
        expectEmpty(view.zeroShotChart(), view.zeroShotChart()->emptyState(), exportZs, QStringLiteral("Press Recover"));
        shoot(&view, QStringLiteral("recovery-empty-light.png"));
        applyTheme(app(), ThemeChoice::Dark);
        shoot(&view, QStringLiteral("recovery-empty-dark.png"));
        applyTheme(app(), ThemeChoice::Light);

        view.lossChart()->addSample({0, NAN, 3.0});
        expectDrawn(view.lossChart(), view.lossChart()->emptyState(), exportLoss);
        view.lossChart()->clear(10);
        expectEmpty(view.lossChart(), view.lossChart()->emptyState(), exportLoss, QStringLiteral("step by step"));

        jobs::RecoveryResult r;
        r.history = {{0, NAN, 3.0}, {1, 3.2, NAN}, {2, 3.1, 2.9}};
        r.steps_done = 2;
        r.before = {{"cloze", 40, 0.30, 0.07}};
        r.after = {{"cloze", 40, 0.40, 0.07}};
        recovery.setResult(r);
        expectDrawn(view.lossChart(), view.lossChart()->emptyState(), exportLoss);
        expectDrawn(view.zeroShotChart(), view.zeroShotChart()->emptyState(), exportZs);

        // A run without zero-shot tasks says so instead of drawing empty axes.
        r.before.clear();
        r.after.clear();
        recovery.setResult(r);
        expectEmpty(view.zeroShotChart(), view.zeroShotChart()->emptyState(), exportZs, QStringLiteral("Task items"));
    }
};

PB_UI_TEST(ChartEmptyStateTest);
#include "tst_ChartEmptyState.moc"
