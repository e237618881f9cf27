#pragma once
// Status-bar strip for the running job: stage text, progress bar and Cancel.
// Hidden while no job runs.
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

private:
    ElidedLabel* stage_;
    QProgressBar* bar_;
    QToolButton* cancel_;
};

} // namespace pb::ui
