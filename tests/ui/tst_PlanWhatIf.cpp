// The Plan tab's unit toggles with their live what-if, and its hidden-size control, on the tiny
// fixture model: toggling a KV group / a bucket of MLP channels / the block edits the plan (one
// undo step each) and shows beside the unit the loss change core's what-if computes for it (the
// Dependencies tab's job); the hidden-size ratio shows core's parameter and MAC counts of the cut
// and, on request, the measured effect core's measurement gives.
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/dependencies/WhatIfPanel.h"
#include "ui/jobs/HiddenEffectJob.h"
#include "ui/jobs/WhatIfJob.h"
#include "ui/plan/HiddenSizeCard.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/plan/UnitStrip.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Format.h"

using namespace pb::ui;

namespace {

QString signedDelta(const jobs::WhatIfResult& r) {
    const double d = r.loss_without - r.base_loss;
    return QStringLiteral("%1%2").arg(d >= 0 ? QStringLiteral("+") : QString()).arg(d, 0, 'f', 4);
}

jobs::WhatIfResult coreWhatIf(Workbench& bench, int layer, pb::GroupKind kind, int first, int count) {
    jobs::WhatIfRequest r;
    r.calib = bench.settings().calib;
    r.unit = {layer, kind, first, count};
    return jobs::whatIf(bench.model(), r, {});
}

} // namespace

class PlanWhatIfTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void togglesUnitsAndShowsTheirWhatIf() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        PlanEditor editor(&bench);
        editor.resize(1400, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        PlanDocument* doc = bench.plan();
        UnitStrip* units = editor.unitStrip();
        editor.table()->selectRow(1);
        QCOMPARE(units->layer(), 1);
        QSignalSpy answered(units->whatIfPanel(), &WhatIfPanel::answered);
        QSignalSpy started(session.jobs(), &JobRunner::started);

        // A KV group: removed from the plan (explicit kept groups), its what-if beside it.
        QToolButton* kv = units->button(pb::GroupKind::AttentionGroup, 1);
        QVERIFY(kv);
        const int undoBefore = doc->undoStack()->count();
        kv->click();
        QVERIFY(kv->isChecked());
        QCOMPARE(doc->undoStack()->count(), undoBefore + 1);
        QVERIFY(doc->plan().layers[1].attention_keep);
        QCOMPARE(*doc->plan().layers[1].attention_keep, (std::vector<int64_t>{0}));
        QCOMPARE(doc->totals().paramsAfter, qint64(pb::prunedConfig(doc->config(), doc->plan()).totalParams()));
        QVERIFY(answered.wait(30000));
        const jobs::WhatIfResult g = coreWhatIf(bench, 1, pb::GroupKind::AttentionGroup, 1, 1);
        QCOMPARE(units->deltaText(pb::GroupKind::AttentionGroup, 1), signedDelta(g));
        QVERIFY2(kv->text().contains(signedDelta(g)), qPrintable(kv->text()));
        QVERIFY2(units->whatIfPanel()->text().contains(QStringLiteral("KV group 1 of block 1")),
                 qPrintable(units->whatIfPanel()->text()));

        // A bucket of MLP channels (48 channels in 8 buckets: 6..11 is the second).
        QToolButton* bucket = units->button(pb::GroupKind::MlpChannel, 6);
        QVERIFY(bucket);
        bucket->click();
        QVERIFY(doc->plan().layers[1].mlp_keep);
        QCOMPARE(doc->plan().layers[1].mlp_keep->size(), size_t(42));
        QVERIFY(answered.wait(30000));
        const jobs::WhatIfResult b = coreWhatIf(bench, 1, pb::GroupKind::MlpChannel, 6, 6);
        QCOMPARE(units->deltaText(pb::GroupKind::MlpChannel, 6), signedDelta(b));
        QVERIFY(units->whatIfPanel()->text().contains(QStringLiteral("MLP channels 6–11 of block 1")));
        QVERIFY(b.loss_without != g.loss_without);  // different units, different answers

        // The block: dropped (and its toggle follows a drag in the block lists too).
        QToolButton* block = units->button(pb::GroupKind::Block, 0);
        block->click();
        QVERIFY(doc->isDropped(1));
        QVERIFY(answered.wait(30000));
        QCOMPARE(units->deltaText(pb::GroupKind::Block, 0), signedDelta(coreWhatIf(bench, 1, pb::GroupKind::Block, 0, 1)));
        doc->restoreBlocks({1});
        QVERIFY(!block->isChecked());

        // Keeping the KV group again restores it; undo removes it again, and the toggle follows.
        kv->click();
        QCOMPARE(*doc->plan().layers[1].attention_keep, (std::vector<int64_t>{0, 1}));
        QVERIFY(answered.wait(30000));  // a toggle asks again: one job per toggle
        doc->undoStack()->undo();
        QVERIFY(kv->isChecked());
        QTest::qWait(400);
        QCOMPARE(started.count(), 4);  // an undo is no toggle: no job

        // A block's attention alone, then its MLP alone (BlockPruner's units): each removed as a
        // sub-block with its what-if beside it; both parts together are the whole block.
        editor.table()->selectRow(0);
        QCOMPARE(units->layer(), 0);
        QToolButton* attn = units->button(pb::GroupKind::AttentionSublayer, 0);
        QToolButton* mlp = units->button(pb::GroupKind::MlpSublayer, 0);
        QVERIFY(attn && mlp);
        attn->click();
        QCOMPARE(doc->plan().dropped_attention, (std::vector<int64_t>{0}));
        QVERIFY(answered.wait(30000));
        QCOMPARE(units->deltaText(pb::GroupKind::AttentionSublayer, 0),
                 signedDelta(coreWhatIf(bench, 0, pb::GroupKind::AttentionSublayer, 0, 1)));
        QVERIFY2(units->whatIfPanel()->text().contains(QStringLiteral("the attention of block 0")),
                 qPrintable(units->whatIfPanel()->text()));
        pb::PruningPlan withAttention = doc->plan();  // the same plan with block 0's attention kept
        withAttention.dropped_attention.clear();
        QCOMPARE(qint64(pb::prunedConfig(doc->config(), withAttention).totalParams()) - doc->totals().paramsAfter,
                 qint64(doc->config().attentionParams(0)));
        mlp->click();
        QVERIFY(doc->isDropped(0));
        QVERIFY(doc->plan().dropped_attention.empty());
        QVERIFY(units->button(pb::GroupKind::Block, 0)->isChecked());
        QVERIFY(attn->isChecked() && mlp->isChecked());
        QVERIFY(answered.wait(30000));
        QVERIFY(units->deltaText(pb::GroupKind::MlpSublayer, 0) != units->deltaText(pb::GroupKind::AttentionSublayer, 0));
    }

    void hiddenSizeShowsItsCostAndMeasuredEffect() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.setCalibrationSize(4, 32);
        bench.settings().pplWindows = 4;
        PlanEditor editor(&bench);
        editor.resize(1400, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        HiddenSizeCard* card = editor.hiddenSize();
        QVERIFY(!card->measureButton()->isEnabled());  // nothing to measure at 0
        card->ratioSpin()->setValue(25);
        PlanDocument* doc = bench.plan();
        QCOMPARE(doc->plan().hidden_ratio, 0.25);
        // Core's counting, recomputed: the config with and without the hidden cut.
        pb::PruningPlan wide = doc->plan();
        wide.hidden_ratio = 0;
        const pb::ModelConfig cut = pb::prunedConfig(doc->config(), doc->plan());
        const pb::ModelConfig full = pb::prunedConfig(doc->config(), wide);
        QCOMPARE(cut.hidden, int64_t(24));
        const QString cost = card->costLabel()->text();
        QVERIFY2(cost.contains(QStringLiteral("32 → <b>24</b>")), qPrintable(cost));
        QVERIFY2(cost.contains(format::compact(full.totalParams() - cut.totalParams())), qPrintable(cost));
        QVERIFY2(cost.contains(format::compact(full.macs(128) - cut.macs(128))), qPrintable(cost));
        QCOMPARE(doc->totals().paramsAfter, qint64(cut.totalParams()));

        QSignalSpy measured(card, &HiddenSizeCard::effectMeasured);
        QVERIFY(card->measureButton()->isEnabled());
        QVERIFY(card->measureEffect());
        QVERIFY(measured.wait(60000));
        pb::HiddenEffectRequest r;
        r.hidden_ratio = 0.25;
        r.criterion = card->hiddenCriterion();
        r.calib = bench.settings().calib;
        r.ppl_text = bench.settings().pplText;
        r.ppl_windows = bench.settings().pplWindows;
        const pb::HiddenEffect e = jobs::hiddenEffect(bench.model(), r, {});
        QCOMPARE(e.hidden_after, int64_t(24));
        QVERIFY(e.ppl_after != e.ppl_before);
        const QString effect = card->effectLabel()->text();
        QVERIFY2(effect.contains(QString::number(e.ppl_before, 'f', 2)), qPrintable(effect));
        QVERIFY2(effect.contains(QString::number(e.ppl_after, 'f', 2)), qPrintable(effect));
        QVERIFY2(effect.contains(QString::number(e.loss_after, 'f', 4)), qPrintable(effect));
        // A changed ratio marks the measurement as being for the old one.
        card->ratioSpin()->setValue(50);
        QVERIFY(card->effectLabel()->text().contains(QStringLiteral("has changed")));
    }
};

PB_UI_TEST(PlanWhatIfTest);
#include "tst_PlanWhatIf.moc"
