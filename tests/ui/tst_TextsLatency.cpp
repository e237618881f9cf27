// Any text and measured latency in the GUI, on the tiny fixture model: File › Calibration
// Text / Evaluation Text choose a file or a folder of .txt files, remembered in the settings,
// used by the jobs (scoring, recovery) and shown with their token count and a warning when
// too short; the Plan tab measures prefill and decode latency of the plan's shapes on the
// worker, shows "measured" instead of the estimate, and the second time shows it at once from
// the cache; the Charts and Compare tabs draw the curves over context length and batch size.
#include <QLineEdit>
#include <QSpinBox>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/data/assets.h"
#include "core/plan/defaults.h"
#include "core/tokenizer/tokenizer.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartExport.h"
#include "ui/charts/ChartsView.h"
#include "ui/charts/LatencyChart.h"
#include "ui/compare/CompareView.h"
#include "ui/export/ReportWriter.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/plan/TextsLabel.h"
#include "ui/session/JobRunner.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/TextStats.h"
#include "ui/session/Workbench.h"
#include "ui/shell/SettingsKeys.h"
#include "ui/shell/TextMenu.h"
#include "ui/widgets/Format.h"

using namespace pb::ui;

namespace {

struct Bench {
    ModelSession session;
    Workbench bench{&session};
    RecoverySession recovery{&bench};
    bool open() {
        if (!test::openTiny(session)) return false;
        bench.setModel(session.model());
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 16;
        bench.settings().pplWindows = 2;
        QCoreApplication::processEvents();  // the model's signals (1 ms timers)
        QTest::qWait(5);
        return true;
    }
};

void write(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray sentences(int n) {
    QByteArray s;
    for (int i = 0; i < n; ++i) s += "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. ";
    return s;
}

bool waitIdle(JobRunner* jobs, int ms = 180000) {
    QElapsedTimer t;
    t.start();
    while (jobs->busy() && t.elapsed() < ms) QTest::qWait(20);
    return !jobs->busy();
}

} // namespace

class TextsLatencyTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void anyTextFileOrFolderIsChosenRememberedCountedAndUsed() {
        Bench b;
        QVERIFY(b.open());
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("corpus"));
        write(folder + QStringLiteral("/02.txt"), sentences(6));
        write(folder + QStringLiteral("/01.txt"), sentences(4));
        write(folder + QStringLiteral("/notes.md"), "not read");
        TextMenu calibration(TextMenu::Kind::Calibration, &b.bench);
        calibration.choose(folder.toStdString());
        QCOMPARE(QString::fromStdString(b.bench.settings().calib.text), folder);
        QCOMPARE(QSettings().value(keys::kCalibrationText).toString(), folder);
        QCOMPARE(QString::fromStdString(b.recovery.request().data), folder);  // LoRA trains on it too

        // The token count, in the model's tokenizer, on the Plan tab's line.
        TextsLabel label(&b.bench, false);
        b.bench.textStats()->waitForCounts();
        const int64_t tokens = int64_t(b.session.model()->tokenizer->encode(pb::assets::loadText(folder.toStdString()), true).size());
        QTRY_VERIFY2(label.text().contains(format::count(tokens) + QStringLiteral(" tokens in 2 files")), qPrintable(label.text()));
        QVERIFY(label.text().contains(QStringLiteral("corpus/")));
        QVERIFY2(!label.text().contains(QStringLiteral("⚠")), qPrintable(label.text()));
        // Too short for the calibration's samples x tokens: a warning that says so.
        b.bench.setCalibrationSize(64, 128);
        QVERIFY2(label.text().contains(QStringLiteral("its samples overlap")), qPrintable(label.text()));
        b.bench.setCalibrationSize(2, 16);

        // Scoring reads the chosen folder.
        QVERIFY(b.bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QString()));
        QVERIFY(waitIdle(b.session.jobs()));
        QCOMPARE(QString::fromStdString(b.bench.scoredCalibration().text), folder);
        QVERIFY(b.bench.widthScores() != nullptr);

        // The evaluation text: a file; a binary one is named with its problem.
        TextMenu evaluation(TextMenu::Kind::Evaluation, &b.bench);
        const QString file = dir.filePath(QStringLiteral("eval.txt"));
        write(file, sentences(2));
        evaluation.choose(file.toStdString());
        QCOMPARE(QString::fromStdString(b.bench.settings().pplText), file);
        b.bench.textStats()->waitForCounts();
        QTRY_VERIFY2(label.text().contains(QStringLiteral("Perplexity reads 2 windows")), qPrintable(label.text()));
        const QString binary = dir.filePath(QStringLiteral("data.txt"));
        write(binary, QByteArray("PK\x03\x04\x00\x00", 6));
        b.bench.setEvaluationText(binary.toStdString());
        b.bench.textStats()->waitForCounts();
        QTRY_VERIFY2(label.text().contains(QStringLiteral("is binary, not text")), qPrintable(label.text()));
        evaluation.choose(file.toStdString());

        // Remembered: a new window's workbench takes both back; a file gone falls back to the demo text.
        {
            ModelSession s2;
            Workbench w2(&s2);
            QVERIFY(TextMenu::restoreTexts(&w2).isEmpty());
            QCOMPARE(QString::fromStdString(w2.settings().calib.text), folder);
            QCOMPARE(QString::fromStdString(w2.settings().pplText), file);
        }
        QVERIFY(QFile::remove(file));
        ModelSession s3;
        Workbench w3(&s3);
        const QString gone = TextMenu::restoreTexts(&w3);
        QVERIFY2(gone.contains(file), qPrintable(gone));
        QCOMPARE(w3.settings().pplText, std::string(pb::defaults::kPplText));
        QCOMPARE(QString::fromStdString(w3.settings().calib.text), folder);
        // The demo entries choose the demo texts again.
        calibration.choose("demo:sotu");
        QCOMPARE(b.bench.settings().calib.text, std::string("demo:sotu"));
        QCOMPARE(TextStats::displayName("demo:sotu"), QStringLiteral("State of the Union (demo)"));
    }

    void planTabMeasuresLatencyAndShowsItAtOnceTheSecondTime() {
        Bench b;
        QVERIFY(b.open());
        PlanEditor editor(&b.bench);
        b.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QVERIFY2(editor.totalsLabel()->text().contains(QStringLiteral("Latency (estimate)")), qPrintable(editor.totalsLabel()->text()));
        QVERIFY(editor.totalsLabel()->text().contains(QStringLiteral("not measured")));
        const std::vector<pb::LatencyShape> shapes = b.bench.latencyShapes();
        QVERIFY(shapes.size() >= 2);
        QCOMPARE(QString::fromStdString(shapes[1].label), QStringLiteral("plan: width %1%").arg(
                                                              100.0 * b.bench.plan()->totals().removedFraction, 0, 'f', 1));
        QSignalSpy failed(b.session.jobs(), &JobRunner::failed);
        QVERIFY(editor.measureLatency());
        QVERIFY(b.session.jobs()->busy());  // on the worker, with progress and Cancel
        QVERIFY(waitIdle(b.session.jobs()));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const QString text = editor.totalsLabel()->text();
        // tiny_llama holds 128 positions: the 128-token prompt shrinks to leave room for 8 decode steps.
        QVERIFY2(text.contains(QStringLiteral("Prefill (120 tokens)")) && text.contains(QStringLiteral("Decode (batch 1)")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("formula, not measured")));  // the old estimate, faint, for reference
        QVERIFY2(editor.latencyNote()->text().startsWith(QStringLiteral("Measured on cpu")), qPrintable(editor.latencyNote()->text()));
        const auto profiles = b.bench.latencyProfiles(shapes, false);
        QVERIFY(profiles[0].measured() && profiles[1].measured());
        QVERIFY(profiles[1].params < profiles[0].params);

        // The report's plan table has the measured rows.
        const pb::report::ReportData d = reportData(b.bench, nullptr);
        QVERIFY(d.plan.has_value());
        const std::string md = pb::report::reportMarkdown(d, {}, {});
        QVERIFY2(md.find("prefill, 120 tokens at batch 1 (ms, measured)") != std::string::npos, md.c_str());

        // A new session (the window opened again): the figures show at once, no job runs.
        Bench c;
        QVERIFY(c.open());
        QSignalSpy started(c.session.jobs(), &JobRunner::started);
        PlanEditor again(&c.bench);
        c.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QVERIFY2(again.totalsLabel()->text().contains(QStringLiteral("Prefill (120 tokens)")), qPrintable(again.totalsLabel()->text()));
        QCOMPARE(started.count(), 0);
        const auto cached = c.bench.latencyProfiles(c.bench.latencyShapes(), false);
        QVERIFY(cached[1].measured());
        QVERIFY(cached[1].cached_points > 0);
    }

    void chartsAndCompareDrawTheCurves() {
        Bench b;
        QVERIFY(b.open());
        ChartsView charts(&b.bench);
        charts.resize(1200, 800);
        b.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        LatencyChart* chart = charts.latencyChart();
        QVERIFY(chart->prefillEmpty()->isEmpty());
        QVERIFY(chart->prefillEmpty()->message().contains(QStringLiteral("Measure latency curves")));
        chart->measureButton()->click();
        QVERIFY(b.session.jobs()->busy());
        QVERIFY(waitIdle(b.session.jobs()));
        QTRY_VERIFY(!chart->prefillEmpty()->isEmpty());
        QVERIFY(!chart->decodeEmpty()->isEmpty());
        // A line and its points per measured shape.
        QVERIFY(chart->prefillChart()->chart()->series().size() >= 4);
        QVERIFY(chart->decodeChart()->chart()->series().size() >= 4);
        QVERIFY2(chart->caption()->text().contains(QStringLiteral("Measured on cpu")), qPrintable(chart->caption()->text()));
        const QStringList csv = chart->csv().trimmed().split(QLatin1Char('\n'));
        QVERIFY(csv.size() >= 1 + 2 * (2 + 4));  // prefill at 2 context lengths, decode at 4 batch sizes
        QVERIFY(csv[1].startsWith(QStringLiteral("original,prefill,1,")));
        QTemporaryDir dir;
        QCOMPARE(exportChartFiles(chart->decodeChart(), chart->csv(), dir.filePath(QStringLiteral("d"))).size(), 3);
        // The report gets the curves as a section.
        const pb::report::ReportData d = reportData(b.bench, nullptr);
        QVERIFY(d.latency.has_value());
        QVERIFY(d.latency->profiles.size() >= 2);
        QVERIFY(d.latency->profiles[0].prefill.size() >= 2);

        // Compare: each column has its measured prefill and decode.
        b.bench.setWidthCriterion(QStringLiteral("l1"));
        CompareView compare(&b.bench);
        compare.promptEdit()->setText(QStringLiteral("hello"));
        compare.tokensSpin()->setValue(2);
        QVERIFY(compare.prune());
        QTRY_VERIFY_WITH_TIMEOUT(b.bench.comparison().has_value(), 180000);
        QVERIFY(waitIdle(b.session.jobs()));
        for (int i = 0; i < 3; ++i)
            QVERIFY2(compare.column(i)->text().contains(QStringLiteral("Prefill (120 tokens)")), qPrintable(compare.column(i)->text()));
        QVERIFY(b.bench.comparison()->width.latency.measured());
        QVERIFY(b.bench.comparison()->depth.latency.measured());
        compare.latencyChart()->measureButton()->click();
        QVERIFY(waitIdle(b.session.jobs()));
        QTRY_VERIFY(!compare.latencyChart()->prefillEmpty()->isEmpty());
        QCOMPARE(compare.latencyChart()->profiles().size(), size_t(3));
    }
};

PB_UI_TEST(TextsLatencyTest);
#include "tst_TextsLatency.moc"
