#include "ui/ArchitectureSummary.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "core/model/loader.h"
#include "ui/ElidedLabel.h"
#include "ui/ModelFacts.h"
#include "ui/ModelPaths.h"

namespace pb::ui {

namespace {
constexpr int kColumns = 6;

QWidget* makeTile(const ModelFact& fact, QWidget* parent) {
    auto* tile = new QWidget(parent);
    tile->setObjectName(QStringLiteral("factTile"));
    tile->setToolTip(fact.toolTip);
    auto* layout = new QVBoxLayout(tile);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* caption = new QLabel(fact.caption, tile);
    caption->setObjectName(QStringLiteral("factCaption"));
    auto* value = new QLabel(fact.value, tile);
    value->setObjectName(QStringLiteral("factValue"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(caption);
    layout->addWidget(value);
    return tile;
}
} // namespace

ArchitectureSummary::ArchitectureSummary(QWidget* parent)
    : QFrame(parent), title_(new QLabel(this)), badge_(new QLabel(this)), path_(new ElidedLabel(this)),
      grid_(new QGridLayout) {
    setObjectName(QStringLiteral("summaryCard"));
    title_->setObjectName(QStringLiteral("modelTitle"));
    badge_->setObjectName(QStringLiteral("modelBadge"));
    path_->setObjectName(QStringLiteral("modelPath"));

    auto* header = new QHBoxLayout;
    header->setSpacing(10);
    header->addWidget(title_);
    header->addWidget(badge_, 0, Qt::AlignVCenter);
    header->addStretch(1);

    grid_->setHorizontalSpacing(28);
    grid_->setVerticalSpacing(14);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 18);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(path_);
    layout->addSpacing(12);
    layout->addLayout(grid_);
}

void ArchitectureSummary::clear() {
    title_->clear();
    badge_->clear();
    badge_->hide();
    path_->setText({});
    qDeleteAll(tiles_);
    tiles_.clear();
}

void ArchitectureSummary::setModel(const pb::LoadedModel& model) {
    clear();
    const QString source = QString::fromStdString(model.source.string());
    title_->setText(modelDisplayName(source));
    badge_->setText(model.format == "gguf" ? tr("GGUF") : tr("Hugging Face"));
    badge_->show();
    path_->setText(source);
    const QList<ModelFact> facts = modelFacts(model);
    for (int i = 0; i < facts.size(); ++i) {
        QWidget* tile = makeTile(facts[i], this);
        grid_->addWidget(tile, i / kColumns, i % kColumns);
        tiles_.append(tile);
    }
    for (int c = 0; c < kColumns; ++c) grid_->setColumnStretch(c, 1);
}

QString ArchitectureSummary::valueOf(const QString& caption) const {
    for (QWidget* tile : tiles_) {
        const auto labels = tile->findChildren<QLabel*>();
        if (labels.size() == 2 && labels[0]->text() == caption) return labels[1]->text();
    }
    return {};
}

} // namespace pb::ui
