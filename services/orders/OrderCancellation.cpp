#include "orders/OrderCancellation.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "core/Money.h"
#include "db/Connection.h"
#include "inventory/InventoryLedger.h"
#include "orders/OrderEvents.h"
#include "orders/OrderStatusWriter.h"
#include "payments/PaymentService.h"
#include "payments/PaymentTypes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

struct OrderMoney {
    QString currency;
    qint64 paid = 0;
    qint64 refunded = 0;
    bool saleCounted = false;   // business_day stamped: the reports hold its sale
};

Result<OrderMoney> orderMoney(Connection &connection, qint64 orderId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT currency, paid_cents, refunded_cents, business_day FROM orders WHERE id = ?"_s, {orderId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Order %1 does not exist. Refresh the list "
                                                                       "and choose it again.")
                               .arg(orderId));
    return OrderMoney{row.value().value(0).toString(), row.value().value(1).toLongLong(),
                      row.value().value(2).toLongLong(), !row.value().isNull(3)};
}

struct OpenRefund {
    qint64 id = 0;
    bool declined = false;
};

Result<QList<OpenRefund>> openCardRefunds(Connection &connection, qint64 orderId)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, status FROM refunds WHERE order_id = ? AND tender = 'card' AND status IN ('pending', 'failed') "
        "ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QList<OpenRefund> open;
    while (rows.value().next())
        open.append({rows.value().value(0).toLongLong(), rows.value().value(1).toString() == u"failed"_s});
    return open;
}

// A declined card refund is asked again under a new key: safe, because the
// gateway refused the old one for good, so nothing can be paid twice.
Result<QList<qint64>> reopenCardRefunds(Connection &connection, const Session &actor, qint64 orderId,
                                        const QList<OpenRefund> &open)
{
    QList<qint64> ids;
    for (const OpenRefund &refund : open) {
        ids.append(refund.id);
        if (!refund.declined)
            continue;
        if (Status ok = connection.run(u"UPDATE refunds SET status = 'pending', idempotency_key = ?, "
                                       "processed_at = NULL WHERE id = ? AND status = 'failed'"_s,
                                       {PaymentService::newIdempotencyKey(), refund.id});
            !ok)
            return ok.error();
        if (Status ok = AuditLog::appendInTransaction(
                connection, AuditEntry::by(actor, u"refund.retried"_s, u"refund:%1"_s.arg(refund.id),
                                           {{u"order_id"_s, orderId}}));
            !ok)
            return ok.error();
    }
    return ids;
}

struct PlannedRefund {
    qint64 paymentId = 0;   // 0: not tied to a payment
    QString tender;
    qint64 amount = 0;
    qint64 tax = 0;
    qint64 refundId = 0;
};

// Card payments first, then the other tenders, each up to what is left to
// refund on it; the rest (only when money was booked without a payment
// row) as one refund of its own.
Result<QList<PlannedRefund>> planRefunds(Connection &connection, qint64 orderId, qint64 amount)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, tender, amount_cents - refunded_cents FROM payments "
        "WHERE order_id = ? AND status = 'completed' AND refunded_cents < amount_cents ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QList<PlannedRefund> cards;
    QList<PlannedRefund> others;
    while (rows.value().next()) {
        PlannedRefund part{rows.value().value(0).toLongLong(), rows.value().value(1).toString(),
                           rows.value().value(2).toLongLong(), 0, 0};
        (part.tender == tenderName(Tender::Card) ? cards : others).append(part);
    }
    QList<PlannedRefund> plan;
    qint64 left = amount;
    for (PlannedRefund part : cards + others) {
        if (left == 0)
            break;
        part.amount = std::min(part.amount, left);
        left -= part.amount;
        plan.append(part);
    }
    if (left > 0)
        plan.append(PlannedRefund{0, tenderName(Tender::Other), left, 0, 0});
    return plan;
}

struct LineRefund {
    qint64 orderItemId = 0;
    qint64 quantity = 0;    // what was not yet given back
    qint64 amount = 0;
    qint64 tax = 0;
};

// What is left of every line: its units not yet returned, worth its total
// (and tax) less what its earlier returns gave back, so that with an earlier
// partial return the line still comes to exactly its total.
Result<QList<LineRefund>> remainingLines(Connection &connection, qint64 orderId)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT i.id, i.quantity - i.refunded_quantity, i.total_cents - COALESCE(SUM(l.amount_cents), 0), "
        "i.tax_cents - COALESCE(SUM(l.tax_cents), 0) FROM order_items i "
        "LEFT JOIN refund_lines l ON l.order_item_id = i.id WHERE i.order_id = ? "
        "GROUP BY i.id, i.quantity, i.refunded_quantity, i.total_cents, i.tax_cents ORDER BY i.id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QList<LineRefund> lines;
    while (rows.value().next()) {
        const qint64 quantity = rows.value().value(1).toLongLong();
        if (quantity <= 0)
            continue;
        lines.append({rows.value().value(0).toLongLong(), quantity, std::max<qint64>(rows.value().value(2).toLongLong(), 0),
                      std::max<qint64>(rows.value().value(3).toLongLong(), 0)});
    }
    return lines;
}

// Scales the lines' shares down when less was paid than they are worth (an
// order paid in part): the parts add up exactly to what goes back.
void fitLinesTo(QList<LineRefund> &lines, qint64 amount, const QString &currency)
{
    qint64 worth = 0;
    qint64 taxWorth = 0;
    QList<qint64> amounts;
    QList<qint64> taxes;
    for (const LineRefund &line : std::as_const(lines)) {
        worth += line.amount;
        taxWorth += line.tax;
        amounts.append(line.amount);
        taxes.append(line.tax);
    }
    if (worth <= amount || worth == 0)
        return;
    const QList<Money> parts = Money(amount, currency).allocate(amounts);
    const QList<Money> taxParts =
        taxWorth > 0 ? Money(taxWorth, currency).scaled(amount, worth).allocate(taxes) : QList<Money>();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        lines[i].amount = parts.value(i, Money::zero(currency)).minorUnits();
        lines[i].tax = taxParts.value(i, Money::zero(currency)).minorUnits();
    }
}

Status writeRefunds(Connection &connection, const Session &actor, qint64 orderId, const OrderMoney &money,
                    const QString &reason, QList<PlannedRefund> &plan, QJsonArray &linesJson)
{
    const qint64 amount = money.paid - money.refunded;
    Result<QList<LineRefund>> remaining = remainingLines(connection, orderId);
    if (!remaining)
        return remaining.error();
    QList<LineRefund> lines = remaining.value();
    fitLinesTo(lines, amount, money.currency);
    qint64 tax = 0;
    qint64 linesAmount = 0;
    for (const LineRefund &line : std::as_const(lines)) {
        tax += line.tax;
        linesAmount += line.amount;
    }
    // What goes back beyond the lines is the order's shipping: on no line,
    // it rides on the refund that carries the lines, for the reports.
    const qint64 shipping = std::max<qint64>(amount - linesAmount, 0);
    QList<qint64> weights;
    for (const PlannedRefund &part : std::as_const(plan))
        weights.append(part.amount);
    const QList<Money> taxParts = Money(tax, money.currency).allocate(weights);
    for (qsizetype i = 0; i < plan.size(); ++i)
        plan[i].tax = taxParts.value(i, Money::zero(money.currency)).minorUnits();

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString card = tenderName(Tender::Card);
    // Card refunds are written pending with their keys before the gateway
    // is first asked: a retry after a crash finds them and reuses them.
    for (qsizetype i = 0; i < plan.size(); ++i) {
        PlannedRefund &part = plan[i];
        const bool isCard = part.tender == card;
        Result<qint64> id = connection.insert(
            u"INSERT INTO refunds (order_id, payment_id, tender, status, currency, amount_cents, tax_cents, "
            "shipping_cents, idempotency_key, reason, user_id, created_at, processed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
            {orderId, nullableId(part.paymentId), part.tender, isCard ? u"pending"_s : u"completed"_s, money.currency,
             part.amount, part.tax, i == 0 ? shipping : qint64(0), PaymentService::newIdempotencyKey(),
             reason, nullableId(actor.userId), now,
             isCard ? QVariant(QMetaType::fromType<QDateTime>(), nullptr) : QVariant(now)});
        if (!id)
            return id.error();
        part.refundId = id.value();
        if (part.paymentId > 0) {
            Result<CachedQuery> booked = connection.prepared(
                u"UPDATE payments SET refunded_cents = refunded_cents + ?, "
                "status = CASE WHEN refunded_cents + ? = amount_cents THEN 'refunded' ELSE status END "
                "WHERE id = ? AND refunded_cents + ? <= amount_cents"_s,
                {part.amount, part.amount, part.paymentId, part.amount});
            if (!booked)
                return booked.error();
            if (booked.value().numRowsAffected() != 1)
                return Error::make(ErrorCode::Conflict,
                                   QCoreApplication::translate("OrderService", "A payment of this order was refunded "
                                                                               "a moment ago. Refresh the order and "
                                                                               "try again."));
        }
    }

    // The lines hang on the first refund, as a return's do; nothing goes
    // back on stock, because nothing left it: the reservations are released.
    const qint64 linesRefundId = plan.first().refundId;
    for (const LineRefund &line : std::as_const(lines)) {
        if (Status ok = connection.run(
                u"INSERT INTO refund_lines (refund_id, order_item_id, quantity, amount_cents, tax_cents, "
                "disposition, write_off_reason) VALUES (?, ?, ?, ?, ?, 'restock', '')"_s,
                {linesRefundId, line.orderItemId, line.quantity, line.amount, line.tax});
            !ok)
            return ok;
        Result<CachedQuery> claimed = connection.prepared(
            u"UPDATE order_items SET refunded_quantity = refunded_quantity + ? "
            "WHERE id = ? AND refunded_quantity + ? <= quantity"_s,
            {line.quantity, line.orderItemId, line.quantity});
        if (!claimed)
            return claimed.error();
        if (claimed.value().numRowsAffected() != 1)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("OrderService", "Items of this order were returned a "
                                                                           "moment ago. Refresh the order and try "
                                                                           "again."));
        linesJson.append(QJsonObject{{u"order_item_id"_s, line.orderItemId},
                                     {u"quantity"_s, line.quantity},
                                     {u"amount_cents"_s, line.amount},
                                     {u"tax_cents"_s, line.tax}});
    }

    Result<CachedQuery> booked = connection.prepared(
        u"UPDATE orders SET refunded_cents = refunded_cents + ?, updated_at = ? "
        "WHERE id = ? AND refunded_cents + ? <= paid_cents"_s,
        {amount, now, orderId, amount});
    if (!booked)
        return booked.error();
    if (booked.value().numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("OrderService", "This order was refunded a moment ago. "
                                                                       "Refresh the order and try again."));

    // A sale the reports never counted (paid in part, never in full) has no
    // refund to subtract from them either.
    if (!money.saleCounted)
        return Status::success();
    QList<qint64> refundIds;
    for (const PlannedRefund &part : std::as_const(plan))
        refundIds.append(part.refundId);
    if (Status ok = OrderEvents::returnRecordedInTransaction(connection, orderId, refundIds); !ok)
        return ok;
    for (const PlannedRefund &part : std::as_const(plan))
        if (part.tender != card)
            if (Status ok = OrderEvents::refundCompletedInTransaction(connection, part.refundId); !ok)
                return ok;
    return Status::success();
}

} // namespace

Result<QList<qint64>> OrderCancellation::cancelInTransaction(Connection &connection, const Session &actor,
                                                             qint64 orderId, const QString &reason)
{
    Result<OrderStatusWriter::Current> current = OrderStatusWriter::currentInTransaction(connection, orderId);
    if (!current)
        return current.error();
    Result<OrderMoney> money = orderMoney(connection, orderId);
    if (!money)
        return money.error();

    if (current->status == OrderStatus::Cancelled) {
        Result<QList<OpenRefund>> open = openCardRefunds(connection, orderId);
        if (!open)
            return open.error();
        if (!open->isEmpty())
            return reopenCardRefunds(connection, actor, orderId, open.value());
        // Everything already came back (a card refund settled at start-up):
        // only the move to refunded is left, which finishInTransaction makes.
        if (money->paid > 0 && money->refunded == money->paid)
            return QList<qint64>();
    }
    // The ledger releases for whoever may use the register; a customer
    // cancelling their own order (allowed by the caller) may not, so the
    // shop releases on their behalf, as it reserved when they ordered.
    const Session stockActor = require(actor, Permission::UseRegister) ? actor : Session::system();
    if (canTransition(current->status, OrderStatus::Cancelled)) {
        Status released =
            InventoryLedger::releaseInTransaction(connection, stockActor, StockReference{u"order"_s, orderId});
        // An order that never reserved stock (imported, or every line
        // already returned) has nothing to give back.
        if (!released && released.error().code != ErrorCode::NotFound)
            return released.error();
    }

    // After the stock: the move appends to the audit chain, whose lock is
    // taken last by every writer (a register's sale locks its stock rows
    // first), so two writers never wait for each other in a circle. A
    // refused move rolls the release back with everything else.
    if (Status ok = OrderStatusWriter::moveInTransaction(connection, actor, orderId, current->status,
                                                         OrderStatus::Cancelled, reason);
        !ok)
        return ok.error();

    QList<PlannedRefund> plan;
    QJsonArray linesJson;
    const qint64 owed = money->paid - money->refunded;
    if (owed > 0) {
        Result<QList<PlannedRefund>> planned = planRefunds(connection, orderId, owed);
        if (!planned)
            return planned.error();
        plan = planned.value();
        if (Status ok = writeRefunds(connection, actor, orderId, money.value(), reason, plan, linesJson); !ok)
            return ok.error();
    }

    QList<qint64> cards;
    QJsonArray refundsJson;
    for (const PlannedRefund &part : std::as_const(plan)) {
        refundsJson.append(QJsonObject{{u"refund_id"_s, part.refundId},
                                       {u"tender"_s, part.tender},
                                       {u"amount_cents"_s, part.amount}});
        if (part.tender == tenderName(Tender::Card))
            cards.append(part.refundId);
    }
    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"order.cancelled"_s, u"order:%1"_s.arg(orderId),
                                       {{u"order_number"_s, current->orderNumber},
                                        {u"refunds"_s, refundsJson},
                                        {u"lines"_s, linesJson},
                                        {u"amount_cents"_s, owed},
                                        {u"reason"_s, reason}}));
        !ok)
        return ok.error();
    if (cards.isEmpty())
        if (Result<bool> finished = finishInTransaction(connection, actor, orderId); !finished)
            return finished.error();
    return cards;
}

Result<bool> OrderCancellation::finishInTransaction(Connection &connection, const Session &actor, qint64 orderId)
{
    Result<OrderStatusWriter::Current> current = OrderStatusWriter::currentInTransaction(connection, orderId);
    if (!current)
        return current.error();
    if (current->status == OrderStatus::Refunded)
        return true;
    if (current->status != OrderStatus::Cancelled)
        return false;
    Result<OrderMoney> money = orderMoney(connection, orderId);
    if (!money)
        return money.error();
    // Nothing paid: nothing to give back, so the order stays cancelled.
    if (money->paid == 0 || money->refunded != money->paid)
        return false;
    Result<QVariant> open = connection.scalar(
        u"SELECT COUNT(*) FROM refunds WHERE order_id = ? AND status <> 'completed'"_s, {orderId});
    if (!open)
        return open.error();
    if (open.value().toLongLong() > 0)
        return false;
    if (Status ok = OrderStatusWriter::moveInTransaction(
            connection, actor, orderId, OrderStatus::Cancelled, OrderStatus::Refunded,
            QCoreApplication::translate("OrderService", "Everything paid for the cancelled order has been given "
                                                        "back."));
        !ok)
        return ok.error();
    return true;
}

} // namespace sk
