#include "ui/widgets/Theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include "ui/shell/SettingsKeys.h"
#include "ui/widgets/ThemeColors.h"

// Q_INIT_RESOURCE must be used outside any namespace.
static void pbInitUiResources() { Q_INIT_RESOURCE(resources); }

namespace pb::ui {

namespace {
ThemeChoice g_current = ThemeChoice::System;

// The platform's own palette, taken before the first theme replaces the application's.
const QPalette& systemPalette() {
    static const QPalette palette = QGuiApplication::palette();
    return palette;
}
} // namespace

void initResources() {
    static const bool once = (pbInitUiResources(), true);
    (void)once;
}

QStringList themeNames() { return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}; }

QString themeName(ThemeChoice choice) { return themeNames().at(static_cast<int>(choice)); }

std::optional<ThemeChoice> themeChoiceFromName(const QString& name) {
    const qsizetype i = themeNames().indexOf(name.trimmed().toLower());
    if (i < 0) return std::nullopt;
    return static_cast<ThemeChoice>(i);
}

ThemeChoice savedThemeChoice() {
    return themeChoiceFromName(QSettings().value(keys::kTheme).toString()).value_or(ThemeChoice::System);
}

void saveThemeChoice(ThemeChoice choice) { QSettings().setValue(keys::kTheme, themeName(choice)); }

ThemeChoice startupThemeChoice(const QString& override) {
    if (const auto c = themeChoiceFromName(override)) return *c;
    if (const auto c = themeChoiceFromName(qEnvironmentVariable("PB_THEME"))) return *c;
    return savedThemeChoice();
}

void applyTheme(QApplication& app, ThemeChoice choice) {
    initResources();
    (void)systemPalette();  // taken before the first setPalette below
    const bool dark = choice == ThemeChoice::Dark || (choice == ThemeChoice::System && isDarkPalette(systemPalette()));
    g_current = choice;
    if (app.style()->name().compare(QStringLiteral("fusion"), Qt::CaseInsensitive) != 0)
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const ThemeColors colors = dark ? ThemeColors::darkTheme() : ThemeColors::light();
    app.setPalette(colors.palette());
    QFile qss(QStringLiteral(":/styles/prunebench.qss"));
    if (qss.open(QIODevice::ReadOnly | QIODevice::Text)) app.setStyleSheet(colors.styleSheet(QString::fromUtf8(qss.readAll())));
    Q_EMIT ThemeNotifier::instance()->changed();
}

void applyTheme(QApplication& app) {
    applyTheme(app, startupThemeChoice());
}

ThemeChoice currentThemeChoice() { return g_current; }

bool darkThemeActive() { return themeColors().dark; }

ThemeNotifier* ThemeNotifier::instance() {
    static ThemeNotifier* notifier = new ThemeNotifier(qApp);
    return notifier;
}

} // namespace pb::ui
