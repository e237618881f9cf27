#include "ui/dependencies/GraphView.h"

#include "core/plan/sub_block.h"
#include "ui/importance/CriterionText.h"

#include <QApplication>
#include <QComboBox>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QMouseEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <QResizeEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "ui/dependencies/GraphAccessible.h"
#include "ui/widgets/Format.h"
#include "ui/dependencies/WhatIfPanel.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {
constexpr int kNodeRole = 0;   // QGraphicsItem::data key: node index (detail) or layer (overview)
constexpr double kShapeShare = 0.9;  // shape labels are this much of the name labels' size

QString shapeText(const std::vector<int64_t>& s) {
    QStringList parts;
    for (int64_t d : s) parts << QString::number(d);
    return QStringLiteral("[%1]").arg(parts.join(QStringLiteral(" × ")));
}

QString shortName(const std::string& hf) {
    const QString n = QString::fromStdString(hf);
    QStringList parts = n.split(QLatin1Char('.'));
    // model.layers.3.self_attn.q_proj.weight -> q_proj
    if (parts.size() >= 2) {
        const QString last = parts.back() == QLatin1String("weight") ? parts[parts.size() - 2] : parts[parts.size() - 2] + QStringLiteral(".bias");
        return last;
    }
    return n;
}

// Contiguous runs of sorted indices.
std::vector<std::pair<int64_t, int64_t>> runs(std::vector<int64_t> idx) {
    std::sort(idx.begin(), idx.end());
    std::vector<std::pair<int64_t, int64_t>> out;
    for (int64_t i : idx) {
        if (!out.empty() && out.back().second == i) ++out.back().second;
        else out.push_back({i, i + 1});
    }
    return out;
}

QString kindLabel(pb::GroupKind k) {
    switch (k) {
    case pb::GroupKind::AttentionGroup: return QObject::tr("KV group");
    case pb::GroupKind::QueryHead: return QObject::tr("Query head");
    case pb::GroupKind::MlpChannel: return QObject::tr("MLP channel");
    case pb::GroupKind::HiddenChannel: return QObject::tr("Hidden channel");
    case pb::GroupKind::Block: return QObject::tr("Block");
    case pb::GroupKind::AttentionSublayer: return QObject::tr("Attention sub-block");
    case pb::GroupKind::MlpSublayer: return QObject::tr("MLP sub-block");
    }
    return {};
}
const pb::GroupKind kKinds[] = {pb::GroupKind::AttentionGroup, pb::GroupKind::QueryHead, pb::GroupKind::MlpChannel,
                                pb::GroupKind::HiddenChannel, pb::GroupKind::AttentionSublayer, pb::GroupKind::MlpSublayer};
} // namespace

// ---------------------------------------------------------------------------------------
ZoomView::ZoomView(QWidget* parent) : QGraphicsView(parent) {
    installGraphAccessible();
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(themeColors().plot);
    setFrameShape(QFrame::NoFrame);
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [this]() { setBackgroundBrush(themeColors().plot); });
}

void ZoomView::zoomBy(double factor) {
    autoFit_ = false;
    const double current = transform().m11();
    const double next = std::clamp(current * factor, 0.15, 12.0);
    scale(next / current, next / current);
}

void ZoomView::fit(Fit mode) {
    fit_ = mode;
    autoFit_ = true;
    applyFit();
}

void ZoomView::applyFit() {
    if (!scene()) return;
    const QRectF r = sceneRect();
    if (fit_ == Fit::All) {
        fitInView(r, Qt::KeepAspectRatio);
        return;
    }
    const double s = std::min(1.0, (viewport()->width() - 4) / std::max(1.0, r.width()));
    setTransform(QTransform::fromScale(s, s));
}

void ZoomView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (autoFit_) applyFit();
    Q_EMIT viewportResized();
}

void ZoomView::wheelEvent(QWheelEvent* event) {
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    event->accept();
}

void ZoomView::mousePressEvent(QMouseEvent* event) {
    pressPos_ = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void ZoomView::mouseReleaseEvent(QMouseEvent* event) {
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && (event->position().toPoint() - pressPos_).manhattanLength() < 4)
        Q_EMIT clicked(mapToScene(pressPos_));
}

// ---------------------------------------------------------------------------------------
GraphView::GraphView(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), overview_(new ZoomView(this)), detail_(new ZoomView(this)),
      overviewScene_(new QGraphicsScene(this)), detailScene_(new QGraphicsScene(this)), kind_(new QComboBox(this)),
      unit_(new QSpinBox(this)), info_(new QLabel(this)), whatIf_(new WhatIfPanel(bench, this)) {
    setObjectName(QStringLiteral("graphView"));
    overview_->setScene(overviewScene_);
    detail_->setScene(detailScene_);
    for (pb::GroupKind k : kKinds) kind_->addItem(kindLabel(k), static_cast<int>(k));
    kind_->setToolTip(tr("Which coupled structure a click selects"));
    unit_->setToolTip(tr("Unit index within the layer (channel index for hidden channels)"));
    info_->setObjectName(QStringLiteral("graphInfo"));
    info_->setWordWrap(true);
    info_->setTextFormat(Qt::RichText);
    info_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    info_->setMinimumWidth(260);

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    auto* hint = new QLabel(tr("Click a block on the left, then a row or column of a tensor. Wheel: zoom · drag: pan."), this);
    hint->setObjectName(QStringLiteral("sectionHint"));
    hint->setToolTip(dependencyRuleText());
    // The info mark is the style's icon: a glyph such as U+24D8 is missing from common fonts.
    auto* ruleIcon = new QLabel(this);
    ruleIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(14, 14));
    ruleIcon->setToolTip(dependencyRuleText());
    auto* rule = new QLabel(tr("The dependency rule"), this);
    rule->setObjectName(QStringLiteral("sectionHint"));
    rule->setToolTip(dependencyRuleText());
    kind_->setToolTip(kind_->toolTip() + QStringLiteral("<br><br>") + dependencyRuleText());
    info_->setToolTip(dependencyRuleText());
    bar->addWidget(hint, 1);
    bar->addWidget(rule);
    bar->addWidget(ruleIcon);
    // Screen readers name each field; "Select" is the combo's buddy (Alt+S).
    kind_->setAccessibleName(tr("Coupled structure to select"));
    unit_->setAccessibleName(tr("Unit index"));
    overview_->setAccessibleName(tr("Blocks of the model"));
    detail_->setAccessibleName(tr("Tensors of the selected block"));
    info_->setAccessibleName(tr("Selected coupled group"));
    ruleIcon->setAccessibleName(tr("The dependency rule"));
    auto* select = new QLabel(tr("&Select"), this);
    select->setBuddy(kind_);
    bar->addWidget(select);
    bar->addWidget(kind_);
    bar->addWidget(unit_);

    auto* side = new QWidget(this);
    side->setObjectName(QStringLiteral("tableCard"));
    auto* sl = new QVBoxLayout(side);
    sl->setContentsMargins(14, 12, 14, 12);
    sl->addWidget(info_, 1);
    sl->addWidget(whatIf_);

    auto* split = new QSplitter(this);
    split->addWidget(overview_);
    split->addWidget(detail_);
    split->addWidget(side);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    split->setStretchFactor(2, 2);
    split->setSizes({250, 700, 300});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(overview_, &ZoomView::clicked, this, [this](const QPointF& pos) {
        for (QGraphicsItem* item : overviewScene_->items(pos))
            if (item->data(kNodeRole).isValid()) {
                selectLayer(item->data(kNodeRole).toInt());
                return;
            }
    });
    connect(detail_, &ZoomView::clicked, this, &GraphView::pickAt);
    // The labels are sized for the fitted zoom: a new viewport size lays the block out again.
    connect(detail_, &ZoomView::viewportResized, this, [this]() {
        const QSize now = detail_->viewport()->size();
        if (detail_->autoFits() && (std::abs(now.width() - builtFor_.width()) > 8 || std::abs(now.height() - builtFor_.height()) > 8))
            buildDetail();
    });
    connect(kind_, &QComboBox::currentIndexChanged, this, [this]() {
        const pb::GroupSpec* g = currentGroup();
        unit_->setRange(0, g ? std::max<int>(0, int(g->units) - 1) : 0);
        buildDetail();
    });
    connect(unit_, &QSpinBox::valueChanged, this, &GraphView::buildDetail);
    connect(bench_, &Workbench::modelChanged, this, &GraphView::rebuild);
    connect(bench_->plan(), &PlanDocument::planChanged, this, &GraphView::rebuild);
    connect(bench_, &Workbench::scoresChanged, this, &GraphView::rebuild);
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &GraphView::rebuild);
    rebuild();
}

pb::GroupKind GraphView::kind() const { return static_cast<pb::GroupKind>(kind_->currentData().toInt()); }
int GraphView::unit() const { return unit_->value(); }

const pb::GroupSpec* GraphView::currentGroup() const {
    const pb::GroupKind k = kind();
    return graph_.find(k, k == pb::GroupKind::HiddenChannel ? -1 : layer_);
}

void GraphView::rebuild() {
    if (!bench_->model()) {
        overviewScene_->clear();
        detailScene_->clear();
        info_->setText(tr("Open a model to see its dependency graph."));
        return;
    }
    if (!(config_.layers == bench_->model()->config.layers) || config_.hidden != bench_->model()->config.hidden) {
        config_ = bench_->model()->config;
        graph_ = pb::buildDependencyGraph(config_);
        layer_ = std::min(layer_, int(config_.layers.size()) - 1);
    }
    resolved_ = bench_->resolvedPlan();
    buildOverview();
    const pb::GroupSpec* g = currentGroup();
    unit_->setRange(0, g ? std::max<int>(0, int(g->units) - 1) : 0);
    buildDetail();
}

void GraphView::selectLayer(int layer) {
    if (layer < 0 || layer >= int(config_.layers.size())) return;
    layer_ = layer;
    buildOverview();
    const pb::GroupSpec* g = currentGroup();
    unit_->setRange(0, g ? std::max<int>(0, int(g->units) - 1) : 0);
    buildDetail();
}

void GraphView::selectUnit(pb::GroupKind kind, int unit) {
    const QSignalBlocker b1(kind_), b2(unit_);
    kind_->setCurrentIndex(kind_->findData(static_cast<int>(kind)));
    const pb::GroupSpec* g = currentGroup();
    unit_->setRange(0, g ? std::max<int>(0, int(g->units) - 1) : 0);
    unit_->setValue(unit);
    buildDetail();
}

void GraphView::buildOverview() {
    overviewScene_->clear();
    const ThemeColors& tc = themeColors();
    const QColor kText = tc.text, kCaption = tc.caption, kLine = tc.border, kCard = tc.card;
    const pb::PruningPlan& plan = bench_->plan()->plan();
    // Summaries at least kMinLabelPointSize; the boxes as wide as the widest summary.
    QFont subFont = QApplication::font();
    subFont.setPointSizeF(std::max(kMinLabelPointSize, QFontInfo(subFont).pointSizeF() * 0.85));
    double w = 190;
    const QFontMetricsF subMetrics(subFont);
    auto summary = [&](int i) {
        const auto& d = config_.layers[size_t(i)];
        return tr("%1 heads / %2 KV · FFN %3 · %4").arg(d.n_heads).arg(d.n_kv_heads).arg(d.ffn).arg(format::compact(config_.layerParams(size_t(i))));
    };
    for (int i = 0; i < int(config_.layers.size()); ++i) w = std::max(w, subMetrics.horizontalAdvance(summary(i)) + 24);
    const double h = 44, gap = 14;
    double y = 0;
    QRectF selectedRect;
    auto box = [&](const QString& title, const QString& sub, int layer, bool removed, bool selected) {
        auto* r = overviewScene_->addRect(0, y, w, h, QPen(selected ? tc.accent : kLine, selected ? 2.0 : 1.0),
                                          removed ? QBrush(tc.removedFill) : QBrush(kCard));
        if (removed) {
            r->setPen(QPen(kLine, 1.0, Qt::DashLine));
            overviewScene_->addRect(0, y, w, h, Qt::NoPen, QBrush(QColor(tc.faint.red(), tc.faint.green(), tc.faint.blue(), 90), Qt::BDiagPattern));
        }
        if (layer >= 0) r->setData(kNodeRole, layer);
        if (selected) selectedRect = r->rect();
        auto* t = overviewScene_->addSimpleText(title);
        QFont f = t->font();
        f.setBold(true);
        t->setFont(f);
        t->setBrush(removed ? kCaption : kText);
        t->setPos(10, y + 5);
        auto* s = overviewScene_->addSimpleText(sub);
        s->setBrush(kCaption);
        s->setFont(subFont);
        s->setPos(10, y + 24);
        markAccessible(r, removed ? tr("%1, %2 (removed)").arg(title, sub) : tr("%1, %2").arg(title, sub), selected);
        if (y > 0) overviewScene_->addLine(w / 2, y - gap, w / 2, y, QPen(kLine, 1.2));
        y += h + gap;
    };
    box(tr("Embedding"), tr("%1 × %2").arg(config_.vocab).arg(config_.hidden), -1, false, false);
    for (int i = 0; i < int(config_.layers.size()); ++i) {
        const auto& d = config_.layers[size_t(i)];
        const bool dropped = std::find(plan.dropped_blocks.begin(), plan.dropped_blocks.end(), i) != plan.dropped_blocks.end();
        QString sub = dropped ? tr("removed by the depth plan") : summary(i);
        // Gemma 3: local (sliding-window) and global attention blocks alternate.
        const QString title = !config_.hasSlidingLayers() ? tr("Block %1").arg(i)
                              : d.sliding ? tr("Block %1 · local").arg(i)
                                          : tr("Block %1 · global").arg(i);
        box(title, sub, i, dropped, i == layer_);
    }
    box(tr("Final norm"), tr("RMSNorm [%1]").arg(config_.hidden), -1, false, false);
    box(tr("LM head"), config_.tie_embeddings ? tr("tied to the embedding") : tr("%1 × %2").arg(config_.vocab).arg(config_.hidden), -1,
        false, false);
    overviewScene_->setSceneRect(overviewScene_->itemsBoundingRect().adjusted(-10, -10, 10, 10));
    // Never narrower than the blocks at 1:1, so that Fit::Width keeps their summaries readable.
    overview_->setMinimumWidth(int(std::ceil(overviewScene_->sceneRect().width())) +
                               overview_->verticalScrollBar()->sizeHint().width() + 6);
    overview_->fit(ZoomView::Fit::Width);
    if (!selectedRect.isNull()) overview_->ensureVisible(selectedRect, 10, 120);
    notifyGraphChanged(overview_);
}

void GraphView::buildDetail() {
    detailScene_->clear();
    highlighted_ = 0;
    const ThemeColors& tc = themeColors();
    const QColor kText = tc.text, kCaption = tc.caption, kTensor = tc.tensor, kTensorEdge = tc.tensorEdge,
                 kHighlight = tc.highlight, kRemoved = tc.hatch;
    if (config_.layers.empty()) return;
    const int l = layer_;
    whatIf_->setUnit(l, kind(), unit());
    const double scale = 150.0 / double(std::max<int64_t>(1, config_.hidden));
    const bool dropped = std::find(bench_->plan()->plan().dropped_blocks.begin(), bench_->plan()->plan().dropped_blocks.end(), l) !=
                         bench_->plan()->plan().dropped_blocks.end();

    // Place this layer's weight tensors: attention row, then MLP row. The labels grow (in
    // scene units) until, at the zoom that fits the block, the smallest is readable
    // (kMinLabelPointSize): the fit shrinks the scene, the labels must not shrink with it.
    struct Placed {
        int node;
        QRectF rect;
    };
    std::vector<Placed> placed;
    // Roles a family lacks (gemma3's q/k and post norms in LLaMA) have no node and take no place.
    const pb::TensorRole rowA[] = {pb::TensorRole::AttnNorm, pb::TensorRole::Q,     pb::TensorRole::K,
                                   pb::TensorRole::V,        pb::TensorRole::QNorm, pb::TensorRole::KNorm,
                                   pb::TensorRole::O,        pb::TensorRole::PostAttnNorm};
    const pb::TensorRole rowB[] = {pb::TensorRole::FfnNorm, pb::TensorRole::Gate, pb::TensorRole::Up,
                                   pb::TensorRole::Down,    pb::TensorRole::PostFfnNorm};
    QFont nameFont = QApplication::font(), shapeFont = nameFont, titleFont = nameFont;
    double namePt = std::max(nameFont.pointSizeF(), kMinLabelPointSize / kShapeShare);
    double nameHeight = 0, shapeHeight = 0, titleHeight = 0;
    QSizeF extent;
    auto layout = [&]() {
        nameFont.setPointSizeF(namePt);
        shapeFont.setPointSizeF(namePt * kShapeShare);
        titleFont.setPointSizeF(namePt * 1.2);
        titleFont.setBold(true);
        const QFontMetricsF nm(nameFont), sm(shapeFont);
        nameHeight = nm.height();
        shapeHeight = sm.height();
        titleHeight = QFontMetricsF(titleFont).height();
        placed.clear();
        double right = 0;
        auto place = [&](const pb::TensorRole* roles, int n, double y) {
            double x = 0, tallest = 0;
            for (int i = 0; i < n; ++i) {
                for (int k = 0; k < int(graph_.nodes.size()); ++k) {
                    const auto& node = graph_.nodes[size_t(k)];
                    if (node.layer != l || node.role != roles[i] || node.bias) continue;
                    const double hgt = std::max(4.0, double(node.shape[0]) * scale);
                    const double wid = node.shape.size() > 1 ? std::max(4.0, double(node.shape[1]) * scale) : 10.0;
                    placed.push_back({k, QRectF(x, y, wid, hgt)});
                    const double label = std::max(nm.horizontalAdvance(shortName(node.name)), sm.horizontalAdvance(shapeText(node.shape)));
                    right = std::max(right, x + std::max(wid, label));
                    x += std::max(wid, label) + 40;
                    tallest = std::max(tallest, hgt);
                }
            }
            return tallest;
        };
        const double yA = titleHeight + 12 + nameHeight + 4;
        const double yB = yA + place(rowA, int(std::size(rowA)), yA) + 4 + shapeHeight + 36 + nameHeight + 4;
        extent = QSizeF(right, yB + place(rowB, int(std::size(rowB)), yB) + 4 + shapeHeight);
    };
    const QSize viewport = detail_->viewport()->size();
    builtFor_ = viewport;
    // Converges while the labels' share of the width is small against the viewport; below
    // about 450 px the labels of a row cannot all be that large side by side.
    for (int pass = 0; pass < 12; ++pass) {
        layout();
        if (viewport.width() < 200 || viewport.height() < 150) break;  // not laid out yet: resized later
        // As ZoomView::fit(Fit::All) will scale: fitInView with its 2-pixel margin, scene margin 20.
        const double zoom = std::min((viewport.width() - 4) / (extent.width() + 40), (viewport.height() - 4) / (extent.height() + 40));
        if (zoom <= 0 || namePt * kShapeShare * zoom >= kMinLabelPointSize - 0.01) break;
        namePt = kMinLabelPointSize / kShapeShare / zoom * 1.02;
    }

    auto* title = detailScene_->addSimpleText(dropped ? tr("Block %1 — removed by the depth plan").arg(l) : tr("Block %1").arg(l));
    title->setFont(titleFont);
    title->setBrush(kText);
    title->setPos(0, 0);

    // Tensors with names and shapes.
    std::map<int, QGraphicsRectItem*> tensorItems;
    for (const Placed& p : placed) {
        const auto& node = graph_.nodes[size_t(p.node)];
        auto* r = detailScene_->addRect(p.rect, QPen(kTensorEdge, 1.0), QBrush(dropped ? tc.removedFill : kTensor));
        r->setData(kNodeRole, p.node);
        r->setToolTip(tr("%1 %2").arg(QString::fromStdString(node.name), shapeText(node.shape)));
        tensorItems[p.node] = r;
        auto* name = detailScene_->addSimpleText(shortName(node.name));
        name->setFont(nameFont);
        name->setBrush(kText);
        name->setPos(p.rect.left(), p.rect.top() - nameHeight - 4);
        auto* shape = detailScene_->addSimpleText(shapeText(node.shape));
        shape->setBrush(kCaption);
        shape->setFont(shapeFont);
        shape->setPos(p.rect.left(), p.rect.bottom() + 4);
    }
    auto rectOf = [&](int node) -> const QRectF* {
        for (const Placed& p : placed)
            if (p.node == node) return &p.rect;
        return nullptr;
    };
    auto band = [&](const QRectF& r, int dim, int64_t a, int64_t b, const QBrush& brush) {
        QRectF s = dim == 0 ? QRectF(r.left(), r.top() + a * scale, r.width(), std::max(1.5, (b - a) * scale))
                            : QRectF(r.left() + a * scale, r.top(), std::max(1.5, (b - a) * scale), r.height());
        auto* item = detailScene_->addRect(s.intersected(r), Qt::NoPen, brush);
        item->setAcceptedMouseButtons(Qt::NoButton);
    };

    // Units the plan removes (resolved against the current scores), hatched.
    const QBrush removedBrush(kRemoved, Qt::BDiagPattern);
    if (dropped) {
        for (const Placed& p : placed) band(p.rect, 0, 0, graph_.nodes[size_t(p.node)].shape[0], removedBrush);
    } else if (resolved_ && l < int(resolved_->layers.size())) {
        const pb::LayerPlan& lp = resolved_->layers[size_t(l)];
        auto hatchGroup = [&](pb::GroupKind k, const std::optional<std::vector<int64_t>>& keep) {
            const pb::GroupSpec* g = graph_.find(k, l);
            if (!g || !keep) return;
            for (int64_t u = 0; u < g->units; ++u) {
                if (std::find(keep->begin(), keep->end(), u) != keep->end()) continue;
                for (const auto& m : g->members)
                    if (const QRectF* r = rectOf(m.node); r && m.dim >= 0)
                        for (auto [a, b] : runs(pb::memberIndices(m, u))) band(*r, m.dim, a, b, removedBrush);
            }
        };
        hatchGroup(resolved_->attention_unit == pb::AttentionUnit::Group ? pb::GroupKind::AttentionGroup : pb::GroupKind::QueryHead, lp.attention_keep);
        hatchGroup(pb::GroupKind::MlpChannel, lp.mlp_keep);
    }
    if (!dropped && resolved_) {  // a removed sub-block (core/plan/sub_block.h): its tensors hatched whole
        for (pb::GroupKind k : {pb::GroupKind::AttentionSublayer, pb::GroupKind::MlpSublayer}) {
            const pb::GroupSpec* sg = graph_.find(k, l);
            const pb::SubBlockPart part = k == pb::GroupKind::AttentionSublayer ? pb::SubBlockPart::Attention : pb::SubBlockPart::Mlp;
            if (!sg || !pb::removesSubBlock(*resolved_, {l, part})) continue;
            for (const auto& m : sg->members)
                if (const QRectF* r = rectOf(m.node)) band(*r, 0, 0, graph_.nodes[size_t(m.node)].shape[0], removedBrush);
        }
    }

    // The selected coupled group: every member's rows/columns in this block.
    const pb::GroupSpec* g = currentGroup();
    const int64_t u = unit_->value();
    std::set<int> memberNodes;
    std::map<int, QStringList> selectedSpans;  // node -> "rows 192–383", for screen readers
    QStringList lines;
    if (g && u < g->units) {
        const QBrush hl(kHighlight);
        for (const auto& m : g->members) {
            const auto& node = graph_.nodes[size_t(m.node)];
            if (m.dim < 0) {  // a sub-block's member: the whole tensor goes with it
                if (node.layer == l) lines << tr("<b>%1</b> the whole tensor").arg(shortName(node.name).toHtmlEscaped());
                if (const QRectF* r = rectOf(m.node)) {
                    selectedSpans[m.node] << tr("the whole tensor");
                    band(*r, 0, 0, node.shape[0], hl);
                    memberNodes.insert(m.node);
                    ++highlighted_;
                }
                continue;
            }
            const auto idx = pb::memberIndices(m, u);
            const auto rs = runs(idx);
            QStringList spans;
            for (auto [a, b] : rs) spans << (b - a == 1 ? QString::number(a) : QStringLiteral("%1–%2").arg(a).arg(b - 1));
            if (node.layer == l || node.layer < 0) {
                lines << tr("<b>%1</b> %2 %3").arg(shortName(node.name).toHtmlEscaped(),
                                                    m.dim == 0 ? tr("rows") : tr("columns"), spans.join(QStringLiteral(", ")));
            }
            if (const QRectF* r = rectOf(m.node)) {
                selectedSpans[m.node] << tr("%1 %2").arg(m.dim == 0 ? tr("rows") : tr("columns"), spans.join(QStringLiteral(", ")));
                for (auto [a, b] : rs) band(*r, m.dim, a, b, hl);
                memberNodes.insert(m.node);
                ++highlighted_;
            }
        }
    }
    // Rules of the edges among the highlighted tensors.
    QStringList rules;
    for (const auto& e : graph_.edges)
        if (memberNodes.count(e.from_node) && memberNodes.count(e.to_node)) {
            const QString r = QString::fromStdString(e.rule).toHtmlEscaped();
            if (!rules.contains(r)) rules << r;
        }
    QString html = QStringLiteral("<div style='font-size:12pt;font-weight:600'>%1</div>")
                       .arg(g ? tr("%1 %2 of block %3").arg(kindLabel(kind())).arg(u).arg(l) : tr("Nothing selected"));
    if (g && kind() == pb::GroupKind::HiddenChannel)
        html = QStringLiteral("<div style='font-size:12pt;font-weight:600'>%1</div>").arg(tr("Hidden channel %1 (whole model)").arg(u));
    const QString caption = kCaption.name();
    html += QStringLiteral("<p style='color:%2'>%1</p>")
                .arg(tr("Removed together: pruning one of these rows or columns forces removing all of them."), caption);
    if (!lines.isEmpty()) html += QStringLiteral("<p>") + lines.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
    if (kind() == pb::GroupKind::HiddenChannel)
        html += QStringLiteral("<p style='color:%2'>%1</p>").arg(tr("…and the same channel in every other block, the embedding and lm_head."), caption);
    if (g && (kind() == pb::GroupKind::AttentionGroup || kind() == pb::GroupKind::QueryHead))
        if (const std::string note = pb::attentionUnitRule(config_, l); !note.empty())
            html += QStringLiteral("<p style='color:%2'>%1</p>").arg(QString::fromStdString(note).toHtmlEscaped(), caption);
    if (!rules.isEmpty())
        html += QStringLiteral("<p style='color:%3;margin-top:8px'>%1</p><ul style='margin-left:-20px'><li>%2</li></ul>")
                    .arg(tr("Why they are coupled:"), rules.join(QStringLiteral("</li><li>")), caption);
    if (dropped)
        html += QStringLiteral("<p style='color:%2'>%1</p>").arg(tr("This whole block is removed by the depth plan."), tc.error.name());
    info_->setText(html);
    // Screen readers: each tensor with its shape and selected rows/columns; the view's
    // description is the side panel in plain text.
    for (const auto& [node, item] : tensorItems) {
        const auto& n = graph_.nodes[size_t(node)];
        QString name = tr("%1 %2").arg(shortName(n.name), shapeText(n.shape));
        const auto sel = selectedSpans.find(node);
        if (sel != selectedSpans.end()) name += tr(": selected %1").arg(sel->second.join(QStringLiteral("; ")));
        if (dropped) name += tr(" (removed by the depth plan)");
        markAccessible(item, name, sel != selectedSpans.end());
    }
    detail_->setAccessibleDescription(QTextDocumentFragment::fromHtml(html).toPlainText());
    detailScene_->setSceneRect(detailScene_->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    detail_->fit(ZoomView::Fit::All);
    notifyGraphChanged(detail_);
}

bool GraphView::pickAt(const QPointF& pos) {
    for (QGraphicsItem* item : detailScene_->items(pos)) {
        if (!item->data(kNodeRole).isValid()) continue;
        const int node = item->data(kNodeRole).toInt();
        const QRectF r = static_cast<QGraphicsRectItem*>(item)->rect();
        const double scale = 150.0 / double(std::max<int64_t>(1, config_.hidden));
        // Try the chosen kind first, then the others, for a member on this tensor.
        std::vector<pb::GroupKind> order = {kind()};
        for (pb::GroupKind k : kKinds)
            if (k != kind()) order.push_back(k);
        for (pb::GroupKind k : order) {
            const pb::GroupSpec* g = graph_.find(k, k == pb::GroupKind::HiddenChannel ? -1 : layer_);
            if (!g) continue;
            for (const auto& m : g->members) {
                if (m.node != node || m.dim < 0) continue;
                const double along = m.dim == 0 ? (pos.y() - r.top()) : (pos.x() - r.left());
                const int64_t index = static_cast<int64_t>(along / scale);
                const int64_t unit = index / std::max<int64_t>(1, m.width);
                if (unit < 0 || unit >= g->units) continue;
                selectUnit(k, int(unit));
                return true;
            }
        }
    }
    return false;
}

QString GraphView::explanation() const { return info_->text(); }

double GraphView::smallestLabelPointSize() const {
    double smallest = 0;
    for (const ZoomView* view : {overview_, detail_})
        for (const QGraphicsItem* item : view->scene()->items())
            if (const auto* text = qgraphicsitem_cast<const QGraphicsSimpleTextItem*>(item)) {
                const double pt = QFontInfo(text->font()).pointSizeF() * view->transform().m11();
                smallest = smallest == 0 ? pt : std::min(smallest, pt);
            }
    return smallest;
}

} // namespace pb::ui
