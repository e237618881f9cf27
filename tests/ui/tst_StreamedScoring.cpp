// The Importance tab's scoring job (jobs::score) streams a criterion from the model's file when
// it does not fit in memory: the streamed scores equal the in-memory ones, the result carries
// the status-line sentence, and a criterion that does not stream stays in memory.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/jobs/WorkbenchJobs.h"
#include "ui/session/ModelSession.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {

// The largest |a - b| over every list, relative to the largest |b|.
double worstRelative(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
    double scale = 0, worst = 0;
    for (const auto& row : b)
        for (double v : row) scale = std::max(scale, std::abs(v));
    for (size_t i = 0; i < b.size(); ++i)
        for (size_t k = 0; k < b[i].size(); ++k) worst = std::max(worst, std::abs(a[i][k] - b[i][k]));
    return scale > 0 ? worst / scale : 1.0;
}

jobs::ScoreRequest request(jobs::Streaming mode, const std::string& width, const std::string& block) {
    jobs::ScoreRequest r;
    r.calib.text = QStringLiteral(PB_FIXTURE_DIR "/../../README.md").toStdString();
    r.calib.samples = 4;
    r.calib.seq_len = 16;
    r.width_criterion = width;
    r.block_criterion = block;
    r.streaming = mode;
    return r;
}

} // namespace

class StreamedScoringTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void streamedScoresEqualInMemoryScores() {
        ModelSession session;
        QVERIFY(test::openTiny(session));
        const ModelPtr model = session.model();
        std::vector<std::string> notes;
        auto progress = [&](double, std::string_view message) {
            if (message.find("streamed block by block from the file") != std::string_view::npos) notes.emplace_back(message);
            return true;
        };
        const auto memory = jobs::score(model, request(jobs::Streaming::Never, "taylor_element1", "block_taylor"), {});
        const auto file = jobs::score(model, request(jobs::Streaming::Always, "taylor_element1", "block_taylor"), progress);
        QVERIFY(memory.streamed.empty());
        QCOMPARE(file.streamed.size(), size_t(2));
        QCOMPARE(file.streamed[0].criterion, std::string("taylor_element1"));
        QCOMPARE(file.streamed[1].criterion, std::string("block_taylor"));
        QVERIFY(file.streamed[0].asked);
        QCOMPARE(file.streamed[0].device, std::string("cpu"));
        QCOMPARE(notes.size(), size_t(2));  // said while the job ran, in the job's progress line
        QVERIFY(memory.width && file.width && memory.blocks && file.blocks);
        QVERIFY(worstRelative(file.width->mlp, memory.width->mlp) < 1e-5);
        QVERIFY(worstRelative(file.width->attention_groups, memory.width->attention_groups) < 1e-5);
        QVERIFY(worstRelative({file.blocks->scores}, {memory.blocks->scores}) < 1e-5);
    }

    void criteriaThatDoNotStreamStayInMemory() {
        ModelSession session;
        QVERIFY(test::openTiny(session));
        const auto r = jobs::score(session.model(), request(jobs::Streaming::Always, "l1", ""), {});
        QVERIFY(r.streamed.empty());
        QVERIFY(r.width.has_value());
    }

    void theTinyModelFitsSoAutoScoresInMemory() {
        ModelSession session;
        QVERIFY(test::openTiny(session));
        const auto r = jobs::score(session.model(), request(jobs::Streaming::Auto, "taylor_element1", ""), {});
        QVERIFY(r.streamed.empty());
    }

    void theStatusLineSaysWhyItStreamed() {
        jobs::ScoreResult::Streamed s;
        s.criterion = "taylor_element2";
        s.need_bytes = uint64_t(28) << 30;
        s.free_bytes = int64_t(11) << 30;
        s.device = "cuda:0";
        const QString line = Workbench::streamedSentence({s});
        // the criterion as the combos name it, not its id
        QVERIFY2(line.contains(QStringLiteral("Taylor element-wise, 2nd order was scored block by block from the model file")), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("taylor_element2")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("28.0 GiB beside the weights")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("11.0 GiB are free on cuda:0")), qPrintable(line));
        s.asked = true;
        QCOMPARE(Workbench::streamedSentence({s}),
                 QStringLiteral("Taylor element-wise, 2nd order was scored block by block from the model file."));
    }
};

PB_UI_TEST(StreamedScoringTest);
#include "tst_StreamedScoring.moc"
