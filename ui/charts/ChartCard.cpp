#include "ui/charts/ChartCard.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWidget>

#include "ui/charts/ChartEmptyState.h"

namespace pb::ui {

QWidget* chartCard(QWidget* parent, QWidget* chart, QPushButton* exportButton, ChartEmptyState* empty) {
    auto* card = new QWidget(parent);
    card->setObjectName(QStringLiteral("tableCard"));
    auto* l = new QVBoxLayout(card);
    l->setContentsMargins(6, 6, 6, 8);
    l->addWidget(chart, 1);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(exportButton);
    l->addLayout(row);
    if (empty) {
        exportButton->setEnabled(!empty->isEmpty());
        QObject::connect(empty, &ChartEmptyState::emptyChanged, exportButton,
                         [exportButton](bool isEmpty) { exportButton->setEnabled(!isEmpty); });
    }
    return card;
}

} // namespace pb::ui
