#pragma once
// The first-run walk-through: five short steps over the demo model (what pruning is, the
// dependency rule, importance criteria, the plan, measuring and saving). Each step can
// bring its tab to the front. Shown once (QSettings), re-opened from Help; the window
// enables it only for interactive runs, so tests and --screenshot never see it.
#include <QDialog>

#include <functional>

class QLabel;
class QPushButton;

namespace pb::ui {

class Walkthrough : public QDialog {
    Q_OBJECT
public:
    // showView: brings a view ("graph", "heatmap", ...) to the front; may be empty.
    explicit Walkthrough(std::function<void(const QString&)> showView, QWidget* parent = nullptr);

    int step() const { return step_; }
    static int stepCount();
    void setStep(int step);

    // Whether the walk-through was shown already / remember that it was.
    static bool wasShown();
    static void markShown();

private:
    std::function<void(const QString&)> showView_;
    QLabel* counter_;
    QLabel* title_;
    QLabel* body_;
    QPushButton* back_;
    QPushButton* next_;
    int step_ = 0;
};

} // namespace pb::ui
