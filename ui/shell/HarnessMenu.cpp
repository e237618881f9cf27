#include "ui/shell/HarnessMenu.h"

#include <QAction>
#include <QActionGroup>
#include <QSettings>

#include "ui/session/Workbench.h"
#include "ui/shell/SettingsKeys.h"

namespace pb::ui {

HarnessMenu::HarnessMenu(Workbench* bench, QWidget* parent) : QMenu(tr("Zero-shot &Harness"), parent), bench_(bench) {
    setObjectName(QStringLiteral("harnessMenu"));
    setToolTipsVisible(true);
    auto* group = new QActionGroup(this);
    for (pb::zs::Harness h : pb::zs::harnesses()) {
        QAction* a = addAction(label(h), this, [this, h]() { choose(h); });
        a->setCheckable(true);
        a->setToolTip(tip(h));
        a->setStatusTip(tip(h));
        a->setData(QString::fromStdString(pb::zs::harnessName(h)));
        group->addAction(a);
        actions_ << a;
    }
    actionFor(bench_->settings().harness)->setChecked(true);
}

QAction* HarnessMenu::actionFor(pb::zs::Harness harness) const {
    const auto& all = pb::zs::harnesses();
    for (size_t i = 0; i < all.size(); ++i)
        if (all[i] == harness) return actions_.value(qsizetype(i));
    return actions_.value(0);
}

void HarnessMenu::choose(pb::zs::Harness harness) {
    QSettings().setValue(keys::kHarness, QString::fromStdString(pb::zs::harnessName(harness)));
    bench_->settings().harness = harness;
    actionFor(harness)->setChecked(true);
}

void HarnessMenu::restore(Workbench* bench) {
    QSettings settings;
    const QString name = settings.value(keys::kHarness).toString();
    if (name.isEmpty()) return;
    try {
        bench->settings().harness = pb::zs::parseHarness(name.toStdString());
    } catch (const std::exception&) {
        settings.remove(keys::kHarness);
    }
}

QString HarnessMenu::label(pb::zs::Harness harness) {
    switch (harness) {
    case pb::zs::Harness::LmEval: return tr("lm-eval (current lm-evaluation-harness)");
    case pb::zs::Harness::LmEval048: return tr("lm-eval 0.4.0–0.4.8 (no BOS)");
    case pb::zs::Harness::LlmPruner: return tr("LLM-Pruner's harness (lm-eval 0.3)");
    }
    return {};
}

QString HarnessMenu::tip(pb::zs::Harness harness) {
    switch (harness) {
    case pb::zs::Harness::LmEval:
        return tr("Context and continuation split from one encoding with the tokenizer's special tokens (BOS where it "
                  "adds one); trailing space moved into the continuation; an empty context is BOS");
    case pb::zs::Harness::LmEval048:
        return tr("As lm-eval, without special tokens: no BOS in front of the context");
    case pb::zs::Harness::LlmPruner:
        return tr("Context and continuation encoded separately without special tokens, nothing moved; an empty context "
                  "is EOS; LLM-Pruner's numbers were measured this way");
    }
    return {};
}

} // namespace pb::ui
