#pragma once
// Renders a widget (also on the offscreen platform) and saves it as an image.
#include <QString>

class QWidget;

namespace pb::ui {

// Returns false when the image could not be written.
bool saveScreenshot(QWidget* widget, const QString& path);

} // namespace pb::ui
