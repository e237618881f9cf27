// The Dependencies tab's live what-if on the tiny fixture model: selecting a KV group (then a
// block) answers on the worker with the loss core's what-if computes; the model's own loss is
// computed once; a hidden channel is refused in words; a hidden tab computes nothing.
#include <QCheckBox>
#include <QSignalSpy>
#include <QTest>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/dependencies/GraphView.h"
#include "ui/dependencies/WhatIfPanel.h"
#include "ui/jobs/WhatIfJob.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

class WhatIfTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answersForTheSelectedUnit() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        GraphView view(&bench);
        view.resize(1200, 650);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        WhatIfPanel* panel = view.whatIfPanel();
        QSignalSpy answered(panel, &WhatIfPanel::answered);
        QSignalSpy started(session.jobs(), &JobRunner::started);

        view.selectLayer(1);
        view.selectUnit(pb::GroupKind::AttentionGroup, 1);
        QVERIFY(answered.wait(30000));
        // The same numbers as core's what-if on the same calibration slice.
        jobs::WhatIfRequest r;
        r.calib = bench.settings().calib;
        r.unit = {1, pb::GroupKind::AttentionGroup, 1};
        const jobs::WhatIfResult expect = jobs::whatIf(bench.model(), r, {});
        const QString text = panel->text();
        QVERIFY2(text.contains(QStringLiteral("KV group 1 of block 1")), qPrintable(text));
        QVERIFY2(text.contains(QString::number(expect.base_loss, 'f', 4)), qPrintable(text));
        QVERIFY2(text.contains(QString::number(expect.loss_without, 'f', 4)), qPrintable(text));

        view.selectUnit(pb::GroupKind::Block, 0);
        QVERIFY(answered.wait(30000));
        QVERIFY2(panel->text().contains(QStringLiteral("block 1")), qPrintable(panel->text()));
        QCOMPARE(started.count(), 2);  // one job per selection

        // A hidden channel: refused in words, no job.
        view.selectUnit(pb::GroupKind::HiddenChannel, 3);
        QVERIFY(panel->text().contains(QStringLiteral("every tensor")));
        QTest::qWait(400);
        QCOMPARE(started.count(), 2);

        // Live off: a new selection says how to get its what-if, and runs nothing.
        panel->liveCheck()->setChecked(false);
        view.selectUnit(pb::GroupKind::MlpChannel, 2);
        QTest::qWait(400);
        QCOMPARE(started.count(), 2);
        QVERIFY(panel->text().contains(QStringLiteral("Live what-if")));
    }

    void aHiddenTabComputesNothing() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        GraphView view(&bench);  // never shown
        QSignalSpy started(session.jobs(), &JobRunner::started);
        view.selectLayer(1);
        view.selectUnit(pb::GroupKind::AttentionGroup, 0);
        QTest::qWait(400);
        QCOMPARE(started.count(), 0);
    }
};

PB_UI_TEST(WhatIfTest);
#include "tst_WhatIf.moc"
