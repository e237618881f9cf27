#pragma once
// A label in one of the style sheet's label styles, which it picks by object name
// (resources/styles/prunebench.qss: "sectionTitle", "sectionHint", "fieldCaption", ...).
#include <QLabel>
#include <QString>

namespace pb::ui {

inline QLabel* styledLabel(const QString& text, const QString& style, QWidget* parent) {
    auto* l = new QLabel(text, parent);
    l->setObjectName(style);
    return l;
}

} // namespace pb::ui
