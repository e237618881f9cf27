#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "core/util/error.h"
#include "tests/ui/TestRegistry.h"
#include "ui/JobRunner.h"

using pb::ui::JobRunner;

namespace {
constexpr int kWaitMs = 10000;
}

class JobRunnerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliversResultOnGuiThread() {
        JobRunner runner;
        QSignalSpy succeeded(&runner, &JobRunner::succeeded);
        QSignalSpy finished(&runner, &JobRunner::finished);
        int result = 0;
        QThread* deliveredOn = nullptr;
        QThread* workedOn = nullptr;
        QVERIFY(runner.start(
            QStringLiteral("sum"),
            [&workedOn](const pb::ProgressFn& progress) {
                workedOn = QThread::currentThread();
                int sum = 0;
                for (int i = 1; i <= 10; ++i) {
                    pb::reportProgress(progress, i / 10.0, "adding");
                    sum += i;
                }
                return sum;
            },
            [&](int value) {
                result = value;
                deliveredOn = QThread::currentThread();
            }));
        QVERIFY(runner.busy());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(succeeded.count(), 1);
        QCOMPARE(result, 55);
        QCOMPARE(deliveredOn, QThread::currentThread());
        QVERIFY(workedOn != QThread::currentThread());
        QVERIFY(!runner.busy());
    }

    void reportsFailureMessage() {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        bool delivered = false;
        runner.start(
            QStringLiteral("fail"), [](const pb::ProgressFn&) -> int { throw pb::Error("tensor 'x' is broken"); },
            [&](int) { delivered = true; });
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.first().first().toString(), QStringLiteral("tensor 'x' is broken"));
        QVERIFY(!delivered);
    }

    void cancelStopsTheWorkAndDropsTheResult() {
        JobRunner runner;
        QSignalSpy cancelled(&runner, &JobRunner::cancelled);
        QSignalSpy progressed(&runner, &JobRunner::progressed);
        bool delivered = false;
        runner.start(
            QStringLiteral("endless"),
            [](const pb::ProgressFn& progress) {
                for (;;) {
                    pb::reportProgress(progress, 0.5, "spinning");
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
                return 0;
            },
            [&](int) { delivered = true; });
        QVERIFY(progressed.wait(kWaitMs));
        runner.cancel();
        QVERIFY(cancelled.wait(kWaitMs));
        QVERIFY(!delivered);
        QVERIFY(!runner.busy());
    }

    void throttlesProgressToAboutTenHertz() {
        JobRunner runner;
        QSignalSpy progressed(&runner, &JobRunner::progressed);
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(
            QStringLiteral("busy"),
            [](const pb::ProgressFn& progress) {
                const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(350);
                int calls = 0;
                while (std::chrono::steady_clock::now() < end) {
                    pb::reportProgress(progress, 0.1, "step");
                    ++calls;
                }
                return calls;
            },
            [](int) {});
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(progressed.count() >= 1 && progressed.count() <= 6, qPrintable(QString::number(progressed.count())));
    }

    void refusesASecondJobWhileBusy() {
        JobRunner runner;
        std::atomic<bool> release{false};
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.start(
            QStringLiteral("first"),
            [&release](const pb::ProgressFn&) {
                while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return 1;
            },
            [](int) {}));
        QVERIFY(!runner.start(QStringLiteral("second"), [](const pb::ProgressFn&) { return 2; }, [](int) {}));
        release = true;
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(runner.start(QStringLiteral("third"), [](const pb::ProgressFn&) { return 3; }, [](int) {}));
        QVERIFY(finished.wait(kWaitMs));
    }

    void destructorCancelsAndJoins() {
        auto runner = std::make_unique<JobRunner>();
        auto stopped = std::make_shared<std::atomic<bool>>(false);
        runner->start(
            QStringLiteral("endless"),
            [stopped](const pb::ProgressFn& progress) {
                try {
                    for (;;) {
                        pb::reportProgress(progress, 0.0, "spinning");
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    }
                } catch (const pb::Cancelled&) {
                    *stopped = true;
                    throw;
                }
                return 0;
            },
            [](int) {});
        runner.reset();
        QVERIFY(stopped->load());
    }
};

PB_UI_TEST(JobRunnerTest);
#include "tst_JobRunner.moc"
