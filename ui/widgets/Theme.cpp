#include "ui/widgets/Theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QStyleFactory>

// Q_INIT_RESOURCE must be used outside any namespace.
static void pbInitUiResources() { Q_INIT_RESOURCE(resources); }

namespace pb::ui {

void initResources() {
    static const bool once = (pbInitUiResources(), true);
    (void)once;
}

void applyTheme(QApplication& app) {
    initResources();
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QPalette p;
    const QColor canvas(0xf4, 0xf5, 0xf7), card(0xff, 0xff, 0xff), text(0x1f, 0x23, 0x28), muted(0x6e, 0x77, 0x81);
    p.setColor(QPalette::Window, canvas);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, card);
    p.setColor(QPalette::AlternateBase, QColor(0xf8, 0xf9, 0xfb));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, card);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, card);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Mid, QColor(0xd0, 0xd5, 0xdb));
    p.setColor(QPalette::Link, QColor(0x3d, 0x6f, 0xb6));
    p.setColor(QPalette::Disabled, QPalette::Text, muted);
    p.setColor(QPalette::Disabled, QPalette::WindowText, muted);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, muted);
    app.setPalette(p);

    QFile qss(QStringLiteral(":/styles/prunebench.qss"));
    if (qss.open(QIODevice::ReadOnly | QIODevice::Text)) app.setStyleSheet(QString::fromUtf8(qss.readAll()));
}

} // namespace pb::ui
