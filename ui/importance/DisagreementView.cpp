#include "ui/importance/DisagreementView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

#include "ui/importance/CriterionCombo.h"
#include "ui/importance/CriterionText.h"
#include "ui/importance/DisagreementChart.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/StyledLabel.h"

namespace pb::ui {

namespace {

constexpr size_t kTopUnits = 25;

QLabel* caption(const QString& text, QWidget* parent) { return styledLabel(text, QStringLiteral("fieldCaption"), parent); }

QWidget* pair(CriterionCombo* a, CriterionCombo* b, QWidget* parent) {
    auto* w = new QWidget(parent);
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(8);
    l->addWidget(a);
    QLabel* vs = caption(QObject::tr("vs"), w);
    vs->setBuddy(b);  // screen readers: the caption names the second criterion
    l->addWidget(vs);
    l->addWidget(b);
    return w;
}

QString unitLabel(const pb::RankedUnit& u) {
    switch (u.kind) {
        case pb::UnitKind::KvGroup: return QObject::tr("KV group %1").arg(u.index);
        case pb::UnitKind::Head: return QObject::tr("query head %1").arg(u.index);
        case pb::UnitKind::MlpChannel: return QObject::tr("MLP channel %1").arg(u.index);
        case pb::UnitKind::Block: return QObject::tr("whole block");
    }
    return {};
}

QString kindPlural(pb::UnitKind k) {
    switch (k) {
        case pb::UnitKind::KvGroup: return QObject::tr("KV groups");
        case pb::UnitKind::Head: return QObject::tr("query heads");
        case pb::UnitKind::MlpChannel: return QObject::tr("MLP channels");
        case pb::UnitKind::Block: return QObject::tr("blocks");
    }
    return {};
}

QTableWidgetItem* cell(const QString& text, bool number = false) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QWidget* card(QWidget* content, QWidget* parent) {
    auto* c = new QWidget(parent);
    c->setObjectName(QStringLiteral("tableCard"));
    auto* l = new QVBoxLayout(c);
    l->setContentsMargins(1, 1, 1, 1);
    l->addWidget(content);
    return c;
}

} // namespace

DisagreementView::DisagreementView(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), kind_(new QComboBox(this)), pickers_(new QStackedWidget(this)),
      widthA_(new CriterionCombo(false, this)), widthB_(new CriterionCombo(false, this)),
      blockA_(new CriterionCombo(true, this)), blockB_(new CriterionCombo(true, this)), percent_(new QSpinBox(this)),
      compare_(new QPushButton(tr("Compare"), this)), summary_(new QLabel(this)), chart_(new DisagreementChart(this)),
      table_(new QTableWidget(0, 5, this)) {
    setObjectName(QStringLiteral("disagreementView"));
    kind_->addItem(tr("Width units"));
    kind_->addItem(tr("Blocks"));
    kind_->setToolTip(tr("Compare two width criteria (heads, KV groups, MLP channels) or two block criteria"));
    widthA_->setCriterion(QStringLiteral("taylor_element1"));
    widthB_->setCriterion(QStringLiteral("wanda_sp"));
    blockA_->setCriterion(QStringLiteral("block_bi"));
    blockB_->setCriterion(QStringLiteral("block_ppl"));
    pickers_->addWidget(pair(widthA_, widthB_, pickers_));
    pickers_->addWidget(pair(blockA_, blockB_, pickers_));
    pickers_->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    percent_->setRange(5, 80);
    percent_->setValue(20);
    percent_->setSuffix(tr(" %"));
    percent_->setToolTip(tr("The overlap compares what each criterion would remove at this fraction of each layer's units "
                            "(or of the blocks)"));
    compare_->setObjectName(QStringLiteral("primaryButton"));
    compare_->setToolTip(tr("Rank both criteria on the chosen calibration (scoring what is missing on a worker) and compare"));
    summary_->setObjectName(QStringLiteral("sectionHint"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    table_->setHorizontalHeaderLabels({tr("Layer"), tr("Unit"), tr("Rank A"), tr("Rank B"), tr("Gap")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setToolTip(tr("The units the two criteria rank most differently within their layer (rank 0 = least "
                          "important, 1 = most)"));

    kind_->setAccessibleName(tr("Kind of units compared"));
    widthA_->setAccessibleName(tr("First width criterion"));
    widthB_->setAccessibleName(tr("Second width criterion"));
    blockA_->setAccessibleName(tr("First block criterion"));
    blockB_->setAccessibleName(tr("Second block criterion"));
    percent_->setAccessibleName(tr("Fraction removed for the overlap"));
    chart_->setAccessibleName(tr("Rank correlation chart"));
    table_->setAccessibleName(tr("Most disputed units"));
    summary_->setAccessibleName(tr("Comparison summary"));

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    auto* kindCaption = caption(tr("Co&mpare"), this);
    kindCaption->setBuddy(kind_);
    bar->addWidget(kindCaption);
    bar->addWidget(kind_);
    bar->addWidget(pickers_);
    bar->addSpacing(12);
    auto* pctCaption = caption(tr("&overlap at"), this);
    pctCaption->setBuddy(percent_);
    bar->addWidget(pctCaption);
    bar->addWidget(percent_);
    bar->addStretch(1);
    bar->addWidget(compare_);

    auto* lower = new QHBoxLayout;
    lower->setSpacing(10);
    lower->addWidget(card(chart_, this), 3);
    lower->addWidget(card(table_, this), 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(bar);
    layout->addWidget(summary_);
    layout->addLayout(lower, 1);

    connect(kind_, &QComboBox::currentIndexChanged, this, [this](int i) {
        pickers_->setCurrentIndex(i);
        shown_.reset();
        chart_->setDisagreement(std::nullopt);
        table_->setRowCount(0);
        summary_->clear();
    });
    connect(compare_, &QPushButton::clicked, this, &DisagreementView::compare);
    connect(bench_, &Workbench::scoresChanged, this, &DisagreementView::showIfScored);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { compare_->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() {
        compare_->setEnabled(true);
        if (waiting_) showIfScored();
        waiting_ = false;
    });
    connect(bench_, &Workbench::modelChanged, this, [this]() {
        shown_.reset();
        chart_->setDisagreement(std::nullopt);
        table_->setRowCount(0);
        summary_->clear();
    });
}

bool DisagreementView::depth() const { return kind_->currentIndex() == 1; }

void DisagreementView::setDepth(bool depth) { kind_->setCurrentIndex(depth ? 1 : 0); }

void DisagreementView::setCriteria(const QString& a, const QString& b) {
    (depth() ? blockA_ : widthA_)->setCriterion(a);
    (depth() ? blockB_ : widthB_)->setCriterion(b);
}

QString DisagreementView::criterionA() const { return (depth() ? blockA_ : widthA_)->criterion(); }
QString DisagreementView::criterionB() const { return (depth() ? blockB_ : widthB_)->criterion(); }

bool DisagreementView::compare() {
    if (criterionA() == criterionB()) {
        summary_->setText(tr("Choose two different criteria to compare."));
        return false;
    }
    if (!bench_->model()) {
        summary_->setText(tr("Open a model to compare criteria on it."));
        return false;
    }
    const auto cached = [this](const QString& c) {
        return depth() ? bench_->cachedBlockScores(c) != nullptr : bench_->cachedWidthScores(c) != nullptr;
    };
    const bool haveA = cached(criterionA()), haveB = cached(criterionB());
    if (haveA && haveB) {
        waiting_ = true;
        showIfScored();
        waiting_ = false;
        return true;
    }
    if (!bench_->scoreIntoCache({criterionA(), criterionB()}, depth())) {
        summary_->setText(tr("Another job is running; press Compare again when it has finished."));
        return false;
    }
    waiting_ = true;
    summary_->setText(tr("Scoring %1 and %2 on the chosen calibration… progress and Cancel are in the status bar.")
                          .arg(criterionLabel(criterionA().toStdString()), criterionLabel(criterionB().toStdString())));
    return true;
}

void DisagreementView::showIfScored() {
    if (!waiting_) return;
    const double ratio = percent_->value() / 100.0;
    try {
        if (depth()) {
            const auto* a = bench_->cachedBlockScores(criterionA());
            const auto* b = bench_->cachedBlockScores(criterionB());
            if (!a || !b) return;
            const auto drop = static_cast<int64_t>(std::lround(ratio * double(a->scores.size())));
            show(pb::compareBlockScores(*a, *b, drop, a->scores.size()));
        } else {
            const auto* a = bench_->cachedWidthScores(criterionA());
            const auto* b = bench_->cachedWidthScores(criterionB());
            if (!a || !b) return;
            show(pb::compareWidthScores(*a, *b, ratio, kTopUnits));
        }
    } catch (const std::exception& e) {
        summary_->setText(tr("These scores cannot be compared: %1").arg(QString::fromUtf8(e.what())));
    }
}

void DisagreementView::show(const pb::Disagreement& d) {
    shown_ = d;
    chart_->setDisagreement(d);
    summary_->setText(summaryText(d));
    const size_t rows = std::min(d.top.size(), kTopUnits);
    table_->setRowCount(int(rows));
    const QString a = criterionLabel(d.criterion_a), b = criterionLabel(d.criterion_b);
    table_->setHorizontalHeaderLabels({d.kinds.at(0).kind == pb::UnitKind::Block ? tr("Block") : tr("Layer"), tr("Unit"),
                                       tr("Rank A"), tr("Rank B"), tr("Gap")});
    table_->horizontalHeaderItem(2)->setToolTip(tr("Rank under A, %1: 0 = least important in its layer, 1 = most").arg(a));
    table_->horizontalHeaderItem(3)->setToolTip(tr("Rank under B, %1: 0 = least important in its layer, 1 = most").arg(b));
    table_->horizontalHeaderItem(4)->setToolTip(tr("Rank A - rank B: above 0, A values the unit more"));
    for (size_t r = 0; r < rows; ++r) {
        const auto& u = d.top[r];
        table_->setItem(int(r), 0, cell(QString::number(u.layer), true));
        table_->setItem(int(r), 1, cell(unitLabel(u)));
        table_->setItem(int(r), 2, cell(QString::number(u.rank_a, 'f', 2), true));
        table_->setItem(int(r), 3, cell(QString::number(u.rank_b, 'f', 2), true));
        table_->setItem(int(r), 4, cell(QString::number(u.gap(), 'f', 2), true));
    }
}

QString DisagreementView::summaryText(const pb::Disagreement& d) const {
    const QString a = criterionLabel(d.criterion_a), b = criterionLabel(d.criterion_b);
    const int pct = int(std::lround(100 * d.ratio));
    QStringList parts;
    for (const auto& k : d.kinds) {
        const QString rho = std::isnan(k.mean_rho) ? tr("undefined") : QString::number(k.mean_rho, 'f', 2);
        if (std::isnan(k.mean_overlap))
            parts << tr("%1: mean ρ %2, none removed at this fraction").arg(kindPlural(k.kind), rho);
        else
            parts << tr("%1: mean ρ %2, %3% of what each removes is the same").arg(kindPlural(k.kind), rho)
                         .arg(std::lround(100 * k.mean_overlap));
    }
    return tr("A = %1, B = %2, each removing %3% — %4.\nρ = 1: the same order; 0: unrelated; -1: reversed. The table "
              "lists the units whose rank within their layer differs most (0 = least important, 1 = most).")
        .arg(a, b)
        .arg(pct)
        .arg(parts.join(QStringLiteral("; ")));
}

} // namespace pb::ui
