#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/util/error.h"
#include "tests/ui/TestRegistry.h"
#include "ui/session/JobRunner.h"

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

    // The last progress report (held back by the throttle), posted callbacks and the
    // result all arrive before succeeded and finished, in the order they were sent.
    void deliversEverythingBeforeFinished() {
        JobRunner runner;
        runner.setProgressInterval(1000);
        QStringList events;
        double lastFraction = -1;
        connect(&runner, &JobRunner::progressed, this, [&](double f, const QString&) {
            lastFraction = f;
            events << QStringLiteral("progress");
        });
        connect(&runner, &JobRunner::succeeded, this, [&]() { events << QStringLiteral("succeeded"); });
        connect(&runner, &JobRunner::finished, this, [&]() { events << QStringLiteral("finished"); });
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.startStreaming(
            QStringLiteral("stream"),
            [&events](const pb::ProgressFn& progress, const JobRunner::Post& post) {
                for (int i = 1; i <= 50; ++i) {
                    pb::reportProgress(progress, i / 50.0, "step");
                    post([&events, i]() { events << QStringLiteral("post %1").arg(i); });
                }
                return 7;
            },
            [&](int) { events << QStringLiteral("done"); }));
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(lastFraction, 1.0);
        const qsizetype done = events.indexOf(QStringLiteral("done"));
        QVERIFY(done > 0);
        QCOMPARE(events.mid(done), (QStringList{QStringLiteral("done"), QStringLiteral("succeeded"), QStringLiteral("finished")}));
        QStringList posts;
        for (const QString& e : events)
            if (e.startsWith(QLatin1String("post"))) posts << e;
        QCOMPARE(posts.size(), 50);
        for (int i = 0; i < 50; ++i) QCOMPARE(posts[i], QStringLiteral("post %1").arg(i + 1));
        QCOMPARE(events.count(QStringLiteral("progress")), 2);  // the first, and the held-back last one
        QCOMPARE(events.at(done - 1), QStringLiteral("progress"));
    }

    // A job started from a finished slot begins after every finished slot has run.
    void jobStartedWhileFinishingBeginsAfterFinished() {
        JobRunner runner;
        QStringList events;
        bool chained = false;
        connect(&runner, &JobRunner::started, this, [&](const QString& t) { events << QStringLiteral("started ") + t; });
        connect(&runner, &JobRunner::finished, this, [&]() {
            events << QStringLiteral("finished");
            if (!chained) {
                chained = true;
                QVERIFY(runner.start(QStringLiteral("second"), [](const pb::ProgressFn&) { return 2; }, [](int) {}));
                QVERIFY(runner.busy());
                QVERIFY(!runner.start(QStringLiteral("third"), [](const pb::ProgressFn&) { return 3; }, [](int) {}));
            }
        });
        connect(&runner, &JobRunner::finished, this, [&]() { events << QStringLiteral("finished (later slot)"); });
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.start(QStringLiteral("first"), [](const pb::ProgressFn&) { return 1; }, [](int) {}));
        QVERIFY(finished.wait(kWaitMs));
        if (finished.count() < 2) QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(events, (QStringList{QStringLiteral("started first"), QStringLiteral("finished"),
                                      QStringLiteral("finished (later slot)"), QStringLiteral("started second"),
                                      QStringLiteral("finished"), QStringLiteral("finished (later slot)")}));
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

    // A job that does not fit its device (the message of c10::OutOfMemoryError, which CUDA's
    // caching allocator throws; a std::exception like it: this test links no libtorch) fails with a message naming the device and what to try; the runner takes the next job.
    void outOfMemoryNamesTheDeviceAndWhatToTry() {
        JobRunner runner;
        runner.setDevice(QStringLiteral("cuda:0"));
        QSignalSpy failed(&runner, &JobRunner::failed);
        QVERIFY(runner.start(
            QStringLiteral("score"),
            [](const pb::ProgressFn&) -> int {
                throw std::runtime_error("CUDA out of memory. Tried to allocate 20.00 GiB. GPU 0 has a total capacity of 139.81 GiB");
            },
            [](int) {}));
        QVERIFY(failed.wait(kWaitMs));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("does not fit in the memory of cuda:0")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("bfloat16")) && message.contains(QLatin1String("smaller calibration batch")) &&
                     message.contains(QLatin1String("the CPU")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("Tried to allocate 20.00 GiB")), qPrintable(message));  // torch's own words kept

        runner.setDevice(QStringLiteral("cpu"));
        QSignalSpy failedAgain(&runner, &JobRunner::failed);
        QVERIFY(runner.start(QStringLiteral("big"), [](const pb::ProgressFn&) -> int { throw std::bad_alloc(); }, [](int) {}));
        QVERIFY(failedAgain.wait(kWaitMs));
        QVERIFY2(failedAgain.first().first().toString().contains(QLatin1String("does not fit in the memory of the CPU")),
                 qPrintable(failedAgain.first().first().toString()));
        // Other errors stay as they were.
        QSignalSpy failedOther(&runner, &JobRunner::failed);
        QVERIFY(runner.start(QStringLiteral("x"), [](const pb::ProgressFn&) -> int { throw pb::Error("no such file"); }, [](int) {}));
        QVERIFY(failedOther.wait(kWaitMs));
        QCOMPARE(failedOther.first().first().toString(), QStringLiteral("no such file"));
    }
};

PB_UI_TEST(JobRunnerTest);
#include "tst_JobRunner.moc"
