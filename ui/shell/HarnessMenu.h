#pragma once
// File › Zero-shot Harness: whose rules the zero-shot tasks of LoRA recovery and of sweeps
// follow (core/evalzs/harness.h: lm-eval, lm-eval-0.4.8, llm-pruner): how a request becomes
// tokens (BOS, white space, empty contexts). The choice goes to the workbench's job settings at
// once and is remembered (QSettings); restore() brings it back at start.
#include <QMenu>

#include "core/evalzs/harness.h"

namespace pb::ui {

class Workbench;

class HarnessMenu : public QMenu {
    Q_OBJECT
public:
    HarnessMenu(Workbench* bench, QWidget* parent = nullptr);

    void choose(pb::zs::Harness harness);  // into the settings and the workbench
    QAction* actionFor(pb::zs::Harness harness) const;
    // The remembered harness into the workbench (an unknown name is dropped).
    static void restore(Workbench* bench);
    // "lm-eval (current lm-evaluation-harness)", ... (translated)
    static QString label(pb::zs::Harness harness);
    static QString tip(pb::zs::Harness harness);

private:
    Workbench* bench_;
    QList<QAction*> actions_;  // in pb::zs::harnesses() order
};

} // namespace pb::ui
