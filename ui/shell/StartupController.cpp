#include "ui/shell/StartupController.h"

#include <QApplication>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "core/data/assets.h"
#include "ui/jobs/LoadJob.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"
#include "ui/shell/MainWindow.h"
#include "ui/session/JobRunner.h"
#include "ui/session/ModelSession.h"
#include "ui/shell/Screenshot.h"
#include "ui/shell/ScreenshotScene.h"
#include "ui/shell/SettingsKeys.h"
#include "ui/widgets/Theme.h"

namespace pb::ui {

namespace {
void printLine(const QString& line) {
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}
// Lets layouts and the first paint settle before grabbing.
constexpr int kSettleMs = 50;
} // namespace

StartupController::StartupController(MainWindow* window, LaunchOptions options, QElapsedTimer launchClock,
                                     QObject* parent)
    : QObject(parent), window_(window), options_(std::move(options)), clock_(launchClock) {
    connect(window_, &MainWindow::modelShown, this, &StartupController::onModelShown);
    connect(window_->session(), &ModelSession::loadFailed, this, &StartupController::onLoadEnded);
    connect(window_->session(), &ModelSession::loadCancelled, this,
            [this](const QString& path) { onLoadEnded(path, tr("cancelled")); });
}

void StartupController::startProbe() {
    auto* probe = new QTimer(this);
    probe->setInterval(10);
    probeClock_.start();
    // PB_STALL_TRACE=N: also print every gap longer than N ms and when it ended (to find a stall's cause).
    const int trace = qEnvironmentVariableIntValue("PB_STALL_TRACE");
    connect(probe, &QTimer::timeout, this, [this, trace]() {
        const qint64 now = probeClock_.elapsed();
        if (trace > 0 && now - probeLast_ > trace)
            printLine(QStringLiteral("prunebench: stall %1 ms ending %2 ms after launch").arg(now - probeLast_).arg(now));
        probeWorst_ = std::max(probeWorst_, now - probeLast_);
        probeLast_ = now;
    });
    probe->start();
    if (trace > 0) {
        auto* jobs = window_->session()->jobs();
        connect(jobs, &JobRunner::progressed, this, [this](double f, const QString& stage) {
            printLine(QStringLiteral("prunebench: %1 ms: job %2% %3").arg(probeClock_.elapsed()).arg(int(f * 100)).arg(stage));
        });
        connect(jobs, &JobRunner::finished, this,
                [this]() { printLine(QStringLiteral("prunebench: %1 ms: job finished").arg(probeClock_.elapsed())); });
    }
}

void StartupController::start() {
    if (!options_.screenshot.isEmpty()) startProbe();
    // --theme for this run only (not saved); main() applied $PB_THEME or the saved choice.
    if (const auto theme = themeChoiceFromName(options_.theme); theme && *theme != currentThemeChoice())
        if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) applyTheme(*app, *theme);
    window_->showView(options_.view);
    if (!options_.device.isEmpty()) useDevice(options_.device);
    QString spec = options_.model;
    QSettings settings;
    const bool firstStart = !settings.value(keys::kFirstStartDone, false).toBool();
    settings.setValue(keys::kFirstStartDone, true);
    if (spec.isEmpty() && firstStart && pb::assets::demoAvailable()) spec = QStringLiteral("demo");

    if (!spec.isEmpty()) {
        window_->openModel(spec);
    } else if (!options_.screenshot.isEmpty()) {
        QTimer::singleShot(kSettleMs, this, [this]() { capture(0); });
    }
}

void StartupController::useDevice(const QString& device) {
    // --device: as Compute > device before the first load; "cuda" is the first CUDA device.
    QStringList known;
    for (const auto& d : jobs::computeDevices()) {
        const QString id = QString::fromStdString(d.id);
        known << id;
        if (id != device && !(device == QLatin1String("cuda") && id == QLatin1String("cuda:0"))) continue;
        pb::LoadOptions options = window_->session()->loadOptions();
        options.device = d.id;
        window_->session()->setLoadOptions(options);
        printLine(d.total_bytes > 0 ? QStringLiteral("prunebench: jobs run on %1 (%2, %3 GiB, %4 GiB free)")
                                          .arg(id, QString::fromStdString(d.name))
                                          .arg(double(d.total_bytes) / double(1LL << 30), 0, 'f', 1)
                                          .arg(double(d.free_bytes) / double(1LL << 30), 0, 'f', 1)
                                    : QStringLiteral("prunebench: jobs run on %1").arg(id));
        return;
    }
    printLine(QStringLiteral("prunebench: no device %1 here (%2): jobs run on the CPU").arg(device, known.join(QStringLiteral(", "))));
}

void StartupController::onModelShown() {
    if (shownAfterMs_ < 0) {
        shownAfterMs_ = clock_.elapsed();
        const auto& model = window_->session()->model();
        const qint64 loadMs = model ? qRound64(model->load_seconds * 1000.0) : 0;
        printLine(QStringLiteral("prunebench: model shown %1 ms after launch (loading took %2 ms)")
                      .arg(shownAfterMs_)
                      .arg(loadMs));
    }
    if (!options_.plan.isEmpty()) {  // --plan: once, before a screenshot's scene
        QString why;
        if (!window_->workbench()->plan()->load(options_.plan, &why))
            printLine(QStringLiteral("prunebench: could not load the plan %1: %2").arg(options_.plan, why));
        options_.plan.clear();
    }
    if (options_.screenshot.isEmpty() || preparing_) return;
    preparing_ = true;
    window_->showView(options_.view);
    // Launch, the load job and showing the model; a gap still open now (this handler runs inside
    // it) is split here, its part so far counted with the loading.
    const qint64 now = probeClock_.elapsed();
    loadWorst_ = std::max(probeWorst_, now - probeLast_);
    probeWorst_ = 0;
    probeLast_ = now;
    // Deferred: modelShown arrives while the load job is still finishing, and a job
    // started from there would see that job's finished signal as its own.
    QTimer::singleShot(0, this, [this]() {
    prepareScreenshotScene(*window_, options_.view, [this](bool ok) {
        if (!ok) printLine(QStringLiteral("prunebench: the %1 view's job did not finish").arg(options_.view));
        printLine(QStringLiteral("prunebench: %1 view ready %2 ms after launch; longest UI-thread stall (10 ms timer "
                                 "probe) %3 ms while loading and showing the model, %4 ms during the view's job")
                      .arg(options_.view)
                      .arg(probeClock_.elapsed())
                      .arg(loadWorst_)
                      .arg(probeWorst_));
        QTimer::singleShot(kSettleMs * 4, this, [this, ok]() { capture(ok ? 0 : 1); });
    });
    });
}

void StartupController::onLoadEnded(const QString& path, const QString& message) {
    if (options_.screenshot.isEmpty()) return;
    printLine(QStringLiteral("prunebench: could not open %1: %2").arg(path, message));
    QTimer::singleShot(kSettleMs, this, [this]() { capture(1); });
}

void StartupController::capture(int code) {
    if (captured_) return;
    captured_ = true;
    if (!saveScreenshot(window_, options_.screenshot)) {
        printLine(QStringLiteral("prunebench: could not write %1").arg(options_.screenshot));
        code = 1;
    }
    Q_EMIT exitRequested(code);
}

} // namespace pb::ui
