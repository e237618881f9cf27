// jobs::exportModel reports either writer's result alike: the path written, its size on
// disk, the model's parameter count and core's summary (a Hugging Face folder, a GGUF file).
#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <filesystem>
#include <string>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/jobs/ExportJobs.h"
#include "ui/session/ModelSession.h"

using namespace pb::ui;
namespace fs = std::filesystem;

namespace {
// Bytes of a file, or of the regular files in a folder and below.
uint64_t bytesOnDisk(const fs::path& p) {
    if (fs::is_regular_file(p)) return fs::file_size(p);
    uint64_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) n += e.file_size();
    return n;
}
} // namespace

class ExportJobsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bothFormatsReportWhatTheyWrote() {
        ModelSession session;
        QVERIFY(test::openTiny(session));
        const ModelPtr model = session.model();
        QTemporaryDir dir;
        for (const jobs::ExportFormat format : {jobs::ExportFormat::HuggingFace, jobs::ExportFormat::Gguf}) {
            const bool gguf = format == jobs::ExportFormat::Gguf;
            jobs::ExportRequest r;
            r.format = format;
            r.dtype = "f32";
            r.out_path = dir.filePath(gguf ? QStringLiteral("tiny.gguf") : QStringLiteral("tiny-hf")).toStdString();
            const jobs::ExportResult out = jobs::exportModel(model, r, {});
            QVERIFY2(fs::equivalent(out.path, r.out_path), out.path.c_str());
            QCOMPARE(fs::is_regular_file(out.path), gguf);
            QCOMPARE(out.bytes, bytesOnDisk(out.path));
            QCOMPARE(out.parameters, model->config.totalParams());
            QVERIFY2(out.summary.find(std::to_string(out.parameters) + " parameters") != std::string::npos,
                     out.summary.c_str());
        }
    }
};

PB_UI_TEST(ExportJobsTest);
#include "tst_ExportJobs.moc"
