#include "ui/JobRunner.h"

#include <QMetaObject>

#include <chrono>
#include <exception>
#include <new>

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
}

bool JobRunner::startErased(const QString& title, ErasedWork work) {
    if (busy_) return false;
    joinWorker();
    busy_ = true;
    title_ = title;
    auto ticket = std::make_shared<Ticket>();
    ticket_ = ticket;
    const auto interval = std::chrono::milliseconds(progressIntervalMs_);
    Q_EMIT started(title);

    worker_ = std::thread([this, ticket, interval, work = std::move(work)]() {
        using Clock = std::chrono::steady_clock;
        Clock::time_point last{};
        bool first = true;
        const pb::ProgressFn progress = [&](double fraction, std::string_view stage) {
            if (ticket->cancel.load()) return false;
            const auto now = Clock::now();
            if (first || now - last >= interval) {
                first = false;
                last = now;
                const QString text = QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size()));
                QMetaObject::invokeMethod(
                    this,
                    [this, ticket, fraction, text]() {
                        if (ticket == ticket_ && !ticket->cancel.load()) Q_EMIT progressed(fraction, text);
                    },
                    Qt::QueuedConnection);
            }
            return !ticket->cancel.load();
        };

        Outcome outcome = Outcome::Failed;
        Deliver deliver;
        QString message;
        try {
            deliver = work(progress);
            outcome = Outcome::Succeeded;
        } catch (const pb::Cancelled&) {
            outcome = Outcome::Cancelled;
        } catch (const std::bad_alloc&) {
            message = tr("Out of memory.");
        } catch (const std::exception& e) {
            message = QString::fromUtf8(e.what());
        } catch (...) {
            message = tr("Unknown error.");
        }
        if (ticket->cancel.load()) outcome = Outcome::Cancelled;
        QMetaObject::invokeMethod(
            this, [this, ticket, outcome, deliver, message]() { finish(ticket, outcome, deliver, message); },
            Qt::QueuedConnection);
    });
    return true;
}

void JobRunner::finish(const std::shared_ptr<Ticket>& ticket, Outcome outcome, const Deliver& deliver,
                       const QString& message) {
    if (ticket != ticket_) return;
    joinWorker();  // the worker has posted its last event; this returns at once
    busy_ = false;
    ticket_.reset();
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
}

} // namespace pb::ui
