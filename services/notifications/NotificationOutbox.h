#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "notifications/NotificationTypes.h"

#include <QFuture>
#include <memory>

namespace sk {

class Connection;
class Database;

// The outbox table (docs/notifications.md): messages are queued in the
// transaction of the event they tell about, so a rolled-back sale queues
// nothing, and the event key makes the same event queue one message only.
// The Notifications page lists, reads and retries them through here
// (administrators: ManageSettings).
class NotificationOutbox {
public:
    explicit NotificationOutbox(std::shared_ptr<Database> database);

    // Queues the draft unless a message with its event key exists; true when
    // this call queued it.
    static Result<bool> enqueueInTransaction(Connection &connection, const NotificationDraft &draft);

    // Newest first; beforeId > 0 continues after the last row of a page.
    QFuture<Result<OutboxPage>> page(const Session &actor, const OutboxFilter &filter, qint64 beforeId, int limit);
    QFuture<Result<OutboxMessage>> message(const Session &actor, qint64 id);
    // A failed message is queued again at once with a fresh count of attempts.
    QFuture<Status> retry(const Session &actor, qint64 id);

    static Result<OutboxMessage> messageInTransaction(Connection &connection, qint64 id);
    static Status retryInTransaction(Connection &connection, const Session &actor, qint64 id);

    // The columns messageFromRow() reads, in order.
    static QString selectColumns();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
