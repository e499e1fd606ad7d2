#include "sales/CheckoutService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "orders/OrderEvents.h"
#include "orders/OrderStatus.h"
#include "payments/PaymentService.h"
#include "sales/CartService.h"
#include "sales/ShiftService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QMap>

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kReceiptDigits = 6;
constexpr int kMaxReasonLength = 200;

Error conflict(const QString &message)
{
    return Error::make(ErrorCode::Conflict, message);
}

Status requireRegisterUse(const Session &actor)
{
    // Start-up recovery completes sales as the system.
    if (actor.isSystem())
        return Status::success();
    return require(actor, Permission::UseRegister);
}

QVariant nullableId(std::optional<qint64> id)
{
    return id && *id > 0 ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

// Why a cart cannot be completed or voided, from its stored status.
Error cartNotOpen(Connection &connection, qint64 cartId)
{
    Result<CachedQuery> row = connection.prepared(u"SELECT status, register_id FROM carts WHERE id = ?"_s, {cartId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CheckoutService", "This sale no longer exists. Start a new "
                                                                          "sale."));
    if (row.value().value(1).isNull())
        return conflict(QCoreApplication::translate("CheckoutService", "This is an online cart; only a register's "
                                                                       "sale can be completed here."));
    const QString status = row.value().value(0).toString();
    if (status == u"checked_out"_s)
        return conflict(QCoreApplication::translate("CheckoutService", "This sale is already completed. Start the "
                                                                       "next sale."));
    if (status == u"voided"_s)
        return conflict(QCoreApplication::translate("CheckoutService", "This sale was voided. Start a new sale."));
    return conflict(QCoreApplication::translate("CheckoutService", "This sale is parked. Recall it first."));
}

Payment paymentFrom(const CachedQuery &row, const QString &currency)
{
    Payment payment;
    payment.id = row.value(0).toLongLong();
    if (!row.value(1).isNull())
        payment.orderId = row.value(1).toLongLong();
    if (!row.value(2).isNull())
        payment.cartId = row.value(2).toLongLong();
    if (!row.value(3).isNull())
        payment.registerId = row.value(3).toLongLong();
    if (!row.value(4).isNull())
        payment.shiftId = row.value(4).toLongLong();
    payment.tender = tenderFromName(row.value(5).toString()).value_or(Tender::Other);
    payment.status = paymentStatusFromName(row.value(6).toString()).value_or(PaymentStatus::Completed);
    payment.amount = Money(row.value(7).toLongLong(), currency);
    if (!row.value(8).isNull())
        payment.tendered = Money(row.value(8).toLongLong(), currency);
    payment.change = Money(row.value(9).toLongLong(), currency);
    payment.refunded = Money(row.value(10).toLongLong(), currency);
    payment.idempotencyKey = row.value(11).toString();
    payment.gatewayReference = row.value(12).toString();
    payment.cardBrand = row.value(13).toString();
    payment.cardLast4 = row.value(14).toString();
    payment.attempts = row.value(15).toInt();
    payment.createdAt = row.value(16).toDateTime().toUTC();
    if (!row.value(17).isNull())
        payment.processedAt = row.value(17).toDateTime().toUTC();
    return payment;
}

Result<QList<Payment>> orderPayments(Connection &connection, qint64 orderId, const QString &currency)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, order_id, cart_id, register_id, shift_id, tender, status, amount_cents, tendered_cents, "
        "change_cents, refunded_cents, idempotency_key, gateway_reference, card_brand, card_last4, attempts, "
        "created_at, processed_at FROM payments WHERE order_id = ? ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QList<Payment> payments;
    while (rows.value().next())
        payments.append(paymentFrom(rows.value(), currency));
    return payments;
}

QString itemName(const CartLine &line)
{
    return line.options.isEmpty() ? line.name : u"%1 (%2)"_s.arg(line.name, line.options);
}

QString discountReason(const CartLine &line, const PricedLine &priced, const std::optional<Discount> &cartDiscount)
{
    QStringList reasons;
    if (line.discount && !line.discount->reason.isEmpty())
        reasons.append(line.discount->reason);
    if (!priced.cartDiscountShare.isZero() && cartDiscount && !cartDiscount->reason.isEmpty())
        reasons.append(cartDiscount->reason);
    // Never null: a null QString binds as SQL NULL into a NOT NULL column.
    return reasons.isEmpty() ? u""_s : reasons.join(u"; "_s);
}

struct RegisterRow {
    QString code;
    QString name;
    qint64 locationId = 0;
};

Result<RegisterRow> registerRow(Connection &connection, qint64 registerId)
{
    Result<CachedQuery> row =
        connection.prepared(u"SELECT code, name, location_id FROM registers WHERE id = ?"_s, {registerId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CheckoutService", "The sale's register no longer exists. "
                                                                          "Choose this register again."));
    return RegisterRow{row.value().value(0).toString(), row.value().value(1).toString(),
                       row.value().value(2).toLongLong()};
}

Status insertLines(Connection &connection, qint64 orderId, const Cart &cart)
{
    for (const PricedLine &priced : cart.priced.lines) {
        const auto line = std::find_if(cart.lines.cbegin(), cart.lines.cend(),
                                       [&](const CartLine &l) { return l.id == priced.lineId; });
        if (line == cart.lines.cend())
            return Error::make(ErrorCode::Internal,
                               QCoreApplication::translate("CheckoutService", "The sale's prices do not match its "
                                                                              "lines. Open the sale again."));
        if (Status ok = connection.run(
                u"INSERT INTO order_items (order_id, product_id, variant_id, vendor_id, sku, name, quantity, "
                "list_price_cents, unit_price_cents, subtotal_cents, discount_cents, tax_class, tax_rate_bp, "
                "tax_cents, total_cents, discount_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                {orderId, line->productId, line->variantId, nullableId(line->vendorId), line->sku, itemName(*line),
                 priced.quantity, line->unitPrice.minorUnits(), priced.unitPrice.minorUnits(),
                 priced.subtotal.minorUnits(), priced.discount.minorUnits(), line->taxClass,
                 priced.taxRateBasisPoints, priced.tax.minorUnits(), priced.total.minorUnits(),
                 discountReason(*line, priced, cart.discount)});
            !ok)
            return ok;
    }
    return Status::success();
}

QList<StockLine> stockLines(const Cart &cart)
{
    QMap<qint64, qint64> quantities;
    for (const CartLine &line : cart.lines)
        quantities[line.variantId] += line.quantity;
    QList<StockLine> lines;
    for (auto it = quantities.cbegin(); it != quantities.cend(); ++it)
        lines.append(StockLine{it.key(), it.value(), std::nullopt});
    return lines;
}

// What stands between a cart's payments and its total; Ok when they match.
Status requirePaidInFull(Connection &connection, const Cart &cart)
{
    Result<QVariant> pending = connection.scalar(
        u"SELECT COUNT(*) FROM payments WHERE cart_id = ? AND status = 'pending' AND order_id IS NULL"_s, {cart.id});
    if (!pending)
        return pending.error();
    if (pending.value().toLongLong() > 0)
        return conflict(QCoreApplication::translate("CheckoutService", "A card payment for this sale is still being "
                                                                       "processed. Wait for its answer, then "
                                                                       "complete the sale."));
    const Money total = cart.priced.total;
    if (cart.paid < total)
        return conflict(QCoreApplication::translate("CheckoutService", "%1 of %2 is paid. Take the remaining %3 "
                                                                       "before completing the sale.")
                            .arg(cart.paid.toString(), total.toString(), (total - cart.paid).toString()));
    if (cart.paid > total)
        return conflict(QCoreApplication::translate("CheckoutService", "The payments (%1) are more than the sale's "
                                                                       "total (%2). Give back a payment and take "
                                                                       "the right amount.")
                            .arg(cart.paid.toString(), total.toString()));
    return Status::success();
}

} // namespace

CheckoutService::CheckoutService(std::shared_ptr<Database> database, std::shared_ptr<PaymentService> payments)
    : m_database(std::move(database)), m_payments(std::move(payments))
{
}

QFuture<Result<CompletedSale>> CheckoutService::complete(const Session &actor, qint64 cartId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(Result<CompletedSale>(allowed.error()));
    return m_database->write(
        [actor, cartId](Connection &connection) { return completeInTransaction(connection, actor, cartId); });
}

Result<CompletedSale> CheckoutService::completeInTransaction(Connection &connection, const Session &actor,
                                                             qint64 cartId)
{
    if (Status allowed = requireRegisterUse(actor); !allowed)
        return allowed.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Claiming the cart first makes a second completion of the same cart
    // (another window, a retry after a timeout) find it checked out; on
    // PostgreSQL it waits for the first one's row lock to decide.
    Result<CachedQuery> claimed = connection.prepared(
        u"UPDATE carts SET status = 'checked_out', updated_at = ?, version = version + 1 "
        "WHERE id = ? AND status = 'open' AND register_id IS NOT NULL"_s,
        {now, cartId});
    if (!claimed)
        return claimed.error();
    if (claimed.value().numRowsAffected() != 1)
        return cartNotOpen(connection, cartId);

    Result<Cart> loaded = CartService::loadInTransaction(connection, cartId);
    if (!loaded)
        return loaded.error();
    const Cart &cart = loaded.value();
    const qint64 registerId = cart.registerId.value_or(0);
    Result<qint64> shiftId = ShiftService::openShiftIdInTransaction(connection, registerId);
    if (!shiftId)
        return shiftId.error();
    if (cart.isEmpty())
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("CheckoutService", "The sale has no items. Scan an item "
                                                                          "first."));
    if (Status paid = requirePaidInFull(connection, cart); !paid)
        return paid.error();
    Result<RegisterRow> till = registerRow(connection, registerId);
    if (!till)
        return till.error();

    // Gapless: the number is taken inside the sale's transaction, so a sale
    // that fails gives it back with everything else.
    Result<QVariant> receipt = connection.scalar(
        u"UPDATE registers SET next_receipt_number = next_receipt_number + 1 WHERE id = ? "
        "RETURNING next_receipt_number - 1"_s,
        {registerId});
    if (!receipt)
        return receipt.error();
    const qint64 receiptNumber = receipt.value().toLongLong();
    const QString orderNumber = u"%1-%2"_s.arg(till->code).arg(receiptNumber, kReceiptDigits, 10, QChar(u'0'));
    const PricedCart &priced = cart.priced;
    const QString currency = priced.total.currency();
    const QString delivered = orderStatusName(OrderStatus::Delivered);

    Result<qint64> orderId = connection.insert(
        u"INSERT INTO orders (order_number, channel, status, customer_id, clerk_id, register_id, shift_id, "
        "location_id, receipt_number, currency, subtotal_cents, discount_cents, tax_cents, shipping_cents, "
        "total_cents, paid_cents, discount_reason, created_at, updated_at) "
        "VALUES (?, 'in_store', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {orderNumber, delivered, nullableId(cart.customerId), nullableId(actor.userId), registerId,
         shiftId.value(), till->locationId, receiptNumber, currency, priced.subtotal.minorUnits(),
         priced.discount.minorUnits(), priced.tax.minorUnits(), priced.shipping.minorUnits(),
         priced.total.minorUnits(), cart.paid.minorUnits(), cart.discount ? u"%1"_s.arg(cart.discount->reason) : u""_s, now,
         now});
    if (!orderId)
        return orderId.error();
    // In-store sales are paid and handed over at once: one history row, from
    // nothing straight to delivered (docs/orders.md).
    if (Status ok = connection.run(
            u"INSERT INTO order_status_history (order_id, from_status, to_status, user_id, note, created_at) "
            "VALUES (?, NULL, ?, ?, ?, ?)"_s,
            {orderId.value(), delivered, nullableId(actor.userId),
             QCoreApplication::translate("CheckoutService", "Sold at %1, paid and handed over.").arg(till->name),
             now});
        !ok)
        return ok.error();
    if (Status ok = insertLines(connection, orderId.value(), cart); !ok)
        return ok.error();

    if (Status ok = connection.run(u"UPDATE payments SET order_id = ?, shift_id = ? "
                                   "WHERE cart_id = ? AND status = 'completed' AND order_id IS NULL"_s,
                                   {orderId.value(), shiftId.value(), cartId});
        !ok)
        return ok.error();
    Result<QList<Payment>> payments = orderPayments(connection, orderId.value(), currency);
    if (!payments)
        return payments.error();

    // The shift's row before the stock levels, as returns lock them, so a
    // sale and a return at one register never wait on each other in a cycle.
    if (Status ok = ShiftService::recordSaleInTransaction(connection, shiftId.value(), priced.total, priced.tax,
                                                          priced.discount);
        !ok)
        return ok.error();
    Money change = Money::zero(currency);
    QJsonArray tenders;
    for (const Payment &payment : payments.value()) {
        if (Status ok = ShiftService::recordTenderInTransaction(connection, shiftId.value(), tenderName(payment.tender),
                                                                payment.amount, Money::zero(currency));
            !ok)
            return ok.error();
        change += payment.change;
        tenders.append(QJsonObject{{u"tender"_s, tenderName(payment.tender)},
                                   {u"amount"_s, payment.amount.toDecimalString()}});
    }

    if (Status sold = InventoryLedger::sellInTransaction(connection, actor, till->locationId, stockLines(cart),
                                                         StockReference{u"order"_s, orderId.value()});
        !sold)
        return sold.error();
    if (Status ok = connection.run(u"UPDATE carts SET order_id = ? WHERE id = ?"_s, {orderId.value(), cartId}); !ok)
        return ok.error();
    if (Status ok = OrderEvents::salePlacedInTransaction(connection, orderId.value()); !ok)
        return ok.error();

    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"sale.completed"_s, u"order:%1"_s.arg(orderId.value()),
                                       {{u"order_number"_s, orderNumber},
                                        {u"register_id"_s, registerId},
                                        {u"shift_id"_s, shiftId.value()},
                                        {u"cart_id"_s, cartId},
                                        {u"lines"_s, cart.lines.size()},
                                        {u"total"_s, priced.total.toDecimalString()},
                                        {u"currency"_s, currency},
                                        {u"tenders"_s, tenders}}));
        !ok)
        return ok.error();

    CompletedSale sale;
    sale.orderId = orderId.value();
    sale.orderNumber = orderNumber;
    sale.receiptNumber = receiptNumber;
    sale.registerId = registerId;
    sale.total = priced.total;
    sale.paid = cart.paid;
    sale.change = change;
    sale.payments = payments.value();
    return sale;
}

QFuture<Status> CheckoutService::voidCart(const Session &actor, qint64 cartId, const QString &reason)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    const QString why = reason.trimmed();
    if (why.isEmpty() || why.size() > kMaxReasonLength)
        return QtFuture::makeReadyFuture(Status(Error::make(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("CheckoutService", "Say in at most %1 characters why the sale is voided.")
                .arg(kMaxReasonLength))));
    return m_database->write([actor, cartId, why](Connection &connection) -> Status {
        Result<QVariant> held = connection.scalar(
            u"SELECT COUNT(*) FROM payments WHERE cart_id = ? AND order_id IS NULL "
            "AND status IN ('pending', 'completed')"_s,
            {cartId});
        if (!held)
            return held.error();
        if (held.value().toLongLong() > 0)
            return conflict(QCoreApplication::translate("CheckoutService", "Money was taken for this sale. Give the "
                                                                           "payments back first, then void it."));
        Result<QVariant> status = connection.scalar(
            u"SELECT status FROM carts WHERE id = ? AND register_id IS NOT NULL"_s, {cartId});
        if (!status)
            return status.error();
        const bool parked = status.value().toString() == u"parked"_s;
        Result<CachedQuery> claimed = connection.prepared(
            u"UPDATE carts SET status = 'voided', updated_at = ?, version = version + 1 "
            "WHERE id = ? AND status IN ('open', 'parked') AND register_id IS NOT NULL"_s,
            {QDateTime::currentDateTimeUtc(), cartId});
        if (!claimed)
            return claimed.error();
        if (claimed.value().numRowsAffected() != 1)
            return cartNotOpen(connection, cartId);
        if (parked) {
            // A parked cart holds its stock; voiding gives it back.
            Status released = InventoryLedger::releaseInTransaction(connection, actor, {u"cart"_s, cartId});
            if (!released && released.error().code != ErrorCode::NotFound)
                return released;
        }
        return AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"sale.voided"_s, u"cart:%1"_s.arg(cartId), {{u"reason"_s, why}}));
    });
}

QCoro::Task<Result<InterruptedSales>> CheckoutService::recoverInterruptedSales(Session actor)
{
    if (Status allowed = requireRegisterUse(actor); !allowed)
        co_return allowed.error();
    InterruptedSales outcome;
    if (m_payments) {
        QCoro::Task<Result<RecoveryReport>> resolving = m_payments->recoverPending(actor);
        Result<RecoveryReport> resolved = co_await std::move(resolving);
        if (!resolved)
            co_return resolved.error();
        outcome.paymentsFailed = resolved->failed;
        outcome.paymentsStillPending = resolved->stillPending;
    }

    QFuture<Result<QList<qint64>>> listing = m_database->read([](Connection &connection) -> Result<QList<qint64>> {
        Result<CachedQuery> rows = connection.prepared(
            u"SELECT DISTINCT c.id FROM carts c JOIN payments p ON p.cart_id = c.id "
            "WHERE c.status IN ('open', 'parked') AND c.register_id IS NOT NULL AND p.order_id IS NULL "
            "AND p.status IN ('pending', 'completed') ORDER BY c.id"_s);
        if (!rows)
            return rows.error();
        QList<qint64> ids;
        while (rows.value().next())
            ids.append(rows.value().value(0).toLongLong());
        return ids;
    });
    Result<QList<qint64>> carts = co_await listing;
    if (!carts)
        co_return carts.error();

    for (qint64 cartId : carts.value()) {
        // Only a cart its completed payments cover exactly is finished here;
        // anything else stays at its register for the clerk to finish or give
        // back, with the reason the register shows when it is completed.
        QFuture<Result<CompletedSale>> completing =
            m_database->write([actor, cartId](Connection &connection) -> Result<CompletedSale> {
                return completeInTransaction(connection, actor, cartId);
            });
        Result<CompletedSale> completed = co_await completing;
        if (completed)
            outcome.completed.append(completed.value());
        else
            outcome.cartsWithPayments.append(cartId);
    }
    co_return outcome;
}

} // namespace sk
