#include "ui/architecture/CompositionBar.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

#include "ui/widgets/Format.h"

namespace pb::ui {

namespace {
constexpr int kBarHeight = 8;
constexpr int kGap = 8;         // bar to legend
constexpr int kSwatch = 8;
constexpr int kLegendSpacing = 22;
} // namespace

CompositionBar::CompositionBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void CompositionBar::setParts(const QList<Part>& parts) {
    parts_ = parts;
    updateGeometry();
    update();
}

QString CompositionBar::legendText(const Part& part) const {
    return tr("%1 %2").arg(part.label, format::percent(part.fraction, 1));
}

QSize CompositionBar::sizeHint() const {
    int legend = 0;
    for (const Part& part : parts_) legend += kSwatch + 6 + fontMetrics().horizontalAdvance(legendText(part)) + kLegendSpacing;
    return {std::max(240, legend), kBarHeight + kGap + fontMetrics().height()};
}

QSize CompositionBar::minimumSizeHint() const { return {120, sizeHint().height()}; }

void CompositionBar::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QRectF bar(0, 0, width(), kBarHeight);

    QPainterPath clip;
    clip.addRoundedRect(bar, kBarHeight / 2.0, kBarHeight / 2.0);
    painter.save();
    painter.setClipPath(clip);
    painter.fillRect(bar, palette().color(QPalette::Mid));
    double x = 0.0;
    for (const Part& part : parts_) {
        const double w = std::clamp(part.fraction, 0.0, 1.0) * bar.width();
        painter.fillRect(QRectF(x, 0, w, kBarHeight), part.color);
        x += w;
        // hairline between parts
        painter.fillRect(QRectF(x - 0.5, 0, 1.0, kBarHeight), palette().color(QPalette::Base));
    }
    painter.restore();

    int lx = 0;
    const int textTop = kBarHeight + kGap;
    const QFontMetrics fm = fontMetrics();
    for (const Part& part : parts_) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(part.color);
        painter.drawRoundedRect(QRectF(lx, textTop + (fm.height() - kSwatch) / 2.0, kSwatch, kSwatch), 2, 2);
        lx += kSwatch + 6;
        const QString text = legendText(part);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(lx, textTop, fm.horizontalAdvance(text) + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
        lx += fm.horizontalAdvance(text) + kLegendSpacing;
    }
}

} // namespace pb::ui
