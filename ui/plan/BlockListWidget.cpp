#include "ui/plan/BlockListWidget.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>

namespace pb::ui {

BlockListWidget::BlockListWidget(QWidget* parent) : QListWidget(parent) {
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
}

void BlockListWidget::setBlocks(const QList<int>& blocks, const QStringList& labels, const QStringList& tips) {
    clear();
    for (int i = 0; i < blocks.size(); ++i) {
        auto* item = new QListWidgetItem(labels.value(i), this);
        item->setData(Qt::UserRole, blocks[i]);
        item->setToolTip(tips.value(i));
    }
}

QList<int> BlockListWidget::blocks() const {
    QList<int> out;
    for (int i = 0; i < count(); ++i) out << item(i)->data(Qt::UserRole).toInt();
    return out;
}

int BlockListWidget::rowOfBlock(int block) const {
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(Qt::UserRole).toInt() == block) return i;
    return -1;
}

QStringList BlockListWidget::mimeTypes() const { return {QString::fromLatin1(kMime)}; }

QMimeData* BlockListWidget::mimeData(const QList<QListWidgetItem*>& items) const {
    QStringList ids;
    for (const QListWidgetItem* i : items) ids << QString::number(i->data(Qt::UserRole).toInt());
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kMime), ids.join(QLatin1Char(',')).toLatin1());
    // Tag the source so a list ignores its own items.
    mime->setProperty("pbSource", QVariant::fromValue(static_cast<const void*>(this)));
    return mime;
}

namespace {
bool fromOther(const QMimeData* mime, const void* self) {
    return mime && mime->hasFormat(QString::fromLatin1(BlockListWidget::kMime)) &&
           mime->property("pbSource").value<const void*>() != self;
}
} // namespace

void BlockListWidget::dragEnterEvent(QDragEnterEvent* event) {
    if (fromOther(event->mimeData(), this)) event->acceptProposedAction();
    else event->ignore();
}

void BlockListWidget::dragMoveEvent(QDragMoveEvent* event) {
    if (fromOther(event->mimeData(), this)) event->acceptProposedAction();
    else event->ignore();
}

void BlockListWidget::dropEvent(QDropEvent* event) {
    if (!fromOther(event->mimeData(), this)) {
        event->ignore();
        return;
    }
    QList<int> blocks;
    for (const QByteArray& part : event->mimeData()->data(QString::fromLatin1(kMime)).split(','))
        if (!part.isEmpty()) blocks << part.toInt();
    // Copy, not move: the source list must not delete its items; the plan edit rebuilds both.
    event->setDropAction(Qt::CopyAction);
    event->accept();
    if (!blocks.isEmpty()) Q_EMIT blocksDropped(blocks);
}

} // namespace pb::ui
