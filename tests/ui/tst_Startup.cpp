// The --screenshot flow of the program, through the same StartupController main() uses.
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/data/assets.h"
#include "tests/ui/TestRegistry.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/StartupController.h"

class StartupTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void screenshotOfModelIsWritten() {
        QTemporaryDir dir;
        pb::ui::LaunchOptions options;
        options.model = pb::assets::demoAvailable() ? QStringLiteral("demo") : QString();
        options.screenshot = dir.filePath(QStringLiteral("shots/architecture.png"));
        QElapsedTimer clock;
        clock.start();
        pb::ui::MainWindow window;
        window.resize(1280, 800);
        pb::ui::StartupController startup(&window, options, clock);
        QSignalSpy exit(&startup, &pb::ui::StartupController::exitRequested);
        window.show();
        startup.start();
        QVERIFY(exit.wait(180000));
        QCOMPARE(exit.first().first().toInt(), 0);
        const QImage image(options.screenshot);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 800));
        if (!options.model.isEmpty()) QVERIFY(startup.modelShownAfterMs() > 0);
    }

    void failedLoadStillWritesScreenshotButExitsWithError() {
        QTemporaryDir dir;
        pb::ui::LaunchOptions options;
        options.model = dir.filePath(QStringLiteral("missing.gguf"));
        options.screenshot = dir.filePath(QStringLiteral("error.png"));
        pb::ui::MainWindow window;
        pb::ui::StartupController startup(&window, options, QElapsedTimer());
        QSignalSpy exit(&startup, &pb::ui::StartupController::exitRequested);
        window.show();
        startup.start();
        QVERIFY(exit.count() == 1 || exit.wait(30000));
        QCOMPARE(exit.first().first().toInt(), 1);
        QVERIFY(QFileInfo::exists(options.screenshot));
    }
};

PB_UI_TEST(StartupTest);
#include "tst_Startup.moc"
