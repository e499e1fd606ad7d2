#include "orders/OrderService.h"

#include "auth/Permissions.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "orders/OnlineOrderWriter.h"
#include "orders/OrderCancellation.h"
#include "orders/OrderStatusWriter.h"
#include "payments/PaymentService.h"

#include <QCoreApplication>

#include <QCoro/QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxNoteLength = 500;
constexpr int kMaxCarrierLength = 100;
constexpr int kMaxTrackingLength = 100;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

QString clean(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

// Vendors see the orders of their own products but run none of them.
Status requireManageOrders(const Session &actor)
{
    if (actor.isValid() && actor.role == Role::Vendor)
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("OrderService", "Vendors see the orders of their own products "
                                                                       "but may not change them. Ask an "
                                                                       "administrator to change this order."));
    return require(actor, Permission::ManageOrders);
}

Status requireNote(const QString &note)
{
    if (note.size() > kMaxNoteLength)
        return invalid(QCoreApplication::translate("OrderService", "The note may be at most %1 characters long.")
                           .arg(kMaxNoteLength));
    return Status::success();
}

// Who may read an order's history: the back office, the vendor of one of
// its lines, and the customer who placed it.
Status requireViewing(Connection &connection, const Session &actor, qint64 orderId)
{
    if (require(actor, Permission::ViewAllOrders))
        return Status::success();
    Result<QVariant> visible;
    if (actor.isValid() && actor.role == Role::Vendor && actor.vendorId)
        visible = connection.scalar(u"SELECT COUNT(*) FROM order_items WHERE order_id = ? AND vendor_id = ?"_s,
                                    {orderId, *actor.vendorId});
    else if (require(actor, Permission::PlaceOnlineOrders))
        visible = connection.scalar(u"SELECT COUNT(*) FROM orders WHERE id = ? AND customer_id = ?"_s,
                                    {orderId, actor.userId});
    else
        return require(actor, Permission::ViewAllOrders);
    if (!visible)
        return visible.error();
    if (visible.value().toLongLong() == 0)
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Order %1 does not exist. Refresh the list "
                                                                       "and choose it again.")
                               .arg(orderId));
    return Status::success();
}

Status shipInTransaction(Connection &connection, const Session &actor, qint64 orderId, const QString &carrier,
                         const QString &trackingNumber, const QString &note)
{
    Result<OrderStatusWriter::Current> current = OrderStatusWriter::currentInTransaction(connection, orderId);
    if (!current)
        return current.error();
    if (Status ok = OrderStatusWriter::moveInTransaction(connection, actor, orderId, current->status,
                                                         OrderStatus::Shipped, note,
                                                         {{u"carrier"_s, carrier}, {u"tracking_number"_s, trackingNumber}});
        !ok)
        return ok;
    if (Status ok = connection.run(
            u"UPDATE orders SET tracking_carrier = ?, tracking_number = ? WHERE id = ?"_s,
            {carrier, trackingNumber, orderId});
        !ok)
        return ok;
    // The stock reserved when the order was placed leaves as sold.
    const StockReference reference{u"order"_s, orderId};
    Status committed = InventoryLedger::commitInTransaction(connection, actor, reference);
    if (committed || committed.error().code != ErrorCode::NotFound)
        return committed;
    // An order that never reserved (imported from elsewhere) takes its
    // stock now, with the same no-oversell rule as a sale.
    Result<QSqlQuery> lines = connection.exec(
        u"SELECT variant_id, SUM(quantity - refunded_quantity) FROM order_items WHERE order_id = ? "
        "GROUP BY variant_id HAVING SUM(quantity - refunded_quantity) > 0 ORDER BY variant_id"_s,
        {orderId});
    if (!lines)
        return lines.error();
    QList<StockLine> stock;
    while (lines.value().next())
        stock.append(StockLine{lines.value().value(0).toLongLong(), lines.value().value(1).toLongLong(), std::nullopt});
    if (stock.isEmpty())
        return Status::success();
    Result<QVariant> location = connection.scalar(u"SELECT location_id FROM orders WHERE id = ?"_s, {orderId});
    if (!location)
        return location.error();
    return InventoryLedger::sellInTransaction(connection, actor, location.value().toLongLong(), stock, reference);
}

struct OpenRefunds {
    Money declined;
    QString declineReason;
    Money pending;
};

Result<OpenRefunds> openRefunds(Connection &connection, qint64 orderId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT status, amount_cents, currency, failure_message FROM refunds WHERE order_id = ? "
        "AND status IN ('pending', 'failed') ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    std::optional<OpenRefunds> open;
    while (rows.value().next()) {
        const QString currency = rows.value().value(2).toString();
        if (!open)
            open = OpenRefunds{Money::zero(currency), {}, Money::zero(currency)};
        const Money amount(rows.value().value(1).toLongLong(), currency);
        if (rows.value().value(0).toString() == u"failed"_s) {
            open->declined += amount;
            open->declineReason = rows.value().value(3).toString();
        } else {
            open->pending += amount;
        }
    }
    return open.value_or(OpenRefunds{});
}

StatusChange changeFrom(const QSqlQuery &row)
{
    StatusChange change;
    change.id = row.value(0).toLongLong();
    if (!row.isNull(1))
        change.from = orderStatusFromName(row.value(1).toString());
    change.to = orderStatusFromName(row.value(2).toString()).value_or(OrderStatus::Pending);
    change.userId = row.value(3).toLongLong();
    const QString name = (row.value(4).toString() + u' ' + row.value(5).toString()).trimmed();
    change.userName = change.userId == 0 ? Session::system().displayName
                                         : (name.isEmpty() ? row.value(6).toString() : name);
    change.note = row.value(7).toString();
    change.at = row.value(8).toDateTime().toUTC();
    return change;
}

} // namespace

OrderService::OrderService(std::shared_ptr<Database> database, std::shared_ptr<PaymentService> payments)
    : m_database(std::move(database)), m_payments(std::move(payments))
{
}

QFuture<Result<PlacedOrder>> OrderService::placeOnline(const Session &actor, const OnlineOrderRequest &request)
{
    return m_database->write(
        [actor, request](Connection &connection) { return placeOnlineInTransaction(connection, actor, request); });
}

Result<PlacedOrder> OrderService::placeOnlineInTransaction(Connection &connection, const Session &actor,
                                                           const OnlineOrderRequest &request)
{
    return OnlineOrderWriter::placeInTransaction(connection, actor, request);
}

QFuture<Status> OrderService::recordOnlinePayment(const Session &actor, qint64 orderId, const OnlinePayment &payment)
{
    return m_database->write([actor, orderId, payment](Connection &connection) {
        return recordOnlinePaymentInTransaction(connection, actor, orderId, payment);
    });
}

Status OrderService::recordOnlinePaymentInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                      const OnlinePayment &payment)
{
    return OnlineOrderWriter::recordPaymentInTransaction(connection, actor, orderId, payment);
}

QFuture<Status> OrderService::changeStatus(const Session &actor, qint64 orderId, OrderStatus to, const QString &note)
{
    if (Status allowed = requireManageOrders(actor); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, orderId, to, note](Connection &connection) {
        return changeStatusInTransaction(connection, actor, orderId, to, note);
    });
}

Status OrderService::changeStatusInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                               OrderStatus to, const QString &note)
{
    if (!actor.isSystem())
        if (Status allowed = requireManageOrders(actor); !allowed)
            return allowed;
    const QString cleanNote = clean(note);
    if (Status ok = requireNote(cleanNote); !ok)
        return ok;
    Result<OrderStatusWriter::Current> current = OrderStatusWriter::currentInTransaction(connection, orderId);
    if (!current)
        return current.error();
    // The machine speaks first, so every refused pair names what the order
    // may become, whichever way it was asked.
    if (Status allowed = checkTransition(current->status, to); !allowed)
        return allowed;
    switch (to) {
    case OrderStatus::Shipped:
        return invalid(QCoreApplication::translate("OrderService", "Ship order %1 with its carrier and tracking "
                                                                   "number.")
                           .arg(current->orderNumber));
    case OrderStatus::Cancelled:
        return invalid(QCoreApplication::translate("OrderService", "Cancel order %1 with Cancel order: it releases "
                                                                   "the reserved stock and refunds what was paid.")
                           .arg(current->orderNumber));
    case OrderStatus::Refunded:
        return invalid(QCoreApplication::translate("OrderService", "Order %1 becomes refunded when its money is given "
                                                                   "back: return its items, or cancel it.")
                           .arg(current->orderNumber));
    default:
        break;
    }
    return OrderStatusWriter::moveInTransaction(connection, actor, orderId, current->status, to, cleanNote);
}

QFuture<Status> OrderService::ship(const Session &actor, qint64 orderId, const QString &carrier,
                                   const QString &trackingNumber, const QString &note)
{
    if (Status allowed = requireManageOrders(actor); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    const QString cleanCarrier = clean(carrier);
    const QString cleanTracking = clean(trackingNumber);
    const QString cleanNote = clean(note);
    Status valid = requireNote(cleanNote);
    if (cleanCarrier.isEmpty() || cleanCarrier.size() > kMaxCarrierLength)
        valid = invalid(QCoreApplication::translate("OrderService", "Enter the carrier that takes the parcel (at most "
                                                                    "%1 characters).")
                            .arg(kMaxCarrierLength));
    else if (cleanTracking.isEmpty() || cleanTracking.size() > kMaxTrackingLength)
        valid = invalid(QCoreApplication::translate("OrderService", "Enter the parcel's tracking number (at most %1 "
                                                                    "characters).")
                            .arg(kMaxTrackingLength));
    if (!valid)
        return QtFuture::makeReadyFuture(valid);
    return m_database->write([actor, orderId, cleanCarrier, cleanTracking, cleanNote](Connection &connection) {
        return shipInTransaction(connection, actor, orderId, cleanCarrier, cleanTracking, cleanNote);
    });
}

QCoro::Task<Status> OrderService::cancel(Session actor, qint64 orderId, QString reason)
{
    if (Status allowed = requireManageOrders(actor); !allowed)
        co_return allowed;
    const QString why = clean(reason);
    if (Status ok = requireNote(why); !ok)
        co_return ok;

    QFuture<Result<QList<qint64>>> cancelling = m_database->write([actor, orderId, why](Connection &connection) {
        return OrderCancellation::cancelInTransaction(connection, actor, orderId, why);
    });
    const Result<QList<qint64>> cards = co_await cancelling;
    if (!cards)
        co_return cards.error();

    if (!cards->isEmpty() && m_payments) {
        for (qint64 refundId : cards.value()) {
            // The refund's row tells what happened; the Status only explains.
            QCoro::Task<Status> sending = m_payments->sendRefund(actor, refundId);
            const Status sent = co_await std::move(sending);
            Q_UNUSED(sent);
        }
    }
    QFuture<Result<bool>> finishing = m_database->write([actor, orderId](Connection &connection) {
        return OrderCancellation::finishInTransaction(connection, actor, orderId);
    });
    const Result<bool> finished = co_await finishing;
    if (!finished)
        co_return finished.error();

    QFuture<Result<OpenRefunds>> checking =
        m_database->read([orderId](Connection &connection) { return openRefunds(connection, orderId); });
    const Result<OpenRefunds> open = co_await checking;
    if (!open)
        co_return open.error();
    if (open->declined.isValid() && !open->declined.isZero())
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("OrderService",
                                                          "The order is cancelled and its stock released, but the "
                                                          "card refund of %1 was declined: %2. Cancel the order "
                                                          "again to try the card again, or give the money back at a "
                                                          "register.")
                                  .arg(open->declined.toString(), open->declineReason));
    if (open->pending.isValid() && !open->pending.isZero())
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("OrderService",
                                                          "The order is cancelled and its stock released, but the "
                                                          "card refund of %1 could not reach the payment gateway. "
                                                          "It is kept and sent again with the same key: cancel the "
                                                          "order again in a moment.")
                                  .arg(open->pending.toString()));
    co_return Status::success();
}

QFuture<QList<BulkStatusOutcome>> OrderService::changeStatuses(const Session &actor, const QList<qint64> &orderIds,
                                                               OrderStatus to, const QString &note)
{
    const auto everyOrder = [orderIds](const Error &error) {
        QList<BulkStatusOutcome> outcomes;
        for (qint64 id : orderIds)
            outcomes.append(BulkStatusOutcome{id, {}, Status(error)});
        return outcomes;
    };
    if (Status allowed = requireManageOrders(actor); !allowed)
        return QtFuture::makeReadyFuture(everyOrder(allowed.error()));
    // One transaction per order: a refusal leaves the others changed.
    QFuture<Result<QList<BulkStatusOutcome>>> changing =
        m_database->maintain([actor, orderIds, to, note](Connection &connection) -> Result<QList<BulkStatusOutcome>> {
            QList<BulkStatusOutcome> outcomes;
            for (qint64 orderId : orderIds) {
                BulkStatusOutcome outcome;
                outcome.orderId = orderId;
                Transaction transaction(connection, Transaction::Mode::Write);
                if (Status begun = transaction.begin(); !begun) {
                    outcome.result = begun;
                    outcomes.append(outcome);
                    continue;
                }
                Result<QVariant> number =
                    connection.scalar(u"SELECT order_number FROM orders WHERE id = ?"_s, {orderId});
                if (number)
                    outcome.orderNumber = number.value().toString();
                outcome.result = changeStatusInTransaction(connection, actor, orderId, to, note);
                if (outcome.result)
                    outcome.result = transaction.commit();
                outcomes.append(outcome);
            }
            return outcomes;
        });
    return changing.then([everyOrder](const Result<QList<BulkStatusOutcome>> &outcomes) {
        return outcomes ? outcomes.value() : everyOrder(outcomes.error());
    });
}

QFuture<Result<QList<StatusChange>>> OrderService::history(const Session &actor, qint64 orderId)
{
    return m_database->read([actor, orderId](Connection &connection) -> Result<QList<StatusChange>> {
        if (Status allowed = requireViewing(connection, actor, orderId); !allowed)
            return allowed.error();
        Result<OrderStatusWriter::Current> exists = OrderStatusWriter::currentInTransaction(connection, orderId);
        if (!exists)
            return exists.error();
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT h.id, h.from_status, h.to_status, COALESCE(h.user_id, 0), u.first_name, u.last_name, u.email, "
            "h.note, h.created_at FROM order_status_history h LEFT JOIN users u ON u.id = h.user_id "
            "WHERE h.order_id = ? ORDER BY h.id"_s,
            {orderId});
        if (!rows)
            return rows.error();
        QList<StatusChange> changes;
        while (rows.value().next())
            changes.append(changeFrom(rows.value()));
        return changes;
    });
}

} // namespace sk
