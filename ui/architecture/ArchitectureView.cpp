#include "ui/architecture/ArchitectureView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "core/model/loader.h"
#include "ui/architecture/ArchitectureModel.h"
#include "ui/architecture/ArchitectureSummary.h"
#include "ui/widgets/Format.h"
#include "ui/architecture/ShareBarDelegate.h"

namespace pb::ui {

ArchitectureView::ArchitectureView(QWidget* parent)
    : QWidget(parent), summary_(new ArchitectureSummary(this)), tableTitle_(new QLabel(tr("Decoder blocks"), this)),
      tableHint_(new QLabel(this)), table_(new QTableView(this)), model_(new ArchitectureModel(this)),
      proxy_(new QSortFilterProxyModel(this)) {
    setObjectName(QStringLiteral("architectureView"));
    tableTitle_->setObjectName(QStringLiteral("sectionTitle"));
    tableHint_->setObjectName(QStringLiteral("sectionHint"));

    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ArchitectureModel::ValueRole);
    table_->setObjectName(QStringLiteral("layerTable"));
    table_->setModel(proxy_);
    table_->setAccessibleName(tr("Decoder blocks"));
    table_->setItemDelegateForColumn(ArchitectureModel::Share,
                                     new ShareBarDelegate(ArchitectureModel::BarRole, table_));
    table_->setSortingEnabled(true);
    // Layer order until the user clicks a header; no indicator crowding the first header.
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    table_->setFrameShape(QFrame::NoFrame);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 12);
    table_->horizontalHeader()->setHighlightSections(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* tableCard = new QFrame(this);
    tableCard->setObjectName(QStringLiteral("tableCard"));
    auto* cardLayout = new QVBoxLayout(tableCard);
    cardLayout->setContentsMargins(1, 1, 1, 1);
    cardLayout->addWidget(table_);

    auto* heading = new QHBoxLayout;
    heading->setSpacing(12);
    heading->addWidget(tableTitle_, 0, Qt::AlignBaseline);
    heading->addWidget(tableHint_, 1, Qt::AlignBaseline);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 16);
    layout->setSpacing(10);
    layout->addWidget(summary_);
    layout->addSpacing(8);
    layout->addLayout(heading);
    layout->addWidget(tableCard, 1);
}

void ArchitectureView::setModel(const pb::LoadedModel& model) {
    summary_->setModel(model);
    model_->setConfig(model.config);
    const pb::ModelConfig& c = model.config;
    const bool uniform = c.layers.empty() || c.uniform();
    QString hint = uniform ? tr("%n block(s) with the same shape", nullptr, static_cast<int>(c.numLayers()))
                           : tr("%n block(s); their shapes differ", nullptr, static_cast<int>(c.numLayers()));
    if (c.hasSlidingLayers()) {
        QStringList local;
        for (size_t i = 0; i < c.layers.size(); ++i)
            if (c.layers[i].sliding) local << QString::number(i);
        hint += QStringLiteral(" · ") + tr("local attention (last %1 tokens) in blocks %2, global in the others")
                                            .arg(c.sliding_window)
                                            .arg(local.size() == c.numLayers() ? tr("all") : local.join(QStringLiteral(", ")));
    }
    tableHint_->setText(hint);
    fitColumns();
}

void ArchitectureView::clear() {
    summary_->clear();
    model_->clear();
    tableHint_->clear();
}

void ArchitectureView::fitColumns() {
    // Number columns as wide as their contents; the share bar takes the rest.
    table_->resizeColumnsToContents();
}

} // namespace pb::ui
