// The Importance tab's fusion note (ui/importance/FusionAlphaPanel): each layer's alpha and how
// it was chosen, from core's FusionReport; fusion scored in the workbench is chosen for the Plan
// tab's cut.
#include <QSignalSpy>
#include <QTest>

#include "core/plan/scores.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/importance/FusionAlphaPanel.h"
#include "ui/importance/HeatmapView.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {

pb::WidthScores fusionScores(bool fell_back) {
    pb::WidthScores s;
    s.fusion_alpha = {1.0, 0.25, 0.0};
    pb::FusionReport r;
    r.attention_ratio = {0.0, 0.34, 0.34};
    r.mlp_ratio = {0.0, 0.25, 0.25};
    r.tested = {false, true, true};
    r.start_alpha = 1.0;
    r.loss_element1 = 4.5, r.loss_vector = 4.75, r.loss_fused = fell_back ? 4.6 : 4.25;
    r.layers_moved = 2;
    r.fell_back = fell_back;
    r.probe_samples = 10;
    s.fusion = r;
    return s;
}

} // namespace

class FusionAlphaTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsAlphaPerLayerAndHowItWasChosen() {
        FusionAlphaPanel panel;
        panel.setScores(nullptr);
        QVERIFY(panel.isHidden());
        pb::WidthScores other;
        panel.setScores(&other);
        QVERIFY(panel.isHidden());
        const pb::WidthScores s = fusionScores(false);
        panel.setScores(&s);
        QVERIFY(!panel.isHidden());
        QCOMPARE(panel.alphaText(), QStringLiteral("0:\u00a0—   1:\u00a00.25   2:\u00a00"));
        const QString text = panel.explanationText();
        QVERIFY2(text.contains(QStringLiteral("34% of the KV groups, 25% of the MLP channels")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("on 10 samples: taylor_element1's plan 4.5000, taylor_vector's 4.7500, fused 4.2500")),
                 qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("lost")));
        const pb::WidthScores lost = fusionScores(true);
        panel.setScores(&lost);
        QVERIFY2(panel.explanationText().contains(QStringLiteral("so these are taylor_element1's scores")),
                 qPrintable(panel.explanationText()));
    }

    void scoresFusionForThePlanTabsCut() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        HeatmapView view(&bench);
        view.resize(1000, 600);
        bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QVERIFY(bench.selectCriteria(QStringLiteral("fusion"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(finished.wait(120000));
        const pb::WidthScores* s = bench.widthScores();
        QVERIFY(s && s->fusion);
        QCOMPARE(s->fusion->attention_ratio, (std::vector<double>{0.5, 0.5}));
        QCOMPARE(s->fusion->mlp_ratio, (std::vector<double>{0.5, 0.5}));
        QVERIFY(!view.fusionPanel()->isHidden());
        QVERIFY2(view.fusionPanel()->explanationText().contains(QStringLiteral("50% of the KV groups, 50% of the MLP channels")),
                 qPrintable(view.fusionPanel()->explanationText()));
        // Another criterion hides the note.
        QVERIFY(bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(finished.wait(60000));
        QVERIFY(view.fusionPanel()->isHidden());
    }
};

PB_UI_TEST(FusionAlphaTest);
#include "tst_FusionAlpha.moc"
