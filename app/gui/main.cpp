// PruneBench desktop workbench: parses the command line and hands over to the ui library.
#include <QApplication>
#include <QElapsedTimer>

#include <cstdio>

#include <malloc.h>

#include "core/model/runtime.h"
#include "ui/shell/AppInfo.h"
#include "ui/shell/Language.h"
#include "ui/shell/LaunchOptions.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/StartupController.h"
#include "ui/widgets/Theme.h"

int main(int argc, char* argv[]) {
    QElapsedTimer launchClock;
    launchClock.start();
    // glibc gives the free top of a thread's heap back to the OS inside free(): a job's result,
    // made on the worker and dropped on the GUI thread, then paid the unmapping (~15 ms for the
    // scores, with TLB shootdowns) inside the GUI thread's 50 ms budget. Heaps keep up to
    // 256 MB free; blocks of 32 MB and more are mapped on their own (glibc's dynamic maximum,
    // which an explicit trim threshold would otherwise freeze at 128 KB).
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);

    QApplication app(argc, argv);
    pb::ui::setApplicationInfo();

    pb::ui::LaunchOptions options;
    QString error;
    if (!pb::ui::parseLaunchOptions(QApplication::arguments(), &options, &error)) {
        std::fprintf(stderr, "prunebench: %s\n", error.toLocal8Bit().constData());
        return 2;
    }
    if (!options.notice.isEmpty()) std::fprintf(stderr, "prunebench: %s\n", options.notice.toLocal8Bit().constData());
    pb::configureRuntime();
    pb::ui::installLanguage(pb::ui::chooseLanguage(options.language));
    pb::ui::applyTheme(app);

    pb::ui::MainWindow window;
    window.setWalkthroughEnabled(options.screenshot.isEmpty());
    pb::ui::StartupController startup(&window, options, launchClock);
    QObject::connect(&startup, &pb::ui::StartupController::exitRequested, &app, &QCoreApplication::exit);
    if (!options.screenshot.isEmpty()) window.resize(1280, 800);
    window.show();
    startup.start();
    return QApplication::exec();
}
