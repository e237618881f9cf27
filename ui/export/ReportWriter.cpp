#include "ui/export/ReportWriter.h"

#include <exception>

#include "core/plan/plan.h"
#include "ui/charts/ChartExport.h"
#include "ui/jobs/ModelPtr.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"

namespace pb::ui {

pb::report::ReportData reportData(const Workbench& bench, const RecoverySession* recovery) {
    pb::report::ReportData d;
    if (!bench.model()) return d;
    const pb::LoadedModel& m = *bench.model();
    d.model = pb::report::summarizeModel(m.config, m.source.string());
    d.data_charts = false;  // the workbench's own charts come as PNG (writeReport)

    const PlanTotals t = bench.plan()->totals();
    const pb::PruningPlan& p = bench.plan()->plan();
    if (t.valid) {
        pb::report::PlanSummary s;
        s.criterion = bench.widthCriterion().toStdString();
        s.aggregation = bench.aggregation().toStdString();
        s.attention_unit = pb::attentionUnitName(p.attention_unit);
        s.params_before = t.paramsBefore, s.params_after = t.paramsAfter;
        s.macs_before = t.macsBefore, s.macs_after = t.macsAfter;
        s.removed_fraction = t.removedFraction;
        s.seconds = -1.0;  // not timed here
        s.dropped_blocks = p.dropped_blocks;
        s.layers = pb::report::layerWidths(m.config, p);
        s.blocks_before = t.blocksBefore, s.blocks_after = t.blocksAfter;
        s.latency_ratio = t.latencyRatio;
        // Measured latency (core/bench/latency.h) replaces the estimate where the workbench has it.
        const std::vector<pb::LatencyShape> shapes = bench.latencyShapes();
        if (shapes.size() >= 2) {
            const std::vector<pb::LatencyProfile> measured = bench.latencyProfiles({shapes[0], shapes[1]}, false);
            s.latency_before = measured[0];
            s.latency_after = measured[1];
        }
        s.equal_depth_blocks = t.equalDepthBlocks;
        s.equal_depth_fraction = t.equalDepthFraction;
        d.plan = s;
    }
    const JobSettings& settings = bench.settings();
    // The comparison as it ran: its text, windows and prompt (the settings may have changed).
    if (bench.comparison() && bench.comparedOn()) {
        const Workbench::ComparedOn& on = *bench.comparedOn();
        d.comparison = pb::report::ComparisonSummary{on.pplText, on.pplWindows, on.seqLen, on.prompt, *bench.comparison()};
    }
    if (!bench.sweepPoints().empty()) {
        pb::report::SweepSummary s;
        s.text = settings.pplText;
        s.windows = settings.pplWindows;
        s.seq_len = pb::defaults::kPplSeqLen;
        s.rows = bench.sweepPoints();
        d.sweep = s;
    }
    // The latency curves of the plan's shapes, when measured (Charts tab).
    {
        std::vector<pb::LatencyProfile> curves = bench.latencyProfiles(bench.latencyShapes(), true);
        const bool any = !curves.empty() && curves.front().measured() && curves.front().prefill.size() > 1;
        if (any) d.latency = pb::report::LatencySummary{std::move(curves)};
    }
    if (recovery && recovery->result()) {
        const auto& r = *recovery->result();
        pb::report::RecoverySummary s;
        s.steps = r.steps_done;
        s.rank = recovery->request().rank;
        s.alpha = recovery->request().alpha;
        s.lr = recovery->request().lr;
        s.val_before = r.val_before, s.val_after = r.val_after, s.train_final = r.train_final;
        s.seconds = r.seconds;
        s.before = r.before;
        s.after = r.after;
        d.recovery = s;
    }
    return d;
}

QStringList writeReport(const QString& path, const Workbench& bench, const RecoverySession* recovery,
                        const QList<ReportChart>& charts, QString* error, const std::vector<pb::SourcePath>& sources) {
    std::vector<pb::report::CallerChart> drawn;
    for (const ReportChart& c : charts) {
        QChartView* view = c.view;
        drawn.push_back({c.id.toStdString(), c.title.toStdString(), "png", [view](const std::string& file) {
                             return view && exportChartPng(view, QString::fromStdString(file));
                         }});
    }
    try {
        QStringList written;
        for (const std::string& f : pb::report::writeReport(path.toStdString(), reportData(bench, recovery), {}, sources, drawn))
            written << QString::fromStdString(f);
        return written;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return {};
    }
}

} // namespace pb::ui
