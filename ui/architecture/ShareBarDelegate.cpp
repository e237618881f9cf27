#include "ui/architecture/ShareBarDelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace pb::ui {

namespace {
constexpr int kPadding = 8;
constexpr int kBarHeight = 8;
constexpr int kMinBarWidth = 60;
constexpr int kMaxBarWidth = 220;
} // namespace

ShareBarDelegate::ShareBarDelegate(int barRole, QObject* parent)
    : QStyledItemDelegate(parent), barRole_(barRole), barColor_(0x4a, 0x7b, 0xc0) {}

void ShareBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);  // background, selection

    // [bar, at most kMaxBarWidth] [text], left-aligned; the column's spare room stays empty.
    const QRect area = opt.rect.adjusted(kPadding, 0, -kPadding, 0);
    const int textWidth = opt.fontMetrics.horizontalAdvance(QStringLiteral("100.00 %"));
    const int barWidth = std::clamp(area.width() - textWidth - kPadding, 0, kMaxBarWidth);
    const QRect track(area.left(), area.center().y() - kBarHeight / 2 + 1, barWidth, kBarHeight);
    const QRect textRect(track.right() + kPadding, area.top(), textWidth, area.height());
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette& pal = opt.palette;
    QColor trackColor = pal.color(QPalette::Text);
    trackColor.setAlpha(22);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    if (track.width() > 0) {
        painter->setBrush(trackColor);
        painter->drawRoundedRect(track, kBarHeight / 2.0, kBarHeight / 2.0);
        const double fraction = std::clamp(index.data(barRole_).toDouble(), 0.0, 1.0);
        if (fraction > 0.0) {
            QRectF bar = track;
            bar.setWidth(std::max(static_cast<double>(kBarHeight), track.width() * fraction));
            painter->setBrush(barColor_);
            painter->drawRoundedRect(bar, kBarHeight / 2.0, kBarHeight / 2.0);
        }
    }
    painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    painter->drawText(textRect, Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

QSize ShareBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const int textWidth = option.fontMetrics.horizontalAdvance(QStringLiteral("100.00 %"));
    size.setWidth(std::max(size.width(), textWidth + kMinBarWidth + 3 * kPadding));
    return size;
}

} // namespace pb::ui
