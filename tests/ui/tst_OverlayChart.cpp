// The Charts tab's overlay of several models (ui/charts/OverlayChart): curves read from a sweep
// file through core's reader, one per model and kind, this session's sweep beside them, a
// bad file refused with one line and nothing changed, remove and clear.
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "core/report/results_json.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/charts/ChartsView.h"
#include "ui/charts/OverlayChart.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {

pb::SweepPoint point(const std::string& criterion, bool depth, double target, double ppl) {
    pb::SweepPoint p;
    p.criterion = criterion;
    p.depth = depth;
    p.target = target;
    p.removed_fraction = target;
    p.params = 100;
    p.ppl = ppl;
    return p;
}

// Two models, each with a dense point and two width and one depth criterion at 0.2 and 0.35.
pb::SizeSweepResult twoModels() {
    pb::SizeSweepResult r;
    r.text = "demo:moby-dick";
    const double scale[] = {1.0, 0.5};
    const char* names[] = {"demo", "demo:qwen2.5-0.5b"};
    for (int i = 0; i < 2; ++i) {
        pb::ModelSweep m;
        m.name = names[i];
        m.params = 1000 * (i + 1);
        m.points = {point("dense", false, 0, 10), point("l2", false, 0.2, 10 + 20 * scale[i]),
                    point("wanda_sp", false, 0.2, 10 + 10 * scale[i]), point("l2", false, 0.35, 10 + 60 * scale[i]),
                    point("block_bi", true, 0.2, 10 + 40 * scale[i]), point("block_bi", true, 0.35, 10 + 300 * scale[i])};
        r.models.push_back(m);
    }
    return r;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const std::string& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(text.data(), qint64(text.size()));
    return path;
}

int visibleLegendEntries(QChart* chart) {
    int n = 0;
    for (QLegendMarker* m : chart->legend()->markers()) n += m->isVisible();
    return n;
}

} // namespace

class OverlayChartTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsCurvesFromASweepFile() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        ChartsView view(&bench);
        view.resize(1200, 900);
        OverlayChart* overlay = view.overlay();
        QCOMPARE(overlay->curveCount(), 0);

        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("sizes.json"), pb::toJson(twoModels()).dump());
        QString error;
        QVERIFY2(overlay->addFile(path, &error), qPrintable(error));
        QCOMPARE(overlay->modelNames(), (QStringList{QStringLiteral("demo"), QStringLiteral("demo:qwen2.5-0.5b")}));
        QCOMPARE(overlay->modelList()->count(), 2);
        QCOMPARE(overlay->curveCount(), 4);  // two models x (width, depth)
        QChart* chart = overlay->chartView()->chart();
        QCOMPARE(chart->series().size(), 8);  // a line and its markers per curve
        QCOMPARE(visibleLegendEntries(chart), 2);  // one per model: its colour; the kind is the line style
        // The width curve of the second model: dense (0, 1), then the best width point at each
        // fraction relative to dense: wanda_sp at 0.2 (15 / 10), l2 at 0.35 (40 / 10).
        QLineSeries* qwenWidth = nullptr;
        for (QAbstractSeries* s : chart->series())
            if (auto* line = qobject_cast<QLineSeries*>(s); line && line->objectName() == QStringLiteral("demo:qwen2.5-0.5b · width"))
                qwenWidth = line;
        QVERIFY(qwenWidth);
        QCOMPARE(qwenWidth->count(), 3);
        QCOMPARE(qwenWidth->at(0), QPointF(0, 1));
        QCOMPARE(qwenWidth->at(1), QPointF(20, 1.5));
        QCOMPARE(qwenWidth->at(2), QPointF(35, 4));
        QVERIFY(overlay->csv().contains(QStringLiteral("\"demo:qwen2.5-0.5b\",width,wanda_sp,0.2,1.5")));

        // This session's sweep is drawn beside the files' models.
        const pb::SizeSweepResult sweeps = twoModels();
        bench.setSweepPoints(sweeps.models[0].points);
        QCOMPARE(overlay->curveCount(), 6);
        QCOMPARE(overlay->modelCount(), 2);

        // A bad file: one line naming it, nothing changes.
        const QString bad = writeFile(dir, QStringLiteral("bad.json"), R"({"models": [{"name": "x", "points": [{"criterion": "l2", "kind": "sideways"}]}]})");
        QVERIFY(!overlay->addFile(bad, &error));
        QVERIFY2(error.contains(bad) && error.contains(QStringLiteral("sideways")) && !error.contains(QLatin1Char('\n')),
                 qPrintable(error));
        QVERIFY(!overlay->addFile(dir.filePath(QStringLiteral("absent.json")), &error));
        QVERIFY(error.contains(QStringLiteral("absent.json")));
        QCOMPARE(overlay->modelCount(), 2);
        QCOMPARE(overlay->curveCount(), 6);

        // The same file again replaces its models instead of doubling them.
        QVERIFY(overlay->addFile(path, &error));
        QCOMPARE(overlay->modelCount(), 2);

        overlay->modelList()->setCurrentRow(0);
        overlay->removeSelected();
        QCOMPARE(overlay->modelNames(), QStringList{QStringLiteral("demo:qwen2.5-0.5b")});
        QCOMPARE(overlay->curveCount(), 4);
        overlay->clear();
        QCOMPARE(overlay->modelCount(), 0);
        QCOMPARE(overlay->curveCount(), 2);  // this session's sweep stays
        QVERIFY(!view.grab().toImage().isNull());
    }

    void readsAOneModelSweepFile() {
        ModelSession session;
        Workbench bench(&session);
        OverlayChart overlay(&bench);
        nlohmann::json points = nlohmann::json::array();
        const pb::SizeSweepResult sweeps = twoModels();
        for (const pb::SweepPoint& p : sweeps.models[1].points) points.push_back(pb::toJson(p));
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("one.json"), nlohmann::json{{"points", points}}.dump());
        QString error;
        QVERIFY2(overlay.addFile(path, &error), qPrintable(error));
        QCOMPARE(overlay.modelNames(), QStringList{QStringLiteral("one")});  // named after the file
        QCOMPARE(overlay.curveCount(), 2);
    }
};

PB_UI_TEST(OverlayChartTest);
#include "tst_OverlayChart.moc"
