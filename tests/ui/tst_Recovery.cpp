#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "core/data/assets.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/session/JobRunner.h"
#include "ui/recovery/LossChart.h"
#include "ui/session/RecoverySession.h"
#include "ui/recovery/RecoveryView.h"
#include "ui/session/Workbench.h"
#include "ui/charts/ZeroShotChart.h"

using namespace pb::ui;

class RecoveryTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void zeroShotChartShowsBeforeAndAfter() {
        ZeroShotChart chart;
        chart.resize(600, 400);
        chart.setResults({{"next_sentence", 40, 0.30, 0.07}, {"cloze", 40, 0.45, 0.08}},
                         {{"next_sentence", 40, 0.35, 0.07}, {"cloze", 40, 0.50, 0.08}});
        const auto series = chart.chart()->series();
        QCOMPARE(series.size(), 1);
        auto* bars = qobject_cast<QBarSeries*>(series.first());
        QVERIFY(bars);
        QCOMPARE(bars->count(), 2);  // before, after
        QCOMPARE(bars->barSets()[0]->count(), 2);  // one bar per task
        QCOMPARE(bars->barSets()[0]->at(1), 45.0);
        QCOMPARE(bars->barSets()[1]->at(0), 35.0);
        QCOMPARE(chart.shownAccuracy(QStringLiteral("cloze"), true), 0.50);
        const QStringList csv = chart.csv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(csv.size(), 5);
        QCOMPARE(csv[0], QStringLiteral("task,stage,n,acc,acc_stderr"));
        QVERIFY(csv[4].startsWith(QStringLiteral("cloze,after,40,0.5,")));
        chart.setResults({}, {});
        QVERIFY(chart.chart()->series().isEmpty());
    }

    void lossChartAddsTrainAndValidationPoints() {
        LossChart chart;
        chart.clear(10);
        chart.addSample({0, NAN, 3.0});
        chart.addSample({1, 3.2, NAN});
        chart.addSample({2, 3.1, 2.9});
        QCOMPARE(chart.trainPoints(), 2);
        QCOMPARE(chart.validationPoints(), 2);
        QCOMPARE(chart.csv(), QStringLiteral("step,train_loss,val_loss\n0,,3\n1,3.2,\n2,3.1,2.9\n"));
    }

    // A real (tiny) recovery job: the loss chart receives points while the job runs, and
    // zero-shot accuracy arrives for both stages.
    void recoveryJobFeedsTheLossChartLive() {
        if (!pb::assets::demoAvailable()) QSKIP("demo texts not installed (zero-shot tasks use demo:moby-dick)");
        ModelSession session;
        QVERIFY(test::openTiny(session));
        Workbench bench(&session);
        bench.setModel(session.model());
        RecoverySession recovery(&bench);
        RecoveryView view(&recovery);
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("train.txt"));
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 80; ++i) f.write("The whale swam past the ship while the crew watched from the deck. ");
        }
        recovery.request().data = text.toStdString();
        recovery.request().cutoff = 16;
        recovery.request().val_size = 4;
        recovery.request().micro_batch = 2;
        view.stepsSpin()->setValue(4);
        view.itemsSpin()->setValue(4);
        int liveTrainPoints = -1;  // the chart's points while the job still runs (no result yet)
        QSignalSpy added(&recovery, &RecoverySession::lossAdded);
        connect(&recovery, &RecoverySession::lossAdded, this, [&]() {
            if (!recovery.result()) liveTrainPoints = view.lossChart()->trainPoints();
        });
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QVERIFY(view.run());
        QVERIFY(finished.wait(120000));
        QCOMPARE(added.count(), 5);  // step 0 and 4 steps, before the result
        QVERIFY(recovery.result().has_value());
        QCOMPARE(int(recovery.result()->steps_done), 4);
        for (const jobs::LossSample& p : recovery.result()->history)  // whole points, lr and speed too
            if (p.step >= 1) QVERIFY2(p.lr > 0.0 && p.tokens_per_s > 0.0, qPrintable(QString::number(p.step)));
        QCOMPARE(view.lossChart()->trainPoints(), 4);
        QVERIFY(view.lossChart()->validationPoints() >= 2);
        QCOMPARE(liveTrainPoints, 4);
        QCOMPARE(recovery.result()->before.size(), size_t(2));
        QCOMPARE(recovery.result()->after.size(), size_t(2));
        QVERIFY(view.zeroShotChart()->shownAccuracy(QStringLiteral("cloze"), false) >= 0.0);
        QVERIFY(recovery.result()->recovered != nullptr);
        QVERIFY(!view.summary().isEmpty());
    }
};

PB_UI_TEST(RecoveryTest);
#include "tst_Recovery.moc"
