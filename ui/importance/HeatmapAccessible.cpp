#include "ui/importance/HeatmapAccessible.h"

#include <QAccessibleWidget>
#include <QHash>
#include <QPointer>

#include "ui/importance/HeatmapWidget.h"

namespace pb::ui {

namespace {

// One line for a screen reader: the tooltip's lines joined.
QString oneLine(const QString& text) { return QString(text).replace(QLatin1Char('\n'), QStringLiteral("; ")); }

class HeatmapTable;

// One cell; it reads the widget each time, so it never holds stale text.
class HeatmapCell : public QAccessibleInterface, public QAccessibleTableCellInterface {
public:
    HeatmapCell(HeatmapWidget* heatmap, int row, int column) : heatmap_(heatmap), row_(row), column_(column) {}

    bool isValid() const override {
        return heatmap_ && row_ < rows() && column_ < heatmap_->cellColumns();
    }
    QObject* object() const override { return nullptr; }
    QAccessibleInterface* parent() const override { return QAccessible::queryAccessibleInterface(heatmap_.data()); }
    QAccessibleInterface* child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface*) const override { return -1; }
    QAccessibleInterface* childAt(int, int) const override { return nullptr; }
    QString text(QAccessible::Text t) const override {
        if (!isValid()) return {};
        if (t == QAccessible::Name) {
            const QString cell = heatmap_->cellText(row_, column_);
            return cell.isEmpty() ? HeatmapWidget::tr("Layer %1 · %2: no score").arg(row_).arg(heatmap_->columnName(column_))
                                  : oneLine(cell);
        }
        return {};
    }
    void setText(QAccessible::Text, const QString&) override {}
    QRect rect() const override {
        if (!isValid()) return {};
        const QRect r = heatmap_->cellRect(row_, column_);
        return QRect(heatmap_->mapToGlobal(r.topLeft()), r.size());
    }
    QAccessible::Role role() const override { return QAccessible::Cell; }
    QAccessible::State state() const override {
        QAccessible::State s;
        s.readOnly = true;
        if (!heatmap_ || !heatmap_->isVisible()) s.invisible = true;
        return s;
    }
    void* interface_cast(QAccessible::InterfaceType t) override {
        return t == QAccessible::TableCellInterface ? static_cast<QAccessibleTableCellInterface*>(this) : nullptr;
    }

    bool isSelected() const override { return false; }
    QList<QAccessibleInterface*> columnHeaderCells() const override { return {}; }
    QList<QAccessibleInterface*> rowHeaderCells() const override { return {}; }
    int columnIndex() const override { return column_; }
    int rowIndex() const override { return row_; }
    int columnExtent() const override { return 1; }
    int rowExtent() const override { return 1; }
    QAccessibleInterface* table() const override { return parent(); }

private:
    int rows() const { return heatmap_->cellColumns() > 0 ? heatmap_->rowCount() : 0; }
    QPointer<HeatmapWidget> heatmap_;
    int row_, column_;
};

class HeatmapTable : public QAccessibleWidget, public QAccessibleTableInterface {
public:
    explicit HeatmapTable(HeatmapWidget* w) : QAccessibleWidget(w, QAccessible::Table) {}
    ~HeatmapTable() override { clearCells(); }

    HeatmapWidget* heatmap() const { return static_cast<HeatmapWidget*>(widget()); }

    void* interface_cast(QAccessible::InterfaceType t) override {
        if (t == QAccessible::TableInterface) return static_cast<QAccessibleTableInterface*>(this);
        return QAccessibleWidget::interface_cast(t);
    }
    int childCount() const override { return rowCount() * columnCount(); }
    QAccessibleInterface* child(int index) const override {
        const int c = columnCount();
        return index >= 0 && c > 0 && index < childCount() ? cellAt(index / c, index % c) : nullptr;
    }
    int indexOfChild(const QAccessibleInterface* child) const override {
        if (!child || child->role() != QAccessible::Cell) return -1;
        auto* cell = const_cast<QAccessibleInterface*>(child)->tableCellInterface();
        return cell ? cell->rowIndex() * columnCount() + cell->columnIndex() : -1;
    }
    QAccessibleInterface* childAt(int x, int y) const override {
        const QPoint p = widget()->mapFromGlobal(QPoint(x, y));
        for (int r = 0; r < rowCount(); ++r)
            for (int c = 0; c < columnCount(); ++c)
                if (heatmap()->cellRect(r, c).contains(p)) return cellAt(r, c);
        return nullptr;
    }
    QString text(QAccessible::Text t) const override {
        if (t == QAccessible::Description && columnCount() == 0) return heatmap()->placeholder();
        return QAccessibleWidget::text(t);
    }

    QAccessibleInterface* caption() const override { return nullptr; }
    QAccessibleInterface* summary() const override { return nullptr; }
    QAccessibleInterface* cellAt(int row, int column) const override {
        if (row < 0 || column < 0 || row >= rowCount() || column >= columnCount()) return nullptr;
        const quint64 key = (quint64(row) << 32) | quint32(column);
        if (const auto it = cells_.constFind(key); it != cells_.constEnd())
            if (QAccessibleInterface* cell = QAccessible::accessibleInterface(*it)) return cell;
        auto* cell = new HeatmapCell(heatmap(), row, column);
        cells_.insert(key, QAccessible::registerAccessibleInterface(cell));
        return cell;
    }
    int selectedCellCount() const override { return 0; }
    QList<QAccessibleInterface*> selectedCells() const override { return {}; }
    QString columnDescription(int column) const override { return heatmap()->columnName(column); }
    QString rowDescription(int row) const override { return HeatmapWidget::tr("Layer %1").arg(row); }
    int selectedColumnCount() const override { return 0; }
    int selectedRowCount() const override { return 0; }
    int columnCount() const override { return heatmap()->cellColumns(); }
    int rowCount() const override { return columnCount() > 0 ? heatmap()->rowCount() : 0; }
    QList<int> selectedColumns() const override { return {}; }
    QList<int> selectedRows() const override { return {}; }
    bool isColumnSelected(int) const override { return false; }
    bool isRowSelected(int) const override { return false; }
    bool selectRow(int) override { return false; }
    bool selectColumn(int) override { return false; }
    bool unselectRow(int) override { return false; }
    bool unselectColumn(int) override { return false; }
    void modelChange(QAccessibleTableModelChangeEvent*) override { clearCells(); }

private:
    // Cells are cheap and keyed by position; a new grid drops them all.
    void clearCells() {
        for (QAccessible::Id id : std::as_const(cells_)) QAccessible::deleteAccessibleInterface(id);
        cells_.clear();
    }
    mutable QHash<quint64, QAccessible::Id> cells_;
};

QAccessibleInterface* factory(const QString&, QObject* object) {
    if (auto* w = qobject_cast<HeatmapWidget*>(object)) return new HeatmapTable(w);
    return nullptr;
}

} // namespace

void installHeatmapAccessible() {
    static const bool installed = (QAccessible::installFactory(&factory), true);
    (void)installed;
}

void notifyHeatmapChanged(HeatmapWidget* heatmap) {
    QAccessibleTableModelChangeEvent event(heatmap, QAccessibleTableModelChangeEvent::ModelReset);
    if (QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(heatmap))
        if (QAccessibleTableInterface* table = iface->tableInterface()) table->modelChange(&event);
    QAccessible::updateAccessibility(&event);
}

} // namespace pb::ui
