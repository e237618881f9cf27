#include "ui/compare/CompareView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/charts/LatencyChart.h"
#include "ui/session/TextStats.h"
#include "ui/widgets/Format.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

CompareView::CompareView(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), prompt_(new QLineEdit(this)), tokens_(new QSpinBox(this)), windows_(new QSpinBox(this)),
      prune_(new QPushButton(tr("Prune and compare"), this)), summary_(new QLabel(this)), latency_(new LatencyChart(this)) {
    setObjectName(QStringLiteral("compareView"));
    prompt_->setText(QStringLiteral("The old sailor looked at the sea and"));
    prompt_->setToolTip(tr("Prompt for the three greedy generations"));
    tokens_->setRange(1, 256);
    tokens_->setValue(32);
    tokens_->setSuffix(tr(" tokens"));
    windows_->setRange(1, 1000);
    windows_->setValue(int(bench_->settings().pplWindows));
    windows_->setSuffix(tr(" windows"));
    windows_->setToolTip(tr("128-token windows of the evaluation text (File › Evaluation Text) for perplexity"));
    prune_->setObjectName(QStringLiteral("primaryButton"));
    summary_->setObjectName(QStringLiteral("sectionHint"));
    summary_->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    // Screen readers name each field; the captions are buddies (Alt+letter focuses the field).
    prompt_->setAccessibleName(tr("Prompt"));
    tokens_->setAccessibleName(tr("Tokens to generate"));
    windows_->setAccessibleName(tr("Perplexity windows"));
    summary_->setAccessibleName(tr("Comparison summary"));
    auto* promptLabel = new QLabel(tr("Pro&mpt"), this);
    promptLabel->setBuddy(prompt_);
    auto* windowsLabel = new QLabel(tr("Perple&xity on"), this);
    windowsLabel->setBuddy(windows_);
    bar->addWidget(promptLabel);
    bar->addWidget(prompt_, 1);
    bar->addWidget(tokens_);
    bar->addWidget(windowsLabel);
    bar->addWidget(windows_);
    bar->addWidget(prune_);

    auto* cols = new QHBoxLayout;
    cols->setSpacing(12);
    for (auto& c : columns_) {
        auto* card = new QWidget(this);
        card->setObjectName(QStringLiteral("tableCard"));
        auto* l = new QVBoxLayout(card);
        l->setContentsMargins(16, 12, 16, 14);
        c = new QLabel(card);
        c->setTextFormat(Qt::RichText);
        c->setWordWrap(true);
        c->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        c->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->addWidget(c, 1);
        cols->addWidget(card, 1);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(bar);
    layout->addWidget(summary_);
    layout->addLayout(cols);
    layout->addWidget(latency_, 1);  // the three shapes' measured latency curves

    connect(prune_, &QPushButton::clicked, this, &CompareView::prune);
    connect(bench_, &Workbench::comparisonChanged, this, &CompareView::refresh);
    connect(bench_, &Workbench::modelChanged, this, &CompareView::refresh);
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &CompareView::refresh);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() {
        prune_->setEnabled(false);
        latency_->measureButton()->setEnabled(false);
    });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() {
        prune_->setEnabled(true);
        latency_->measureButton()->setEnabled(bench_->comparison().has_value());
    });
    connect(latency_, &LatencyChart::measureRequested, this,
            [this]() { bench_->measureLatency(bench_->comparisonShapes(), true); });
    connect(latency_, &LatencyChart::message, summary_, &QLabel::setText);
    connect(bench_, &Workbench::latencyChanged, this, &CompareView::refresh);
    refresh();
}

bool CompareView::prune() {
    bench_->settings().pplWindows = windows_->value();
    return bench_->runCompare(prompt_->text(), tokens_->value());
}

void CompareView::refresh() {
    const auto& cmp = bench_->comparison();
    const QString titles[3] = {tr("Original"), tr("Width-pruned"), tr("Depth-pruned")};
    const QString subtitles[3] = {tr("the open model"), tr("heads and MLP channels removed"), tr("whole blocks removed")};
    const ThemeColors& colors = themeColors();
    const QString caption = colors.caption.name();
    if (!cmp) {
        for (int i = 0; i < 3; ++i)
            columns_[i]->setText(QStringLiteral("<div style='font-size:13pt;font-weight:600'>%1</div><div style='color:%4'>%2</div>"
                                                "<p style='color:%5'>%3</p>")
                                     .arg(titles[i], subtitles[i], tr("Not measured yet."), caption, colors.faint.name()));
        summary_->setText(tr("Press Prune and compare: the plan's width part and the depth plan with the same number of "
                             "parameters are built from the open model and measured on the same text and prompt."));
        latency_->setProfiles({}, QString(), tr("Prune and compare first: the latency curves of the three models appear here."));
        latency_->measureButton()->setEnabled(false);
        return;
    }
    const pb::CompareVariant* v[3] = {&cmp->original, &cmp->width, &cmp->depth};
    const double basePpl = cmp->original.ppl;
    for (int i = 0; i < 3; ++i) {
        QString html = QStringLiteral("<div style='font-size:13pt;font-weight:600'>%1</div><div style='color:%3'>%2</div>")
                           .arg(titles[i], subtitles[i], caption);
        if (!v[i]->ok) {
            html += QStringLiteral("<p style='color:%2'>%1</p>").arg(QString::fromStdString(v[i]->error).toHtmlEscaped(), colors.error.name());
            columns_[i]->setText(html);
            continue;
        }
        auto row = [caption](const QString& k, const QString& val) {
            return QStringLiteral("<tr><td style='color:%3;padding-right:16px'>%1</td><td align='right'>%2</td></tr>").arg(k, val, caption);
        };
        html += QStringLiteral("<table cellspacing='0' cellpadding='3' style='margin-top:8px'>");
        html += row(tr("Parameters"), QStringLiteral("<b>%1</b>").arg(format::compact(v[i]->params)));
        html += row(tr("Removed"), format::percent(v[i]->removed_fraction, 1));
        html += row(tr("MACs / 128 tokens"), format::compact(v[i]->macs));
        html += row(tr("Blocks"), QString::number(v[i]->blocks));
        QString ppl = QStringLiteral("<b>%1</b>").arg(v[i]->ppl, 0, 'f', 2);
        if (i > 0 && basePpl > 0)
            ppl += QStringLiteral(" <span style='color:%2'>(×%1)</span>").arg(v[i]->ppl / basePpl, 0, 'f', 2).arg(caption);
        html += row(tr("Perplexity"), ppl);
        html += row(tr("Decoding"), tr("%1 tokens/s").arg(v[i]->tokens_per_s, 0, 'f', 1));
        // Measured on random weights of this shape (core/bench/latency.h), else the estimate.
        const pb::LatencyProfile& lat = v[i]->latency;
        if (lat.measured()) {
            const QString x = i > 0 && cmp->original.latency.measured()
                                  ? QStringLiteral(" <span style='color:%2'>(×%1)</span>")
                                        .arg(lat.prefill_ms / cmp->original.latency.prefill_ms, 0, 'f', 2)
                                        .arg(caption)
                                  : QString();
            html += row(tr("Prefill (%1 tokens)").arg(lat.context), tr("%1 ms").arg(lat.prefill_ms, 0, 'f', 1) + x);
            html += row(tr("Decode (batch 1)"), tr("%1 tokens/s").arg(lat.decode_tokens_per_s, 0, 'f', 1));
        } else {
            html += row(tr("Latency (estimate)"), tr("%1×").arg(v[i]->latency_ratio, 0, 'f', 2));
        }
        html += QStringLiteral("</table>");
        html += QStringLiteral("<p style='color:%4;margin-top:10px'>%1</p><p style='background:%5'><i>%2</i> %3</p>")
                    .arg(tr("Greedy continuation:"), prompt_->text().toHtmlEscaped(),
                         QString::fromStdString(v[i]->generation).toHtmlEscaped(), caption, colors.altBase.name());
        columns_[i]->setText(html);
    }
    const auto& on = bench_->comparedOn();
    summary_->setText(tr("Both pruned models aim at %1 of the parameters. Perplexity: %2 windows of 128 tokens of %3; "
                         "decoding speed is measured on this machine (batch 1, greedy), prefill and decode latency on "
                         "random weights of each shape.")
                          .arg(format::percent(cmp->target_fraction, 1))
                          .arg(on ? on->pplWindows : bench_->settings().pplWindows)
                          .arg(TextStats::displayName(on ? on->pplText : bench_->settings().pplText)));
    const std::vector<pb::LatencyShape> shapes = bench_->comparisonShapes();
    latency_->setProfiles(bench_->latencyProfiles(shapes, true), QString(),
                          tr("Press Measure latency curves to time the three models' shapes over context lengths and "
                             "batch sizes."));
}

} // namespace pb::ui
