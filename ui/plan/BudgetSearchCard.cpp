#include "ui/plan/BudgetSearchCard.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>

#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/util/error.h"
#include "ui/jobs/BudgetSearchJob.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Format.h"
#include "ui/widgets/StyledLabel.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

BudgetSearchCard::BudgetSearchCard(Workbench* bench, PlanDocument* doc, QSpinBox* first, QSpinBox* last, QWidget* parent)
    : QWidget(parent), bench_(bench), doc_(doc), first_(first), last_(last), target_(new QDoubleSpinBox(this)),
      kind_(new QComboBox(this)), caption_(new QLabel(tr("Re&move"), this)), method_(new QComboBox(this)), search_(new QPushButton(tr("Search"), this)), result_(new QLabel(this)) {
    setObjectName(QStringLiteral("tableCard"));
    target_->setObjectName(QStringLiteral("budgetTarget"));
    target_->setRange(1, 90);
    target_->setDecimals(1);
    target_->setSingleStep(5);
    target_->setValue(20);
    target_->setSuffix(tr(" %"));
    target_->setAccessibleName(tr("Parameters to remove"));
    target_->setToolTip(tr("Fraction of all the model's parameters the per-layer ratios remove (met to within one MLP "
                           "rounding unit, counted as the totals count)"));
    kind_->setObjectName(QStringLiteral("budgetKind"));
    kind_->addItem(tr("of the parameters"), -1);
    kind_->addItem(tr("of the prefill time"), int(pb::LatencyMetric::Prefill));
    kind_->addItem(tr("of the decode time"), int(pb::LatencyMetric::Decode));
    kind_->setAccessibleName(tr("What the budget counts"));
    kind_->setToolTip(tr("A fraction of the parameters removed, or of the original's time kept: prefill of 128 tokens or "
                         "decoding at batch 1, measured on this device on random weights of each shape (uniform cuts "
                         "bisected to the target, then the chosen method spreads that many parameters over the layers "
                         "and its plan is measured again)"));
    method_->setObjectName(QStringLiteral("budgetMethod"));
    method_->addItem(tr("OWL (outlier-aware)"), int(pb::BudgetSearch::Owl));
    method_->addItem(tr("Greedy (calibration loss)"), int(pb::BudgetSearch::Greedy));
    method_->addItem(tr("Uniform"), int(pb::BudgetSearch::Uniform));
    method_->setAccessibleName(tr("Budget search method"));
    method_->setToolTip(tr("OWL: layers whose weights meet more activation outliers (|W|·‖X‖ above 5× the layer's "
                           "mean) keep more, the ratios spread ±8 points around the uniform one. Greedy: from the "
                           "uniform ratios, moves heads and MLP channels between layers while that lowers the "
                           "calibration loss at the same parameter count (minutes on a CPU). Uniform: one ratio."));
    search_->setObjectName(QStringLiteral("budgetSearchButton"));
    search_->setToolTip(tr("Search on the worker over the layer range above and load the ratios into the plan (one "
                           "undo step; the plan's dropped blocks and hidden cut are replaced)"));
    result_->setObjectName(QStringLiteral("sectionHint"));
    result_->setTextFormat(Qt::RichText);
    result_->setWordWrap(true);
    result_->setAccessibleName(tr("Budget search result"));
    result_->setText(tr("Per-layer ratios for a parameter budget, ranked by the chosen width criterion."));
    caption_->setBuddy(target_);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(14, 10, 14, 12);
    grid->setHorizontalSpacing(8);
    // One row of controls beside the title (the tab is tall already), the result below.
    grid->addWidget(styledLabel(tr("Budget search"), QStringLiteral("sectionTitle"), this), 0, 0);
    grid->addWidget(caption_, 0, 1);
    grid->addWidget(target_, 0, 2);
    grid->addWidget(kind_, 0, 3);
    grid->addWidget(method_, 0, 4);
    grid->addWidget(search_, 0, 5, Qt::AlignRight);
    grid->addWidget(result_, 1, 0, 1, 6);
    grid->setColumnStretch(4, 1);
    grid->setRowStretch(2, 1);  // the result right below the controls, the room left under it

    connect(search_, &QPushButton::clicked, this, &BudgetSearchCard::runSearch);
    connect(kind_, &QComboBox::currentIndexChanged, this, &BudgetSearchCard::kindChanged);
    connect(doc_, &PlanDocument::configChanged, this, &BudgetSearchCard::sync);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { search_->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, &BudgetSearchCard::sync);
    sync();
}

pb::Criterion BudgetSearchCard::criterion() const {
    const pb::CriterionInfo* chosen = pb::findCriterion(bench_->chosen().width.toStdString());
    return chosen && !chosen->depth ? chosen->id : pb::defaults::kWidthCriterion;
}

void BudgetSearchCard::kindChanged() {
    const bool timed = kind_->currentData().toInt() >= 0;
    caption_->setText(timed ? tr("Ti&me at most") : tr("Re&move"));
    target_->setAccessibleName(timed ? tr("Time kept, of the original's") : tr("Parameters to remove"));
    target_->setValue(timed ? 80 : 20);
}

void BudgetSearchCard::sync() {
    const bool model = doc_->hasModel();
    target_->setEnabled(model);
    kind_->setEnabled(model);
    method_->setEnabled(model);
    search_->setEnabled(model && !bench_->session()->jobs()->busy());
}

bool BudgetSearchCard::runSearch() {
    const ModelPtr model = bench_->model();
    JobRunner* runner = bench_->session()->jobs();
    if (!model || runner->busy()) return false;
    jobs::BudgetSearchJobRequest r;
    r.search.method = static_cast<pb::BudgetSearch>(method_->currentData().toInt());
    r.search.budget.fraction = target_->value() / 100.0;
    r.search.budget.first = std::min(first_->value(), last_->value());
    r.search.budget.last = std::max(first_->value(), last_->value());
    r.search.budget.unit = doc_->plan().attention_unit;
    r.search.budget.round_to = std::max<int64_t>(doc_->plan().round_to, 1);
    r.search.criterion = criterion();
    for (const pb::AggregationInfo& a : pb::aggregationTable())
        if (QString::fromStdString(a.name) == bench_->chosen().aggregation) r.search.aggregation = a.id;
    r.calib = bench_->settings().calib;
    if (const int metric = kind_->currentData().toInt(); metric >= 0) {
        pb::LatencyBudget lb;
        lb.target = target_->value() / 100.0;
        lb.metric = static_cast<pb::LatencyMetric>(metric);
        lb.latency.device = bench_->session()->loadOptions().device;
        lb.latency.dtype = bench_->session()->loadOptions().dtype;
        r.latency = lb;
    }
    try {  // refused here, with core's reason, before the worker starts
        pb::PruningPlan settings = doc_->plan();  // its bias compensation, with this criterion
        settings.criterion = r.search.criterion;
        r.search.bias_compensation = settings.bias_compensation;
        pb::checkBudgetSearch(r.search.method, r.search.criterion, "local", settings.compensatesBiases(), 0.0);
    } catch (const pb::Error& e) {
        result_->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                             .arg(themeColors().error.name(), QString::fromUtf8(e.what()).toHtmlEscaped()));
        return false;
    }
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::budgetSearch(model, r, progress); };
    auto done = [this, model](const jobs::BudgetSearchJobResult& res) {
        if (model != bench_->model()) return;
        doc_->replacePlan(res.search.plan,
                          tr("Budget search (%1)").arg(QString::fromStdString(pb::budgetSearchName(res.search.method))));
        showResult(res);
        Q_EMIT searched();
    };
    const QString title = r.latency ? tr("Budget search: %1 of the original's time").arg(format::percent(r.latency->target, 1))
                                    : tr("Budget search: %1 of the parameters").arg(format::percent(r.search.budget.fraction, 1));
    return runner->start(title, std::move(work), std::move(done));
}

void BudgetSearchCard::showResult(const jobs::BudgetSearchJobResult& job) {
    const pb::BudgetSearchResult& r = job.search;
    double lo = 1, hi = 0;
    for (const pb::LayerPlan& l : r.plan.layers)
        if (l.mlp_ratio > 0) lo = std::min(lo, l.mlp_ratio), hi = std::max(hi, l.mlp_ratio);
    const QString method = r.method == pb::BudgetSearch::Owl      ? tr("OWL")
                           : r.method == pb::BudgetSearch::Greedy ? tr("Greedy")
                                                                  : tr("Uniform");
    QString text = tr("%1: <b>%2</b> parameters removed for a target of %3 (to within %4, one MLP rounding unit); MLP ratios "
                      "%5 to %6, ranked by %7; %8. Edit the ratios in the table.")
                       .arg(method, format::count(r.removed), format::count(r.target_removed),
                            format::count(r.unit_params), format::percent(hi >= lo ? lo : 0, 1),
                            format::percent(hi, 1), QString::fromStdString(pb::criterionName(r.plan.criterion)),
                            format::seconds(r.seconds));
    if (r.greedy)
        text += QStringLiteral(" ") + tr("Calibration loss %1 (uniform) → <b>%2</b> after %3 moves.")
                                          .arg(r.greedy->start_loss, 0, 'f', 4)
                                          .arg(r.greedy->loss, 0, 'f', 4)
                                          .arg(r.greedy->moves.size());
    if (job.latency) {
        const pb::LatencyBudgetResult& l = *job.latency;
        const QString metric = job.metric == pb::LatencyMetric::Decode ? tr("decode") : tr("prefill");
        text += QStringLiteral(" ") + tr("Latency budget: %1 probes of uniform cuts put %2 of the original's %3 time at "
                                         "%4 of the parameters; the plan itself measured <b>%5×</b> of the original "
                                         "on %6.")
                                          .arg(l.probes.size())
                                          .arg(l.time_ratio, 0, 'f', 3)
                                          .arg(metric)
                                          .arg(format::percent(l.fraction, 1))
                                          .arg(job.plan_time_ratio, 0, 'f', 3)
                                          .arg(QString::fromStdString(l.original.device));
    }
    result_->setText(text);
}

} // namespace pb::ui
