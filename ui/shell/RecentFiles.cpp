#include "ui/shell/RecentFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include "ui/shell/SettingsKeys.h"

namespace pb::ui {

QStringList RecentFiles::entries() {
    QSettings settings;
    const QStringList stored = settings.value(keys::kRecentFiles).toStringList();
    QStringList kept;
    for (const QString& path : stored) {
        if (QFileInfo::exists(path) && !kept.contains(path)) kept.append(path);
    }
    while (kept.size() > kMax) kept.removeLast();
    if (kept != stored) settings.setValue(keys::kRecentFiles, kept);
    return kept;
}

void RecentFiles::add(const QString& path) {
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QSettings settings;
    QStringList list = settings.value(keys::kRecentFiles).toStringList();
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > kMax) list.removeLast();
    settings.setValue(keys::kRecentFiles, list);
}

void RecentFiles::clear() { QSettings().remove(keys::kRecentFiles); }

} // namespace pb::ui
