#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/loglikelihood.h"
#include "core/evalzs/tasks.h"
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
        QCOMPARE(csv[0], QStringLiteral("task,stage,n,acc,acc_stderr,ci95_lo,ci95_hi,mcnemar_p"));
        QVERIFY(csv[4].startsWith(QStringLiteral("cloze,after,40,0.5,")));
        // Every bar has its 95% Wilson interval: 0.45 of 40 = 18 right -> [30.71, 60.17]
        const auto whiskers = chart.whiskers();
        QCOMPARE(int(whiskers.size()), 4);
        QCOMPARE(whiskers[1].task, QStringLiteral("cloze"));
        QVERIFY(std::abs(whiskers[1].lo - 30.71) < 0.01 && std::abs(whiskers[1].hi - 60.17) < 0.01);
        QVERIFY(chart.significanceLines().isEmpty());  // no per-item answers: nothing to pair
        chart.grab();                                 // the whiskers are painted without trouble
        chart.setResults({}, {});
        QVERIFY(chart.chart()->series().isEmpty());
    }

    // Per-item answers on the same items: the after-bar's difference is tested (exact McNemar)
    // and a significant one is starred in the axis and named in the lines.
    void zeroShotChartMarksSignificantDifferences() {
        ZeroShotChart chart;
        chart.resize(600, 400);
        pb::TaskMetrics before{"capitals", 20, 0.25, 0.1}, after{"capitals", 20, 0.80, 0.09};
        before.choices = after.choices = 4;
        for (int i = 0; i < 20; ++i) {
            before.correct.push_back(i < 5 ? 1 : 0);   // 5 right
            after.correct.push_back(i < 16 ? 1 : 0);   // the same 5 and 11 more: McNemar 0/11, p = 2/2048
        }
        before.correct_norm = before.correct, after.correct_norm = after.correct;
        pb::TaskMetrics cb{"cloze", 20, 0.5, 0.1}, ca{"cloze", 20, 0.55, 0.1};
        for (int i = 0; i < 20; ++i) cb.correct.push_back(i % 2), ca.correct.push_back(i % 2 || i == 0);
        cb.correct_norm = cb.correct, ca.correct_norm = ca.correct;
        chart.setResults({before, cb}, {after, ca});
        const QStringList lines = chart.significanceLines();
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].contains(QStringLiteral("+55.0 pts")) && lines[0].contains(QStringLiteral("(significant)")),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(QStringLiteral("not significant")), qPrintable(lines[1]));
        auto* axis = qobject_cast<QBarCategoryAxis*>(chart.chart()->axes(Qt::Horizontal).first());
        QVERIFY(axis);
        QVERIFY(axis->categories()[0].endsWith(QStringLiteral(" *")));
        QVERIFY(!axis->categories()[1].endsWith(QStringLiteral(" *")));
        QVERIFY(chart.csv().contains(QStringLiteral("capitals,after,20,0.8,")));
        // PB_ZEROSHOT_SHOT=FILE.png keeps a grab (bars, whiskers, the star) to look at.
        if (const QString shot = qEnvironmentVariable("PB_ZEROSHOT_SHOT"); !shot.isEmpty()) QVERIFY(chart.grab().save(shot));
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
        if (!pb::assets::demoAvailable() ||
            !std::filesystem::exists(pb::assets::taskDataDir() / "us-states-names-capitals.csv")) {
            const char* ci = std::getenv("CI");
            if (ci && std::string(ci) == "true") QFAIL("demo assets or task data missing under CI (scripts/setup.sh)");
            QSKIP("demo assets or the task pack's data not fetched (scripts/setup.sh)");
        }
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
        QCOMPARE(recovery.result()->before.size(), size_t(3));  // capitals, sentiment, cloze
        QCOMPARE(recovery.result()->after.size(), size_t(3));
        for (const auto& t : recovery.result()->before) {
            QCOMPARE(int(t.n), 4);
            QCOMPARE(int(t.correct.size()), 4);  // per-item answers: the paired test's input
        }
        // The plan cuts nothing here, so 'before' is the open model itself: every task's answers
        // equal core's scoring of the same items straight on it (same harness), and the chart shows
        // exactly the result's accuracy, the share of items answered right, for both stages.
        pb::zs::LogLikelihoodOptions lo;
        lo.harness = recovery.result()->harness;
        const auto ll = pb::zs::modelLogLikelihood(*session.model()->model, *session.model()->tokenizer, lo);
        for (const auto& t : recovery.result()->before) {
            const pb::zs::Metrics direct = pb::zs::scoreTask(pb::zs::builtinDemoTask(t.task, 4), ll, 0, 4);
            QVERIFY2(direct.correct == t.correct, t.task.c_str());
            QCOMPARE(direct.acc, t.acc);
        }
        for (const bool after : {false, true})
            for (const auto& t : after ? recovery.result()->after : recovery.result()->before) {
                double right = 0;
                for (const uint8_t c : t.correct) right += c;
                QCOMPARE(t.acc, right / double(t.n));
                QCOMPARE(view.zeroShotChart()->shownAccuracy(QString::fromStdString(t.task), after), t.acc);
            }
        QVERIFY(recovery.result()->recovered != nullptr);
        QVERIFY(!view.summary().isEmpty());
    }
};

PB_UI_TEST(RecoveryTest);
#include "tst_Recovery.moc"
