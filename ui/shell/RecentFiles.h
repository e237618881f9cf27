#pragma once
// The "Open Recent" list, kept in QSettings: newest first, at most kMax entries,
// entries whose file or folder has disappeared are dropped when the list is read.
#include <QStringList>

namespace pb::ui {

class RecentFiles {
public:
    static constexpr int kMax = 8;

    // Existing entries, newest first. Writes the pruned list back when something was missing.
    static QStringList entries();
    // Puts path first (removing an older copy) and trims to kMax.
    static void add(const QString& path);
    static void clear();
};

} // namespace pb::ui
