#pragma once
// The application's look: Fusion style, a restrained light palette and the
// stylesheet in resources/styles/prunebench.qss.
class QApplication;

namespace pb::ui {

void applyTheme(QApplication& app);
// Registers the resources compiled into the static pb_ui library (idempotent).
void initResources();

} // namespace pb::ui
