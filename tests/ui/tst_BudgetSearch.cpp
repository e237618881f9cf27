// The Plan tab's budget search on the tiny fixture model: Search runs core's search on the worker
// and loads its per-layer ratios into the plan as one undoable edit, the ratios equal core's for the
// same inputs, the totals meet the budget within one rounding unit, undo brings the old plan back;
// a depth criterion is refused with core's reason and starts nothing.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QUndoStack>

#include <cmath>

#include "core/plan/budget_search.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/jobs/BudgetSearchJob.h"
#include "ui/plan/BudgetSearchCard.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

class BudgetSearchTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsTheSearchIntoThePlan() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.setCalibrationSize(4, 16);
        PlanEditor editor(&bench);
        editor.resize(1400, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        PlanDocument* doc = bench.plan();
        doc->applyGlobalRatio(0.5, 0.5, 0, 0);  // something for undo to bring back
        const pb::PruningPlan before = doc->plan();
        BudgetSearchCard* card = editor.budgetSearch();
        QVERIFY(card);
        card->targetSpin()->setValue(15);
        card->methodCombo()->setCurrentIndex(card->methodCombo()->findData(int(pb::BudgetSearch::Owl)));
        editor.firstLayer()->setValue(0);
        editor.lastLayer()->setValue(1);
        QSignalSpy searched(card, &BudgetSearchCard::searched);
        const int undoBefore = doc->undoStack()->count();
        QVERIFY(card->searchButton()->isEnabled());
        QVERIFY(card->runSearch());
        QVERIFY(searched.wait(60000));
        QCOMPARE(doc->undoStack()->count(), undoBefore + 1);

        jobs::BudgetSearchJobRequest r;
        r.search.method = pb::BudgetSearch::Owl;
        r.search.budget = {0.15, 0, 1, doc->plan().attention_unit, 1};
        r.search.criterion = card->criterion();
        r.calib = bench.settings().calib;
        const pb::BudgetSearchResult core = jobs::budgetSearch(bench.model(), r, {}).search;
        QCOMPARE(doc->plan().layers.size(), core.plan.layers.size());
        for (size_t i = 0; i < core.plan.layers.size(); ++i) {
            QCOMPARE(doc->plan().layers[i].attention_ratio, core.plan.layers[i].attention_ratio);
            QCOMPARE(doc->plan().layers[i].mlp_ratio, core.plan.layers[i].mlp_ratio);
        }
        const qint64 removed = doc->totals().paramsBefore - doc->totals().paramsAfter;
        const qint64 target = std::llround(0.15 * double(doc->totals().paramsBefore));
        QVERIFY2(std::llabs(removed - target) <= pb::budgetUnitParams(doc->config(), r.search.budget),
                 qPrintable(QStringLiteral("%1 vs %2").arg(removed).arg(target)));
        QVERIFY2(card->resultLabel()->text().contains(QStringLiteral("OWL")), qPrintable(card->resultLabel()->text()));

        doc->undoStack()->undo();
        QCOMPARE(doc->plan().layers[0].mlp_ratio, before.layers[0].mlp_ratio);
        QCOMPARE(doc->plan().layers[1].mlp_ratio, before.layers[1].mlp_ratio);
    }

    // A latency budget: the card says what its target counts; a target no width cut can reach
    // fails on the worker with core's reason and leaves the plan as it was.
    void latencyBudgetSaysWhatItCountsAndAnUnreachableTargetChangesNothing() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.setCalibrationSize(4, 16);
        PlanEditor editor(&bench);
        BudgetSearchCard* card = editor.budgetSearch();
        QComboBox* kind = card->budgetKind();
        QCOMPARE(kind->count(), 3);
        QCOMPARE(kind->currentData().toInt(), -1);  // the parameters by default
        QCOMPARE(card->targetSpin()->value(), 20.0);
        kind->setCurrentIndex(kind->findData(int(pb::LatencyMetric::Prefill)));
        QCOMPARE(card->targetSpin()->value(), 80.0);  // of the original's time
        QCOMPARE(card->targetSpin()->accessibleName(), QStringLiteral("Time kept, of the original's"));
        card->targetSpin()->setValue(1);  // 1% of the prefill time: beyond any width cut
        bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 0);
        const pb::PruningPlan before = bench.plan()->plan();
        const int undoBefore = bench.plan()->undoStack()->count();
        QSignalSpy failed(session.jobs(), &JobRunner::failed);
        QSignalSpy started(session.jobs(), &JobRunner::started);
        QVERIFY(card->runSearch());
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.front().front().toString().contains(QStringLiteral("at most")),
                 qPrintable(failed.front().front().toString()));
        QVERIFY(started.front().front().toString().contains(QStringLiteral("of the original's time")));
        QCOMPARE(bench.plan()->undoStack()->count(), undoBefore);
        QCOMPARE(bench.plan()->plan().layers[0].mlp_ratio, before.layers[0].mlp_ratio);
        kind->setCurrentIndex(kind->findData(-1));
        QCOMPARE(card->targetSpin()->value(), 20.0);
    }

    void refusesGreedyWithBiasCompensation() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        PlanEditor editor(&bench);
        BudgetSearchCard* card = editor.budgetSearch();
        bench.setWidthCriterion(QStringLiteral("block_bi"));  // a block criterion ranks no width unit:
        QCOMPARE(card->criterion(), pb::defaults::kWidthCriterion);  // the default width criterion does
        // flap compensates biases by default; the greedy search's masks carry none: refused by core.
        bench.setWidthCriterion(QStringLiteral("flap"));
        QCOMPARE(card->criterion(), pb::Criterion::Flap);
        card->methodCombo()->setCurrentIndex(card->methodCombo()->findData(int(pb::BudgetSearch::Greedy)));
        QSignalSpy started(session.jobs(), &JobRunner::started);
        const int undoBefore = bench.plan()->undoStack()->count();
        QVERIFY(!card->runSearch());
        QVERIFY2(card->resultLabel()->text().contains(QStringLiteral("bias compensation")),
                 qPrintable(card->resultLabel()->text()));
        QCOMPARE(started.count(), 0);
        QCOMPARE(bench.plan()->undoStack()->count(), undoBefore);
    }
};

PB_UI_TEST(BudgetSearchTest);
#include "tst_BudgetSearch.moc"
