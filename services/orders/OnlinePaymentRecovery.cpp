// OrderService::recoverOnlineCardPayments: the sweep that settles the card
// payments of online orders left without a final answer from the gateway.

#include "orders/OrderService.h"

#include "auth/Permissions.h"
#include "db/ConflictRetry.h"
#include "db/Database.h"

#include <QCoreApplication>

#include <QCoro/QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

enum class Settled { Paid, Cancelled, Neither };

// After its payments are settled: an order still pending with nothing paid
// and nothing pending will never be paid, so it is cancelled as after a
// declined card.
Result<Settled> closeUnpaidInTransaction(Connection &connection, const Session &actor, qint64 orderId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT o.status, o.paid_cents, (SELECT COUNT(*) FROM payments p WHERE p.order_id = o.id "
        "AND p.status = 'pending') FROM orders o WHERE o.id = ?"_s,
        {orderId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Settled::Neither;
    const QString status = row.value().value(0).toString();
    const qint64 paid = row.value().value(1).toLongLong();
    const qint64 pending = row.value().value(2).toLongLong();
    row.value().finish();
    if (paid > 0)
        return Settled::Paid;
    if (status != orderStatusName(OrderStatus::Pending) || pending > 0)
        return Settled::Neither;
    if (Status cancelled = OrderService::cancelUnpaidOnlineOrderInTransaction(
            connection, actor, orderId,
            QCoreApplication::translate("OrderService", "The card payment did not go through; nothing was charged."));
        !cancelled)
        return cancelled.error();
    return Settled::Cancelled;
}

} // namespace

QCoro::Task<Result<OnlinePaymentRecovery>> OrderService::recoverOnlineCardPayments(Session actor,
                                                                                   std::chrono::seconds minimumAge)
{
    if (!actor.isSystem())
        if (Status allowed = require(actor, Permission::ManageOrders); !allowed)
            co_return allowed.error();
    const QDateTime startedBefore = QDateTime::currentDateTimeUtc().addSecs(-minimumAge.count());
    QFuture<Result<QList<qint64>>> loading =
        m_database->read([startedBefore](Connection &connection) -> Result<QList<qint64>> {
            // Online orders' payments carry the order and no register cart.
            Result<CachedQuery> rows = connection.prepared(
                u"SELECT DISTINCT order_id FROM payments WHERE status = 'pending' AND tender = 'card' "
                "AND order_id IS NOT NULL AND cart_id IS NULL AND created_at <= ? ORDER BY order_id"_s,
                {startedBefore});
            if (!rows)
                return rows.error();
            QList<qint64> orders;
            while (rows.value().next())
                orders.append(rows.value().value(0).toLongLong());
            return orders;
        });
    const Result<QList<qint64>> orders = co_await loading;
    if (!orders)
        co_return orders.error();

    OnlinePaymentRecovery report;
    for (qint64 orderId : orders.value()) {
        QCoro::Task<Status> settling = settlePendingCardPayments(actor, orderId);
        const Status settled = co_await settling;
        if (!settled) {
            if (settled.error().code != ErrorCode::Unavailable)
                co_return settled.error();
            ++report.stillPending;
            continue;
        }
        QFuture<Result<Settled>> closing = m_database->maintain(retryingConflicts(
            [actor, orderId](Connection &connection) { return closeUnpaidInTransaction(connection, actor, orderId); }));
        const Result<Settled> closed = co_await closing;
        if (!closed)
            co_return closed.error();
        if (closed.value() == Settled::Paid)
            ++report.paid;
        else if (closed.value() == Settled::Cancelled)
            ++report.cancelled;
    }
    co_return report;
}

} // namespace sk
