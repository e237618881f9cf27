// The heatmap widget's normalisation, overlay and tooltips, and the view's score cache
// (a second selection of the same criterion starts no job), on the tiny fixture model.
#include <QSignalSpy>
#include <QTest>

#include <optional>

#include "core/plan/scores.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/importance/HeatmapView.h"
#include "ui/importance/HeatmapWidget.h"
#include "ui/session/JobRunner.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {
bool nonBlank(const QImage& image) {
    if (image.isNull()) return false;
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            if (image.pixel(x, y) != first) return true;
    return false;
}
} // namespace

class HeatmapTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalisesPerLayerAndHatchesPlan() {
        const auto config = test::uniformConfig();
        const auto scores = test::rampScores(config);
        HeatmapWidget w;
        w.resize(900, 500);
        w.setConfig(config);
        QVERIFY(!w.hasScores());
        w.setScores(&scores, nullptr);
        QCOMPARE(w.attentionCell(0, 0), 0.0);
        QCOMPARE(w.attentionCell(0, 1), 1.0);
        QCOMPARE(w.mlpBucket(3, 0), 0.0);
        QCOMPARE(w.mlpBucket(3, 63), 1.0);
        QCOMPARE(w.attentionCell(0, 7), -1.0);

        pb::PruningPlan plan = pb::uniformWidthPlan(config, 0.5, 0.5, 2, 5);
        const pb::PruningPlan resolved = pb::resolvePlan(config, plan, scores);
        w.setPlan(resolved, {7});
        QVERIFY(w.attentionRemoved(2, 0));   // lowest score goes
        QVERIFY(!w.attentionRemoved(2, 1));
        QVERIFY(!w.attentionRemoved(0, 0));  // outside the range
        QVERIFY(w.attentionRemoved(7, 1));   // dropped block

        QVERIFY(nonBlank(w.grab().toImage()));
        // Tooltips: attention cell, MLP bucket, nothing outside.
        const QString tip = w.toolTipAt(QPoint(80, 40));
        QVERIFY2(tip.contains(QStringLiteral("KV group 0")), qPrintable(tip));
        QVERIFY(w.toolTipAt(QPoint(2, 2)).isEmpty());
        QVERIFY(w.toolTipAt(QPoint(500, 300)).contains(QStringLiteral("MLP channels")));
    }

    void cachesScoresPerCriterion() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        HeatmapView view(&bench);
        view.resize(1000, 600);
        QSignalSpy finished(session.jobs(), &JobRunner::finished);

        QVERIFY(bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(finished.wait(60000));
        QVERIFY(bench.widthScores());
        QVERIFY(bench.blockScores());
        QCOMPARE(bench.scoringJobsStarted(), 1);
        QVERIFY(view.heatmap()->hasScores());

        QVERIFY(bench.selectCriteria(QStringLiteral("l2"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(finished.wait(60000));
        QCOMPARE(bench.scoringJobsStarted(), 2);
        // Back to l1: served from the cache, no job.
        QVERIFY(bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(!session.jobs()->busy());
        QCOMPARE(bench.scoringJobsStarted(), 2);
        QCOMPARE(bench.widthScores()->criterion, std::optional<pb::Criterion>(pb::Criterion::L1));
        QVERIFY(bench.isCached(QStringLiteral("l2"), QStringLiteral("sum"), QString()));
        QVERIFY(!bench.isCached(QStringLiteral("l2"), QStringLiteral("max"), QString()));

        // The overlay follows the plan, resolved with the cached scores.
        bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QVERIFY(bench.resolvedPlan().has_value());
        QVERIFY(view.heatmap()->attentionRemoved(0, 0) || view.heatmap()->attentionRemoved(0, 1));
        QVERIFY(nonBlank(view.grab().toImage()));
    }

    void cancelStopsScoring() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        QSignalSpy cancelled(session.jobs(), &JobRunner::cancelled);
        QSignalSpy scores(&bench, &Workbench::scoresChanged);
        QVERIFY(bench.selectCriteria(QStringLiteral("taylor_element1"), QStringLiteral("sum"), QStringLiteral("block_ppl")));
        session.jobs()->cancel();
        QVERIFY(cancelled.wait(60000));
        QVERIFY(!bench.widthScores());
        QVERIFY(!session.jobs()->busy());
    }
};

PB_UI_TEST(HeatmapTest);
#include "tst_Heatmap.moc"
