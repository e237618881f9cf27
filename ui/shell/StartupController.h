#pragma once
// What happens after launch: show the requested view, open --model (or the demo model on
// the very first start), report the launch-to-model time on stderr, and in --screenshot
// mode save the window once the model is shown and ask the application to exit.
#include <QElapsedTimer>
#include <QObject>

#include "ui/shell/LaunchOptions.h"

namespace pb::ui {

class MainWindow;

class StartupController : public QObject {
    Q_OBJECT
public:
    StartupController(MainWindow* window, LaunchOptions options, QElapsedTimer launchClock,
                      QObject* parent = nullptr);

    void start();
    // Milliseconds from launch until the first model was shown; -1 before that.
    qint64 modelShownAfterMs() const { return shownAfterMs_; }

Q_SIGNALS:
    // Screenshot mode only: the image was written (0) or loading / saving failed (1).
    void exitRequested(int code);

private:
    void onModelShown();
    void onLoadEnded(const QString& path, const QString& message);
    void capture(int code);
    void useDevice(const QString& device);

    MainWindow* window_;
    LaunchOptions options_;
    QElapsedTimer clock_;
    qint64 shownAfterMs_ = -1;
    bool captured_ = false;
    bool preparing_ = false;
    // Screenshot mode: a 10 ms timer measures the longest gap between its ticks (the
    // longest UI-thread stall) while the view's job runs.
    // UI-thread stall probe: the longest gap between ticks of a 10 ms timer, from launch
    // (the load job and showing the model) and then during the view's job.
    void startProbe();
    QElapsedTimer probeClock_;
    qint64 probeLast_ = 0, probeWorst_ = 0, loadWorst_ = -1;
};

} // namespace pb::ui
