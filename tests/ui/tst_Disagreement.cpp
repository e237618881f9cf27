// The Importance tab's "Where criteria disagree" page on the tiny fixture model: Compare
// scores what the cache lacks in one job and shows core's comparison (chart, table, summary);
// a second Compare of the same pair starts no job; the same criterion twice is refused; blocks.
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "core/plan/disagreement.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/importance/DisagreementChart.h"
#include "ui/importance/DisagreementView.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

class DisagreementTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void comparesTwoWidthCriteria() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        DisagreementView view(&bench);
        view.resize(1100, 600);
        QVERIFY(!view.shown());

        view.setCriteria(QStringLiteral("l1"), QStringLiteral("l1"));
        QVERIFY(!view.compare());  // the same criterion twice
        QVERIFY(view.summary()->text().contains(QStringLiteral("two different")));

        view.setCriteria(QStringLiteral("l1"), QStringLiteral("random"));
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QVERIFY(view.compare());
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(view.shown().has_value(), 5000);
        QCOMPARE(bench.scoringJobsStarted(), 1);  // both criteria in one job
        QVERIFY(bench.cachedWidthScores(QStringLiteral("l1")));
        QVERIFY(bench.cachedWidthScores(QStringLiteral("random")));

        // What the page shows is core's comparison of the cached scores.
        const pb::Disagreement expect = pb::compareWidthScores(*bench.cachedWidthScores(QStringLiteral("l1")),
                                                               *bench.cachedWidthScores(QStringLiteral("random")), 0.2, 25);
        const pb::Disagreement& d = *view.shown();
        QCOMPARE(d.kinds.size(), expect.kinds.size());
        for (size_t k = 0; k < d.kinds.size(); ++k) QCOMPARE(d.kinds[k].rho.size(), expect.kinds[k].rho.size());
        QCOMPARE(d.criterion_a, std::string("l1"));
        QVERIFY(view.chart()->barSets() >= 2);  // query heads and MLP channels
        QCOMPARE(view.table()->rowCount(), int(expect.top.size()));
        QVERIFY(view.table()->rowCount() > 0);
        QVERIFY(view.summary()->text().contains(QStringLiteral("mean ρ")));

        // Both cached: shown at once, no new job.
        QVERIFY(view.compare());
        QCOMPARE(bench.scoringJobsStarted(), 1);
    }

    void comparesTwoBlockCriteria() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        DisagreementView view(&bench);
        view.setDepth(true);
        view.setCriteria(QStringLiteral("block_magnitude"), QStringLiteral("block_bi"));
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QVERIFY(view.compare());
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(view.shown().has_value(), 5000);
        const pb::Disagreement& d = *view.shown();
        QCOMPARE(d.kinds.size(), size_t(1));
        QCOMPARE(d.kinds[0].kind, pb::UnitKind::Block);
        const auto blocks = bench.cachedBlockScores(QStringLiteral("block_bi"))->scores.size();
        QCOMPARE(d.top.size(), blocks);  // every block, for the chart
        QCOMPARE(view.chart()->barSets(), 2);  // one set per criterion
        QVERIFY(view.table()->rowCount() > 0);
    }
};

PB_UI_TEST(DisagreementTest);
#include "tst_Disagreement.moc"
