#include "ui/shell/ScreenshotScene.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDebug>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <exception>
#include <memory>

#include "ui/charts/ChartsView.h"
#include "ui/charts/OverlayChart.h"
#include "ui/compare/CompareView.h"
#include "ui/dependencies/GraphView.h"
#include "ui/dependencies/WhatIfPanel.h"
#include "ui/importance/CriterionText.h"
#include "ui/importance/DisagreementView.h"
#include "ui/importance/HeatmapView.h"
#include "ui/plan/BudgetSearchCard.h"
#include "ui/plan/HiddenSizeCard.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/plan/UnitStrip.h"
#include "ui/recovery/RecoveryView.h"
#include "ui/session/JobRunner.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"
#include "ui/shell/MainWindow.h"

namespace pb::ui {

namespace {

// ready(ok) when the runner goes idle: a job accepted while another finishes (a plan
// action after its scoring) keeps it busy through that finished, so wait for the next.
void whenIdle(MainWindow& window, bool started, const std::function<void(bool)>& ready) {
    JobRunner* jobs = window.session()->jobs();
    if (!started) {
        ready(false);
        return;
    }
    struct State {
        bool ok = true;
        QList<QMetaObject::Connection> connections;
    };
    auto state = std::make_shared<State>();
    auto bad = [state]() { state->ok = false; };
    state->connections << QObject::connect(jobs, &JobRunner::failed, &window, bad)
                       << QObject::connect(jobs, &JobRunner::cancelled, &window, bad);
    state->connections << QObject::connect(jobs, &JobRunner::finished, &window, [state, jobs, ready]() {
        if (jobs->busy()) return;
        for (const QMetaObject::Connection& c : state->connections) QObject::disconnect(c);
        ready(state->ok);
    });
}

} // namespace

void prepareScreenshotScene(MainWindow& window, const QString& view, const std::function<void(bool)>& ready) {
    Workbench* bench = window.workbench();
    // Small settings so that every screenshot finishes in about a minute on 2 busy CPU cores.
    bench->setCalibrationSize(4, 64);
    bench->settings().pplWindows = 8;
    PlanDocument* plan = bench->plan();
    const int n = plan->layerCount();
    const int first = n >= 8 ? 4 : 0, last = n >= 8 ? n - 3 : n - 1;
    if (view == QLatin1String("graph")) {
        plan->applyGlobalRatio(0.34, 0.25, first, last);
        const int layer = std::min(first + 1, n - 1);
        window.graphView()->selectLayer(layer);
        // One KV head (Gemma 3 270M): its only group is the whole attention; show a query head instead.
        const bool one_group = plan->config().layers.at(size_t(layer)).n_kv_heads <= 1;
        window.graphView()->selectUnit(one_group ? pb::GroupKind::QueryHead : pb::GroupKind::AttentionGroup, 1);
        // The live what-if of that unit, when the model can answer (on the worker, < 1 s).
        WhatIfPanel* whatIf = window.graphView()->whatIfPanel();
        if (whatIf->runNow()) whenIdle(window, true, ready);
        else ready(true);
    } else if (view == QLatin1String("plan") && qEnvironmentVariableIsSet("PB_SCREENSHOT_BUDGET")) {
        // PB_SCREENSHOT_BUDGET=owl|greedy|uniform: the budget search at 20% loaded into the plan.
        BudgetSearchCard* budget = window.planEditor()->budgetSearch();
        window.planEditor()->showBudgetSearch();
        const pb::BudgetSearch method = pb::parseBudgetSearch(qEnvironmentVariable("PB_SCREENSHOT_BUDGET").toStdString());
        budget->methodCombo()->setCurrentIndex(budget->methodCombo()->findData(int(method)));
        budget->targetSpin()->setValue(20);
        // PB_SCREENSHOT_BUDGET_LATENCY=prefill|decode: a latency budget instead, 80% of the original's time.
        if (const QString metric = qEnvironmentVariable("PB_SCREENSHOT_BUDGET_LATENCY"); !metric.isEmpty()) {
            const pb::LatencyMetric m = pb::parseLatencyMetric(metric.toStdString());
            budget->budgetKind()->setCurrentIndex(budget->budgetKind()->findData(int(m)));
            budget->targetSpin()->setValue(80);
        }
        whenIdle(window, budget->runSearch(), ready);
    } else if (view == QLatin1String("plan")) {
        plan->applyGlobalRatio(0.25, 0.25, first, last);
        if (n > 4) plan->dropBlocks({n / 2, n / 2 + 2, n - 4});
        plan->setHiddenRatio(0.1);
        // Measured latency (cached points: at once), then the live what-if of a toggled KV group of
        // a pruned layer (or a query head with one KV head), then the hidden cut's measured effect.
        PlanEditor* editor = window.planEditor();
        whenIdle(window, editor->measureLatency(), [&window, editor, first, n, ready](bool ok) {
            if (!ok) {
                ready(false);
                return;
            }
            const int layer = std::min(first + 1, n - 1);
            editor->table()->selectRow(layer);
            UnitStrip* units = editor->unitStrip();
            units->setLayer(layer);
            const bool heads = window.workbench()->plan()->plan().attention_unit == pb::AttentionUnit::Head ||
                               window.workbench()->plan()->config().layers.at(size_t(layer)).n_kv_heads <= 1;
            if (QToolButton* b = units->button(heads ? pb::GroupKind::QueryHead : pb::GroupKind::AttentionGroup, heads ? 0 : 1))
                b->click();
            whenIdle(window, units->whatIfPanel()->runNow(), [&window, editor, ready](bool answered) {
                if (!answered) {
                    ready(false);
                    return;
                }
                whenIdle(window, editor->hiddenSize()->measureEffect(), ready);
            });
        });
    } else if (view == QLatin1String("heatmap")) {
        // The three edits in turns of their own, as a user's three clicks come (the stall probe
        // measures the GUI thread as a user meets it).
        plan->applyGlobalRatio(0.34, 0.25, first, last);
        QTimer::singleShot(0, &window, [&window, plan, bench, n, ready]() {
            plan->dropBlocks({n - 4});
            QTimer::singleShot(0, &window, [&window, bench, ready]() {
                // PB_SCREENSHOT_CRITERION=fusion: the width criterion shown (fusion shows its alpha per layer).
                const QString width = qEnvironmentVariable("PB_SCREENSHOT_CRITERION", nameOf(pb::defaults::kWidthCriterion));
                whenIdle(window,
                         bench->selectCriteria(width, nameOf(pb::defaults::kAggregation), nameOf(pb::defaults::kBlockCriterion)),
                         ready);
            });
        });
    } else if (view == QLatin1String("disagreement")) {
        DisagreementView* d = window.heatmapView()->disagreementView();
        d->setCriteria(QStringLiteral("taylor_element1"), QStringLiteral("wanda_sp"));
        whenIdle(window, d->compare(), ready);  // scores both, then shows where they disagree
    } else if (view == QLatin1String("compare")) {
        plan->applyGlobalRatio(0.25, 0.25, first, last);
        bench->setWidthCriterion(QStringLiteral("wanda_sp"));
        window.compareView()->windowsSpin()->setValue(4);
        window.compareView()->tokensSpin()->setValue(16);
        // Scores wanda_sp once, compares, then measures the three shapes' latency curves.
        whenIdle(window, window.compareView()->prune(), [&window, bench, ready](bool ok) {
            if (!ok) {
                ready(false);
                return;
            }
            whenIdle(window, bench->measureLatency(bench->comparisonShapes(), true), ready);
        });
    } else if (view == QLatin1String("charts")) {
        // Larger than the other scenes' 1280 x 800: six charts share the tab, and the zero-shot
        // curves' legend and axis titles are cut at that size.
        window.resize(1600, 1000);
        // Other models' curves for the overlay: PB_SCREENSHOT_OVERLAY=FILE[:FILE...] (sweep --json files).
        for (const QString& file : qEnvironmentVariable("PB_SCREENSHOT_OVERLAY").split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
            QString error;
            if (!window.chartsView()->overlay()->addFile(file, &error)) qWarning().noquote() << error;
        }
        // Block scores for the sensitivity chart first, then the sweep.
        bench->settings().pplWindows = 4;
        const bool started =
            bench->selectCriteria(QString(), nameOf(pb::defaults::kAggregation), nameOf(pb::defaults::kBlockCriterion));
        whenIdle(window, started, [&window, ready](bool ok) {
            if (!ok) {
                ready(false);
                return;
            }
            window.chartsView()->fractionsEdit()->setText(QStringLiteral("0.1, 0.2"));
            window.chartsView()->setCriteria(QStringLiteral("wanda_sp"), QStringLiteral("block_bi"));
            // Zero-shot ticked: the sweep scores the built-in tasks at every point, so the
            // zero-shot curves (accuracy with its interval vs parameters removed) are drawn too.
            window.chartsView()->zeroShotCheck()->setChecked(true);
            // PB_SCREENSHOT_LORA_STEPS=N: then every point recovered with N LoRA steps (before vs after curves).
            window.chartsView()->loraSteps()->setValue(qEnvironmentVariableIntValue("PB_SCREENSHOT_LORA_STEPS"));
            whenIdle(window, window.chartsView()->runSweep(), [&window, ready](bool swept) {
                if (!swept) {
                    ready(false);
                    return;
                }
                // The latency curves of a width plan removing 20% of the parameters, its depth twin
                // and the original (what `prunebench-cli latency --target-params 0.2` measures).
                Workbench* b = window.workbench();
                const pb::ModelConfig& c = b->plan()->config();
                const int layers = b->plan()->layerCount();
                const int lo = layers >= 8 ? 4 : 0, hi = layers >= 8 ? layers - 3 : layers - 1;
                try {
                    const double r = pb::widthRatioForParamFraction(c, 0.2, lo, hi, pb::AttentionUnit::Group, 1);
                    b->plan()->applyGlobalRatio(r, r, lo, hi);
                } catch (const std::exception& e) {
                    qWarning().noquote() << e.what();
                }
                whenIdle(window, b->measureLatency(b->latencyShapes(), true), ready);
            });
        });
    } else if (view == QLatin1String("recovery")) {
        plan->applyGlobalRatio(0.25, 0.25, first, last);
        bench->setWidthCriterion(QStringLiteral("wanda_sp"));
        window.recoveryView()->stepsSpin()->setValue(10);
        window.recoveryView()->itemsSpin()->setValue(12);
        window.recovery()->request().cutoff = 64;
        window.recovery()->request().val_size = 8;
        whenIdle(window, window.recoveryView()->run(), ready);  // scores wanda_sp once, then recovers
    } else {
        ready(true);
    }
}

} // namespace pb::ui
