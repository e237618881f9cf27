#include "ui/importance/FusionAlphaPanel.h"

#include <algorithm>

#include <QLabel>
#include <QVBoxLayout>

#include "core/plan/scores.h"
#include "ui/widgets/StyledLabel.h"

namespace pb::ui {

FusionAlphaPanel::FusionAlphaPanel(QWidget* parent)
    : QWidget(parent), explanation_(new QLabel(this)), alphas_(new QLabel(this)) {
    setObjectName(QStringLiteral("fusionAlphaPanel"));
    explanation_->setObjectName(QStringLiteral("sectionHint"));
    explanation_->setWordWrap(true);
    alphas_->setWordWrap(true);
    alphas_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    alphas_->setAccessibleName(tr("Fusion alpha per layer"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(styledLabel(tr("Fusion: α per layer"), QStringLiteral("fieldCaption"), this));
    layout->addWidget(alphas_);
    layout->addWidget(explanation_);
    setVisible(false);
}

void FusionAlphaPanel::setScores(const pb::WidthScores* s) {
    if (!s || !s->fusion) {
        setVisible(false);
        return;
    }
    const pb::FusionReport& f = *s->fusion;
    QStringList cells;  // "4: 0.75", untested layers "—"
    double attn = 0, mlp = 0;
    for (size_t i = 0; i < s->fusion_alpha.size(); ++i) {
        const bool tested = i < f.tested.size() && f.tested[i];
        cells << QStringLiteral("%1:\u00a0%2").arg(i).arg(tested ? QString::number(s->fusion_alpha[i], 'g', 3) : QStringLiteral("—"));
        if (i < f.mlp_ratio.size()) attn = std::max(attn, f.attention_ratio[i]), mlp = std::max(mlp, f.mlp_ratio[i]);
    }
    alphas_->setText(cells.join(QStringLiteral("   ")));
    const QString unit = f.attention_unit == pb::AttentionUnit::Head ? tr("query heads of each KV group") : tr("KV groups");
    QString text =
        tr("α = 1 ranks a layer's units by taylor_element1, α = 0 by taylor_vector, values between by their mix. Each "
           "layer took the α of 0, 0.25, …, 1 whose cut (%1% of the %2, %3% of the MLP channels) gave the lowest "
           "calibration loss while the other layers were cut by the better input; — : every α cuts the same (or nothing).")
            .arg(100 * attn, 0, 'f', 0)
            .arg(unit)
            .arg(100 * mlp, 0, 'f', 0);
    text += QLatin1Char(' ');
    text += tr("Calibration loss on %1 samples: taylor_element1's plan %2, taylor_vector's %3, fused %4.")
                .arg(f.probe_samples)
                .arg(f.loss_element1, 0, 'f', 4)
                .arg(f.loss_vector, 0, 'f', 4)
                .arg(f.loss_fused, 0, 'f', 4);
    if (f.fell_back)
        text += QLatin1Char(' ') + tr("The fused plan lost to the better input, so these are %1's scores.")
                                       .arg(f.start_alpha == 1.0 ? QStringLiteral("taylor_element1") : QStringLiteral("taylor_vector"));
    else if (f.layers_moved == 0)
        text += QLatin1Char(' ') + tr("No layer did better than %1's cut: these are its scores.")
                                       .arg(f.start_alpha == 1.0 ? QStringLiteral("taylor_element1") : QStringLiteral("taylor_vector"));
    explanation_->setText(text);
    setVisible(true);
}

QString FusionAlphaPanel::alphaText() const { return alphas_->text(); }
QString FusionAlphaPanel::explanationText() const { return explanation_->text(); }

} // namespace pb::ui
