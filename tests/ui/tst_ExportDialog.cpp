#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/charts/ChartsView.h"
#include "ui/export/ExportDialog.h"
#include "ui/session/JobRunner.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {
struct Bench {
    ModelSession session;
    Workbench bench{&session};
    RecoverySession recovery{&bench};
    bool open() {
        if (!test::openTiny(session)) return false;
        bench.setModel(session.model());
        return true;
    }
};
} // namespace

class ExportDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusesTheSourceFolder() {
        Bench b;
        QVERIFY(b.open());
        ExportDialog dialog(&b.bench, &b.recovery, {});
        dialog.pathEdit()->setText(test::tinyModelPath());
        QVERIFY(!dialog.saveModel());
        QVERIFY(dialog.messageIsError());
        QVERIFY2(dialog.message().contains(QStringLiteral("source model")), qPrintable(dialog.message()));
        QVERIFY(!b.session.jobs()->busy());
        dialog.pathEdit()->setText(QDir(test::tinyModelPath()).filePath(QStringLiteral("inside")));
        QVERIFY(!dialog.saveModel());
        QVERIFY(!QDir(QDir(test::tinyModelPath()).filePath(QStringLiteral("inside"))).exists());
    }

    void refusesANonEmptyFolder() {
        Bench b;
        QVERIFY(b.open());
        QTemporaryDir dir;
        QFile keep(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();
        ExportDialog dialog(&b.bench, &b.recovery, {});
        dialog.pathEdit()->setText(dir.path());
        QVERIFY(!dialog.saveModel());
        QVERIFY(dialog.messageIsError());
        QVERIFY2(dialog.message().contains(QStringLiteral("not empty")), qPrintable(dialog.message()));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList{QStringLiteral("notes.txt")});
        dialog.pathEdit()->clear();
        QVERIFY(!dialog.saveModel());
        QVERIFY(dialog.messageIsError());
    }

    void savesAHuggingFaceFolderInTheBackground() {
        Bench b;
        QVERIFY(b.open());
        QTemporaryDir dir;
        ExportDialog dialog(&b.bench, &b.recovery, {});
        QVERIFY(dialog.loadabilityText().contains(QStringLiteral("transformers")));
        dialog.dtypeCombo()->setCurrentText(QStringLiteral("f32"));
        const QString out = dir.filePath(QStringLiteral("pruned"));
        dialog.pathEdit()->setText(out);
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(dialog.saveModel());
        QVERIFY(finished.wait(60000));
        QVERIFY2(!dialog.messageIsError(), qPrintable(dialog.message()));
        QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("config.json"))));
        QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("model.safetensors"))));
    }

    void savesPlanAndReportWithCharts() {
        Bench b;
        QVERIFY(b.open());
        b.bench.plan()->dropBlocks({1});
        ChartsView charts(&b.bench);
        charts.resize(900, 400);
        auto list = [&charts]() {
            return QList<ReportChart>{{QStringLiteral("width-vs-depth"), QStringLiteral("Perplexity"), charts.pplChart()},
                                      {QStringLiteral("block-sensitivity"), QStringLiteral("Blocks"), charts.sensitivityChart()}};
        };
        ExportDialog dialog(&b.bench, &b.recovery, list);
        QTemporaryDir dir;
        QVERIFY(dialog.savePlan(dir.filePath(QStringLiteral("plan.json"))));
        QVERIFY(QFile(dir.filePath(QStringLiteral("plan.json"))).size() > 10);
        QVERIFY(dialog.saveReport(dir.filePath(QStringLiteral("run.md"))));
        QFile md(dir.filePath(QStringLiteral("run.md")));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(md.readAll());
        QVERIFY(text.startsWith(QStringLiteral("# PruneBench report")));
        QVERIFY(text.contains(QStringLiteral("| parameters |")));
        // The plan totals reach core's report writer: live blocks and the latency estimate.
        const PlanTotals t = b.bench.plan()->totals();
        QVERIFY2(text.contains(QStringLiteral("| blocks | %1 | %2 |").arg(t.blocksBefore).arg(t.blocksAfter)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("| estimated latency | 1.00 | %1 |").arg(t.latencyRatio, 0, 'f', 2)));
        QVERIFY(text.contains(QStringLiteral("![Perplexity](run-width-vs-depth.png)")));
        QVERIFY(QFile(dir.filePath(QStringLiteral("run-width-vs-depth.png"))).size() > 1000);
        QVERIFY(QFile(dir.filePath(QStringLiteral("run-block-sensitivity.png"))).size() > 1000);
        // core's report writer creates a missing folder; under a file it cannot.
        QVERIFY(!dialog.saveReport(dir.filePath(QStringLiteral("plan.json/sub/run.md"))));
        QVERIFY(dialog.messageIsError());
    }
};

PB_UI_TEST(ExportDialogTest);
#include "tst_ExportDialog.moc"
