#include "notifications/NotificationOutbox.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxPageSize = 500;
constexpr qsizetype MaxEmailLength = 320;

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

OutboxMessage messageFromRow(const CachedQuery &row)
{
    OutboxMessage m;
    m.id = row.value(0).toLongLong();
    m.kindName = row.value(1).toString();
    m.kind = notificationKindFromName(m.kindName);
    m.recipientEmail = row.value(2).toString();
    m.subject = row.value(3).toString();
    m.body = row.value(4).toString();
    m.status = notificationStatusFromName(row.value(5).toString()).value_or(NotificationStatus::Failed);
    m.attempts = row.value(6).toInt();
    m.lastError = row.value(7).toString();
    m.eventKey = row.value(8).toString();
    m.createdAt = row.value(9).toDateTime();
    m.nextAttemptAt = row.isNull(10) ? QDateTime() : row.value(10).toDateTime();
    m.sentAt = row.isNull(11) ? QDateTime() : row.value(11).toDateTime();
    m.claimedAt = row.isNull(12) ? QDateTime() : row.value(12).toDateTime();
    for (QDateTime *at : {&m.createdAt, &m.nextAttemptAt, &m.sentAt, &m.claimedAt})
        if (at->isValid())
            at->setTimeZone(QTimeZone::utc());
    return m;
}

// A null QString binds as NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

Error notFound(qint64 id)
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("NotificationOutbox", "Message %1 is no longer in the outbox. "
                                                                         "Refresh the list.")
                           .arg(id));
}

} // namespace

NotificationOutbox::NotificationOutbox(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QString NotificationOutbox::selectColumns()
{
    return u"id, kind, recipient_email, subject, body, status, attempts, last_error, COALESCE(dedupe_key, ''), "
           "created_at, next_attempt_at, sent_at, claimed_at"_s;
}

Result<bool> NotificationOutbox::enqueueInTransaction(Connection &connection, const NotificationDraft &draft)
{
    const QString email = draft.recipientEmail.trimmed().toLower();
    if (email.isEmpty() || email.size() > MaxEmailLength || !email.contains(u'@'))
        return false; // nobody to write to: the event itself must not fail
    if (draft.eventKey.isEmpty())
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("NotificationOutbox", "A notification was queued without its "
                                                                             "event's key. Report this as a defect."));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<CachedQuery> queued = connection.prepared(
        u"INSERT INTO outbox (kind, recipient_user_id, recipient_email, subject, body, payload, dedupe_key, "
        "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING"_s,
        {notificationKindName(draft.kind), nullableId(draft.recipientUserId), email, text(draft.subject),
         text(draft.body), draft.payload.isEmpty() ? u"{}"_s : draft.payload, draft.eventKey, now, now});
    if (!queued)
        return queued.error();
    return queued->numRowsAffected() == 1;
}

Result<OutboxMessage> NotificationOutbox::messageInTransaction(Connection &connection, qint64 id)
{
    Result<CachedQuery> row =
        connection.prepared(u"SELECT "_s + selectColumns() + u" FROM outbox WHERE id = ?"_s, {id});
    if (!row)
        return row.error();
    if (!row->next())
        return notFound(id);
    return messageFromRow(row.value());
}

Status NotificationOutbox::retryInTransaction(Connection &connection, const Session &actor, qint64 id)
{
    Result<OutboxMessage> current = messageInTransaction(connection, id);
    if (!current)
        return current.error();
    if (current->status != NotificationStatus::Failed)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("NotificationOutbox", "Only a failed message can be sent "
                                                                             "again; this one is %1.")
                               .arg(notificationStatusTitle(current->status).toLower()));
    // Conditional on 'failed', so a retry pressed in two windows queues it once.
    Result<CachedQuery> queued = connection.prepared(
        u"UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, claimed_at = NULL, "
        "claimed_by = '' WHERE id = ? AND status = 'failed'"_s,
        {QDateTime::currentDateTimeUtc(), id});
    if (!queued)
        return queued.error();
    if (queued->numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("NotificationOutbox", "Someone queued this message again a "
                                                                             "moment ago. Refresh the list."));
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"notification.retried"_s, u"outbox:%1"_s.arg(id),
                                   {{u"recipient"_s, current->recipientEmail}, {u"kind"_s, current->kindName}}));
}

QFuture<Result<OutboxPage>> NotificationOutbox::page(const Session &actor, const OutboxFilter &filter, qint64 beforeId,
                                                     int limit)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(Result<OutboxPage>(allowed.error()));
    const int size = qBound(1, limit, MaxPageSize);
    return m_database->read([filter, beforeId, size](Connection &connection) -> Result<OutboxPage> {
        QStringList conditions{u"1 = 1"_s};
        QVariantList values;
        if (beforeId > 0) {
            conditions.append(u"id < ?"_s);
            values.append(beforeId);
        }
        if (filter.status) {
            conditions.append(u"status = ?"_s);
            values.append(notificationStatusName(*filter.status));
        }
        if (filter.kind) {
            conditions.append(u"kind = ?"_s);
            values.append(notificationKindName(*filter.kind));
        }
        if (const QString part = filter.recipient.trimmed().toLower(); !part.isEmpty()) {
            conditions.append(u"recipient_email LIKE ? ESCAPE '\\'"_s);
            values.append(u'%' + QString(part).replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s)
                          + u'%');
        }
        values.append(size + 1);
        Result<CachedQuery> rows = connection.prepared(u"SELECT "_s + selectColumns() + u" FROM outbox WHERE "_s
                                                           + conditions.join(u" AND "_s)
                                                           + u" ORDER BY id DESC LIMIT ?"_s,
                                                       values);
        if (!rows)
            return rows.error();
        OutboxPage page;
        while (rows->next())
            page.messages.append(messageFromRow(rows.value()));
        if (page.messages.size() > size) {
            page.messages.removeLast();
            page.hasMore = true;
        }
        return page;
    });
}

QFuture<Result<OutboxMessage>> NotificationOutbox::message(const Session &actor, qint64 id)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(Result<OutboxMessage>(allowed.error()));
    return m_database->read([id](Connection &connection) { return messageInTransaction(connection, id); });
}

QFuture<Status> NotificationOutbox::retry(const Session &actor, qint64 id)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, id](Connection &connection) { return retryInTransaction(connection, actor, id); });
}

} // namespace sk
