// One resolved plan from the views to every job, on the tiny fixture model: what the
// heatmap hatches is exactly what the exported Hugging Face folder lacks (heads, MLP
// channels and blocks, matched row by row against the original weights); Save Resolved
// Plan writes the hatched kept units; a changed calibration or criterion marks the plan
// stale, and a changed calibration never serves old scores.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/plan/plan.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/export/ExportDialog.h"
#include "ui/importance/CriterionCombo.h"
#include "ui/importance/HeatmapView.h"
#include "ui/importance/HeatmapWidget.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/plan/PlanFiles.h"
#include "ui/plan/PlanStateLabel.h"
#include "ui/session/JobRunner.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {

struct Bench {
    ModelSession session;
    Workbench bench{&session};
    RecoverySession recovery{&bench};
    bool open() {
        if (!test::openTiny(session)) return false;
        bench.setModel(session.model());
        bench.settings().calib.samples = 2;
        bench.settings().calib.seq_len = 32;
        return true;
    }
};

// The units of one layer the heatmap does not hatch (kept), ascending.
std::vector<int64_t> unhatchedGroups(const HeatmapWidget& w, int layer, int64_t groups) {
    std::vector<int64_t> kept;
    for (int g = 0; g < groups; ++g)
        if (!w.attentionRemoved(layer, g)) kept.push_back(g);
    return kept;
}
std::vector<int64_t> unhatchedChannels(const HeatmapWidget& w, int layer, int64_t channels) {
    std::vector<int64_t> kept;
    for (int c = 0; c < channels; ++c)
        if (!w.mlpRemoved(layer, c)) kept.push_back(c);
    return kept;
}

// For each unit (rowsPerUnit consecutive rows) of `out`, the unit of `orig` with the same
// bytes, or -1: which original units the exported tensor kept, in its order.
std::vector<int64_t> keptUnits(const pb::st::TensorInfo& orig, const pb::st::TensorInfo& out, int64_t rowsPerUnit) {
    std::vector<int64_t> kept;
    if (orig.shape.size() != 2 || out.shape.size() != 2 || orig.shape[1] != out.shape[1] || orig.dtype != out.dtype)
        return {-2};
    const uint64_t unitBytes = uint64_t(rowsPerUnit * orig.shape[1]) * pb::st::dtypeBytes(orig.dtype);
    for (int64_t b = 0; b < out.shape[0] / rowsPerUnit; ++b) {
        int64_t found = -1;
        for (int64_t g = 0; g < orig.shape[0] / rowsPerUnit && found < 0; ++g)
            if (std::memcmp(out.data + b * unitBytes, orig.data + g * unitBytes, unitBytes) == 0) found = g;
        kept.push_back(found);
    }
    return kept;
}

} // namespace

class ResolvedPlanTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The plan needs scores: Save scores once through the workbench's cache, then writes
    // the model cut by the plan the heatmap then hatches, and nothing else.
    void hatchedIsWhatTheExportLacks() {
        Bench b;
        QVERIFY(b.open());
        HeatmapView view(&b.bench);
        view.resize(1000, 600);
        b.bench.setWidthCriterion(QStringLiteral("l1"));
        b.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 0);  // layer 0: 1 of 2 KV groups, 24 of 48 channels
        b.bench.plan()->dropBlocks({1});
        QCOMPARE(b.bench.planState(), Workbench::PlanState::NeedsScores);
        QVERIFY(!b.bench.resolvedPlan());

        ExportDialog dialog(&b.bench, &b.recovery, {});
        dialog.dtypeCombo()->setCurrentText(QStringLiteral("f32"));
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("pruned"));
        dialog.pathEdit()->setText(out);
        QVERIFY(dialog.saveModel());
        QTRY_VERIFY_WITH_TIMEOUT(!b.session.jobs()->busy(), 120000);
        QVERIFY2(!dialog.messageIsError(), qPrintable(dialog.message()));
        QCOMPARE(b.bench.scoringJobsStarted(), 1);  // scored once, for the views and the export
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);
        QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("config.json"))));

        const HeatmapWidget& w = *view.heatmap();
        const pb::ModelConfig& c = b.bench.model()->config;
        QCOMPARE(c.numLayers(), int64_t(2));
        // Blocks: the hatched block is the one the export lacks.
        QVERIFY(!w.blockRemoved(0));
        QVERIFY(w.blockRemoved(1));
        QFile configFile(QDir(out).filePath(QStringLiteral("config.json")));
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
        QCOMPARE(config.value(QStringLiteral("num_hidden_layers")).toInt(), 1);

        const pb::st::Checkpoint original = pb::st::Checkpoint::open(test::tinyModelPath().toStdString());
        const pb::st::Checkpoint exported = pb::st::Checkpoint::open(out.toStdString());
        QVERIFY(!exported.find("model.layers.1.self_attn.k_proj.weight"));
        const auto pair = [&](const std::string& name) {
            const pb::st::TensorInfo* o = original.find("model.layers.0." + name);
            const pb::st::TensorInfo* e = exported.find("model.layers.0." + name);
            if (!o || !e) qFatal("tensor %s missing", name.c_str());
            return std::pair{o, e};
        };
        const pb::LayerDims& d = c.layers[0];
        const int64_t headDim = c.head_dim, perGroup = d.n_heads / d.n_kv_heads;
        // Heads: whole KV groups (k, v rows; q rows of the group's query heads).
        const std::vector<int64_t> keptGroups = unhatchedGroups(w, 0, d.n_kv_heads);
        QCOMPARE(int(keptGroups.size()), 1);
        for (const char* t : {"self_attn.k_proj.weight", "self_attn.v_proj.weight"}) {
            const auto [o, e] = pair(t);
            QCOMPARE(keptUnits(*o, *e, headDim), keptGroups);
        }
        {
            const auto [o, e] = pair("self_attn.q_proj.weight");
            QCOMPARE(keptUnits(*o, *e, headDim * perGroup), keptGroups);
        }
        // MLP channels: gate and up rows.
        const std::vector<int64_t> keptChannels = unhatchedChannels(w, 0, d.ffn);
        QCOMPARE(int(keptChannels.size()), 24);
        for (const char* t : {"mlp.gate_proj.weight", "mlp.up_proj.weight"}) {
            const auto [o, e] = pair(t);
            QCOMPARE(keptUnits(*o, *e, 1), keptChannels);
        }
    }

    void saveResolvedPlanWritesTheHatchedUnits() {
        Bench b;
        QVERIFY(b.open());
        HeatmapView view(&b.bench);
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(b.bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(finished.wait(60000));
        b.bench.plan()->applyGlobalRatio(0.5, 0.25, 0, 1);
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);
        ExportDialog dialog(&b.bench, &b.recovery, {});
        QTemporaryDir dir;
        const QString resolvedPath = dir.filePath(QStringLiteral("resolved.json"));
        const QString ratioPath = dir.filePath(QStringLiteral("ratios.json"));
        QVERIFY(dialog.saveResolvedPlan(resolvedPath));  // ready: written at once
        QVERIFY2(!dialog.messageIsError(), qPrintable(dialog.message()));
        QVERIFY(dialog.savePlan(ratioPath));
        QVERIFY(!b.session.jobs()->busy());

        const pb::PruningPlan resolved = pb::PruningPlan::load(resolvedPath.toStdString());
        QVERIFY(resolved.resolved());
        QCOMPARE(resolved.samples, int64_t(2));  // the calibration the units come from
        QCOMPARE(resolved.seq_len, int64_t(32));
        const pb::ModelConfig& c = b.bench.model()->config;
        const HeatmapWidget& w = *view.heatmap();
        for (int l = 0; l < int(c.numLayers()); ++l) {
            const pb::LayerDims& d = c.layers[size_t(l)];
            QVERIFY(resolved.layers[size_t(l)].attention_keep && resolved.layers[size_t(l)].mlp_keep);
            QCOMPARE(*resolved.layers[size_t(l)].attention_keep, unhatchedGroups(w, l, d.n_kv_heads));
            QCOMPARE(*resolved.layers[size_t(l)].mlp_keep, unhatchedChannels(w, l, d.ffn));
            QCOMPARE(int(resolved.layers[size_t(l)].mlp_keep->size()), 36);
        }
        // The ratio form is what it says: ratios, no kept units.
        const pb::PruningPlan ratios = pb::PruningPlan::load(ratioPath.toStdString());
        QVERIFY(!ratios.resolved());
        QCOMPARE(ratios.layers[0].mlp_ratio, 0.25);
        QVERIFY(!ratios.layers[0].mlp_keep);

        // The plan editor's Save Resolved Plan writes the same file.
        const QString again = dir.filePath(QStringLiteral("again.json"));
        bool wrote = false;
        QVERIFY(saveResolvedPlan(b.bench, again, [&wrote](bool ok, const QString&) { wrote = ok; }));
        QVERIFY(wrote);
        QVERIFY(pb::PruningPlan::load(again.toStdString()).toJson() == resolved.toJson());
    }

    void calibrationChangeMarksThePlanStale() {
        Bench b;
        QVERIFY(b.open());
        HeatmapView view(&b.bench);
        PlanEditor editor(&b.bench);
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        b.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QCOMPARE(b.bench.planState(), Workbench::PlanState::NeedsScores);
        QVERIFY(!editor.planStateLabel()->isHidden());
        QVERIFY(b.bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QStringLiteral("block_magnitude")));
        QVERIFY(finished.wait(60000));
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);
        QVERIFY(editor.planStateLabel()->isHidden());
        QVERIFY(view.planStateLabel()->isHidden());
        const pb::PruningPlan before = *b.bench.resolvedPlan();

        // Another calibration size in the Importance tab: the hatching stays, marked stale.
        view.samplesSpin()->setValue(3);
        QCOMPARE(b.bench.settings().calib.samples, int64_t(3));
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Stale);
        QVERIFY(!editor.planStateLabel()->isHidden());
        QVERIFY(!view.planStateLabel()->isHidden());
        QVERIFY2(editor.planStateLabel()->text().contains(QStringLiteral("other scores")),
                 qPrintable(editor.planStateLabel()->text()));
        QVERIFY(editor.planStateLabel()->text().contains(QStringLiteral("2 × 32")));
        QVERIFY(editor.planStateLabel()->text().contains(QStringLiteral("3 × 32")));
        QVERIFY(b.bench.resolvedPlan()->toJson() == before.toJson());  // what is hatched is unchanged
        if (const QString shots = qEnvironmentVariable("PB_TEST_SHOTS"); !shots.isEmpty()) {  // to look at
            editor.resize(1280, 520);
            view.resize(1280, 520);
            editor.grab().save(QDir(shots).filePath(QStringLiteral("plan-stale.png")));
            view.grab().save(QDir(shots).filePath(QStringLiteral("heatmap-stale.png")));
        }
        QVERIFY(!b.bench.isCached(QStringLiteral("l1"), QStringLiteral("sum"), QString()));

        // Back to the scored calibration: served from the cache, ready again.
        view.samplesSpin()->setValue(2);
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);
        QVERIFY(editor.planStateLabel()->isHidden());
        // Another criterion: stale too.
        b.bench.setWidthCriterion(QStringLiteral("l2"));
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Stale);
        b.bench.setWidthCriterion(QStringLiteral("l1"));
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);

        // Scoring the new calibration runs a job (the cache key holds the calibration).
        view.samplesSpin()->setValue(3);
        QVERIFY(view.score());
        QVERIFY(finished.wait(60000));
        QCOMPARE(b.bench.scoringJobsStarted(), 2);
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);
        QCOMPARE(b.bench.scoredCalibration().samples, int64_t(3));
        QCOMPARE(b.bench.resolvedPlan()->samples, int64_t(3));
    }

    // Save Resolved Plan names why it did not start: no model, a job running, a plan that
    // does not fit its scores (not "another job is running" for all of them).
    void saveResolvedPlanNamesWhyNot() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("resolved.json"));
        {
            ModelSession session;
            Workbench bench(&session);
            QString why;
            QVERIFY(!saveResolvedPlan(bench, path, {}, &why));
            QCOMPARE(why, QStringLiteral("No model is open."));
        }
        Bench b;
        QVERIFY(b.open());
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(b.bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QString()));
        QString why;
        QVERIFY(!saveResolvedPlan(b.bench, path, {}, &why));  // the scoring job runs
        QVERIFY2(why.contains(QStringLiteral("Another job is running")), qPrintable(why));
        QVERIFY(finished.wait(60000));

        // Scored, but the plan removes every KV group of layer 0: the resolve refuses it.
        pb::PruningPlan bad = b.bench.plan()->plan();
        bad.layers.resize(size_t(b.bench.model()->config.numLayers()));
        bad.layers[0].attention_ratio = 0.99;
        b.bench.plan()->replacePlan(bad, QStringLiteral("bad"));
        QSignalSpy failed(&b.bench, &Workbench::jobFailed);
        bool reported = false;
        why.clear();
        QVERIFY(!saveResolvedPlan(b.bench, path, [&reported](bool, const QString&) { reported = true; }, &why));
        QVERIFY2(why.contains(QStringLiteral("layer 0")) && why.contains(QStringLiteral("every head")), qPrintable(why));
        QVERIFY(!why.contains(QStringLiteral("Another job")));
        QVERIFY(!reported);
        QCOMPARE(failed.count(), 0);  // the caller shows the reason (no second message)
        QVERIFY(!QFile::exists(path));
        ExportDialog dialog(&b.bench, &b.recovery, {});
        QVERIFY(!dialog.saveResolvedPlan(path));
        QVERIFY(dialog.messageIsError());
        QVERIFY2(dialog.message().contains(QStringLiteral("every head")), qPrintable(dialog.message()));
    }

    // An action that cannot start after its scoring job is reported, never dropped silently.
    void actionThatCannotStartAfterScoringIsReported() {
        Bench b;
        QVERIFY(b.open());
        b.bench.setWidthCriterion(QStringLiteral("l1"));
        b.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QSignalSpy failed(&b.bench, &Workbench::jobFailed);
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        int ran = 0;
        QVERIFY(b.bench.runResolved([&ran](const pb::PruningPlan&) { ++ran; return false; }));  // scores first
        QVERIFY(finished.wait(60000));
        QCOMPARE(ran, 1);
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("could not start")),
                 qPrintable(failed.first().at(1).toString()));
    }

    // A needed criterion left empty takes the default as a choice: the views follow.
    void runResolvedChoosesTheDefaultCriterionVisibly() {
        Bench b;
        QVERIFY(b.open());
        HeatmapView view(&b.bench);
        b.bench.chooseCriteria(QString(), QStringLiteral("sum"), QString());
        b.bench.plan()->applyGlobalRatio(0.5, 0.5, 0, 1);
        QSignalSpy criteria(&b.bench, &Workbench::criteriaChanged);
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(b.bench.runResolved([](const pb::PruningPlan&) { return true; }));
        QCOMPARE(criteria.count(), 1);
        QCOMPARE(b.bench.chosen().width, nameOf(pb::defaults::kWidthCriterion));
        QVERIFY(b.bench.plan()->plan().criterion == pb::defaults::kWidthCriterion);
        QCOMPARE(view.widthCombo()->criterion(), nameOf(pb::defaults::kWidthCriterion));
        QVERIFY(finished.wait(120000));
    }

    // A cached choice picked while another scoring job runs stays shown when it finishes.
    void cachedChoiceDuringScoringIsKept() {
        Bench b;
        QVERIFY(b.open());
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(b.bench.selectCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QString()));
        QVERIFY(finished.wait(60000));
        QVERIFY(b.bench.selectCriteria(QStringLiteral("l2"), QStringLiteral("sum"), QString()));  // a job
        QVERIFY(b.session.jobs()->busy());
        b.bench.chooseCriteria(QStringLiteral("l1"), QStringLiteral("sum"), QString());  // cached: shown at once
        QCOMPARE(b.bench.widthCriterion(), QStringLiteral("l1"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(b.bench.widthCriterion(), QStringLiteral("l1"));  // not reverted to the job's l2
        QCOMPARE(b.bench.planState(), Workbench::PlanState::Ready);
        QVERIFY(b.bench.isCached(QStringLiteral("l2"), QStringLiteral("sum"), QString()));
    }

    // A calibration chosen elsewhere shows in the spin boxes at once (Score keeps it).
    void calibrationChosenElsewhereShowsInTheSpinBoxes() {
        Bench b;
        QVERIFY(b.open());
        HeatmapView view(&b.bench);
        b.bench.setCalibrationSize(3, 24);
        QCOMPARE(view.samplesSpin()->value(), 3);
        QCOMPARE(view.tokensSpin()->value(), 24);
        QVERIFY(view.score());
        QCOMPARE(b.bench.settings().calib.samples, int64_t(3));
        QCOMPARE(b.bench.settings().calib.seq_len, int64_t(24));
        QSignalSpy finished(b.session.jobs(), &JobRunner::finished);
        QVERIFY(finished.wait(60000));
    }
};

PB_UI_TEST(ResolvedPlanTest);
#include "tst_ResolvedPlan.moc"
