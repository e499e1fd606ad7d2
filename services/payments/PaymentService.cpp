#include "payments/PaymentService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "orders/OrderEvents.h"
#include "payments/GatewayClient.h"
#include "sales/CartService.h"
#include "sales/Pricing.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QUuid>

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString PaymentColumns =
    u"id, order_id, cart_id, register_id, shift_id, tender, status, currency, amount_cents, tendered_cents, "
    "change_cents, refunded_cents, idempotency_key, gateway_reference, card_brand, card_last4, failure_message, "
    "attempts, created_at, processed_at"_s;

QVariant nullableId(std::optional<qint64> id)
{
    return id && *id > 0 ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

// Never null: a null QString binds as SQL NULL and the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

std::optional<qint64> optionalId(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

QDateTime utc(const QVariant &value)
{
    QDateTime at = value.toDateTime();
    if (at.isValid())
        at.setTimeSpec(Qt::UTC);
    return at;
}

Payment paymentFromRow(const CachedQuery &row)
{
    Payment p;
    p.id = row.value(0).toLongLong();
    p.orderId = optionalId(row.value(1));
    p.cartId = optionalId(row.value(2));
    p.registerId = optionalId(row.value(3));
    p.shiftId = optionalId(row.value(4));
    p.tender = tenderFromName(row.value(5).toString()).value_or(Tender::Other);
    p.status = paymentStatusFromName(row.value(6).toString()).value_or(PaymentStatus::Pending);
    const QString currency = row.value(7).toString();
    p.amount = Money::fromMinorUnits(row.value(8).toLongLong(), currency).value_or(Money());
    if (!row.value(9).isNull())
        p.tendered = Money::fromMinorUnits(row.value(9).toLongLong(), currency);
    p.change = Money::fromMinorUnits(row.value(10).toLongLong(), currency).value_or(Money());
    p.refunded = Money::fromMinorUnits(row.value(11).toLongLong(), currency).value_or(Money());
    p.idempotencyKey = row.value(12).toString();
    p.gatewayReference = row.value(13).toString();
    p.cardBrand = row.value(14).toString();
    p.cardLast4 = row.value(15).toString();
    p.failureMessage = row.value(16).toString();
    p.attempts = row.value(17).toInt();
    p.createdAt = utc(row.value(18));
    p.processedAt = utc(row.value(19));
    return p;
}

Result<Payment> loadPayment(Connection &connection, qint64 paymentId)
{
    Result<CachedQuery> row = connection.prepared(u"SELECT "_s + PaymentColumns + u" FROM payments WHERE id = ?"_s, {paymentId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("PaymentService", "This payment no longer exists. Reload the sale."));
    return paymentFromRow(row.value());
}

Status requireRegister(const Session &actor)
{
    return require(actor, Permission::UseRegister);
}

// What a register cart still needs: its priced total less every payment
// that is taken or still being taken (a pending card payment may yet be
// approved, so it is never paid a second time by another tender).
struct CartDue {
    Money total;
    Money open;
    std::optional<qint64> registerId;
    std::optional<qint64> shiftId;
};

Result<CartDue> cartDueInTransaction(Connection &connection, qint64 cartId)
{
    Result<Cart> cart = CartService::loadInTransaction(connection, cartId);
    if (!cart)
        return cart.error();
    if (cart->status != CartStatus::Open)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("PaymentService", "This sale is no longer open at the register. Recall it or start a new sale."));
    Result<PricingRules> rules = Pricing::rulesInTransaction(connection);
    if (!rules)
        return rules.error();
    Result<PricedCart> priced = Pricing::price(cart->lines, cart->discount, rules.value());
    if (!priced)
        return priced.error();
    Result<QList<Payment>> payments = PaymentService::paymentsForCartInTransaction(connection, cartId);
    if (!payments)
        return payments.error();
    CartDue due;
    due.total = priced->total.isValid() ? priced->total : Money::zero(rules->currency);
    Money taken = Money::zero(due.total.currency());
    for (const Payment &payment : payments.value())
        if (payment.status == PaymentStatus::Completed || payment.status == PaymentStatus::Pending)
            taken += payment.amount;
    due.open = taken >= due.total ? Money::zero(due.total.currency()) : due.total - taken;
    due.registerId = cart->registerId;
    if (cart->registerId) {
        Result<QVariant> shift = connection.scalar(
            u"SELECT id FROM shifts WHERE register_id = ? AND status = 'open'"_s, {*cart->registerId});
        if (!shift)
            return shift.error();
        due.shiftId = optionalId(shift.value());
    }
    return due;
}

Error nothingDue()
{
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("PaymentService", "Nothing is left to pay on this sale. Finish the sale, or add items first."));
}

Error wrongCurrency(const Money &given, const Money &due)
{
    return Error::make(ErrorCode::InvalidInput,
                       QCoreApplication::translate("PaymentService", "This sale is in %1; enter the amount in %1, not %2.")
                           .arg(due.currency(), given.currency()));
}

QString declinedSentence(const QString &reason)
{
    QString words = reason.trimmed();
    while (words.endsWith(u'.'))
        words.chop(1);
    if (words.isEmpty())
        return QCoreApplication::translate("PaymentService", "The card was declined. Ask for another card or another way to pay.");
    return QCoreApplication::translate("PaymentService", "The card was declined: %1. Ask for another card or another way to pay.").arg(words);
}

QString stillPendingSentence()
{
    return QCoreApplication::translate("PaymentService", "The card payment is still waiting for the customer or the bank. Press Retry to ask again: the card will not be charged twice.");
}

// Records the gateway's final word on a pending card payment. Only a row
// still pending changes, so two resolutions of one payment never disagree.
Status recordOutcomeInTransaction(Connection &connection, qint64 paymentId, const GatewayPayment &answer,
                                  const QString &failureMessage)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool approved = answer.outcome == GatewayOutcome::Approved;
    return connection.run(
        u"UPDATE payments SET status = ?, gateway_reference = ?, card_brand = ?, card_last4 = ?, failure_message = ?, "
        "processed_at = ? WHERE id = ? AND status = 'pending'"_s,
        {approved ? u"completed"_s : u"failed"_s, text(answer.reference), text(answer.cardBrand.left(32)),
         text(answer.cardLast4), text(failureMessage), now, paymentId});
}

Status noteFailureInTransaction(Connection &connection, qint64 paymentId, const QString &message)
{
    return connection.run(u"UPDATE payments SET failure_message = ? WHERE id = ? AND status = 'pending'"_s,
                          {text(message), paymentId});
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 paymentId,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection,
                                         AuditEntry::by(actor, action, u"payment:%1"_s.arg(paymentId), details));
}

// Keeps a key marked as being sent for as long as a call is at the gateway,
// so recovery from the register's menu does not resolve it underneath.
class InFlight {
public:
    InFlight(QSet<QString> &keys, QString key) : m_keys(keys), m_key(std::move(key)) { m_keys.insert(m_key); }
    ~InFlight() { m_keys.remove(m_key); }
    InFlight(const InFlight &) = delete;
    InFlight &operator=(const InFlight &) = delete;

private:
    QSet<QString> &m_keys;
    QString m_key;
};

struct PendingRefund {
    qint64 id = 0;
    QString status;
    QString tender;
    Money amount;
    QString idempotencyKey;
    QString paymentReference;
    qint64 customerId = 0;   // the order's customer; 0 for none
};

Result<PendingRefund> loadRefund(Connection &connection, qint64 refundId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT r.id, r.status, r.tender, r.amount_cents, r.currency, r.idempotency_key, "
        "COALESCE(p.gateway_reference, ''), COALESCE(o.customer_id, 0) FROM refunds r "
        "LEFT JOIN payments p ON p.id = r.payment_id LEFT JOIN orders o ON o.id = r.order_id WHERE r.id = ?"_s,
        {refundId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("PaymentService", "This refund no longer exists. Open the receipt again."));
    PendingRefund refund;
    refund.id = row.value().value(0).toLongLong();
    refund.status = row.value().value(1).toString();
    refund.tender = row.value().value(2).toString();
    refund.amount = Money::fromMinorUnits(row.value().value(3).toLongLong(), row.value().value(4).toString()).value_or(Money());
    refund.idempotencyKey = row.value().value(5).toString();
    refund.paymentReference = row.value().value(6).toString();
    refund.customerId = row.value().value(7).toLongLong();
    return refund;
}

// The gateway's final word on a pending refund: completed, or failed with
// the gateway's reason (ReturnService words the sentence around it).
Status recordRefundInTransaction(Connection &connection, qint64 refundId, bool succeeded, const QString &reference,
                                 const QString &failureReason)
{
    Result<CachedQuery> recorded = connection.prepared(
        u"UPDATE refunds SET status = ?, gateway_reference = ?, failure_message = ?, processed_at = ? "
        "WHERE id = ? AND status = 'pending'"_s,
        {succeeded ? u"completed"_s : u"failed"_s, text(reference), text(failureReason),
         QDateTime::currentDateTimeUtc(), refundId});
    if (!recorded)
        return recorded.error();
    if (!succeeded || recorded->numRowsAffected() != 1)
        return Status::success();
    return OrderEvents::refundCompletedInTransaction(connection, refundId);
}

} // namespace

PaymentService::PaymentService(std::shared_ptr<Database> database, GatewayClient *gateway)
    : m_database(std::move(database)), m_gateway(gateway)
{
}

QString PaymentService::newIdempotencyKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Result<QList<Payment>> PaymentService::paymentsForCartInTransaction(Connection &connection, qint64 cartId)
{
    Result<CachedQuery> rows =
        connection.prepared(u"SELECT "_s + PaymentColumns + u" FROM payments WHERE cart_id = ? ORDER BY id"_s, {cartId});
    if (!rows)
        return rows.error();
    QList<Payment> payments;
    while (rows.value().next())
        payments.append(paymentFromRow(rows.value()));
    return payments;
}

QFuture<Result<Payment>> PaymentService::addCash(const Session &actor, qint64 cartId, const Money &tendered)
{
    if (Status allowed = requireRegister(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<Payment>(allowed.error()));
    if (!tendered.isValid() || tendered.minorUnits() <= 0)
        return QtFuture::makeReadyFuture(Result<Payment>(Error::make(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("PaymentService", "Enter the cash the customer handed over: an amount above zero."))));
    return m_database->write([actor, cartId, tendered](Connection &connection) -> Result<Payment> {
        Result<CartDue> due = cartDueInTransaction(connection, cartId);
        if (!due)
            return due.error();
        if (tendered.currency() != due->open.currency())
            return wrongCurrency(tendered, due->open);
        if (due->open.isZero())
            return nothingDue();
        const Money applied = tendered < due->open ? tendered : due->open;
        const Money change = tendered - applied;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<qint64> id = connection.insert(
            u"INSERT INTO payments (cart_id, register_id, shift_id, user_id, tender, status, currency, amount_cents, "
            "tendered_cents, change_cents, idempotency_key, created_at, processed_at) "
            "VALUES (?, ?, ?, ?, 'cash', 'completed', ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
            {cartId, nullableId(due->registerId), nullableId(due->shiftId), nullableId(actor.userId), applied.currency(),
             applied.minorUnits(), tendered.minorUnits(), change.minorUnits(), newIdempotencyKey(), now, now});
        if (!id)
            return id.error();
        return loadPayment(connection, id.value());
    });
}

QFuture<Result<Payment>> PaymentService::beginCard(const Session &actor, qint64 cartId, const Money &amount)
{
    if (Status allowed = requireRegister(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<Payment>(allowed.error()));
    if (!amount.isValid() || amount.minorUnits() <= 0)
        return QtFuture::makeReadyFuture(Result<Payment>(Error::make(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("PaymentService", "Enter the amount to take by card: above zero and at most what is due."))));
    if (!m_gateway || m_gateway->settings().baseUrl.isEmpty())
        return QtFuture::makeReadyFuture(Result<Payment>(Error::make(
            ErrorCode::Unavailable,
            QCoreApplication::translate("PaymentService", "No payment service is set up. Ask an administrator to enter the gateway's address in Settings, or take cash."))));
    // The row and its key are committed before the gateway hears of the
    // payment: whatever happens next, recovery can ask for it by key.
    return m_database->write([actor, cartId, amount](Connection &connection) -> Result<Payment> {
        Result<CartDue> due = cartDueInTransaction(connection, cartId);
        if (!due)
            return due.error();
        if (amount.currency() != due->open.currency())
            return wrongCurrency(amount, due->open);
        if (due->open.isZero())
            return nothingDue();
        if (amount > due->open)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("PaymentService", "The card payment of %1 is more than the %2 still due. Enter %2 or less.")
                                   .arg(amount.toString(), due->open.toString()));
        Result<qint64> id = connection.insert(
            u"INSERT INTO payments (cart_id, register_id, shift_id, user_id, tender, status, currency, amount_cents, "
            "idempotency_key, created_at) VALUES (?, ?, ?, ?, 'card', 'pending', ?, ?, ?, ?) RETURNING id"_s,
            {cartId, nullableId(due->registerId), nullableId(due->shiftId), nullableId(actor.userId), amount.currency(),
             amount.minorUnits(), newIdempotencyKey(), QDateTime::currentDateTimeUtc()});
        if (!id)
            return id.error();
        return loadPayment(connection, id.value());
    });
}

QCoro::Task<Result<Payment>> PaymentService::chargeCard(Session actor, qint64 paymentId)
{
    if (Status allowed = requireRegister(actor); !allowed)
        co_return allowed.error();
    if (!m_gateway)
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("PaymentService", "No payment service is set up. Ask an administrator to enter the gateway's address in Settings, or take cash."));

    QFuture<Result<Payment>> starting = m_database->write([paymentId](Connection &connection) -> Result<Payment> {
        Result<Payment> payment = loadPayment(connection, paymentId);
        if (!payment)
            return payment;
        if (payment->tender != Tender::Card)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("PaymentService", "Only card payments are sent to the payment service."));
        if (payment->status != PaymentStatus::Pending)
            return payment;
        if (Status ok = connection.run(u"UPDATE payments SET attempts = attempts + 1 WHERE id = ?"_s, {paymentId}); !ok)
            return ok.error();
        ++payment.value().attempts;
        return payment;
    });
    const Result<Payment> started = co_await starting;
    if (!started)
        co_return started;
    const Payment payment = started.value();
    if (payment.status == PaymentStatus::Completed)
        co_return payment;
    if (payment.status != PaymentStatus::Pending)
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("PaymentService", "This card payment is already closed (%1). Start a new card payment.")
                                  .arg(payment.failureMessage.isEmpty() ? paymentStatusName(payment.status) : payment.failureMessage));
    if (m_inFlight.contains(payment.idempotencyKey))
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("PaymentService", "This card payment is already with the payment service. Wait for its answer."));

    GatewayPayment answer;
    {
        InFlight sending(m_inFlight, payment.idempotencyKey);
        const QString reference = payment.cartId ? u"cart-%1"_s.arg(*payment.cartId) : u"payment-%1"_s.arg(payment.id);
        QCoro::Task<Result<GatewayPayment>> charging = m_gateway->createPayment(payment.idempotencyKey, payment.amount, reference);
        const Result<GatewayPayment> charged = co_await charging;
        if (!charged) {
            const Error error = charged.error();
            // Unavailable: the gateway may have the payment, so it stays
            // pending for Retry or recovery. Anything else is the gateway
            // refusing the request, which charges nothing.
            const bool maybeCharged = error.code == ErrorCode::Unavailable;
            QFuture<Status> noting = m_database->write([paymentId, error, maybeCharged](Connection &connection) {
                if (maybeCharged)
                    return noteFailureInTransaction(connection, paymentId, error.message);
                GatewayPayment refused;
                refused.outcome = GatewayOutcome::Declined;
                return recordOutcomeInTransaction(connection, paymentId, refused, error.message);
            });
            const Status noted = co_await noting;
            if (!noted)
                co_return noted.error();
            co_return error;
        }
        answer = charged.value();
    }

    QString message;
    if (answer.outcome == GatewayOutcome::Declined)
        message = declinedSentence(answer.declineReason);
    else if (answer.outcome != GatewayOutcome::Approved)
        message = stillPendingSentence();
    QFuture<Result<Payment>> recording =
        m_database->write([paymentId, answer, message](Connection &connection) -> Result<Payment> {
            const Status recorded = answer.outcome == GatewayOutcome::Pending || answer.outcome == GatewayOutcome::NotFound
                ? noteFailureInTransaction(connection, paymentId, message)
                : recordOutcomeInTransaction(connection, paymentId, answer, message);
            if (!recorded)
                return recorded.error();
            return loadPayment(connection, paymentId);
        });
    const Result<Payment> recorded = co_await recording;
    if (!recorded)
        co_return recorded;
    switch (answer.outcome) {
    case GatewayOutcome::Approved:
        co_return recorded;
    case GatewayOutcome::Declined:
        co_return Error::make(ErrorCode::Conflict, message);
    case GatewayOutcome::Pending:
    case GatewayOutcome::NotFound:
        break;
    }
    co_return Error::make(ErrorCode::Unavailable, message);
}

QCoro::Task<Status> PaymentService::voidPayment(Session actor, qint64 paymentId)
{
    if (Status allowed = requireRegister(actor); !allowed)
        co_return allowed;

    QFuture<Result<Payment>> loading = m_database->read([paymentId](Connection &connection) -> Result<Payment> {
        Result<Payment> payment = loadPayment(connection, paymentId);
        if (!payment)
            return payment;
        Result<QVariant> cartStatus = payment->cartId
            ? connection.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {*payment->cartId})
            : Result<QVariant>(QVariant());
        if (!cartStatus)
            return cartStatus.error();
        if (payment->orderId || cartStatus.value().toString() == u"checked_out"_s)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("PaymentService", "This payment belongs to a finished sale. Give the money back with a return instead."));
        return payment;
    });
    const Result<Payment> loaded = co_await loading;
    if (!loaded)
        co_return loaded.error();
    Payment payment = loaded.value();

    // Nothing was taken: there is nothing to give back.
    if (payment.status == PaymentStatus::Voided || payment.status == PaymentStatus::Failed)
        co_return Status::success();
    if (payment.status == PaymentStatus::Refunded)
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("PaymentService", "This payment has already been refunded."));

    if (payment.tender == Tender::Card) {
        if (!m_gateway)
            co_return Error::make(ErrorCode::Unavailable,
                                  QCoreApplication::translate("PaymentService", "No payment service is set up. Ask an administrator to enter the gateway's address in Settings, or take cash."));
        if (m_inFlight.contains(payment.idempotencyKey))
            co_return Error::make(ErrorCode::Conflict,
                                  QCoreApplication::translate("PaymentService", "This card payment is still with the payment service. Wait for its answer, then void it."));
        InFlight voiding(m_inFlight, payment.idempotencyKey);
        if (payment.status == PaymentStatus::Pending) {
            // Whether the card was charged is only known to the gateway.
            QCoro::Task<Result<GatewayPayment>> looking = m_gateway->lookupPayment(payment.idempotencyKey);
            const Result<GatewayPayment> found = co_await looking;
            if (!found)
                co_return found.error();
            if (found->outcome == GatewayOutcome::Pending)
                co_return Error::make(ErrorCode::Unavailable, stillPendingSentence());
            if (found->outcome == GatewayOutcome::Approved) {
                if (found->amount != payment.amount)
                    co_return Error::make(ErrorCode::Conflict,
                                          QCoreApplication::translate("PaymentService", "The payment service charged another amount than this payment's. Ask an administrator to check the payment at the payment service."));
                payment.gatewayReference = found->reference;
                payment.cardBrand = found->cardBrand;
                payment.cardLast4 = found->cardLast4;
                QFuture<Status> recording = m_database->write([paymentId, answer = found.value()](Connection &connection) {
                    return recordOutcomeInTransaction(connection, paymentId, answer, {});
                });
                const Status recorded = co_await recording;
                if (!recorded)
                    co_return recorded;
            }
            if (found->outcome != GatewayOutcome::Approved) {
                // Declined, or never received: nothing was charged.
                QFuture<Status> closing = m_database->write([actor, paymentId](Connection &connection) -> Status {
                    if (Status ok = connection.run(u"UPDATE payments SET status = 'voided', processed_at = ? "
                                                   "WHERE id = ? AND status = 'pending'"_s,
                                                   {QDateTime::currentDateTimeUtc(), paymentId});
                        !ok)
                        return ok;
                    return audit(connection, actor, u"payment.voided"_s, paymentId, {{u"charged"_s, false}});
                });
                const Status closed = co_await closing;
                co_return closed;
            }
        }
        // Given back under a key derived from the payment's, so a void that
        // is retried after a failure or a crash never refunds twice.
        QCoro::Task<Result<GatewayPayment>> refunding =
            m_gateway->refund(payment.gatewayReference, u"void-"_s + payment.idempotencyKey, payment.amount);
        const Result<GatewayPayment> refunded = co_await refunding;
        if (!refunded)
            co_return refunded.error();
        if (refunded->outcome == GatewayOutcome::Declined)
            co_return Error::make(ErrorCode::Conflict,
                                  QCoreApplication::translate("PaymentService", "The payment service refused to give the card payment back: %1. Finish the sale, or ask an administrator.")
                                      .arg(refunded->declineReason));
        if (refunded->outcome != GatewayOutcome::Approved)
            co_return Error::make(ErrorCode::Unavailable,
                                  QCoreApplication::translate("PaymentService", "The payment service has not yet confirmed giving the card payment back. Press Void again in a moment: it will not be refunded twice."));
    }

    QFuture<Status> voiding = m_database->write([actor, payment](Connection &connection) -> Status {
        Result<CachedQuery> updated = connection.prepared(
            u"UPDATE payments SET status = 'voided', processed_at = ? WHERE id = ? AND status = 'completed' "
            "AND order_id IS NULL"_s,
            {QDateTime::currentDateTimeUtc(), payment.id});
        if (!updated)
            return updated.error();
        if (updated.value().numRowsAffected() != 1)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("PaymentService", "This payment changed meanwhile. Reload the sale and try again."));
        return audit(connection, actor, u"payment.voided"_s, payment.id,
                     {{u"tender"_s, tenderName(payment.tender)},
                      {u"amount_cents"_s, payment.amount.minorUnits()},
                      {u"currency"_s, payment.amount.currency()}});
    });
    const Status voided = co_await voiding;
    co_return voided;
}

QFuture<Result<QList<Payment>>> PaymentService::paymentsForCart(const Session &actor, qint64 cartId)
{
    if (Status allowed = requireRegister(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<Payment>>(allowed.error()));
    return m_database->read([cartId](Connection &connection) { return paymentsForCartInTransaction(connection, cartId); });
}

QFuture<Result<QList<Payment>>> PaymentService::paymentsForOrder(const Session &actor, qint64 orderId)
{
    if (Status allowed = requireRegister(actor); !allowed)
        if (Status orders = require(actor, Permission::ViewAllOrders); !orders)
            return QtFuture::makeReadyFuture(Result<QList<Payment>>(allowed.error()));
    return m_database->read([orderId](Connection &connection) -> Result<QList<Payment>> {
        Result<CachedQuery> rows =
            connection.prepared(u"SELECT "_s + PaymentColumns + u" FROM payments WHERE order_id = ? ORDER BY id"_s, {orderId});
        if (!rows)
            return rows.error();
        QList<Payment> payments;
        while (rows.value().next())
            payments.append(paymentFromRow(rows.value()));
        return payments;
    });
}

QCoro::Task<Result<RecoveryReport>> PaymentService::recoverPending(Session actor)
{
    if (!actor.isSystem())
        if (Status allowed = requireRegister(actor); !allowed)
            co_return allowed.error();
    RecoveryReport report;
    if (!m_gateway)
        co_return report;

    struct Open {
        qint64 id = 0;
        QString key;
        std::optional<qint64> cartId;
        Money amount;
    };
    QFuture<Result<QList<Open>>> loading = m_database->read([](Connection &connection) -> Result<QList<Open>> {
        Result<CachedQuery> rows = connection.prepared(
            u"SELECT id, idempotency_key, cart_id, amount_cents, currency FROM payments "
            "WHERE status = 'pending' AND tender = 'card' AND cart_id IS NOT NULL ORDER BY id"_s);
        if (!rows)
            return rows.error();
        QList<Open> open;
        while (rows.value().next())
            open.append({rows.value().value(0).toLongLong(), rows.value().value(1).toString(),
                         optionalId(rows.value().value(2)),
                         Money::fromMinorUnits(rows.value().value(3).toLongLong(), rows.value().value(4).toString())
                             .value_or(Money())});
        return open;
    });
    const Result<QList<Open>> open = co_await loading;
    if (!open)
        co_return open.error();

    for (const Open &payment : open.value()) {
        if (m_inFlight.contains(payment.key)) {
            ++report.stillPending;
            continue;
        }
        InFlight asking(m_inFlight, payment.key);
        QCoro::Task<Result<GatewayPayment>> looking = m_gateway->lookupPayment(payment.key);
        const Result<GatewayPayment> found = co_await looking;
        if (!found || found->outcome == GatewayOutcome::Pending
            || (found->outcome == GatewayOutcome::Approved && found->amount != payment.amount)) {
            ++report.stillPending;
            continue;
        }
        GatewayPayment answer = found.value();
        QString message;
        if (answer.outcome == GatewayOutcome::NotFound) {
            answer.outcome = GatewayOutcome::Declined;
            message = QCoreApplication::translate("PaymentService", "The card payment was interrupted before the payment service received it; the card was not charged. Take the payment again.");
        } else if (answer.outcome == GatewayOutcome::Declined) {
            message = declinedSentence(answer.declineReason);
        }
        QFuture<Status> recording = m_database->write([actor, payment, answer, message](Connection &connection) -> Status {
            if (Status ok = recordOutcomeInTransaction(connection, payment.id, answer, message); !ok)
                return ok;
            return audit(connection, actor, u"payment.recovered"_s, payment.id,
                         {{u"outcome"_s, answer.outcome == GatewayOutcome::Approved ? u"completed"_s : u"failed"_s}});
        });
        const Status recorded = co_await recording;
        if (!recorded)
            co_return recorded.error();
        if (answer.outcome == GatewayOutcome::Approved)
            ++report.completed;
        else
            ++report.failed;
        if (payment.cartId && !report.cartsWithPayments.contains(*payment.cartId))
            report.cartsWithPayments.append(*payment.cartId);
    }

    // Card refunds left pending by a crash: resolved the same way; the
    // returns screen settles the failed ones (again by card, or in cash).
    QFuture<Result<QList<qint64>>> refundsLoading = m_database->read([](Connection &connection) -> Result<QList<qint64>> {
        Result<CachedQuery> rows =
            connection.prepared(u"SELECT id FROM refunds WHERE status = 'pending' AND tender = 'card' ORDER BY id"_s);
        if (!rows)
            return rows.error();
        QList<qint64> ids;
        while (rows.value().next())
            ids.append(rows.value().value(0).toLongLong());
        return ids;
    });
    const Result<QList<qint64>> refunds = co_await refundsLoading;
    if (!refunds)
        co_return refunds.error();
    for (qint64 refundId : refunds.value()) {
        QFuture<Result<PendingRefund>> refundLoading =
            m_database->read([refundId](Connection &connection) { return loadRefund(connection, refundId); });
        const Result<PendingRefund> refund = co_await refundLoading;
        if (!refund)
            co_return refund.error();
        if (m_inFlight.contains(refund->idempotencyKey))
            continue;
        InFlight asking(m_inFlight, refund->idempotencyKey);
        QCoro::Task<Result<GatewayPayment>> looking = m_gateway->lookupRefund(refund->idempotencyKey);
        const Result<GatewayPayment> found = co_await looking;
        if (!found || found->outcome == GatewayOutcome::Pending)
            continue;
        const bool succeeded = found->outcome == GatewayOutcome::Approved;
        const QString reason = found->outcome == GatewayOutcome::NotFound
            ? QCoreApplication::translate("PaymentService", "the refund was interrupted before the payment service received it")
            : found->declineReason;
        QFuture<Status> recording = m_database->write([refundId, succeeded, reference = found->reference, reason](Connection &connection) {
            return recordRefundInTransaction(connection, refundId, succeeded, reference, succeeded ? QString() : reason);
        });
        const Status recorded = co_await recording;
        if (!recorded)
            co_return recorded.error();
    }
    co_return report;
}

QCoro::Task<Status> PaymentService::sendRefund(Session actor, qint64 refundId)
{
    Status allowed = requireRegister(actor);
    if (!allowed && require(actor, Permission::ManageOrders))
        allowed = Status::success();
    // Anyone else only for a refund of their own order (a customer who
    // cancelled it); checked once the refund is read.
    if (!allowed && !actor.isValid())
        co_return allowed;

    QFuture<Result<PendingRefund>> loading =
        m_database->read([refundId](Connection &connection) { return loadRefund(connection, refundId); });
    const Result<PendingRefund> loaded = co_await loading;
    if (!loaded)
        co_return loaded.error();
    const PendingRefund refund = loaded.value();
    if (!allowed && refund.customerId != actor.userId)
        co_return allowed;
    if (refund.status == u"completed"_s || refund.tender != tenderName(Tender::Card))
        co_return Status::success();
    if (refund.status != u"pending"_s)
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("PaymentService", "This card refund was declined. Give the money back in cash, or try the card again from the receipt."));
    if (!m_gateway)
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("PaymentService", "No payment service is set up. Ask an administrator to enter the gateway's address in Settings, or refund in cash."));
    if (m_inFlight.contains(refund.idempotencyKey))
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("PaymentService", "This refund is already with the payment service. Wait for its answer."));

    InFlight sending(m_inFlight, refund.idempotencyKey);
    QCoro::Task<Result<GatewayPayment>> refunding = m_gateway->refund(refund.paymentReference, refund.idempotencyKey, refund.amount);
    const Result<GatewayPayment> answered = co_await refunding;
    if (!answered) {
        const Error error = answered.error();
        if (error.code == ErrorCode::Unavailable)
            co_return error;   // stays pending: sent again with the same key
        QFuture<Status> failing = m_database->write([refundId, error](Connection &connection) {
            return recordRefundInTransaction(connection, refundId, false, {}, error.message);
        });
        const Status failed = co_await failing;
        if (!failed)
            co_return failed;
        co_return error;
    }
    const GatewayPayment answer = answered.value();
    if (answer.outcome == GatewayOutcome::Pending || answer.outcome == GatewayOutcome::NotFound)
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("PaymentService", "The payment service has not yet confirmed the refund. It is sent again with the same key later; the card will not be refunded twice."));
    const bool succeeded = answer.outcome == GatewayOutcome::Approved;
    QFuture<Status> recording = m_database->write([refundId, succeeded, answer](Connection &connection) {
        return recordRefundInTransaction(connection, refundId, succeeded, answer.reference,
                                         succeeded ? QString() : answer.declineReason);
    });
    const Status recorded = co_await recording;
    if (!recorded)
        co_return recorded;
    if (!succeeded)
        co_return Error::make(ErrorCode::Conflict,
                              QCoreApplication::translate("PaymentService", "The card refund was declined: %1. Give the money back in cash, or try the card again.")
                                  .arg(answer.declineReason));
    co_return Status::success();
}

} // namespace sk
