#pragma once
// The dependency graph, drawn from pb::DependencyGraph (the one source of truth the
// applier also cuts by). Left: embedding → blocks → norm → lm_head with per-block
// summaries. Right: the selected block's tensors (norms, q/k/v/o, gate/up/down) drawn to
// scale with their shapes. Clicking a row or column picks the unit (KV group, query head,
// MLP channel or hidden channel) it belongs to and highlights every coupled row/column in
// every tensor, with the coupling rules in words. Units the plan removes are hatched.
// Wheel zooms, dragging pans.
#include <QGraphicsView>
#include <QWidget>

#include <optional>

#include "core/graph/dependency_graph.h"
#include "core/plan/plan.h"

class QComboBox;
class QGraphicsScene;
class QLabel;
class QSpinBox;

namespace pb::ui {

class WhatIfPanel;
class Workbench;

// A QGraphicsView with wheel zoom, hand-drag panning and a click signal (a press and
// release without dragging).
class ZoomView : public QGraphicsView {
    Q_OBJECT
public:
    enum class Fit { All, Width };
    explicit ZoomView(QWidget* parent = nullptr);
    void zoomBy(double factor);  // the user's zoom: no more fitting on resize
    // Fits the scene (all of it, or its width at most 1:1) until the user zooms.
    void fit(Fit mode);
    bool autoFits() const { return autoFit_; }  // true until the user zooms

Q_SIGNALS:
    void clicked(const QPointF& scenePos);
    void viewportResized();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyFit();
    QPoint pressPos_;
    bool autoFit_ = true;
    Fit fit_ = Fit::All;
};

class GraphView : public QWidget {
    Q_OBJECT
public:
    explicit GraphView(Workbench* bench, QWidget* parent = nullptr);

    int layer() const { return layer_; }
    pb::GroupKind kind() const;
    int unit() const;
    // The highlighted (node, index ranges) pairs of the current selection, for tests.
    int highlightedTensors() const { return highlighted_; }
    QString explanation() const;
    // Labels are never smaller than this on screen at the zoom a view opens with.
    static constexpr double kMinLabelPointSize = 8.0;
    // The on-screen point size of the smallest text in either view at its current zoom (tests).
    double smallestLabelPointSize() const;
    ZoomView* overview() const { return overview_; }
    ZoomView* detail() const { return detail_; }
    WhatIfPanel* whatIfPanel() const { return whatIf_; }

public Q_SLOTS:
    void selectLayer(int layer);
    void selectUnit(pb::GroupKind kind, int unit);
    // Picks the unit under a detail-scene position (as a click does). Returns false when
    // the position is not on a tensor.
    bool pickAt(const QPointF& scenePos);

private:
    void rebuild();
    void buildOverview();
    void buildDetail();
    const pb::GroupSpec* currentGroup() const;

    Workbench* bench_;
    pb::ModelConfig config_;
    pb::DependencyGraph graph_;
    std::optional<pb::PruningPlan> resolved_;
    ZoomView* overview_;
    ZoomView* detail_;
    QGraphicsScene* overviewScene_;
    QGraphicsScene* detailScene_;
    QComboBox* kind_;
    QSpinBox* unit_;
    QLabel* info_;
    WhatIfPanel* whatIf_;
    int layer_ = 0;
    int highlighted_ = 0;
    QSize builtFor_;  // the detail viewport's size the labels were sized for
};

} // namespace pb::ui
