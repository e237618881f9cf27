#include "ui/plan/UnitStrip.h"

#include <QGridLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/plan/plan.h"
#include "ui/dependencies/WhatIfPanel.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/StyledLabel.h"

namespace pb::ui {

namespace {
// A whole block and its attention / MLP alone: the depth units, on one row.
bool isDepth(pb::GroupKind k) {
    return k == pb::GroupKind::Block || k == pb::GroupKind::AttentionSublayer || k == pb::GroupKind::MlpSublayer;
}
int sameRow(pb::GroupKind k) { return isDepth(k) ? -1 : int(k); }
} // namespace

UnitStrip::UnitStrip(Workbench* bench, PlanDocument* doc, QWidget* parent)
    : QWidget(parent), bench_(bench), doc_(doc), title_(styledLabel(QString(), QStringLiteral("sectionTitle"), this)),
      hint_(styledLabel(QString(), QStringLiteral("sectionHint"), this)), units_(new QWidget(this)),
      grid_(new QGridLayout(units_)), whatIf_(new WhatIfPanel(bench, this)) {
    setObjectName(QStringLiteral("tableCard"));
    hint_->setWordWrap(true);
    hint_->setText(tr("Toggle a unit to remove it from the plan (or keep it again); beside it, the calibration loss "
                      "change of the open model with that unit masked (the live what-if)."));
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setHorizontalSpacing(4);
    grid_->setVerticalSpacing(4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 12);
    layout->setSpacing(6);
    layout->addWidget(title_);
    layout->addWidget(hint_);
    layout->addWidget(units_);
    layout->addWidget(whatIf_);
    connect(doc_, &PlanDocument::configChanged, this, [this]() {
        delta_.clear();
        layer_ = -1;
        setLayer(doc_->hasModel() ? 0 : -1);
    });
    connect(doc_, &PlanDocument::planChanged, this, [this]() {
        if (!list_.empty() && list_.front().kind != pb::GroupKind::Block) {
            // The attention unit may have changed (a loaded plan): rebuild when the kinds differ.
            const bool heads = doc_->plan().attention_unit == pb::AttentionUnit::Head;
            for (const Unit& u : list_)
                if ((u.kind == pb::GroupKind::QueryHead) != heads &&
                    (u.kind == pb::GroupKind::QueryHead || u.kind == pb::GroupKind::AttentionGroup))
                    return rebuild();
        }
        syncChecks();
    });
    connect(whatIf_, &WhatIfPanel::answeredFor, this, &UnitStrip::answered);
    setLayer(doc_->hasModel() ? 0 : -1);
}

QString UnitStrip::key(int layer, pb::GroupKind kind, int first, int count) {
    return QStringLiteral("%1/%2/%3/%4").arg(layer).arg(int(kind)).arg(first).arg(count);
}

void UnitStrip::setLayer(int layer) {
    if (layer == layer_) return;
    layer_ = layer;
    rebuild();
}

QString UnitStrip::buttonText(const Unit& u) const {
    const auto it = delta_.constFind(key(layer_, u.kind, u.first, u.count));
    if (it == delta_.constEnd()) return u.text;
    return QStringLiteral("%1\n%2%3").arg(u.text, *it >= 0 ? QStringLiteral("+") : QString()).arg(*it, 0, 'f', 4);
}

void UnitStrip::rebuild() {
    list_.clear();
    while (QLayoutItem* item = grid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (layer_ < 0 || layer_ >= doc_->layerCount()) {
        title_->setText(tr("Units"));
        return;
    }
    title_->setText(tr("Units of block %1").arg(layer_));
    const pb::LayerDims& d = doc_->config().layers[size_t(layer_)];
    const bool heads = doc_->plan().attention_unit == pb::AttentionUnit::Head;
    if (d.hasAttention()) {
        const int n = int(heads ? d.n_heads : d.n_kv_heads);
        for (int u = 0; u < n; ++u)
            list_.push_back({heads ? pb::GroupKind::QueryHead : pb::GroupKind::AttentionGroup, u, 1,
                             heads ? tr("Head %1").arg(u) : tr("KV %1").arg(u), heads ? tr("Head %1").arg(u) : tr("KV %1").arg(u)});
    }
    if (d.hasMlp()) {
        const int ffn = int(d.ffn), buckets = std::min(kBuckets, ffn);
        for (int b = 0; b < buckets; ++b) {
            const int lo = int(int64_t(ffn) * b / buckets), hi = int(int64_t(ffn) * (b + 1) / buckets);
            list_.push_back({pb::GroupKind::MlpChannel, lo, hi - lo, tr("MLP %1–%2").arg(lo).arg(hi - 1),
                             QStringLiteral("%1–%2").arg(lo).arg(hi - 1)});
        }
    }
    list_.push_back({pb::GroupKind::Block, 0, 1, tr("Block %1").arg(layer_), tr("Block %1").arg(layer_)});
    if (d.hasAttention() && d.hasMlp()) {  // BlockPruner's finer depth units: one part alone, the residual passes by
        list_.push_back({pb::GroupKind::AttentionSublayer, 0, 1, tr("the attention of block %1").arg(layer_), tr("Attention")});
        list_.push_back({pb::GroupKind::MlpSublayer, 0, 1, tr("the MLP of block %1").arg(layer_), tr("MLP part")});
    }
    int row = 0, col = 0;
    pb::GroupKind rowKind = list_.front().kind;
    auto caption = [&](pb::GroupKind k) {
        const QString text = k == pb::GroupKind::MlpChannel ? tr("MLP")
                             : isDepth(k)                   ? tr("Block")
                             : heads                        ? tr("Heads")
                                                            : tr("KV groups");
        grid_->addWidget(styledLabel(text, QStringLiteral("fieldCaption"), units_), row, 0);
        col = 1;
    };
    caption(rowKind);
    for (Unit& u : list_) {
        if (sameRow(u.kind) != sameRow(rowKind) || col > 8) {  // a row per kind (the block and its parts share one), 8 a row
            ++row;
            if (sameRow(u.kind) != sameRow(rowKind)) caption(u.kind);
            else col = 1;
            rowKind = u.kind;
        }
        auto* b = new QToolButton(units_);
        b->setCheckable(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setMinimumWidth(64);
        b->setAccessibleName(u.label);
        b->setToolTip(tr("Checked: the plan removes %1 of block %2. Toggling it also shows the calibration loss of the "
                         "open model without it.")
                          .arg(u.label)
                          .arg(layer_));
        u.button = b;
        const Unit unit = u;
        connect(b, &QToolButton::clicked, this, [this, unit](bool checked) { toggled(unit, checked); });
        grid_->addWidget(b, row, col++);
    }
    grid_->setColumnStretch(9, 1);
    syncChecks();
}

void UnitStrip::syncChecks() {
    for (const Unit& u : list_) {
        u.button->setChecked(doc_->unitsRemoved(layer_, u.kind, u.first, u.count));
        u.button->setText(buttonText(u));
    }
}

void UnitStrip::toggled(const Unit& u, bool removed) {
    if (!doc_->setUnitsRemoved(layer_, u.kind, u.first, u.count, removed)) u.button->setChecked(!removed);
    whatIf_->setUnit(layer_, u.kind, u.first, u.count);
}

void UnitStrip::answered(int layer, pb::GroupKind kind, int first, int count, double base, double without) {
    delta_.insert(key(layer, kind, first, count), without - base);
    if (layer != layer_) return;
    for (const Unit& u : list_)
        if (u.kind == kind && u.first == first && u.count == count) {
            u.button->setText(buttonText(u));
            u.button->setToolTip(tr("Checked: the plan removes %1 of block %2.\nWithout it the open model's calibration "
                                    "loss goes from %3 to %4.")
                                     .arg(u.label)
                                     .arg(layer_)
                                     .arg(base, 0, 'f', 4)
                                     .arg(without, 0, 'f', 4));
        }
}

QToolButton* UnitStrip::button(pb::GroupKind kind, int first) const {
    for (const Unit& u : list_)
        if (u.kind == kind && u.first == first) return u.button;
    return nullptr;
}

QString UnitStrip::deltaText(pb::GroupKind kind, int first) const {
    for (const Unit& u : list_)
        if (u.kind == kind && u.first == first) {
            const auto it = delta_.constFind(key(layer_, u.kind, u.first, u.count));
            if (it == delta_.constEnd()) return {};
            return QStringLiteral("%1%2").arg(*it >= 0 ? QStringLiteral("+") : QString()).arg(*it, 0, 'f', 4);
        }
    return {};
}

} // namespace pb::ui
