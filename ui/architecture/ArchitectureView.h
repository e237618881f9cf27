#pragma once
// The Architecture tab: a summary card and the per-block table with share bars.
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace pb {
struct LoadedModel;
}

namespace pb::ui {

class ArchitectureModel;
class ArchitectureSummary;

class ArchitectureView : public QWidget {
    Q_OBJECT
public:
    explicit ArchitectureView(QWidget* parent = nullptr);

    void setModel(const pb::LoadedModel& model);
    void clear();

    ArchitectureModel* tableModel() const { return model_; }
    QTableView* table() const { return table_; }
    ArchitectureSummary* summary() const { return summary_; }

private:
    void fitColumns();

    ArchitectureSummary* summary_;
    QLabel* tableTitle_;
    QLabel* tableHint_;
    QTableView* table_;
    ArchitectureModel* model_;
    QSortFilterProxyModel* proxy_;
};

} // namespace pb::ui
