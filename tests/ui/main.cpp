// Runs the registered Qt Test classes offscreen with isolated settings.
//   pb_ui_tests                 all classes
//   pb_ui_tests MainWindowTest  one class (further arguments go to QTest)
#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>

#include "core/model/runtime.h"
#include "tests/ui/TestRegistry.h"
#include "ui/shell/AppInfo.h"
#include "ui/shell/Language.h"
#include "ui/widgets/Theme.h"

int main(int argc, char* argv[]) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    pb::ui::setApplicationInfo();
    pb::ui::initResources();
    // Settings of this process alone: ctest -j runs several test processes at once, and one
    // clearing or writing shared settings (recent files, theme) would race the others.
    const QTemporaryDir settingsDir;
    if (!settingsDir.isValid()) {
        std::fprintf(stderr, "pb_ui_tests: cannot make a temporary settings folder\n");
        return 1;
    }
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    QSettings().clear();
    // Latency measured by the tests goes to a cache of this process (core/bench/latency.h), not
    // the user's: timings taken under a test run's load are no figures to show later.
    const QTemporaryDir latencyDir;
    if (latencyDir.isValid()) qputenv("PB_LATENCY_CACHE", latencyDir.path().toLocal8Bit());
    pb::configureRuntime();
    pb::ui::installLanguage(QStringLiteral("en"));

    QStringList args = QApplication::arguments();
    QString only;
    if (args.size() > 1 && !args[1].startsWith(QLatin1Char('-'))) only = args.takeAt(1);

    int failures = 0;
    bool ran = false;
    for (const auto& [name, make] : pb::ui::test::registry()) {
        if (!only.isEmpty() && only != QString::fromStdString(name)) continue;
        ran = true;
        const auto test = make();
        failures += QTest::qExec(test.get(), args);
    }
    if (!ran) {
        std::fprintf(stderr, "no test class named %s\n", only.toLocal8Bit().constData());
        return 2;
    }
    return failures == 0 ? 0 : 1;
}
