// The --screenshot flow of the program, through the same StartupController main() uses.
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/data/assets.h"
#include "tests/ui/TestRegistry.h"
#include "ui/session/ModelSession.h"
#include "ui/shell/ComputeMenu.h"
#include "ui/shell/LaunchOptions.h"
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

    // --device cpu|cuda|cuda:N puts jobs there (as the Compute menu); other values are refused.
    void deviceOptionIsParsedAndChecked() {
        using pb::ui::LaunchOptions;
        LaunchOptions options;
        QString error;
        for (const QString device : {QStringLiteral("cpu"), QStringLiteral("cuda"), QStringLiteral("cuda:1")}) {
            QVERIFY2(pb::ui::parseLaunchOptions({QStringLiteral("prunebench"), QStringLiteral("--device"), device}, &options, &error),
                     qPrintable(error));
            QCOMPARE(options.device, device);
        }
        QVERIFY(pb::ui::parseLaunchOptions({QStringLiteral("prunebench")}, &options, &error));
        QVERIFY(options.device.isEmpty());
        for (const QString device : {QStringLiteral("gpu"), QStringLiteral("cuda:"), QStringLiteral("cuda:x")}) {
            QVERIFY(!pb::ui::parseLaunchOptions({QStringLiteral("prunebench"), QStringLiteral("--device"), device}, &options, &error));
            QVERIFY2(error.contains(QLatin1String("cuda:N")), qPrintable(error));
        }
    }

    // The Compute menu lists the CPU first, then each CUDA device by index; its check follows
    // the session's device (here the CPU: the tests run without a GPU).
    void computeMenuListsDevices() {
        pb::ui::ModelSession session;
        pb::ui::ComputeMenu menu(&session);
        const QStringList ids = menu.deviceIds();
        QVERIFY(!ids.isEmpty());
        QCOMPARE(ids.first(), QStringLiteral("cpu"));
        for (int i = 1; i < ids.size(); ++i) QCOMPARE(ids[i], QStringLiteral("cuda:%1").arg(i - 1));
        menu.refresh();
        const auto actions = menu.actions();
        QCOMPARE(actions.first()->text(), QStringLiteral("CPU"));
        QVERIFY(actions.first()->isChecked());
        QCOMPARE(pb::ui::computeDeviceText(QStringLiteral("cuda:1"), QStringLiteral("NVIDIA H200"), 150120603648LL),
                 QStringLiteral("GPU 1: NVIDIA H200, 139.8 GiB"));
        QCOMPARE(pb::ui::computeDeviceText(QStringLiteral("cuda:0"), QString(), -1), QStringLiteral("GPU 0"));
        QSignalSpy chosen(&menu, &pb::ui::ComputeMenu::chosen);
        actions.first()->trigger();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().toString(), QStringLiteral("cpu"));
    }
};

PB_UI_TEST(StartupTest);
#include "tst_Startup.moc"
