#pragma once
// Status-bar strip for the running job: stage text, progress bar and Cancel.
// Hidden while no job runs.
#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace pb::ui {

class JobRunner;
class ElidedLabel;

class JobProgressWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobProgressWidget(QWidget* parent = nullptr);

    // Follows this runner's signals (several widgets may follow one runner).
    void follow(JobRunner* runner);

    QToolButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return bar_; }
    // "about 12 s left" from elapsed time and fraction done; empty while too early to tell.
    static QString remainingText(qint64 elapsedMs, double fraction);

private:
    ElidedLabel* stage_;
    QProgressBar* bar_;
    QToolButton* cancel_;
    QElapsedTimer clock_;  // since the job started, for the remaining-time estimate
};

} // namespace pb::ui
