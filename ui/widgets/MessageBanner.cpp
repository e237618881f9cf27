#include "ui/widgets/MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace pb::ui {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent), icon_(new QLabel(this)), title_(new QLabel(this)), details_(new QLabel(this)),
      technical_(new QLabel(this)),
      close_(new QToolButton(this)) {
    setObjectName(QStringLiteral("messageBanner"));
    title_->setObjectName(QStringLiteral("bannerTitle"));
    details_->setObjectName(QStringLiteral("bannerDetails"));
    title_->setWordWrap(true);
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    technical_->setObjectName(QStringLiteral("bannerTechnical"));
    technical_->setWordWrap(true);
    technical_->setTextFormat(Qt::PlainText);
    technical_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Smaller and grey (resources/styles/prunebench.qss #bannerTechnical).
    technical_->hide();
    close_->setText(tr("Dismiss"));
    close_->setAccessibleName(tr("Dismiss message"));
    close_->setToolTip(tr("Hide this message"));
    close_->setAutoRaise(true);
    connect(close_, &QToolButton::clicked, this, &QWidget::hide);

    auto* text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(title_);
    text->addWidget(details_);
    text->addSpacing(2);
    text->addWidget(technical_);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(14, 10, 10, 10);
    layout->setSpacing(12);
    layout->addWidget(icon_, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString& title, const QString& details, const QString& technical) {
    kind_ = kind;
    setProperty("kind", kind == Kind::Error ? QStringLiteral("error") : QStringLiteral("info"));
    style()->unpolish(this);
    style()->polish(this);
    const auto pixmap = kind == Kind::Error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxInformation;
    const int size = fontMetrics().height() + 4;
    icon_->setPixmap(style()->standardIcon(pixmap, nullptr, this).pixmap(size, size));
    title_->setText(title);
    details_->setText(details);
    details_->setVisible(!details.isEmpty());
    technical_->setText(technical);
    technical_->setVisible(!technical.isEmpty());
    show();
}

QString MessageBanner::title() const { return title_->text(); }
QString MessageBanner::details() const { return details_->text(); }
QString MessageBanner::technical() const { return technical_->text(); }

} // namespace pb::ui
