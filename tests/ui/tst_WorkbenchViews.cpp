// Charts data and export, the dependency graph's coupled highlighting, the comparison and
// sweep jobs on the tiny fixture model, and every workbench view rendering.
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/charts/ChartExport.h"
#include "ui/charts/ChartsView.h"
#include "ui/compare/CompareView.h"
#include "ui/dependencies/GraphView.h"
#include "ui/export/ReportWriter.h"
#include "ui/importance/HeatmapView.h"
#include "ui/widgets/JobProgressWidget.h"
#include "ui/session/JobRunner.h"
#include "ui/shell/MainWindow.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
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

std::vector<jobs::SweepPointData> fakeSweep() {
    std::vector<jobs::SweepPointData> p;
    p.push_back({"dense", false, 0.0, 0.0, 1000, 12.0, {}});
    p.push_back({"l1", false, 0.1, 0.1, 900, 15.0, {}});
    p.push_back({"l1", false, 0.2, 0.21, 790, 30.0, {}});
    p.push_back({"block_bi", true, 0.1, 0.12, 880, 25.0, {}});
    p.push_back({"block_bi", true, 0.2, 0.24, 760, 90.0, {}});
    return p;
}
} // namespace

class WorkbenchViewsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chartsGoLogAcrossDecadesAndSayWhatWasNotMeasured() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        ChartsView view(&bench);
        auto wide = fakeSweep();
        wide.push_back({"block_bi", true, 0.35, 0.36, 640, 5000.0, {}});  // 417x dense
        jobs::SweepPointData missed{"l1", false, 0.35, 0.0, 0, 0.0, {}};
        missed.error = "removing 35.0% of the parameters by width in these layers is not possible (at most 30.1%)";
        wide.push_back(missed);
        bench.setSweepPoints(wide);
        QVERIFY(view.logScale()->isChecked());
        QVERIFY(qobject_cast<QLogValueAxis*>(view.pplChart()->chart()->axes(Qt::Vertical).first()));
        const QString hint = view.hint()->text();
        QVERIFY2(hint.startsWith(QStringLiteral("6 point(s).")), qPrintable(hint));  // measured points only
        QVERIFY2(hint.contains(QStringLiteral("Not measured: ")) && hint.contains(QStringLiteral("at 35 %: removing 35.0%")),
                 qPrintable(hint));
        // The user's choice wins over the automatic one.
        view.logScale()->click();
        QVERIFY(!view.logScale()->isChecked());
        bench.setSweepPoints(wide);
        QVERIFY(!view.logScale()->isChecked());
        QVERIFY(qobject_cast<QValueAxis*>(view.pplChart()->chart()->axes(Qt::Vertical).first()));
    }

    void chartsShowSweepAndExport() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        ChartsView view(&bench);
        view.resize(1100, 600);
        bench.setSweepPoints(fakeSweep());
        QChart* chart = view.pplChart()->chart();
        QCOMPARE(chart->series().size(), 4);  // line + markers per criterion
        int widthPoints = 0;
        for (QAbstractSeries* s : chart->series())
            if (auto* line = qobject_cast<QLineSeries*>(s); line && line->name().contains(QStringLiteral("width")))
                widthPoints = line->count();
        QCOMPARE(widthPoints, 3);  // dense + two fractions
        view.logScale()->setChecked(true);
        QVERIFY(!view.pplChart()->chart()->axes(Qt::Vertical, nullptr).isEmpty());
        QVERIFY(qobject_cast<QLogValueAxis*>(view.pplChart()->chart()->axes(Qt::Vertical).first()));

        const QStringList csv = view.sweepCsv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(csv.size(), 6);
        QVERIFY(csv[4].startsWith(QStringLiteral("block_bi,depth,0.1,")));
        QTemporaryDir dir;
        const QStringList written = pb::ui::exportChartFiles(view.pplChart(), view.sweepCsv(), dir.filePath(QStringLiteral("c")));
        QCOMPARE(written.size(), 3);
        QVERIFY(QFile(dir.filePath(QStringLiteral("c.png"))).size() > 1000);
        QFile svg(dir.filePath(QStringLiteral("c.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY2(svgText.size() > 5000, qPrintable(QString::number(svgText.size())));
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("<path") || svgText.contains("<polyline"));
        QVERIFY(svgText.contains("</svg>"));
        QFile csvFile(dir.filePath(QStringLiteral("c.csv")));
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csvFile.readAll()), view.sweepCsv());
        view.fractionsEdit()->setText(QStringLiteral("0.1, x, 0.3, 1.5"));
        QCOMPARE(view.fractions(), (std::vector<double>{0.1, 0.3}));
        QVERIFY(nonBlank(view.grab().toImage()));
    }

    void graphHighlightsCoupledGroup() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        GraphView view(&bench);
        view.resize(1200, 700);
        view.selectLayer(3);
        view.selectUnit(pb::GroupKind::AttentionGroup, 1);
        QCOMPARE(view.layer(), 3);
        QCOMPARE(view.highlightedTensors(), 4);  // q rows, k rows, v rows, o columns
        QVERIFY(view.explanation().contains(QStringLiteral("GQA")));
        QVERIFY(view.explanation().contains(QStringLiteral("q_proj")));
        view.selectUnit(pb::GroupKind::MlpChannel, 10);
        QCOMPARE(view.highlightedTensors(), 3);  // gate, up, down
        QVERIFY(view.explanation().contains(QStringLiteral("SwiGLU")));
        view.selectUnit(pb::GroupKind::HiddenChannel, 5);
        QVERIFY(view.highlightedTensors() >= 9);  // every tensor and norm of the block
        // A click on a tensor picks the unit under it.
        const QList<QGraphicsItem*> items = view.detail()->scene()->items();
        bool picked = false;
        for (QGraphicsItem* item : items)
            if (item->toolTip().contains(QStringLiteral("down_proj"))) {
                picked = view.pickAt(item->sceneBoundingRect().center());
                break;
            }
        QVERIFY(picked);
        QVERIFY(nonBlank(view.grab().toImage()));
        // Dropped blocks show as removed.
        bench.plan()->dropBlocks({3});
        QVERIFY(view.explanation().contains(QStringLiteral("removed")));
    }

    void compareAndSweepOnTinyModel() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        bench.settings().pplWindows = 2;
        bench.setWidthCriterion(QStringLiteral("l1"));
        CompareView compare(&bench);
        compare.resize(1200, 600);
        bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QSignalSpy finished(session.jobs(), &JobRunner::finished);
        QSignalSpy failed(session.jobs(), &JobRunner::failed);
        compare.promptEdit()->setText(QStringLiteral("hello"));
        // No l1 scores yet: Compare scores once through the cache, then compares.
        QVERIFY(compare.prune());
        QTRY_VERIFY_WITH_TIMEOUT(bench.comparison().has_value() || !failed.isEmpty(), 180000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(bench.comparison().has_value());
        QCOMPARE(bench.scoringJobsStarted(), 1);
        QTRY_VERIFY(!session.jobs()->busy());
        const auto& c = *bench.comparison();
        {
            // The report's comparison names what it ran on, not the settings changed since.
            const auto ran = bench.settings();
            bench.settings().pplWindows = 9;
            bench.settings().pplText = "demo:other";
            const pb::report::ReportData d = reportData(bench, nullptr);
            bench.settings() = ran;  // the sweep below measures on the real text again
            QVERIFY(d.comparison.has_value());
            QCOMPARE(d.comparison->prompt, std::string("hello"));
            QCOMPARE(d.comparison->windows, int64_t(2));
            QCOMPARE(d.comparison->text, std::string(pb::defaults::kPplText));
            QCOMPARE(d.comparison->seq_len, pb::defaults::kPplSeqLen);
            const std::string md = pb::report::reportMarkdown(d, {}, {});
            QVERIFY2(md.find("Greedy continuations of `hello`") != std::string::npos, md.c_str());
        }
        // The width variant is the plan the views hatch, unit for unit.
        const auto shown = bench.resolvedPlan();
        QVERIFY(shown.has_value());
        for (size_t l = 0; l < shown->layers.size(); ++l) {
            QCOMPARE(c.width.plan.layers[l].attention_keep, shown->layers[l].attention_keep);
            QCOMPARE(c.width.plan.layers[l].mlp_keep, shown->layers[l].mlp_keep);
        }
        QVERIFY(c.original.ok);
        QVERIFY2(c.width.ok, c.width.error.c_str());
        QVERIFY2(c.depth.ok, c.depth.error.c_str());
        QVERIFY(c.width.params < c.original.params);
        QVERIFY(c.depth.blocks < c.original.blocks);
        QVERIFY(c.original.ppl > 1.0);
        QVERIFY(compare.column(1)->text().contains(QStringLiteral("Perplexity")));

        ChartsView charts(&bench);
        QSignalSpy points(&bench, &Workbench::sweepPointAdded);
        QVERIFY(bench.runSweep({QStringLiteral("l1"), QStringLiteral("block_magnitude")}, {0.3}));
        QVERIFY(finished.wait(120000));
        QVERIFY(points.count() >= 2);
        QCOMPARE(int(bench.sweepPoints().size()), points.count());
        QCOMPARE(bench.sweepPoints().front().criterion, std::string("dense"));
    }

    void cancelStopsCompare() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        bench.plan()->dropBlocks({1});
        QSignalSpy cancelled(session.jobs(), &JobRunner::cancelled);
        QVERIFY(bench.runCompare(QStringLiteral("hi"), 4));
        session.jobs()->cancel();
        QVERIFY(cancelled.wait(60000));
        QVERIFY(!bench.comparison().has_value());
    }

    void remainingTime() {
        QCOMPARE(JobProgressWidget::remainingText(500, 0.5), QString());
        QCOMPARE(JobProgressWidget::remainingText(10000, 0.5), QStringLiteral("about 10 s left"));
        QCOMPARE(JobProgressWidget::remainingText(60000, 0.25), QStringLiteral("about 3 min left"));
    }

    void everyViewRendersInTheWindow() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(test::tinyModelPath());
        QVERIFY(shown.wait(30000));
        for (const QString& name : MainWindow::viewNames()) {
            QVERIFY2(window.showView(name), qPrintable(name));
            QVERIFY2(nonBlank(window.viewWidget(name)->grab().toImage()), qPrintable(name));
        }
        QVERIFY(!window.showView(QStringLiteral("nope")));
    }
};

PB_UI_TEST(WorkbenchViewsTest);
#include "tst_WorkbenchViews.moc"
