#include "orders/OrderStatusWriter.h"

#include "audit/AuditLog.h"
#include "db/ChangeLog.h"
#include "db/Connection.h"
#include "notifications/NotificationEvents.h"

#include <QCoreApplication>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

} // namespace

Result<OrderStatusWriter::Current> OrderStatusWriter::currentInTransaction(Connection &connection, qint64 orderId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT status, order_number, channel FROM orders WHERE id = ?"_s, {orderId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Order %1 does not exist. Refresh the list "
                                                                       "and choose it again.")
                               .arg(orderId));
    const std::optional<OrderStatus> status = orderStatusFromName(row.value().value(0).toString());
    if (!status)
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("OrderService", "Order %1 has an unknown status. Run "
                                                                       "storekeeper check.")
                               .arg(row.value().value(1).toString()));
    return Current{*status, row.value().value(1).toString(), row.value().value(2).toString()};
}

Status OrderStatusWriter::moveInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                            OrderStatus from, OrderStatus to, const QString &note,
                                            QJsonObject auditDetails)
{
    if (Status allowed = checkTransition(from, to); !allowed)
        return allowed;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Conditional on the status read: a change made meanwhile by someone
    // else (PostgreSQL, another window) is not silently overwritten.
    Result<CachedQuery> moved = connection.prepared(
        u"UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?"_s,
        {orderStatusName(to), now, orderId, orderStatusName(from)});
    if (!moved)
        return moved.error();
    if (moved.value().numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("OrderService", "Someone changed this order a moment ago. "
                                                                       "Refresh it and try again."));
    if (Status ok = appendHistoryInTransaction(connection, actor, orderId, from, to, note); !ok)
        return ok;
    if (Status ok = NotificationEvents::orderStatusChangedInTransaction(connection, orderId, to, auditDetails); !ok)
        return ok;
    auditDetails.insert(u"from"_s, orderStatusName(from));
    auditDetails.insert(u"to"_s, orderStatusName(to));
    if (!note.isEmpty())
        auditDetails.insert(u"note"_s, note);
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"order.status_changed"_s, u"order:%1"_s.arg(orderId), auditDetails));
}

Status OrderStatusWriter::appendHistoryInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                     std::optional<OrderStatus> from, OrderStatus to,
                                                     const QString &note)
{
    // Every order's first row and every move pass here: the change feed
    // tells open order views, in this process or another, to read it again.
    if (Status announced = ChangeLog::recordInTransaction(connection, ChangeTopic::Orders, {orderId}); !announced)
        return announced;
    return connection.run(
        u"INSERT INTO order_status_history (order_id, from_status, to_status, user_id, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"_s,
        {orderId, from ? QVariant(orderStatusName(*from)) : QVariant(QMetaType::fromType<QString>(), nullptr),
         orderStatusName(to), nullableId(actor.userId), note.isNull() ? u""_s : note,
         QDateTime::currentDateTimeUtc()});
}

} // namespace sk
