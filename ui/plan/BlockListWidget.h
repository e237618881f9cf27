#pragma once
// A list of decoder blocks that hands blocks to another list by drag and drop. It never
// moves items itself: a drop emits blocksDropped(indices) and the PlanDocument's edit
// rebuilds both lists, so every drag is one undoable command.
#include <QListWidget>

namespace pb::ui {

class BlockListWidget : public QListWidget {
    Q_OBJECT
public:
    static constexpr const char* kMime = "application/x-prunebench-blocks";
    explicit BlockListWidget(QWidget* parent = nullptr);

    void setBlocks(const QList<int>& blocks, const QStringList& labels, const QStringList& tips);
    QList<int> blocks() const;
    int rowOfBlock(int block) const;

Q_SIGNALS:
    void blocksDropped(const QList<int>& blocks);

protected:
    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
    QStringList mimeTypes() const override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
};

} // namespace pb::ui
