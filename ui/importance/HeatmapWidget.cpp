#include "ui/importance/HeatmapWidget.h"

#include <QHelpEvent>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "ui/importance/CriterionText.h"
#include "ui/importance/HeatmapAccessible.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {
constexpr double kLeft = 64, kTop = 34, kBottom = 46, kRight = 16, kGap = 22, kBlockWidth = 30;

std::pair<double, double> range(const std::vector<double>& v) {
    if (v.empty()) return {0, 1};
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return {*lo, *hi};
}

double norm(double x, std::pair<double, double> r) {
    const double span = r.second - r.first;
    return span > 0 ? std::clamp((x - r.first) / span, 0.0, 1.0) : 0.5;
}

// Mean score of the channels in bucket b of n channels folded into `buckets` buckets.
std::pair<int64_t, int64_t> bucketSpan(int64_t n, int buckets, int b) {
    const int64_t lo = n * b / buckets, hi = n * (b + 1) / buckets;
    return {lo, std::max(hi, lo + 1)};
}

std::vector<double> bucketMeans(const std::vector<double>& v, int buckets) {
    std::vector<double> out;
    if (v.empty()) return out;
    const int nb = static_cast<int>(std::min<int64_t>(buckets, static_cast<int64_t>(v.size())));
    for (int b = 0; b < nb; ++b) {
        const auto [lo, hi] = bucketSpan(static_cast<int64_t>(v.size()), nb, b);
        double s = 0;
        for (int64_t i = lo; i < hi; ++i) s += v[static_cast<size_t>(i)];
        out.push_back(s / double(hi - lo));
    }
    return out;
}

QString sci(double v) { return QString::number(v, 'g', 4); }
} // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent) {
    installHeatmapAccessible();
    setObjectName(QStringLiteral("heatmap"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    placeholder_ = tr("Choose a criterion and press Score to see which units matter.");
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, qOverload<>(&QWidget::update));
}

QColor HeatmapWidget::colorFor(double t) {
    // The theme's sequential scale (ThemeColors::heat): unimportant close to the ground, important far from it.
    const auto& stops = themeColors().heat;
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, static_cast<int>(t));
    const double f = t - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                            a.blueF() + (b.blueF() - a.blueF()) * f);
}

void HeatmapWidget::contentChanged() {
    update();
    notifyHeatmapChanged(this);
}

void HeatmapWidget::setConfig(const pb::ModelConfig& config) {
    config_ = config;
    width_.reset();
    blocks_.reset();
    resolved_.reset();
    dropped_.clear();
    contentChanged();
}

void HeatmapWidget::setScores(const pb::WidthScores* width, const pb::BlockScores* blocks) {
    width_ = width ? std::optional<pb::WidthScores>(*width) : std::nullopt;
    blocks_ = blocks ? std::optional<pb::BlockScores>(*blocks) : std::nullopt;
    contentChanged();
}

void HeatmapWidget::setPlan(const std::optional<pb::PruningPlan>& resolved, const std::vector<int64_t>& dropped) {
    resolved_ = resolved;
    dropped_ = dropped;
    contentChanged();
}

void HeatmapWidget::setAttentionUnit(AttentionUnit unit) {
    unit_ = unit;
    contentChanged();
}

void HeatmapWidget::setBuckets(int buckets) {
    buckets_ = std::max(1, buckets);
    contentChanged();
}

void HeatmapWidget::setPlaceholder(const QString& text) {
    placeholder_ = text;
    contentChanged();
}

const std::vector<double>* HeatmapWidget::attentionScores(int layer) const {
    if (!width_) return nullptr;
    const auto& v = unit_ == AttentionUnit::Groups ? width_->attention_groups : width_->attention_heads;
    return layer >= 0 && layer < static_cast<int>(v.size()) ? &v[static_cast<size_t>(layer)] : nullptr;
}

int HeatmapWidget::attentionUnits(int layer) const {
    if (layer < 0 || layer >= static_cast<int>(config_.layers.size())) return 0;
    const auto& d = config_.layers[static_cast<size_t>(layer)];
    return static_cast<int>(unit_ == AttentionUnit::Groups ? d.n_kv_heads : d.n_heads);
}

bool HeatmapWidget::dropped(int layer) const {
    return std::find(dropped_.begin(), dropped_.end(), layer) != dropped_.end();
}

HeatmapWidget::Geometry HeatmapWidget::geometry() const {
    Geometry g;
    const int n = static_cast<int>(config_.layers.size());
    for (int l = 0; l < n; ++l) g.attentionUnits = std::max(g.attentionUnits, attentionUnits(l));
    const double w = width() - kLeft - kRight - kBlockWidth - 2 * kGap;
    const double h = height() - kTop - kBottom;
    g.rowHeight = n > 0 ? h / n : 0;
    // Attention gets a share that grows with its unit count, between 18% and 40%.
    const double attShare = std::clamp(0.06 * g.attentionUnits, 0.18, 0.40);
    const double aw = w * attShare;
    g.attention = QRectF(kLeft, kTop, aw, h);
    g.mlp = QRectF(kLeft + aw + kGap, kTop, w - aw, h);
    g.block = QRectF(g.mlp.right() + kGap, kTop, kBlockWidth, h);
    return g;
}

double HeatmapWidget::attentionCell(int layer, int unit) const {
    const auto* v = attentionScores(layer);
    if (!v || unit < 0 || unit >= static_cast<int>(v->size())) return -1;
    return norm((*v)[static_cast<size_t>(unit)], range(*v));
}

double HeatmapWidget::mlpBucket(int layer, int bucket) const {
    if (!width_ || layer < 0 || layer >= static_cast<int>(width_->mlp.size())) return -1;
    const auto means = bucketMeans(width_->mlp[static_cast<size_t>(layer)], buckets_);
    if (bucket < 0 || bucket >= static_cast<int>(means.size())) return -1;
    return norm(means[static_cast<size_t>(bucket)], range(means));
}

bool HeatmapWidget::attentionRemoved(int layer, int unit) const {
    if (dropped(layer)) return true;
    if (!resolved_ || layer >= static_cast<int>(resolved_->layers.size())) return false;
    const auto& keep = resolved_->layers[static_cast<size_t>(layer)].attention_keep;
    if (!keep) return false;
    const auto& d = config_.layers[static_cast<size_t>(layer)];
    const int64_t g = d.n_kv_heads > 0 ? d.n_heads / d.n_kv_heads : 1;
    const bool planByGroup = resolved_->attention_unit == pb::AttentionUnit::Group;
    auto kept = [&](int64_t u) { return std::find(keep->begin(), keep->end(), u) != keep->end(); };
    if (unit_ == AttentionUnit::Groups) {
        if (planByGroup) return !kept(unit);
        return false;  // head plans keep every group (some heads in each)
    }
    // Query head `unit` lives in group unit / g; head plans list heads.
    return planByGroup ? !kept(unit / g) : !kept(unit);
}

bool HeatmapWidget::mlpRemoved(int layer, int channel) const {
    if (dropped(layer)) return true;
    if (!resolved_ || layer < 0 || layer >= static_cast<int>(resolved_->layers.size())) return false;
    const auto& keep = resolved_->layers[static_cast<size_t>(layer)].mlp_keep;
    return keep && !std::binary_search(keep->begin(), keep->end(), int64_t(channel));
}

double HeatmapWidget::removedMlpShare(int layer, int bucket) const {
    if (dropped(layer)) return 1.0;
    if (!resolved_ || layer >= static_cast<int>(resolved_->layers.size())) return 0.0;
    const auto& keep = resolved_->layers[static_cast<size_t>(layer)].mlp_keep;
    const int64_t n = config_.layers[static_cast<size_t>(layer)].ffn;
    if (!keep || n == 0) return 0.0;
    const int nb = static_cast<int>(std::min<int64_t>(buckets_, n));
    const auto [lo, hi] = bucketSpan(n, nb, bucket);
    const auto first = std::lower_bound(keep->begin(), keep->end(), lo);
    const auto last = std::lower_bound(keep->begin(), keep->end(), hi);
    return 1.0 - double(last - first) / double(hi - lo);
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const ThemeColors& colors = themeColors();
    p.fillRect(rect(), colors.card);
    const QColor caption = colors.caption, text = colors.text, line = colors.line;
    const int n = static_cast<int>(config_.layers.size());
    if (n == 0 || !hasScores()) {
        p.setPen(caption);
        p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    const Geometry g = geometry();
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() - 1.5));
    p.setFont(small);

    // Section titles.
    p.setPen(text);
    const QString attTitle = unit_ == AttentionUnit::Groups ? tr("Attention · KV groups") : tr("Attention · query heads");
    p.drawText(QRectF(g.attention.left(), 4, g.attention.width(), kTop - 8), Qt::AlignLeft | Qt::AlignBottom, attTitle);
    const int64_t ffn = config_.layers.front().ffn;
    const int nb = static_cast<int>(std::min<int64_t>(buckets_, std::max<int64_t>(1, ffn)));
    p.drawText(QRectF(g.mlp.left(), 4, g.mlp.width(), kTop - 8), Qt::AlignLeft | Qt::AlignBottom,
               tr("MLP channels · %1 buckets of ≈%2").arg(nb).arg(ffn / std::max(1, nb)));
    p.drawText(QRectF(g.block.left() - 12, 4, g.block.width() + 24, kTop - 8), Qt::AlignHCenter | Qt::AlignBottom, tr("Block"));

    const QBrush hatch(colors.hatch, Qt::BDiagPattern);
    const QColor wash = colors.wash;
    const int labelEvery = std::max(1, static_cast<int>(std::ceil(14.0 / std::max(1.0, g.rowHeight))));
    std::pair<double, double> blockRange{0, 1};
    if (blocks_) blockRange = range(blocks_->scores);

    for (int l = 0; l < n; ++l) {
        const double y = kTop + l * g.rowHeight;
        const double h = std::max(1.0, g.rowHeight - (g.rowHeight > 6 ? 1.0 : 0.0));
        if (l % labelEvery == 0) {
            p.setPen(caption);
            p.drawText(QRectF(0, y, kLeft - 10, g.rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                       tr("L%1").arg(l));
        }
        const bool gone = dropped(l);
        // Attention cells.
        const int au = attentionUnits(l);
        if (au > 0 && g.attentionUnits > 0) {
            const double cw = g.attention.width() / g.attentionUnits;
            for (int u = 0; u < au; ++u) {
                const QRectF cell(g.attention.left() + u * cw, y, std::max(1.0, cw - 1.0), h);
                const double v = attentionCell(l, u);
                p.fillRect(cell, v < 0 ? colors.absent : colorFor(v));
                if (attentionRemoved(l, u)) {
                    p.fillRect(cell, wash);
                    p.fillRect(cell, hatch);
                }
            }
        }
        // MLP buckets.
        if (width_ && l < static_cast<int>(width_->mlp.size()) && !width_->mlp[static_cast<size_t>(l)].empty()) {
            const auto means = bucketMeans(width_->mlp[static_cast<size_t>(l)], buckets_);
            const auto r = range(means);
            const double cw = g.mlp.width() / std::max<size_t>(1, means.size());
            for (size_t b = 0; b < means.size(); ++b) {
                const QRectF cell(g.mlp.left() + b * cw, y, cw + 0.5, h);
                p.fillRect(cell, colorFor(norm(means[b], r)));
                const double share = removedMlpShare(l, static_cast<int>(b));
                if (share > 0) {
                    const QRectF cut(cell.left(), cell.bottom() - h * share, cell.width(), h * share);
                    p.fillRect(cut, wash);
                    p.fillRect(cut, hatch);
                }
            }
        }
        // Block strip.
        const QRectF bcell(g.block.left(), y, g.block.width(), h);
        if (blocks_ && l < static_cast<int>(blocks_->scores.size())) {
            p.fillRect(bcell, colorFor(norm(blocks_->scores[static_cast<size_t>(l)], blockRange)));
        } else {
            p.fillRect(bcell, colors.absent);
        }
        if (gone) {
            p.fillRect(bcell, wash);
            p.fillRect(bcell, hatch);
        }
    }
    // Frames.
    p.setPen(line);
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.attention.adjusted(-0.5, -0.5, 0, 0));
    p.drawRect(g.mlp.adjusted(-0.5, -0.5, 0, 0));
    p.drawRect(g.block.adjusted(-0.5, -0.5, 0, 0));

    // Legend: palette, hatching.
    const double ly = height() - kBottom + 16;
    QLinearGradient grad(kLeft, 0, kLeft + 160, 0);
    for (int i = 0; i <= 8; ++i) grad.setColorAt(i / 8.0, colorFor(i / 8.0));
    p.fillRect(QRectF(kLeft, ly, 160, 10), grad);
    p.setPen(caption);
    p.drawText(QRectF(kLeft, ly + 11, 160, 16), Qt::AlignLeft, tr("low"));
    p.drawText(QRectF(kLeft, ly + 11, 160, 16), Qt::AlignRight, tr("high"));
    p.drawText(QRectF(kLeft + 172, ly - 3, 320, 16), Qt::AlignLeft | Qt::AlignVCenter,
               tr("importance, normalised per layer (blocks: per model)"));
    const QRectF hs(kLeft + 500, ly, 22, 10);
    p.fillRect(hs, colorFor(0.5));
    p.fillRect(hs, wash);
    p.fillRect(hs, hatch);
    p.drawText(QRectF(hs.right() + 8, ly - 3, 260, 16), Qt::AlignLeft | Qt::AlignVCenter, tr("removed by the current plan"));
}

int HeatmapWidget::mlpColumns() const {
    int nb = 0;
    if (width_)
        for (const auto& v : width_->mlp) nb = std::max(nb, static_cast<int>(std::min<int64_t>(buckets_, static_cast<int64_t>(v.size()))));
    return nb;
}

int HeatmapWidget::cellColumns() const {
    if (config_.layers.empty() || !hasScores()) return 0;
    return geometry().attentionUnits + mlpColumns() + 1;
}

QString HeatmapWidget::columnName(int column) const {
    const int au = geometry().attentionUnits, nb = mlpColumns();
    if (column < 0 || column > au + nb) return {};
    if (column < au) return (unit_ == AttentionUnit::Groups ? tr("KV group %1") : tr("Query head %1")).arg(column);
    if (column < au + nb) return tr("MLP bucket %1").arg(column - au);
    return tr("Block");
}

QString HeatmapWidget::cellText(int layer, int column) const {
    const int au = geometry().attentionUnits, nb = mlpColumns();
    if (layer < 0 || layer >= static_cast<int>(config_.layers.size()) || column < 0) return {};
    if (column < au) return attentionText(layer, column);
    if (column < au + nb) return mlpText(layer, column - au);
    if (column == au + nb) return blockText(layer);
    return {};
}

QRect HeatmapWidget::cellRect(int layer, int column) const {
    const Geometry g = geometry();
    const int nb = mlpColumns();
    const double y = kTop + layer * g.rowHeight;
    if (column < g.attentionUnits) {
        const double cw = g.attention.width() / std::max(1, g.attentionUnits);
        return QRectF(g.attention.left() + column * cw, y, cw, g.rowHeight).toAlignedRect();
    }
    if (column < g.attentionUnits + nb) {
        const double cw = g.mlp.width() / std::max(1, nb);
        return QRectF(g.mlp.left() + (column - g.attentionUnits) * cw, y, cw, g.rowHeight).toAlignedRect();
    }
    return QRectF(g.block.left(), y, g.block.width(), g.rowHeight).toAlignedRect();
}

QString HeatmapWidget::attentionText(int l, int u) const {
    const auto* v = attentionScores(l);
    if (!v || u < 0 || u >= static_cast<int>(v->size())) return {};
    const auto& d = config_.layers[static_cast<size_t>(l)];
    const int64_t per = d.n_kv_heads > 0 ? d.n_heads / d.n_kv_heads : 1;
    QString what = unit_ == AttentionUnit::Groups
                       ? tr("Layer %1 · KV group %2 (query heads %3–%4)").arg(l).arg(u).arg(u * per).arg(u * per + per - 1)
                       : tr("Layer %1 · query head %2 (KV group %3)").arg(l).arg(u).arg(u / std::max<int64_t>(1, per));
    return what + tr("\nscore %1 · %2 of the layer's range").arg(sci((*v)[static_cast<size_t>(u)])).arg(attentionCell(l, u), 0, 'f', 2) +
           (attentionRemoved(l, u) && !dropped(l) ? tr("\nRemoved by the current plan") : QString()) + droppedNote(l);
}

QString HeatmapWidget::mlpText(int l, int b) const {
    if (!width_ || l >= static_cast<int>(width_->mlp.size())) return {};
    const auto& v = width_->mlp[static_cast<size_t>(l)];
    if (v.empty()) return {};
    const int nb = static_cast<int>(std::min<int64_t>(buckets_, static_cast<int64_t>(v.size())));
    if (b < 0 || b >= nb) return {};
    const auto [lo, hi] = bucketSpan(static_cast<int64_t>(v.size()), nb, b);
    const auto [mn, mx] = std::minmax_element(v.begin() + lo, v.begin() + hi);
    const double share = removedMlpShare(l, b);
    return tr("Layer %1 · MLP channels %2–%3").arg(l).arg(lo).arg(hi - 1) +
           tr("\nmean score %1 (min %2, max %3)").arg(sci(bucketMeans(v, buckets_)[static_cast<size_t>(b)]), sci(*mn), sci(*mx)) +
           (share > 0 && !dropped(l) ? tr("\n%1 % of these channels removed by the plan").arg(std::lround(share * 100)) : QString()) +
           droppedNote(l);
}

QString HeatmapWidget::blockText(int l) const {
    if (!blocks_ || l >= static_cast<int>(blocks_->scores.size())) return {};
    return tr("Block %1 · %2 score %3").arg(l).arg(blocks_->criterion ? criterionLabel(pb::criterionName(*blocks_->criterion)) : QString(), sci(blocks_->scores[static_cast<size_t>(l)])) +
           droppedNote(l);
}

QString HeatmapWidget::droppedNote(int l) const {
    return dropped(l) ? tr("\nBlock removed by the plan (depth)") : QString();
}

QString HeatmapWidget::toolTipAt(const QPoint& pos) const {
    const int n = static_cast<int>(config_.layers.size());
    if (n == 0 || !hasScores()) return {};
    const Geometry g = geometry();
    if (g.rowHeight <= 0 || pos.y() < kTop || pos.y() >= kTop + n * g.rowHeight) return {};
    const int l = static_cast<int>((pos.y() - kTop) / g.rowHeight);
    if (g.attention.contains(pos) && g.attentionUnits > 0)
        return attentionText(l, static_cast<int>((pos.x() - g.attention.left()) / (g.attention.width() / g.attentionUnits)));
    if (g.mlp.contains(pos) && width_ && l < static_cast<int>(width_->mlp.size())) {
        const auto& v = width_->mlp[static_cast<size_t>(l)];
        if (v.empty()) return {};
        const int nb = static_cast<int>(std::min<int64_t>(buckets_, static_cast<int64_t>(v.size())));
        return mlpText(l, std::clamp(static_cast<int>((pos.x() - g.mlp.left()) / (g.mlp.width() / nb)), 0, nb - 1));
    }
    if (g.block.contains(pos)) return blockText(l);
    return {};
}

bool HeatmapWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace pb::ui
