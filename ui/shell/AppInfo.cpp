#include "ui/shell/AppInfo.h"

#include <QCoreApplication>

namespace pb::ui {

void setApplicationInfo() {
    QCoreApplication::setOrganizationName(QStringLiteral("PruneBench"));
    QCoreApplication::setApplicationName(QStringLiteral("PruneBench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PRUNEBENCH_VERSION));
}

} // namespace pb::ui
