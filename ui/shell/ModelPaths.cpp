#include "ui/shell/ModelPaths.h"

#include <QDir>
#include <QFileInfo>

namespace pb::ui {

bool isOpenableModelPath(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) return true;
    return info.isFile() && info.suffix().compare(QStringLiteral("gguf"), Qt::CaseInsensitive) == 0;
}

QString modelDisplayName(const QString& path) {
    if (path == QLatin1String("demo") || path.startsWith(QLatin1String("demo:"))) return path;  // a sample model's name
    const QFileInfo info(QDir::cleanPath(path));
    if (info.isDir()) return info.fileName();
    return info.completeBaseName();
}

} // namespace pb::ui
