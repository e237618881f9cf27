#pragma once
// What a screen reader sees of the painted heatmap (ui/importance/HeatmapWidget): a table
// whose rows are layers and whose columns are the attention units, the MLP buckets and
// the block strip; each cell's name is its tooltip in one line ("Layer 4 · KV group 2 …;
// score … · 0.83 of the layer's range; Removed by the current plan").
class QWidget;

namespace pb::ui {

class HeatmapWidget;

// Registers the factory that gives HeatmapWidget its interface (once per process).
void installHeatmapAccessible();
// Tells assistive technology that the grid changed (new model, scores or plan).
void notifyHeatmapChanged(HeatmapWidget* heatmap);

} // namespace pb::ui
