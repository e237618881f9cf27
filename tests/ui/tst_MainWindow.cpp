// The window with the real loader: demo model (skipped when absent), corrupt files,
// cancel, drag and drop. One window for the whole class, so the demo loads once.
#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTest>
#include <QUrl>

#include <memory>

#include "core/data/assets.h"
#include "tests/ui/TestRegistry.h"
#include "ui/architecture/ArchitectureSummary.h"
#include "ui/architecture/ArchitectureView.h"
#include "ui/widgets/JobProgressWidget.h"
#include "ui/session/JobRunner.h"
#include "ui/shell/MainWindow.h"
#include "ui/widgets/MessageBanner.h"
#include "ui/session/ModelSession.h"
#include "ui/widgets/ModelStatusWidget.h"
#include "ui/shell/RecentFiles.h"

using pb::ui::MainWindow;
using pb::ui::MessageBanner;
using pb::ui::ModelSession;

namespace {
constexpr int kLoadTimeoutMs = 180000;

QString writeGarbage(const QTemporaryDir& dir, const QString& name, const QByteArray& head) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    QByteArray bytes = head;
    for (int i = 0; i < 4096; ++i) bytes.append(char((i * 7919 + 13) & 0xff));
    f.write(bytes);
    return path;
}

QMimeData* urlMime(const QString& path) {
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(path)});
    return mime;
}
} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;

    int rows() const { return window_->architectureView()->table()->model()->rowCount(); }

    // Opens a broken file and checks the error path; the open model must stay.
    void expectFailureKeepsModel(const QString& path, bool viaDrop) {
        const pb::ui::ModelPtr before = window_->session()->model();
        const int rowsBefore = rows();
        QSignalSpy failed(window_->session(), &ModelSession::loadFailed);
        QSignalSpy changed(window_->session(), &ModelSession::modelChanged);
        if (viaDrop) {
            std::unique_ptr<QMimeData> mime(urlMime(path));
            QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(window_.get(), &drop);
            QVERIFY(drop.isAccepted());
        } else {
            window_->openModel(path);
        }
        QVERIFY(failed.count() == 1 || failed.wait(kLoadTimeoutMs));
        QCOMPARE(changed.count(), 0);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
        QVERIFY(window_->banner()->isVisible());
        QCOMPARE(window_->banner()->kind(), MessageBanner::Kind::Error);
        QVERIFY(window_->banner()->title().contains(QStringLiteral("broken")));
        QCOMPARE(window_->session()->model(), before);
        QCOMPARE(rows(), rowsBefore);
        QVERIFY(!window_->session()->loading());
    }

private Q_SLOTS:
    void initTestCase() {
        pb::ui::RecentFiles::clear();
        window_ = std::make_unique<MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanupTestCase() { window_.reset(); }

    void startsWithoutModel() {
        QVERIFY(!window_->session()->model());
        QCOMPARE(rows(), 0);
        QVERIFY(window_->modelStatus()->text().contains(QStringLiteral("No model")));
        // Ctrl+S without a model: a disabled action, not a dialog for nothing
        QVERIFY(!window_->saveAction()->isEnabled());
        QCOMPARE(window_->saveAction()->shortcut(), QKeySequence(QKeySequence::Save));
        // F1 is help: the walk-through
        auto* help = window_->findChild<QAction*>(QStringLiteral("helpWalkthrough"));
        QVERIFY(help);
        QCOMPARE(help->shortcut(), QKeySequence(QKeySequence::HelpContents));
        QVERIFY(help->isEnabled());
    }

    void corruptFileWithoutModelShowsError() {
        expectFailureKeepsModel(writeGarbage(dir_, QStringLiteral("broken-first.gguf"), "not a model"), false);
        QVERIFY(!window_->session()->model());
    }

    void opensDemoModelThroughTheJob() {
        if (!pb::assets::demoAvailable()) QSKIP("demo model not installed (scripts/setup.sh)");
        QSignalSpy shown(window_.get(), &MainWindow::modelShown);
        QSignalSpy progressed(window_->session()->jobs(), &pb::ui::JobRunner::progressed);
        window_->openModel(QStringLiteral("demo"));
        QVERIFY(window_->session()->loading());
        QVERIFY(window_->jobProgress()->isVisible());
        QVERIFY(shown.wait(kLoadTimeoutMs));
        QVERIFY(progressed.count() >= 1);
        QVERIFY(!window_->jobProgress()->isVisible());
        QVERIFY(window_->session()->model());
        QVERIFY(window_->saveAction()->isEnabled());
        QCOMPARE(rows(), 30);
        QCOMPARE(window_->architectureView()->summary()->valueOf(QStringLiteral("Layers")), QStringLiteral("30"));
        const QString status = window_->modelStatus()->text();
        QVERIFY2(status.contains(QStringLiteral("SmolLM2")) && status.contains(QStringLiteral("CPU")), qPrintable(status));
        QCOMPARE(pb::ui::RecentFiles::entries().value(0),
                 QString::fromStdString(pb::assets::demoModelPath().string()));
    }

    void corruptFileKeepsOpenModel() {
        expectFailureKeepsModel(writeGarbage(dir_, QStringLiteral("broken.gguf"), "garbage"), false);
    }

    void truncatedGgufDroppedOnWindowKeepsOpenModel() {
        const QString path = writeGarbage(dir_, QStringLiteral("broken-magic.gguf"), QByteArray("GGUF\x03\0\0\0", 8));
        std::unique_ptr<QMimeData> mime(urlMime(path));
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window_.get(), &enter);
        QVERIFY(enter.isAccepted());
        expectFailureKeepsModel(path, true);
    }

    void dragOfOtherFilesIsRefused() {
        const QString path = writeGarbage(dir_, QStringLiteral("notes.txt"), "text");
        std::unique_ptr<QMimeData> mime(urlMime(path));
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window_.get(), &enter);
        QVERIFY(!enter.isAccepted());
    }

    void cancelKeepsOpenModel() {
        if (!pb::assets::demoAvailable()) QSKIP("demo model not installed (scripts/setup.sh)");
        const pb::ui::ModelPtr before = window_->session()->model();
        QSignalSpy cancelled(window_->session(), &ModelSession::loadCancelled);
        QSignalSpy changed(window_->session(), &ModelSession::modelChanged);
        auto* jobs = window_->session()->jobs();
        const auto connection = connect(jobs, &pb::ui::JobRunner::progressed, this, [this]() {
            // A second open while loading is refused with a notice, not queued.
            window_->openModel(QStringLiteral("demo"));
            window_->jobProgress()->cancelButton()->click();
        });
        window_->openModel(QStringLiteral("demo"));
        QVERIFY(cancelled.wait(kLoadTimeoutMs));
        disconnect(connection);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(window_->session()->model(), before);
        QCOMPARE(rows(), before ? 30 : 0);
        QVERIFY(!window_->session()->loading());
        QCOMPARE(window_->banner()->kind(), MessageBanner::Kind::Info);
    }
};

PB_UI_TEST(MainWindowTest);
#include "tst_MainWindow.moc"
