// Opening each kind of bad file in the window (truncated GGUF, corrupt safetensors, bad
// config.json, bad tokenizer.json, a FIFO, a device): the error banner leads with a plain
// sentence (no bare byte offsets), the recent-files list is unchanged, the window stays
// usable and a good model opens afterwards. Save Plan and Save go through the output rule.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <memory>

#include <sys/stat.h>

#include "tests/ui/TestRegistry.h"
#include "ui/jobs/ExportJobs.h"
#include "ui/shell/LoadErrorText.h"
#include "ui/shell/MainWindow.h"
#include "ui/widgets/MessageBanner.h"
#include "ui/session/ModelSession.h"
#include "ui/export/OutputSources.h"
#include "ui/plan/PlanDocument.h"
#include "ui/shell/RecentFiles.h"

using pb::ui::MainWindow;
using pb::ui::MessageBanner;
using pb::ui::ModelSession;
namespace fs = std::filesystem;

namespace {
constexpr int kLoadTimeoutMs = 60000;

QString fixture(const char* rel) { return QStringLiteral(PB_FIXTURE_DIR "/") + QLatin1String(rel); }

QString copyModel(const QTemporaryDir& dir, const QString& name) {
    const fs::path to = fs::path(dir.filePath(name).toStdString());
    fs::copy(fixture("models/tiny_llama").toStdString(), to, fs::copy_options::recursive);
    return QString::fromStdString(to.string());
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// The first line of the banner's text: a sentence, not a technical message.
QString firstLine(const QString& text) { return text.section(QLatin1Char('\n'), 0, 0); }
} // namespace

class BadFilesTest : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;

    // Opens `path`, expects the failure banner whose first line contains `sentence`.
    void expectPlainFailure(const QString& path, const QString& sentence) {
        const QStringList recent = pb::ui::RecentFiles::entries();
        QSignalSpy failed(window_->session(), &ModelSession::loadFailed);
        window_->openModel(path);
        QVERIFY(failed.count() == 1 || failed.wait(kLoadTimeoutMs));
        const QString message = failed.first().at(1).toString();
        QVERIFY(!message.isEmpty());
        MessageBanner* b = window_->banner();
        QVERIFY(b->isVisible());
        QCOMPARE(b->kind(), MessageBanner::Kind::Error);
        QVERIFY2(b->title().startsWith(QStringLiteral("Could not open")), qPrintable(b->title()));
        const QString first = firstLine(b->details());
        QVERIFY2(first.contains(sentence), qPrintable(b->details()));
        QCOMPARE(first, pb::ui::loadErrorSentence(path, message));
        // A sentence a user reads: no digits (offsets, sizes) and not the core's raw text.
        for (const QChar c : first) QVERIFY2(!c.isDigit(), qPrintable(first));
        QVERIFY(first != message);
        // ... and the technical line is still there, after it.
        QCOMPARE(b->technical(), QStringLiteral("Details: ") + message);
        QCOMPARE(pb::ui::RecentFiles::entries(), recent);
        QVERIFY(!window_->session()->loading());
        QVERIFY(!window_->session()->model());  // nothing half-loaded
    }

private Q_SLOTS:
    void initTestCase() {
        pb::ui::RecentFiles::clear();
        pb::ui::RecentFiles::add(fixture("models/tiny_qwen2"));  // a list that must stay as it is
        window_ = std::make_unique<MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanupTestCase() { window_.reset(); }

    void truncatedGguf() {
        QFile src(fixture("tokenizer/spm_style.gguf"));
        QVERIFY(src.open(QIODevice::ReadOnly));
        const QByteArray all = src.readAll();
        const QString path = dir_.filePath(QStringLiteral("truncated.gguf"));
        writeFile(path, all.left(all.size() / 3));
        expectPlainFailure(path, QStringLiteral("damaged or incomplete"));
    }

    void notAGguf() {
        const QString path = dir_.filePath(QStringLiteral("random.gguf"));
        QByteArray bytes;
        for (int i = 0; i < 4096; ++i) bytes.append(char((i * 7919 + 13) & 0xff));
        writeFile(path, bytes);
        expectPlainFailure(path, QStringLiteral("not a GGUF model"));
    }

    void corruptSafetensors() {
        const QString model = copyModel(dir_, QStringLiteral("bad_weights"));
        QByteArray header(8, '\0');
        header[0] = char(0xff), header[1] = char(0xff), header[2] = char(0xff), header[3] = char(0x7f);
        writeFile(model + QStringLiteral("/model.safetensors"), header + QByteArray("{\"a\":"));
        expectPlainFailure(model, QStringLiteral("weights file"));
    }

    void badConfigJson() {
        const QString model = copyModel(dir_, QStringLiteral("bad_config"));
        writeFile(model + QStringLiteral("/config.json"), "{ \"hidden_size\": 64, ");
        expectPlainFailure(model, QStringLiteral("config.json"));
    }

    void badTokenizerJson() {
        const QString model = copyModel(dir_, QStringLiteral("bad_tokenizer"));
        writeFile(model + QStringLiteral("/tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": [1, 2, ");
        expectPlainFailure(model, QStringLiteral("tokenizer"));
    }

    void fifo() {
        const QString path = dir_.filePath(QStringLiteral("pipe.gguf"));
        QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0600), 0);
        expectPlainFailure(path, QStringLiteral("not a model file"));
    }

    void device() { expectPlainFailure(QStringLiteral("/dev/zero"), QStringLiteral("not a model file")); }

    // A sound file of a kind PruneBench does not run is not called damaged (no "download again").
    void unsupportedIsNotCalledDamaged() {
        const QString yarn = QStringLiteral(
            "gguf '/m/x.gguf': field 'llama.rope.scaling.type' = 'yarn' is a RoPE scaling PruneBench does not "
            "support (none, linear; llama3 as rope_freqs.weight)");
        const QString s = pb::ui::loadErrorSentence(QStringLiteral("/m/x.gguf"), yarn);
        QVERIFY2(s.contains(QLatin1String("does not support")), qPrintable(s));
        QVERIFY2(!s.contains(QLatin1String("damaged")), qPrintable(s));
    }

    void goodModelOpensAfterwards() {
        QSignalSpy shown(window_.get(), &MainWindow::modelShown);
        const QString good = copyModel(dir_, QStringLiteral("good"));
        window_->openModel(good);
        QVERIFY(shown.count() == 1 || shown.wait(kLoadTimeoutMs));
        QVERIFY(window_->session()->model());
        QVERIFY(!window_->banner()->isVisible());
        QCOMPARE(pb::ui::RecentFiles::entries().value(0), good);
    }

    void savePlanRefusesTheModelsFolder() {
        const pb::ui::ModelPtr model = window_->session()->model();
        QVERIFY(model);
        const QString folder = QString::fromStdString(model->source.string());
        const auto before = QDir(folder).entryList(QDir::Files, QDir::Name);
        pb::ui::PlanDocument doc;
        doc.setConfig(model->config);
        QString error;
        const auto sources = pb::ui::openSources(model, "");
        QVERIFY(!doc.save(folder + QStringLiteral("/config.json"), &error, sources));
        QVERIFY2(error.contains(QStringLiteral("inside the source model")), qPrintable(error));
        QVERIFY(!doc.save(folder + QStringLiteral("/sub/plan.json"), &error, sources));
        QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name), before);
        QVERIFY(!QDir(folder + QStringLiteral("/sub")).exists());
        QVERIFY(doc.save(dir_.filePath(QStringLiteral("plan.json")), &error, sources));
    }

    void saveRefusesSourcesLikeTheCli() {
        const pb::ui::ModelPtr model = window_->session()->model();
        const std::string folder = model->source.string();
        const QString text = dir_.filePath(QStringLiteral("calib.txt"));
        writeFile(text, "some calibration words");
        const auto sources = pb::ui::openSources(model, text.toStdString());
        using pb::ui::jobs::ExportFormat;
        QVERIFY(!pb::ui::jobs::exportRefusal(ExportFormat::HuggingFace, folder + "/export", sources).empty());
        QVERIFY(!pb::ui::jobs::exportRefusal(ExportFormat::HuggingFace, folder, sources).empty());
        QVERIFY(!pb::ui::jobs::exportRefusal(ExportFormat::Gguf, text.toStdString(), sources).empty());
        const std::string why = pb::ui::jobs::exportRefusal(ExportFormat::Gguf, text.toStdString(), sources);
        QVERIFY2(QString::fromStdString(why).contains(QStringLiteral("calibration text")), why.c_str());
        QVERIFY(pb::ui::jobs::exportRefusal(ExportFormat::Gguf, dir_.filePath(QStringLiteral("ok.gguf")).toStdString(),
                                            sources)
                    .empty());
    }
};

PB_UI_TEST(BadFilesTest);
#include "tst_BadFiles.moc"
