#include "ui/shell/ThemeMenu.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>

namespace pb::ui {

ThemeMenu::ThemeMenu(QWidget* parent) : QMenu(tr("&Theme"), parent) {
    setObjectName(QStringLiteral("themeMenu"));
    auto* group = new QActionGroup(this);
    const std::pair<ThemeChoice, QString> entries[] = {{ThemeChoice::System, tr("&System (light or dark, as the desktop)")},
                                                       {ThemeChoice::Light, tr("&Light")},
                                                       {ThemeChoice::Dark, tr("&Dark")}};
    for (const auto& [choice, text] : entries) {
        QAction* a = addAction(text, this, [this, c = choice]() { choose(c); });
        a->setObjectName(QStringLiteral("theme-%1").arg(themeName(choice)));
        a->setCheckable(true);
        group->addAction(a);
    }
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &ThemeMenu::syncChecks);
    syncChecks();
}

QAction* ThemeMenu::actionFor(ThemeChoice choice) const {
    return findChild<QAction*>(QStringLiteral("theme-%1").arg(themeName(choice)));
}

void ThemeMenu::choose(ThemeChoice choice) {
    saveThemeChoice(choice);
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) applyTheme(*app, choice);
}

void ThemeMenu::syncChecks() {
    if (QAction* a = actionFor(currentThemeChoice())) a->setChecked(true);
}

} // namespace pb::ui
