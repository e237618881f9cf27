#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QStandardItemModel>
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

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The JSON header of a safetensors file (8-byte little-endian length, then the JSON).
QJsonObject safetensorsHeader(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray len = f.read(8);
    if (len.size() != 8) return {};
    quint64 n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | quint8(len[i]);
    return QJsonDocument::fromJson(f.read(qint64(n))).object();
}

QList<int> shapeOf(const QJsonObject& header, const QString& name) {
    QList<int> out;
    for (const auto& v : header.value(name).toObject().value(QStringLiteral("shape")).toArray()) out << v.toInt();
    return out;
}

bool itemEnabled(QComboBox* box, int row) {
    auto* m = qobject_cast<QStandardItemModel*>(box->model());
    return m && m->item(row) && m->item(row)->isEnabled();
}
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

    // After a LoRA run the dialog offers the PEFT adapter: the job writes the run's pruned model
    // as a Hugging Face folder and the adapter beside it, naming that folder as its base.
    void savesThePeftAdapterWithItsBase() {
        Bench b;
        QVERIFY(b.open());
        {
            ExportDialog before(&b.bench, &b.recovery, {});
            QVERIFY(!itemEnabled(before.sourceCombo(), ExportDialog::WithAdapter));  // no run yet
        }
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("train.txt"));
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 80; ++i) f.write("The whale swam past the ship while the crew watched from the deck. ");
        }
        b.bench.plan()->dropBlocks({1});
        jobs::RecoveryRequest& r = b.recovery.request();
        r.data = text.toStdString();
        r.cutoff = 16;
        r.val_size = 4;
        r.micro_batch = 2;
        r.steps = 2;
        r.eval_every = 1;
        r.task_items = 0;
        QSignalSpy ran(b.session.jobs(), &JobRunner::finished);
        QVERIFY(b.recovery.run());
        while (!b.recovery.result()) QVERIFY(ran.wait(120000));
        QVERIFY(b.recovery.result()->adapters && b.recovery.result()->pruned);

        ExportDialog dialog(&b.bench, &b.recovery, {});
        QVERIFY(itemEnabled(dialog.sourceCombo(), ExportDialog::WithAdapter));
        QVERIFY(dialog.adapterEdit()->isHidden());
        dialog.sourceCombo()->setCurrentIndex(ExportDialog::WithAdapter);
        QVERIFY(!dialog.adapterEdit()->isHidden());
        QVERIFY(dialog.adapterNote()->text().contains(QStringLiteral("base_model_name_or_path")));
        QVERIFY(!itemEnabled(dialog.formatCombo(), 1));  // no GGUF base for an adapter
        dialog.dtypeCombo()->setCurrentText(QStringLiteral("f32"));
        const QString out = dir.filePath(QStringLiteral("pruned"));
        dialog.pathEdit()->setText(out);
        QCOMPARE(dialog.adapterPath(), out + QStringLiteral("-lora"));

        // Never inside the model folder (nor a source): refused before any work.
        dialog.adapterEdit()->setText(QDir(out).filePath(QStringLiteral("lora")));
        QVERIFY(!dialog.saveModel());
        QVERIFY(dialog.messageIsError());
        dialog.adapterEdit()->setText(test::tinyModelPath());
        QVERIFY(!dialog.saveModel());
        QVERIFY2(dialog.message().contains(QStringLiteral("source model")), qPrintable(dialog.message()));
        QVERIFY(!QFileInfo::exists(out));
        dialog.adapterEdit()->clear();

        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(dialog.saveModel());
        QVERIFY(finished.wait(60000));
        QVERIFY2(!dialog.messageIsError(), qPrintable(dialog.message()));
        const QString adapter = out + QStringLiteral("-lora");
        QVERIFY2(dialog.message().contains(QStringLiteral("PEFT adapter")), qPrintable(dialog.message()));
        QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("config.json"))));
        QVERIFY(QFile::exists(QDir(adapter).filePath(QStringLiteral("adapter_model.safetensors"))));
        const QJsonObject cfg = readJson(QDir(adapter).filePath(QStringLiteral("adapter_config.json")));
        QCOMPARE(cfg.value(QStringLiteral("base_model_name_or_path")).toString(), QFileInfo(out).canonicalFilePath());
        // The folder is the pruned base (block 1 dropped) and the adapter's shapes are its sizes.
        const QJsonObject model = readJson(QDir(out).filePath(QStringLiteral("config.json")));
        const int layers = model.value(QStringLiteral("num_hidden_layers")).toInt();
        QCOMPARE(layers, int(b.session.model()->config.layers.size()) - 1);
        const int hidden = model.value(QStringLiteral("hidden_size")).toInt();
        const int inter = model.value(QStringLiteral("intermediate_size")).toInt();
        const int rank = cfg.value(QStringLiteral("r")).toInt();
        const QJsonObject st = safetensorsHeader(QDir(adapter).filePath(QStringLiteral("adapter_model.safetensors")));
        const QString last = QStringLiteral("base_model.model.model.layers.%1.").arg(layers - 1);
        QCOMPARE(shapeOf(st, last + QStringLiteral("mlp.down_proj.lora_A.weight")), (QList<int>{rank, inter}));
        QCOMPARE(shapeOf(st, last + QStringLiteral("mlp.down_proj.lora_B.weight")), (QList<int>{hidden, rank}));
        QCOMPARE(shapeOf(st, last + QStringLiteral("self_attn.q_proj.lora_A.weight")), (QList<int>{rank, hidden}));
        QVERIFY(!st.contains(QStringLiteral("base_model.model.model.layers.%1.mlp.down_proj.lora_A.weight").arg(layers)));
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
        // The plan totals reach core's report writer: live blocks and the latency estimate (no
        // latency measured in this session: the estimate's row says so).
        const PlanTotals t = b.bench.plan()->totals();
        QVERIFY2(text.contains(QStringLiteral("| blocks | %1 | %2 |").arg(t.blocksBefore).arg(t.blocksAfter)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("| estimated latency (not measured) | 1.00 | %1 |").arg(t.latencyRatio, 0, 'f', 2)),
                 qPrintable(text));
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
