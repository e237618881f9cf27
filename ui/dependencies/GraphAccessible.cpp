#include "ui/dependencies/GraphAccessible.h"

#include <QAccessibleWidget>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QPointer>

#include "ui/dependencies/GraphView.h"

namespace pb::ui {

namespace {

// The scene's named items in insertion order (stacking order breaks ties that way).
QList<QGraphicsItem*> namedItems(const ZoomView* view) {
    QList<QGraphicsItem*> out;
    if (!view || !view->scene()) return out;
    for (QGraphicsItem* item : view->scene()->items(Qt::AscendingOrder))
        if (item->data(kAccessibleTextKey).isValid()) out << item;
    return out;
}

// The index-th named item of a view; reads the scene each time, so a rebuilt scene never
// leaves it pointing at a deleted item.
class GraphItem : public QAccessibleInterface {
public:
    GraphItem(ZoomView* view, int index) : view_(view), index_(index) {}

    QGraphicsItem* item() const {
        const auto items = namedItems(view_);
        return index_ < items.size() ? items[index_] : nullptr;
    }
    bool isValid() const override { return item() != nullptr; }
    QObject* object() const override { return nullptr; }
    QAccessibleInterface* parent() const override { return QAccessible::queryAccessibleInterface(view_.data()); }
    QAccessibleInterface* child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface*) const override { return -1; }
    QAccessibleInterface* childAt(int, int) const override { return nullptr; }
    QString text(QAccessible::Text t) const override {
        const QGraphicsItem* i = item();
        return i && t == QAccessible::Name ? i->data(kAccessibleTextKey).toString() : QString();
    }
    void setText(QAccessible::Text, const QString&) override {}
    QRect rect() const override {
        const QGraphicsItem* i = item();
        if (!i) return {};
        const QRect r = view_->mapFromScene(i->sceneBoundingRect()).boundingRect();
        return QRect(view_->viewport()->mapToGlobal(r.topLeft()), r.size());
    }
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    QAccessible::State state() const override {
        QAccessible::State s;
        s.readOnly = true;
        s.selectable = true;
        if (const QGraphicsItem* i = item()) s.selected = i->data(kAccessibleSelectedKey).toBool();
        if (!view_ || !view_->isVisible() ||
            !view_->mapToScene(view_->viewport()->rect()).boundingRect().intersects(item() ? item()->sceneBoundingRect() : QRectF()))
            s.offscreen = true;
        return s;
    }

private:
    QPointer<ZoomView> view_;
    int index_;
};

class GraphList : public QAccessibleWidget {
public:
    explicit GraphList(ZoomView* view) : QAccessibleWidget(view, QAccessible::List) {}
    ~GraphList() override {
        for (QAccessible::Id id : std::as_const(items_)) QAccessible::deleteAccessibleInterface(id);
    }
    ZoomView* view() const { return static_cast<ZoomView*>(widget()); }

    // The list's items, not the scroll bars or the viewport of the scroll area.
    int childCount() const override { return int(namedItems(view()).size()); }
    QAccessibleInterface* child(int index) const override {
        if (index < 0 || index >= childCount()) return nullptr;
        while (items_.size() <= index) {
            auto* item = new GraphItem(view(), int(items_.size()));
            items_ << QAccessible::registerAccessibleInterface(item);
        }
        return QAccessible::accessibleInterface(items_[index]);
    }
    int indexOfChild(const QAccessibleInterface* child) const override {
        for (int i = 0; i < items_.size(); ++i)
            if (QAccessible::accessibleInterface(items_[i]) == child) return i;
        return -1;
    }
    QAccessibleInterface* childAt(int x, int y) const override {
        const QPoint p = view()->viewport()->mapFromGlobal(QPoint(x, y));
        const auto items = namedItems(view());
        for (int i = int(items.size()) - 1; i >= 0; --i)
            if (view()->mapFromScene(items[i]->sceneBoundingRect()).boundingRect().contains(p)) return child(i);
        return nullptr;
    }

private:
    mutable QList<QAccessible::Id> items_;
};

QAccessibleInterface* factory(const QString&, QObject* object) {
    if (auto* view = qobject_cast<ZoomView*>(object)) return new GraphList(view);
    return nullptr;
}

} // namespace

void markAccessible(QGraphicsItem* item, const QString& name, bool selected) {
    item->setData(kAccessibleTextKey, name);
    item->setData(kAccessibleSelectedKey, selected);
}

void installGraphAccessible() {
    static const bool installed = (QAccessible::installFactory(&factory), true);
    (void)installed;
}

void notifyGraphChanged(ZoomView* view) {
    QAccessibleEvent event(view, QAccessible::ObjectReorder);
    QAccessible::updateAccessibility(&event);
}

} // namespace pb::ui
