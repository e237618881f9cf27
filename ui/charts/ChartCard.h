#pragma once
// A chart in a rounded card with its Export… button below, right-aligned: the layout the
// Charts and Recovery tabs share.
class QPushButton;
class QWidget;

namespace pb::ui {

QWidget* chartCard(QWidget* parent, QWidget* chart, QPushButton* exportButton);

} // namespace pb::ui
