#pragma once
// Original / width-pruned / depth-pruned side by side: parameters, MACs, blocks, measured
// perplexity and a greedy generation for the same prompt. The Prune action runs the
// comparison job (pb::prune on a worker) with the editor's plan and criterion.
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace pb::ui {

class LatencyChart;
class Workbench;

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(Workbench* bench, QWidget* parent = nullptr);

    QPushButton* pruneButton() const { return prune_; }
    QLineEdit* promptEdit() const { return prompt_; }
    QSpinBox* windowsSpin() const { return windows_; }
    QSpinBox* tokensSpin() const { return tokens_; }
    QLabel* column(int i) const { return columns_[i]; }  // 0 original, 1 width, 2 depth
    LatencyChart* latencyChart() const { return latency_; }

public Q_SLOTS:
    bool prune();

private:
    void refresh();

    Workbench* bench_;
    QLineEdit* prompt_;
    QSpinBox* tokens_;
    QSpinBox* windows_;
    QPushButton* prune_;
    QLabel* summary_;
    QLabel* columns_[3];
    LatencyChart* latency_;
};

} // namespace pb::ui
