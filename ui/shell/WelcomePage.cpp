#include "ui/shell/WelcomePage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace pb::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent), demo_(new QPushButton(tr("Open the demo model"), this)) {
    setObjectName(QStringLiteral("welcomePage"));
    auto* title = new QLabel(tr("PruneBench"), this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    auto* text = new QLabel(tr("Explore which parts of a LLaMA-family model matter, and prune them: "
                               "attention heads and MLP channels (width) or whole blocks (depth)."),
                            this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setFixedWidth(560);

    auto* folder = new QPushButton(tr("Open Folder…"), this);
    auto* gguf = new QPushButton(tr("Open GGUF…"), this);
    demo_->setObjectName(QStringLiteral("primaryButton"));
    connect(folder, &QPushButton::clicked, this, &WelcomePage::openFolderRequested);
    connect(gguf, &QPushButton::clicked, this, &WelcomePage::openGgufRequested);
    connect(demo_, &QPushButton::clicked, this, &WelcomePage::openDemoRequested);

    auto* hint = new QLabel(tr("or drop a model folder or a .gguf file onto this window"), this);
    hint->setObjectName(QStringLiteral("welcomeHint"));

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(10);
    buttons->addStretch(1);
    buttons->addWidget(demo_);
    buttons->addWidget(folder);
    buttons->addWidget(gguf);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(14);
    layout->addStretch(2);
    layout->addWidget(title, 0, Qt::AlignHCenter);
    // A word-wrapped label keeps its height-for-width only without a layout alignment.
    auto* textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(text);
    textRow->addStretch(1);
    layout->addLayout(textRow);
    layout->addSpacing(10);
    layout->addLayout(buttons);
    layout->addWidget(hint, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void WelcomePage::setDemoAvailable(bool available) { demo_->setVisible(available); }

} // namespace pb::ui
