#include "ui/architecture/ArchitectureSummary.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "core/model/loader.h"
#include "ui/architecture/CompositionBar.h"
#include "ui/widgets/ElidedLabel.h"
#include "ui/widgets/Format.h"
#include "ui/architecture/ModelFacts.h"
#include "ui/shell/ModelPaths.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

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
    : QFrame(parent), title_(new QLabel(this)), badge_(new QLabel(this)), familyBadge_(new QLabel(this)),
      path_(new ElidedLabel(this)),
      grid_(new QGridLayout), splitCaption_(new QLabel(tr("Where the parameters are"), this)),
      split_(new CompositionBar(this)) {
    setObjectName(QStringLiteral("summaryCard"));
    title_->setObjectName(QStringLiteral("modelTitle"));
    badge_->setObjectName(QStringLiteral("modelBadge"));
    familyBadge_->setObjectName(QStringLiteral("modelBadge"));
    familyBadge_->setToolTip(tr("Model family: it decides tensor names and details such as biases"));
    path_->setObjectName(QStringLiteral("modelPath"));
    // The parts keep their order (embeddings, attention, MLP); only their colours follow the theme.
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [this]() {
        QList<CompositionBar::Part> parts = split_->parts();
        const ThemeColors& c = themeColors();
        const QColor colors[] = {c.compositionEmbedding, c.compositionAttention, c.compositionMlp};
        for (int i = 0; i < parts.size() && i < 3; ++i) parts[i].color = colors[i];
        split_->setParts(parts);
    });

    auto* header = new QHBoxLayout;
    header->setSpacing(10);
    header->addWidget(title_);
    header->addWidget(badge_, 0, Qt::AlignVCenter);
    header->addWidget(familyBadge_, 0, Qt::AlignVCenter);
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
    layout->addSpacing(16);
    splitCaption_->setObjectName(QStringLiteral("factCaption"));
    layout->addWidget(splitCaption_);
    layout->addSpacing(4);
    layout->addWidget(split_);
    splitCaption_->hide();
    split_->hide();
}

void ArchitectureSummary::clear() {
    title_->clear();
    for (QLabel* badge : {badge_, familyBadge_}) {
        badge->clear();
        badge->hide();
    }
    path_->setText({});
    qDeleteAll(tiles_);
    tiles_.clear();
    split_->setParts({});
    split_->hide();
    splitCaption_->hide();
}

void ArchitectureSummary::setModel(const pb::LoadedModel& model) {
    clear();
    const QString source = QString::fromStdString(model.source.string());
    title_->setText(modelDisplayName(source));
    badge_->setText(model.format == "gguf" ? tr("GGUF") : tr("Hugging Face"));
    badge_->show();
    familyBadge_->setText(tr("%1 family").arg(QString::fromStdString(model.config.family)));
    familyBadge_->setVisible(!model.config.family.empty());
    path_->setText(source);
    const QList<ModelFact> facts = modelFacts(model);
    for (int i = 0; i < facts.size(); ++i) {
        QWidget* tile = makeTile(facts[i], this);
        grid_->addWidget(tile, i / kColumns, i % kColumns);
        tiles_.append(tile);
    }
    for (int c = 0; c < kColumns; ++c) grid_->setColumnStretch(c, 1);

    const ParameterSplit split = parameterSplit(model.config);
    if (split.total > 0) {
        const auto part = [&](const QString& label, qint64 n, QColor color) {
            return CompositionBar::Part{label, double(n) / double(split.total), color};
        };
        const ThemeColors& c = themeColors();
        split_->setParts({part(tr("Embeddings"), split.embedding, c.compositionEmbedding),
                          part(tr("Attention"), split.attention, c.compositionAttention),
                          part(tr("MLP"), split.mlp, c.compositionMlp)});
        split_->setToolTip(tr("Embeddings: %1 parameters\nAttention (all blocks): %2 parameters\nMLP (all blocks): %3 parameters")
                               .arg(format::count(split.embedding), format::count(split.attention),
                                    format::count(split.mlp)));
        split_->show();
        splitCaption_->show();
    }
}

QString ArchitectureSummary::valueOf(const QString& caption) const {
    for (QWidget* tile : tiles_) {
        const auto labels = tile->findChildren<QLabel*>();
        if (labels.size() == 2 && labels[0]->text() == caption) return labels[1]->text();
    }
    return {};
}

} // namespace pb::ui
