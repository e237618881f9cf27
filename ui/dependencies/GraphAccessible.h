#pragma once
// What a screen reader sees of the dependency graph's two scenes (ui/dependencies/GraphView):
// a ZoomView is a list whose items are the scene's named items, in the order they were
// added (the blocks on the left; the tensors with their shapes and selected rows or
// columns on the right); the view's accessible description is the selected coupled
// group in words, as the side panel shows it.
class QGraphicsItem;
class QString;

namespace pb::ui {

class ZoomView;

// QGraphicsItem::data keys that GraphView sets on the items a screen reader lists.
constexpr int kAccessibleTextKey = 101;      // QString: the item's name
constexpr int kAccessibleSelectedKey = 102;  // bool: part of the current selection

void markAccessible(QGraphicsItem* item, const QString& name, bool selected = false);
// Registers the factory that gives ZoomView its interface (once per process).
void installGraphAccessible();
// Tells assistive technology that a view's scene was rebuilt.
void notifyGraphChanged(ZoomView* view);

} // namespace pb::ui
