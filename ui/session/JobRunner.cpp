#include "ui/session/JobRunner.h"

#include <QMetaObject>

#include <chrono>
#include <exception>
#include <new>

#include "ui/session/OutOfMemory.h"

namespace pb::ui {

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner() {
    if (ticket_) ticket_->cancel = true;
    joinWorker();
}

void JobRunner::joinWorker() {
    if (worker_.joinable()) worker_.join();
}

void JobRunner::cancel() {
    if (busy_ && ticket_) ticket_->cancel = true;
    if (deferred_) {  // accepted but not begun: it simply never runs
        deferred_.reset();
        busy_ = false;
    }
}

bool JobRunner::startErased(const QString& title, ErasedWork work) {
    if (busy_) return false;
    busy_ = true;
    if (finishing_) {
        deferred_ = Deferred{title, std::move(work)};
        return true;
    }
    launch(title, std::move(work));
    return true;
}

void JobRunner::launch(const QString& title, ErasedWork work) {
    joinWorker();
    title_ = title;
    auto ticket = std::make_shared<Ticket>();
    ticket_ = ticket;
    const auto interval = std::chrono::milliseconds(progressIntervalMs_);
    Q_EMIT started(title);

    // Everything the worker sends goes through queued calls on this object, so it arrives
    // in the order it was sent, and the outcome (sent last) arrives last.
    worker_ = std::thread([this, ticket, interval, device = device_, work = std::move(work)]() {
        using Clock = std::chrono::steady_clock;
        Clock::time_point last{};
        bool first = true;
        bool held = false;  // a report the throttle held back
        double heldFraction = 0.0;
        QString heldText;
        auto sendProgress = [this, ticket](double fraction, const QString& text) {
            QMetaObject::invokeMethod(
                this,
                [this, ticket, fraction, text]() {
                    if (ticket == ticket_ && !ticket->cancel.load()) Q_EMIT progressed(fraction, text);
                },
                Qt::QueuedConnection);
        };
        const pb::ProgressFn progress = [&](double fraction, std::string_view stage) {
            if (ticket->cancel.load()) return false;
            const QString text = QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size()));
            const auto now = Clock::now();
            if (first || now - last >= interval) {
                first = false;
                held = false;
                last = now;
                sendProgress(fraction, text);
            } else {
                held = true;
                heldFraction = fraction;
                heldText = text;
            }
            return !ticket->cancel.load();
        };
        const Post post = [this, ticket](std::function<void()> fn) {
            if (!fn || ticket->cancel.load()) return;
            QMetaObject::invokeMethod(
                this,
                [this, ticket, fn = std::move(fn)]() {
                    if (ticket == ticket_) fn();
                },
                Qt::QueuedConnection);
        };

        Outcome outcome = Outcome::Failed;
        Deliver deliver;
        QString message;
        try {
            deliver = work(progress, post);
            outcome = Outcome::Succeeded;
        } catch (const pb::Cancelled&) {
            outcome = Outcome::Cancelled;
        } catch (const std::bad_alloc&) {
            message = outOfMemoryText(device, QString());
        } catch (const std::exception& e) {
            message = QString::fromUtf8(e.what());
            if (isOutOfMemory(message)) message = outOfMemoryText(device, message);
        } catch (...) {
            message = tr("Unknown error.");
        }
        if (ticket->cancel.load()) outcome = Outcome::Cancelled;
        if (held && outcome == Outcome::Succeeded) sendProgress(heldFraction, heldText);
        QMetaObject::invokeMethod(
            this, [this, ticket, outcome, deliver, message]() { finish(ticket, outcome, deliver, message); },
            Qt::QueuedConnection);
    });
}

void JobRunner::finish(const std::shared_ptr<Ticket>& ticket, Outcome outcome, const Deliver& deliver,
                       const QString& message) {
    if (ticket != ticket_) return;
    joinWorker();  // the worker has posted its last event; this returns at once
    busy_ = false;
    ticket_.reset();
    finishing_ = true;
    switch (outcome) {
    case Outcome::Succeeded:
        if (deliver) deliver();
        Q_EMIT succeeded();
        break;
    case Outcome::Failed:
        Q_EMIT failed(message);
        break;
    case Outcome::Cancelled:
        Q_EMIT cancelled();
        break;
    }
    Q_EMIT finished();
    finishing_ = false;
    if (deferred_) {
        Deferred next = std::move(*deferred_);
        deferred_.reset();
        launch(next.title, std::move(next.work));
    }
}

} // namespace pb::ui
