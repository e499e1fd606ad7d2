#include "orders/OrderService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/ConflictRetry.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "orders/CustomerOrders.h"
#include "orders/OnlineCartService.h"
#include "orders/OnlineOrderWriter.h"
#include "orders/OrderCancellation.h"
#include "orders/OrderEvents.h"
#include "orders/OrderStatusWriter.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <QCoro/QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxNoteLength = 500;
constexpr int kMaxCarrierLength = 100;
constexpr int kMaxTrackingLength = 100;
constexpr int kMaxPaymentTokenLength = 255;
// The marker of a declined card in Error::details, so the API can answer
// 402 instead of the 409 of other conflicts.
constexpr QStringView kCardDeclined = u"card_declined";

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

// The stock part of shipping: the reservations leave as sold.
Status takeShippedStockInTransaction(Connection &connection, const Session &actor, qint64 orderId)
{
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

Status shipInTransaction(Connection &connection, const Session &actor, qint64 orderId, const QString &carrier,
                         const QString &trackingNumber, const QString &note)
{
    Result<OrderStatusWriter::Current> current = OrderStatusWriter::currentInTransaction(connection, orderId);
    if (!current)
        return current.error();
    // The stock first: the status move appends to the audit chain, whose
    // lock every writer takes after its stock rows (a register's sale does),
    // so two writers never wait for each other in a circle. A refused move
    // rolls the stock back with everything else; a move the machine refuses
    // is refused before any stock is touched, with its own sentence.
    if (canTransition(current->status, OrderStatus::Shipped)) {
        if (Status ok = takeShippedStockInTransaction(connection, actor, orderId); !ok)
            return ok;
    }
    if (Status ok = OrderStatusWriter::moveInTransaction(connection, actor, orderId, current->status,
                                                         OrderStatus::Shipped, note,
                                                         {{u"carrier"_s, carrier}, {u"tracking_number"_s, trackingNumber}});
        !ok)
        return ok;
    return connection.run(u"UPDATE orders SET tracking_carrier = ?, tracking_number = ? WHERE id = ?"_s,
                          {carrier, trackingNumber, orderId});
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


// What a web store may send as the gateway's card token: printable ASCII
// without spaces. A run of 12 to 19 digits is a card number, refused
// before anything is written.
Status requirePaymentToken(const QString &token)
{
    static const QRegularExpression printable(u"^[!-~]+$"_s);
    static const QRegularExpression cardNumber(u"^[0-9]{12,19}$"_s);
    if (token.isEmpty())
        return invalid(QCoreApplication::translate("OrderService", "Enter the payment token the payment service gave "
                                                                   "for the card."));
    if (token.size() > kMaxPaymentTokenLength || !printable.match(token).hasMatch())
        return invalid(QCoreApplication::translate("OrderService", "The payment token must be at most %1 printable "
                                                                   "characters without spaces.")
                           .arg(kMaxPaymentTokenLength));
    if (cardNumber.match(token).hasMatch())
        return invalid(QCoreApplication::translate("OrderService", "Never send a card number: send the payment token "
                                                                   "the payment service gave for the card."));
    return Status::success();
}

struct BegunCardOrder {
    PlacedOrder placed;
    qint64 paymentId = 0;                   // 0: nothing to pay
    QString idempotencyKey;
};

// The payment row and its key, committed with the order before the gateway
// is first asked: a crash during the call leaves a pending row that is
// settled by key, never a second charge.
Result<qint64> beginCardPaymentInTransaction(Connection &connection, const Session &actor, const PlacedOrder &placed,
                                             const QString &key)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = connection.insert(
        u"INSERT INTO payments (order_id, user_id, tender, status, currency, amount_cents, idempotency_key, "
        "attempts, created_at) VALUES (?, ?, 'card', 'pending', ?, ?, ?, 1, ?) RETURNING id"_s,
        {placed.orderId, actor.userId, placed.total.currency(), placed.total.minorUnits(), key, now});
    if (!id)
        return id.error();
    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"payment.started"_s, u"payment:%1"_s.arg(id.value()),
                                       {{u"order_id"_s, placed.orderId},
                                        {u"tender"_s, u"card"_s},
                                        {u"amount"_s, placed.total.toDecimalString()},
                                        {u"currency"_s, placed.total.currency()}}));
        !ok)
        return ok.error();
    return id;
}

// The gateway approved: the row completed and the money booked on the
// order; paid in full, its sale counts from now.
Status completeCardPaymentInTransaction(Connection &connection, const Session &actor, qint64 orderId, qint64 paymentId,
                                        const GatewayPayment &answer)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<CachedQuery> completed = connection.prepared(
        u"UPDATE payments SET status = 'completed', gateway_reference = ?, card_brand = ?, card_last4 = ?, "
        "failure_message = '', processed_at = ? WHERE id = ? AND status = 'pending'"_s,
        {clean(answer.reference), clean(answer.cardBrand.left(32)), clean(answer.cardLast4), now, paymentId});
    if (!completed)
        return completed.error();
    // Settled meanwhile by another path: its money is booked there.
    if (completed.value().numRowsAffected() != 1)
        return Status::success();
    const qint64 amount = answer.amount.minorUnits();
    Result<CachedQuery> booked = connection.prepared(
        u"UPDATE orders SET paid_cents = paid_cents + ?, updated_at = ? WHERE id = ? AND paid_cents + ? <= total_cents"_s,
        {amount, now, orderId, amount});
    if (!booked)
        return booked.error();
    if (booked.value().numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("OrderService", "The order is already paid. The card payment "
                                                                       "is kept for the shop to give back."));
    Result<QVariant> due = connection.scalar(u"SELECT total_cents - paid_cents FROM orders WHERE id = ?"_s, {orderId});
    if (!due)
        return due.error();
    const bool paidInFull = due.value().toLongLong() == 0;
    if (paidInFull)
        if (Status ok = OrderEvents::salePlacedInTransaction(connection, orderId); !ok)
            return ok;
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"payment.recorded"_s, u"payment:%1"_s.arg(paymentId),
                                   {{u"order_id"_s, orderId},
                                    {u"tender"_s, u"card"_s},
                                    {u"amount"_s, answer.amount.toDecimalString()},
                                    {u"currency"_s, answer.amount.currency()},
                                    {u"paid_in_full"_s, paidInFull}}));
}

Status failCardPaymentInTransaction(Connection &connection, qint64 paymentId, const QString &reference,
                                    const QString &message)
{
    return connection.run(u"UPDATE payments SET status = 'failed', gateway_reference = ?, failure_message = ?, "
                          "processed_at = ? WHERE id = ? AND status = 'pending'"_s,
                          {clean(reference), clean(message), QDateTime::currentDateTimeUtc(), paymentId});
}

// Nothing was charged: the payment failed, then as
// OrderService::cancelUnpaidOnlineOrderInTransaction.
Status undoUnpaidOrderInTransaction(Connection &connection, const Session &actor, const BegunCardOrder &begun,
                                    const QString &reference, const QString &message)
{
    if (Status ok = failCardPaymentInTransaction(connection, begun.paymentId, reference, message); !ok)
        return ok;
    return OrderService::cancelUnpaidOnlineOrderInTransaction(connection, actor, begun.placed.orderId, message);
}

// The customer's own order, and whether they may still cancel it, read in
// the caller's transaction. Another's order does not exist for them.
Status requireOwnCancellable(Connection &connection, const Session &actor, qint64 orderId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT status, order_number FROM orders WHERE id = ? AND customer_id = ?"_s, {orderId, actor.userId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Order %1 is not among your orders. Open your "
                                                                       "order list and choose it there.")
                               .arg(orderId));
    const std::optional<OrderStatus> status = orderStatusFromName(row.value().value(0).toString());
    const QString number = row.value().value(1).toString();
    row.value().finish();
    if (!status)
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("OrderService", "Order %1 has a status Storekeeper does not "
                                                                       "know. Run storekeeper check.")
                               .arg(number));
    if (CustomerOrders::customerMayCancel(*status))
        return Status::success();
    // The machine's sentence names what the order may still become; an
    // order being processed may be cancelled by the shop, not online.
    if (*status == OrderStatus::Processing)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("OrderService", "Order %1 is being packed and can no longer "
                                                                       "be cancelled online: it can only become "
                                                                       "shipped. Contact the shop to stop it.")
                               .arg(number));
    return checkTransition(*status, OrderStatus::Cancelled);
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


bool OrderService::isCardDeclined(const Error &error)
{
    return error.code == ErrorCode::Conflict && error.details == kCardDeclined;
}

Result<qint64> OrderService::openOnlineCartInTransaction(Connection &connection, qint64 customerId)
{
    Result<std::optional<qint64>> id = OnlineCartService::openCartIdInTransaction(connection, customerId);
    if (!id)
        return id.error();
    if (!id.value())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Your cart is empty. Add an item first."));
    return *id.value();
}

Result<OrderAddress> OrderService::savedAddressInTransaction(Connection &connection, qint64 customerId,
                                                            qint64 addressId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT street_address, city, state, postal_code, country FROM addresses WHERE id = ? AND user_id = ?"_s,
        {addressId, customerId});
    if (!row)
        return row.error();
    const CachedQuery &r = row.value();
    if (!r.next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Address %1 is not among your saved "
                                                                       "addresses. Choose one of yours or enter the "
                                                                       "address.")
                               .arg(addressId));
    OrderAddress address{r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toString(),
                         r.value(4).toString()};
    r.finish();
    return address;
}

Status OrderService::cancelUnpaidOnlineOrderInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                          const QString &reason)
{
    Result<QList<qint64>> cancelled = OrderCancellation::cancelInTransaction(connection, actor, orderId, reason);
    if (!cancelled)
        return cancelled.error();
    return connection.run(
        u"UPDATE carts SET status = 'open', order_id = NULL, version = version + 1, updated_at = ? "
        "WHERE order_id = ? AND status = 'checked_out' AND register_id IS NULL AND NOT EXISTS (SELECT 1 FROM "
        "carts c WHERE c.owner_user_id = carts.owner_user_id AND c.register_id IS NULL AND c.status = 'open')"_s,
        {QDateTime::currentDateTimeUtc(), orderId});
}

QCoro::Task<Result<PlacedOrder>> OrderService::placeOnlineByCard(Session actor, OnlineCheckout checkout)
{
    const QString token = clean(checkout.paymentToken);
    if (Status ok = requirePaymentToken(token); !ok)
        co_return ok.error();
    GatewayClient *gateway = m_payments ? m_payments->gateway() : nullptr;
    if (!gateway || gateway->settings().baseUrl.isEmpty())
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("OrderService", "Card payments are not available at the "
                                                                          "moment. Your cart is kept; try again "
                                                                          "later."));

    QFuture<Result<BegunCardOrder>> placing =
        m_database->write([actor, checkout](Connection &connection) -> Result<BegunCardOrder> {
            OnlineOrderRequest request = checkout.order;
            request.payment.reset();
            Result<qint64> cart = openOnlineCartInTransaction(connection, actor.userId);
            if (!cart)
                return cart.error().code == ErrorCode::NotFound ? invalid(cart.error().message) : cart.error();
            request.cartId = cart.value();
            if (checkout.shippingAddressId) {
                Result<OrderAddress> saved =
                    savedAddressInTransaction(connection, actor.userId, *checkout.shippingAddressId);
                if (!saved)
                    return saved.error();
                request.shipping = saved.value();
            }
            if (checkout.billingAddressId) {
                Result<OrderAddress> saved =
                    savedAddressInTransaction(connection, actor.userId, *checkout.billingAddressId);
                if (!saved)
                    return saved.error();
                request.billing = saved.value();
            }
            Result<PlacedOrder> placed = placeOnlineInTransaction(connection, actor, request);
            if (!placed)
                return placed.error();
            BegunCardOrder begun{placed.value(), 0, {}};
            if (placed->total.isZero())
                return begun;
            begun.idempotencyKey = PaymentService::newIdempotencyKey();
            Result<qint64> paymentId =
                beginCardPaymentInTransaction(connection, actor, begun.placed, begun.idempotencyKey);
            if (!paymentId)
                return paymentId.error();
            begun.paymentId = paymentId.value();
            return begun;
        });
    const Result<BegunCardOrder> begun = co_await placing;
    if (!begun)
        co_return begun.error();
    if (begun->paymentId == 0)
        co_return begun->placed;

    // The gateway's protocol has no field of its own for the web store's
    // token: it travels as the payment's reference.
    QCoro::Task<Result<GatewayPayment>> charging =
        gateway->createPayment(begun->idempotencyKey, begun->placed.total, token);
    const Result<GatewayPayment> charged = co_await charging;

    if (charged && charged->outcome == GatewayOutcome::Approved) {
        const GatewayPayment answer = charged.value();
        QFuture<Status> recording = m_database->maintain(retryingConflicts([actor, begun, answer](Connection &connection) {
            return completeCardPaymentInTransaction(connection, actor, begun->placed.orderId, begun->paymentId, answer);
        }));
        const Status recorded = co_await recording;
        if (!recorded)
            co_return recorded.error();
        co_return begun->placed;
    }

    // Declined, or refused for good (nothing charged): no order is left
    // waiting for money that will not come.
    const bool refused = !charged && charged.error().code != ErrorCode::Unavailable;
    if ((charged && charged->outcome == GatewayOutcome::Declined) || refused) {
        const QString reference = charged ? charged->reference : QString();
        const QString message =
            refused ? charged.error().message
                    : QCoreApplication::translate("OrderService", "The card was declined: %1. Your cart is kept: pay "
                                                                  "with another card.")
                          .arg(charged->declineReason.isEmpty()
                                   ? QCoreApplication::translate("OrderService", "no reason given")
                                   : charged->declineReason);
        QFuture<Status> undoing =
            m_database->maintain(retryingConflicts([actor, begun, reference, message](Connection &connection) {
            return undoUnpaidOrderInTransaction(connection, actor, begun.value(), reference, message);
        }));
        const Status undone = co_await undoing;
        if (!undone)
            co_return undone.error();
        if (refused)
            co_return Error::make(ErrorCode::Unavailable,
                                  QCoreApplication::translate("OrderService", "Card payments are not available at "
                                                                              "the moment. Your cart is kept; try "
                                                                              "again later."),
                                  charged.error().message);
        co_return Error::make(ErrorCode::Conflict, message, kCardDeclined.toString());
    }

    // No final answer: the card may have been charged, so the order keeps
    // its stock and its pending payment, settled by key later.
    const QString pendingMessage =
        QCoreApplication::translate("OrderService", "The payment service has not confirmed the payment of order %1 "
                                                    "yet. The order is kept with its items; look at it again in a "
                                                    "moment: the card is never charged twice.")
            .arg(begun->placed.orderNumber);
    QFuture<Status> noting = m_database->write([paymentId = begun->paymentId, pendingMessage](Connection &connection) {
        return connection.run(u"UPDATE payments SET failure_message = ? WHERE id = ? AND status = 'pending'"_s,
                              {pendingMessage, paymentId});
    });
    const Status noted = co_await noting;
    Q_UNUSED(noted);
    co_return Error::make(ErrorCode::Unavailable, pendingMessage, charged ? QString() : charged.error().details);
}

QCoro::Task<Status> OrderService::settlePendingCardPayments(Session actor, qint64 orderId)
{
    struct Open {
        qint64 id = 0;
        QString key;
        Money amount;
    };
    QFuture<Result<QList<Open>>> loading = m_database->read([orderId](Connection &connection) -> Result<QList<Open>> {
        Result<CachedQuery> rows = connection.prepared(
            u"SELECT id, idempotency_key, amount_cents, currency FROM payments WHERE order_id = ? "
            "AND tender = 'card' AND status = 'pending' ORDER BY id"_s,
            {orderId});
        if (!rows)
            return rows.error();
        QList<Open> open;
        while (rows.value().next())
            open.append({rows.value().value(0).toLongLong(), rows.value().value(1).toString(),
                         Money(rows.value().value(2).toLongLong(), rows.value().value(3).toString())});
        return open;
    });
    const Result<QList<Open>> open = co_await loading;
    if (!open)
        co_return open.error();
    GatewayClient *gateway = m_payments ? m_payments->gateway() : nullptr;
    for (const Open &payment : open.value()) {
        const Error unsettled = Error::make(
            ErrorCode::Unavailable,
            QCoreApplication::translate("OrderService", "The payment service has not yet confirmed this order's card "
                                                        "payment. Try again in a moment."));
        if (!gateway)
            co_return unsettled;
        QCoro::Task<Result<GatewayPayment>> looking = gateway->lookupPayment(payment.key);
        const Result<GatewayPayment> found = co_await looking;
        if (!found || found->outcome == GatewayOutcome::Pending)
            co_return unsettled;
        const GatewayPayment answer = found.value();
        QFuture<Status> recording = m_database->write([actor, orderId, payment, answer](Connection &connection) {
            if (answer.outcome == GatewayOutcome::Approved && answer.amount == payment.amount)
                return completeCardPaymentInTransaction(connection, actor, orderId, payment.id, answer);
            return failCardPaymentInTransaction(
                connection, payment.id, answer.reference,
                answer.outcome == GatewayOutcome::Declined
                    ? answer.declineReason
                    : QCoreApplication::translate("OrderService", "The payment was interrupted before the payment "
                                                                  "service received it; the card was not charged."));
        });
        const Status recorded = co_await recording;
        if (!recorded)
            co_return recorded;
    }
    co_return Status::success();
}

QCoro::Task<Status> OrderService::cancelOwn(Session actor, qint64 orderId, QString reason)
{
    // Anyone signed in may cancel their own order (staff shop too); the
    // order must be theirs, checked below.
    if (!actor.isValid())
        co_return require(actor, Permission::PlaceOnlineOrders);
    const QString why = clean(reason);
    if (Status ok = requireNote(why); !ok)
        co_return ok;
    QFuture<Status> checking = m_database->read(
        [actor, orderId](Connection &connection) { return requireOwnCancellable(connection, actor, orderId); });
    const Status cancellable = co_await checking;
    if (!cancellable)
        co_return cancellable;
    QCoro::Task<Status> settling = settlePendingCardPayments(actor, orderId);
    const Status settled = co_await settling;
    if (!settled)
        co_return settled;
    QCoro::Task<Status> cancelling = cancelChecked(actor, orderId, why.isEmpty() ? QCoreApplication::translate(
                                                                                       "OrderService",
                                                                                       "Cancelled by the customer.")
                                                                                 : why,
                                                   true);
    const Status cancelled = co_await cancelling;
    co_return cancelled;
}

QCoro::Task<Status> OrderService::cancel(Session actor, qint64 orderId, QString reason)
{
    if (Status allowed = requireManageOrders(actor); !allowed)
        co_return allowed;
    const QString why = clean(reason);
    if (Status ok = requireNote(why); !ok)
        co_return ok;
    // A card payment with no final answer yet may have been charged: it is
    // settled first, so that the cancellation gives the money back.
    QCoro::Task<Status> settling = settlePendingCardPayments(actor, orderId);
    const Status settled = co_await settling;
    if (!settled)
        co_return settled;
    QCoro::Task<Status> cancelling = cancelChecked(actor, orderId, why, false);
    const Status cancelled = co_await cancelling;
    co_return cancelled;
}

QCoro::Task<Status> OrderService::cancelChecked(Session actor, qint64 orderId, QString why, bool customersOwn)
{
    QFuture<Result<QList<qint64>>> cancelling =
        m_database->maintain(retryingConflicts([actor, orderId, why, customersOwn](Connection &connection) -> Result<QList<qint64>> {
            // Checked again in the cancelling transaction: the shop may have
            // moved the order on since the customer asked.
            if (customersOwn)
                if (Status ok = requireOwnCancellable(connection, actor, orderId); !ok)
                    return ok.error();
            return OrderCancellation::cancelInTransaction(connection, actor, orderId, why);
        }));
    const Result<QList<qint64>> cards = co_await cancelling;
    if (!cards)
        co_return cards.error();

    if (!cards->isEmpty() && m_payments) {
        // A customer sends the refunds of their own cancelled order
        // (PaymentService::sendRefund allows that much).
        for (qint64 refundId : cards.value()) {
            // The refund's row tells what happened; the Status only explains.
            QCoro::Task<Status> sending = m_payments->sendRefund(actor, refundId);
            const Status sent = co_await std::move(sending);
            Q_UNUSED(sent);
        }
    }
    QFuture<Result<bool>> finishing = m_database->maintain(retryingConflicts([actor, orderId](Connection &connection) {
        return OrderCancellation::finishInTransaction(connection, actor, orderId);
    }));
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
