#pragma once
// View > Theme: System (the platform's light or dark), Light, Dark. A choice is applied at
// once and remembered (QSettings); the checked entry follows the theme in use, also when
// --theme or PB_THEME chose it for this run.
#include <QMenu>

#include "ui/widgets/Theme.h"

namespace pb::ui {

class ThemeMenu : public QMenu {
    Q_OBJECT
public:
    explicit ThemeMenu(QWidget* parent = nullptr);

    QAction* actionFor(ThemeChoice choice) const;
    void choose(ThemeChoice choice);  // apply and save

private:
    void syncChecks();
};

} // namespace pb::ui
