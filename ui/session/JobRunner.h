#pragma once
// Runs one long core job at a time on a worker thread and reports back on the GUI thread.
//
// The work gets its inputs by value (captured), receives a pb::ProgressFn and returns its
// result by value; the result is handed to onDone on the GUI thread. Progress is throttled
// to about 10 Hz. Cancel sets an atomic flag that the ProgressFn reports to the core, which
// then throws pb::Cancelled. A result that arrives after cancel() is discarded.
//
// Streaming jobs (startStreaming) also get a Post function: it queues a callback to the GUI
// thread (live chart points, per-step losses); callbacks of a stale job are dropped.
//
// Ordering, guaranteed for every job (tests/ui/tst_JobRunner.cpp):
//   started → progressed / posted callbacks (in the order the worker sent them) → the last
//   progress report, even when the throttle held it back → onDone → succeeded | failed |
//   cancelled → finished.
// A job started from onDone or from a slot of these signals is accepted (busy() is true at
// once) but begins, and emits its started, only after this job's finished.
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "core/util/progress.h"

namespace pb::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Queues a callback to run on the GUI thread before the job's outcome.
    using Post = std::function<void(std::function<void()>)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;  // cancels a running job and joins its thread

    // work: R(const pb::ProgressFn&), runs on the worker thread; R must be copyable.
    // onDone: void(R), runs on the GUI thread when the work succeeded and was not cancelled.
    // Returns false (and does nothing) while another job runs.
    template <class Work, class OnDone>
    bool start(const QString& title, Work work, OnDone onDone) {
        return startStreaming(
            title, [work = std::move(work)](const pb::ProgressFn& progress, const Post&) { return work(progress); },
            std::move(onDone));
    }
    // work: R(const pb::ProgressFn&, const Post&).
    template <class Work, class OnDone>
    bool startStreaming(const QString& title, Work work, OnDone onDone) {
        return startErased(title, [work = std::move(work), onDone = std::move(onDone)](
                                      const pb::ProgressFn& progress, const Post& post) -> Deliver {
            auto result = work(progress, post);
            return [onDone, result = std::move(result)]() { onDone(result); };
        });
    }

    bool busy() const { return busy_; }
    QString title() const { return title_; }
    // The device jobs run on ("cpu", "cuda:0"): named, with its memory, when a job does not
    // fit (CUDA out of memory, std::bad_alloc: ui/jobs/OutOfMemory).
    void setDevice(const QString& device) { device_ = device; }
    QString device() const { return device_; }
    // Minimum interval between two progress signals (default 100 ms).
    void setProgressInterval(int ms) { progressIntervalMs_ = ms; }

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void started(const QString& title);
    void progressed(double fraction, const QString& stage);
    void succeeded();
    void failed(const QString& message);
    void cancelled();
    void finished();  // after succeeded, failed or cancelled

private:
    using Deliver = std::function<void()>;
    using ErasedWork = std::function<Deliver(const pb::ProgressFn&, const Post&)>;
    enum class Outcome { Succeeded, Failed, Cancelled };

    // State shared with one worker thread; the flag is the only field the worker writes
    // or reads besides its own captures.
    struct Ticket {
        std::atomic<bool> cancel{false};
    };
    struct Deferred {
        QString title;
        ErasedWork work;
    };

    bool startErased(const QString& title, ErasedWork work);
    void launch(const QString& title, ErasedWork work);
    void finish(const std::shared_ptr<Ticket>& ticket, Outcome outcome, const Deliver& deliver,
                const QString& message);
    void joinWorker();

    // GUI thread only.
    std::thread worker_;
    std::shared_ptr<Ticket> ticket_;
    bool busy_ = false;
    bool finishing_ = false;          // inside finish(): new jobs wait until finished is out
    std::optional<Deferred> deferred_;
    QString title_;
    QString device_ = QStringLiteral("cpu");
    int progressIntervalMs_ = 100;
};

} // namespace pb::ui
