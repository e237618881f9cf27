#include "ui/shell/Screenshot.h"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QWidget>

namespace pb::ui {

bool saveScreenshot(QWidget* widget, const QString& path) {
    if (!widget || path.isEmpty()) return false;
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QPixmap pixmap = widget->grab();
    return !pixmap.isNull() && pixmap.save(path, "PNG");
}

} // namespace pb::ui
