#pragma once
// The application's look: Fusion style, a light or a dark palette (ui/widgets/ThemeColors.h)
// and the stylesheet resources/styles/prunebench.qss filled in with its colours. "System"
// follows the platform's palette: dark when its window colour is dark. The choice is kept in
// QSettings (View > Theme); --theme or PB_THEME override it for one run (screenshots).
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class QApplication;

namespace pb::ui {

enum class ThemeChoice { System, Light, Dark };

QStringList themeNames();                                     // "system", "light", "dark"
QString themeName(ThemeChoice choice);
std::optional<ThemeChoice> themeChoiceFromName(const QString& name);

// The saved choice (System when none). The one for this run: `override` (--theme) when set,
// else $PB_THEME when valid, else the saved one.
ThemeChoice savedThemeChoice();
void saveThemeChoice(ThemeChoice choice);
ThemeChoice startupThemeChoice(const QString& override = {});

// Applies the choice to the application and emits ThemeNotifier::changed.
void applyTheme(QApplication& app, ThemeChoice choice);
void applyTheme(QApplication& app);  // startupThemeChoice()
ThemeChoice currentThemeChoice();
bool darkThemeActive();
// Registers the resources compiled into the static pb_ui library (idempotent).
void initResources();

// Views that paint with theme colours or put them into rich text rebuild on changed().
class ThemeNotifier : public QObject {
    Q_OBJECT
public:
    static ThemeNotifier* instance();

Q_SIGNALS:
    void changed();

private:
    using QObject::QObject;
};

} // namespace pb::ui
