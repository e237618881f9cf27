// The Charts tab's zero-shot curves (issue 19 item 6): accuracy against parameters removed for
// one task of a sweep, a curve per criterion with each point's 95% Wilson interval, the dense
// band and the chance line; after LoRA, each curve's twin; and a real sweep job that scores the
// tasks at every point and, with LoRA steps, recovers every point and scores them again.
#include <QCheckBox>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/data/assets.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartsView.h"
#include "ui/charts/ZeroShotCurveChart.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {

pb::TaskMetrics task(const std::string& name, int n, int k, int choices) {
    pb::TaskMetrics t;
    t.task = name;
    t.n = n;
    t.acc = t.acc_norm = double(k) / n;
    t.choices = choices;
    for (int i = 0; i < n; ++i) t.correct.push_back(i < k ? 1 : 0);
    t.correct_norm = t.correct;
    return t;
}

pb::SweepPoint point(const std::string& criterion, bool depth, double removed, int capitals, int cloze) {
    pb::SweepPoint p;
    p.criterion = criterion;
    p.depth = depth;
    p.target = p.removed_fraction = removed;
    p.params = 1000;
    p.ppl = 20;
    p.tasks = {task("capitals", 100, capitals, 4), task("cloze", 50, cloze, 4)};
    return p;
}

bool haveTaskData() { return std::filesystem::exists(pb::assets::taskDataDir() / "us-states-names-capitals.csv"); }
bool underCi() {
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}
// Short calibration and perplexity: the sweep jobs on the tiny model take a second or two.
void quickSweepSettings(Workbench& bench) {
    bench.settings().calib.samples = 2;
    bench.settings().calib.seq_len = 32;
    bench.settings().pplWindows = 2;
}

// The point after LoRA: capitals k of 100 (cloze unchanged).
pb::SizeRow recovered(const pb::SweepPoint& p, int capitals) {
    pb::SizeRow r;
    r.point = p;
    r.tasks = p.tasks;
    r.tasks_recovered = {task("capitals", 100, capitals, 4), p.tasks[1]};
    r.ppl_recovered = p.ppl * 0.9;
    return r;
}

} // namespace

class ZeroShotCurvesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void curvesDrawEveryPointWithItsInterval() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        ChartsView view(&bench);
        view.resize(1400, 800);
        view.show();
        ZeroShotCurveChart* curves = view.zeroShotCurves();
        auto* exportCurves = view.findChild<QPushButton*>(QStringLiteral("exportZeroShotCurves"));
        QVERIFY(exportCurves);
        QVERIFY(curves->emptyState()->isEmpty());
        QVERIFY(curves->emptyState()->message().contains(QStringLiteral("Zero-shot")));
        QVERIFY(!exportCurves->isEnabled());
        QVERIFY(view.zeroShotCheck());
        QVERIFY(!view.zeroShotCheck()->isChecked());  // off by default: it costs time

        bench.setSweepPoints({point("dense", false, 0, 80, 40), point("l2", false, 0.1, 70, 38), point("l2", false, 0.2, 50, 35),
                              point("block_bi", true, 0.1, 78, 30), point("block_bi", true, 0.2, 75, 25)});
        QCOMPARE(curves->taskCombo()->count(), 2);
        QCOMPARE(curves->taskCombo()->currentText(), QStringLiteral("capitals"));
        QVERIFY(!curves->emptyState()->isEmpty());
        QVERIFY(exportCurves->isEnabled());
        QCOMPARE(curves->whiskerCount(), 4);  // one per pruned point; dense is the band
        const auto drawn = curves->drawn();
        QCOMPARE(int(drawn.size()), 4);
        // l2 at 20%: 50 of 100 -> [40.38, 59.62] (hand-computed Wilson)
        bool found = false;
        for (const auto& d : drawn)
            if (d.criterion == QLatin1String("l2") && std::abs(d.x - 20.0) < 1e-9) {
                found = true;
                QCOMPARE(d.y, 50.0);
                QVERIFY(std::abs(d.lo - 40.383) < 0.01 && std::abs(d.hi - 59.617) < 0.01);
                QVERIFY(!d.depth);
            }
        QVERIFY(found);
        QVERIFY(curves->chartView()->chart()->title().contains(QStringLiteral("capitals")));
        // PB_ZEROSHOT_CURVES_SHOT=FILE.png keeps a grab of the tab to look at.
        if (const QString shot = qEnvironmentVariable("PB_ZEROSHOT_CURVES_SHOT"); !shot.isEmpty()) QVERIFY(view.grab().save(shot));
        curves->taskCombo()->setCurrentText(QStringLiteral("cloze"));
        QVERIFY(curves->chartView()->chart()->title().contains(QStringLiteral("cloze")));
        QVERIFY(curves->chartView()->chart()->title().contains(QStringLiteral("95% intervals")));
        bool cloze = false;  // l2 at 10%: 38 of 50
        for (const auto& d : curves->drawn())
            if (d.criterion == QLatin1String("l2") && std::abs(d.x - 10.0) < 1e-9) cloze = std::abs(d.y - 76.0) < 1e-9;
        QVERIFY(cloze);
        // The CSV pairs each point with the dense model: l2 at 20% lost 30 capitals items, gained none.
        const QString csv = curves->csv();
        QVERIFY(csv.startsWith(QStringLiteral(
            "criterion,kind,removed_fraction,task,n,acc,ci95_lo,ci95_hi,mcnemar_p_vs_dense,lora_steps,mcnemar_p_vs_before_lora\n")));
        QVERIFY2(csv.contains(QStringLiteral("l2,width,0.2,capitals,100,0.5,0.403832,0.596168,1.86265e-09")), qPrintable(csv));
        // After 20 LoRA steps: a twin per curve (hollow, its own whiskers) and the dense model's line.
        QVERIFY(view.loraSteps());
        QVERIFY(!view.loraSteps()->isEnabled());  // only with Zero-shot
        view.zeroShotCheck()->setChecked(true);
        QVERIFY(view.loraSteps()->isEnabled());
        view.zeroShotCheck()->setChecked(false);
        const auto& pts = bench.sweepPoints();
        bench.setSweepRecovered({recovered(pts[0], 82), recovered(pts[1], 70), recovered(pts[2], 60), recovered(pts[3], 79),
                                 recovered(pts[4], 77)},
                                20);
        curves->taskCombo()->setCurrentText(QStringLiteral("capitals"));
        QCOMPARE(curves->whiskerCount(), 8);
        QVERIFY(curves->chartView()->chart()->title().contains(QStringLiteral("hollow: after 20 LoRA steps")));
        bool after = false;  // l2 at 20% after LoRA: 60 of 100 -> [50.20, 69.06]
        for (const auto& d : curves->drawn())
            if (d.recovered && d.criterion == QLatin1String("l2") && std::abs(d.x - 20.0) < 1e-9)
                after = d.y == 60.0 && std::abs(d.lo - 50.20) < 0.01 && std::abs(d.hi - 69.06) < 0.01;
        QVERIFY(after);
        QStringList legend;
        for (QAbstractSeries* s : curves->chartView()->chart()->series()) legend << s->name();
        QVERIFY2(legend.contains(QStringLiteral("dense + LoRA 82.0 %")), qPrintable(legend.join(QLatin1Char('|'))));
        QVERIFY2(legend.filter(QStringLiteral("after LoRA")).size() == 2, qPrintable(legend.join(QLatin1Char('|'))));
        // The CSV's after-LoRA rows: l2 at 20% went from 50 to 60 correct (10 items gained, none lost:
        // exact McNemar p = 2 * 0.5^10 = 0.001953125), and is paired with the dense model before LoRA (80).
        const QString csv2 = curves->csv();
        QVERIFY2(csv2.contains(QStringLiteral("l2,width,0.2,capitals,100,0.6,0.502003,0.690599,")), qPrintable(csv2));
        QVERIFY2(csv2.contains(QStringLiteral(",20,0.00195313\n")), qPrintable(csv2));
        // every recovered model's perplexity is 0.9 of its point's: -10.0 % on average over 5
        QVERIFY2(view.hint()->text().contains(QStringLiteral("After 20 LoRA steps: perplexity -10.0 % on average over 5 model(s)")),
                 qPrintable(view.hint()->text()));
        if (const QString shot = qEnvironmentVariable("PB_ZEROSHOT_LORA_SHOT"); !shot.isEmpty()) QVERIFY(view.grab().save(shot));
        bench.setSweepRecovered({}, 0);
        QCOMPARE(curves->whiskerCount(), 4);
        // A new sweep without tasks: the chart says how to get curves.
        bench.setSweepPoints({pb::SweepPoint{}});
        QVERIFY(curves->emptyState()->isEmpty());
        QVERIFY(curves->emptyState()->message().contains(QStringLiteral("tick Zero-shot")));
    }

    // A real sweep on the tiny model with a built-in task scored at every point.
    void sweepJobScoresTheTasksAtEveryPoint() {
        if (!haveTaskData()) {
            if (underCi()) QFAIL("task data missing under CI (scripts/setup.sh fetches it)");
            QSKIP("task data not fetched (scripts/setup.sh)");
        }
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        quickSweepSettings(bench);
        ChartsView view(&bench);
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QVERIFY(bench.runSweep({QStringLiteral("l1"), QStringLiteral("block_magnitude")}, {0.3}, {QStringLiteral("capitals")}, 4));
        QVERIFY(finished.wait(120000));
        QVERIFY(bench.sweepPoints().size() >= 2);
        for (const auto& p : bench.sweepPoints()) {
            if (!p.error.empty()) continue;
            QCOMPARE(int(p.tasks.size()), 1);
            QCOMPARE(int(p.tasks[0].n), 4);
            QCOMPARE(int(p.tasks[0].correct.size()), 4);
        }
        QCOMPARE(view.zeroShotCurves()->taskCombo()->currentText(), QStringLiteral("capitals"));
        QVERIFY(bench.sweepRecovered().empty());  // no LoRA steps asked for
    }

    // The same with 2 LoRA steps: every point recovered and scored again on the same items.
    void sweepJobRecoversEveryPointWithLora() {
        if (!haveTaskData()) {
            if (underCi()) QFAIL("task data missing under CI (scripts/setup.sh fetches it)");
            QSKIP("task data not fetched (scripts/setup.sh)");
        }
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        quickSweepSettings(bench);
        ChartsView view(&bench);
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QSignalSpy rows(&bench, &Workbench::sweepRecoveredChanged);
        QVERIFY(bench.runSweep({QStringLiteral("l1"), QStringLiteral("block_magnitude")}, {0.3}, {QStringLiteral("capitals")}, 4, 2));
        QVERIFY(finished.wait(180000));
        const auto& points = bench.sweepPoints();
        const auto& after = bench.sweepRecovered();
        QCOMPARE(bench.sweepRecoverSteps(), 2);
        QVERIFY(points.size() >= 2);
        QCOMPARE(after.size(), points.size());
        QVERIFY(rows.count() >= int(after.size()));  // each row as it came, then the whole set
        QCOMPARE(after.front().point.criterion, std::string("dense"));
        for (size_t i = 0; i < after.size(); ++i) {
            QVERIFY2(after[i].error.empty(), after[i].error.c_str());
            QCOMPARE(after[i].point.criterion, points[i].criterion);
            QCOMPARE(after[i].tasks.front().correct, points[i].tasks.front().correct);
            QCOMPARE(int(after[i].tasks_recovered.size()), 1);
            QCOMPARE(int(after[i].tasks_recovered[0].n), 4);
            QVERIFY(std::isfinite(after[i].ppl_recovered));
        }
        int drawnAfter = 0;
        for (const auto& d : view.zeroShotCurves()->drawn()) drawnAfter += d.recovered ? 1 : 0;
        QCOMPARE(drawnAfter, int(after.size()) - 1);  // the dense model is a line, not a point
    }
};

PB_UI_TEST(ZeroShotCurvesTest);
#include "tst_ZeroShotCurves.moc"
