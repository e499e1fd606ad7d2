#include "orders/OnlineOrderWriter.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Connection.h"
#include "inventory/InventoryLedger.h"
#include "orders/OrderEvents.h"
#include "orders/OrderStatusWriter.h"
#include "payments/PaymentService.h"
#include "sales/CartService.h"

#include <QCoreApplication>
#include <QMap>
#include <QRegularExpression>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kOrderNumberDigits = 6;
constexpr int kMaxStreetLength = 200;
constexpr int kMaxCityLength = 100;
constexpr int kMaxStateLength = 100;
constexpr int kMaxPostalCodeLength = 20;
constexpr int kMaxCountryLength = 100;
constexpr int kMaxNoteLength = 500;
constexpr int kMaxReferenceLength = 100;
constexpr int kMaxBrandLength = 40;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Error conflict(const QString &message)
{
    return Error::make(ErrorCode::Conflict, message);
}

// Trimmed, and never null: a null QString binds as SQL NULL and the text
// columns are NOT NULL.
QString clean(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

QVariant nullableId(std::optional<qint64> id)
{
    return id && *id > 0 ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

OrderAddress cleaned(const OrderAddress &address)
{
    return {clean(address.streetAddress), clean(address.city), clean(address.state), clean(address.postalCode),
            clean(address.country)};
}

// The stock ledger reserves for whoever may use the register; a customer
// ordering online may not, so the shop reserves on their behalf once the
// order itself has been allowed (PlaceOnlineOrders).
Session stockActor(const Session &actor)
{
    return require(actor, Permission::UseRegister) ? actor : Session::system();
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
    return reasons.isEmpty() ? u""_s : reasons.join(u"; "_s);
}

QString addressText(const OrderAddress &a)
{
    return u"%1\n%2, %3 %4\n%5"_s.arg(a.streetAddress, a.city, a.state, a.postalCode, a.country);
}

// Why a cart cannot become an order, from its stored row.
Error cartNotOrderable(Connection &connection, const Session &actor, qint64 cartId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT status, register_id, owner_user_id FROM carts WHERE id = ?"_s, {cartId});
    if (!row)
        return row.error();
    const CachedQuery &r = row.value();
    const bool managesOrders = require(actor, Permission::ManageOrders).ok();
    if (!r.next() || (!managesOrders && r.value(2).toLongLong() != actor.userId))
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "This cart no longer exists. Add the items "
                                                                       "to your cart again."));
    if (!r.isNull(1) || r.isNull(2))
        return conflict(QCoreApplication::translate("OrderService", "This is a register's sale, not an online cart. "
                                                                    "Complete it at the register."));
    if (r.value(0).toString() == u"checked_out"_s)
        return conflict(QCoreApplication::translate("OrderService", "This cart has already been ordered. Look for "
                                                                    "the order in the order list."));
    return conflict(QCoreApplication::translate("OrderService", "This cart was emptied or set aside. Add the items "
                                                                "to a new cart."));
}

// Every line that cannot be sold now, in one sentence.
Status requireSellable(const Cart &cart)
{
    QStringList problems;
    for (const CartLine &line : cart.lines) {
        if (line.isAvailable)
            continue;
        if (line.available < line.quantity)
            problems.append(QCoreApplication::translate("OrderService", "%1 (SKU %2): %3 ordered, %4 left")
                                .arg(itemName(line), line.sku)
                                .arg(line.quantity)
                                .arg(std::max<qint64>(line.available, 0)));
        else
            problems.append(QCoreApplication::translate("OrderService", "%1 (SKU %2): no longer sold")
                                .arg(itemName(line), line.sku));
    }
    if (problems.isEmpty())
        return Status::success();
    return conflict(QCoreApplication::translate("OrderService", "Not enough stock for this order: %1. Lower the "
                                                                "quantities or remove these items.")
                        .arg(problems.join(u"; "_s)));
}

// The customer's address book keeps one row per distinct address: the same
// address on a later order is found again instead of copied.
Result<qint64> addressId(Connection &connection, qint64 userId, const OrderAddress &a, const QString &type)
{
    Result<QVariant> found = connection.scalar(
        u"SELECT MIN(id) FROM addresses WHERE user_id = ? AND address_type = ? AND street_address = ? AND city = ? "
        "AND state = ? AND postal_code = ? AND country = ?"_s,
        {userId, type, a.streetAddress, a.city, a.state, a.postalCode, a.country});
    if (!found)
        return found.error();
    if (!found.value().isNull())
        return found.value().toLongLong();
    Result<QVariant> any = connection.scalar(
        u"SELECT COUNT(*) FROM addresses WHERE user_id = ? AND address_type = ?"_s, {userId, type});
    if (!any)
        return any.error();
    return connection.insert(
        u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, is_default, "
        "address_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {userId, a.streetAddress, a.city, a.state, a.postalCode, a.country, any.value().toLongLong() == 0 ? 1 : 0,
         type});
}

Status insertLines(Connection &connection, qint64 orderId, const Cart &cart)
{
    for (const PricedLine &priced : cart.priced.lines) {
        const auto line = std::find_if(cart.lines.cbegin(), cart.lines.cend(),
                                       [&](const CartLine &l) { return l.id == priced.lineId; });
        if (line == cart.lines.cend())
            return Error::make(ErrorCode::Internal,
                               QCoreApplication::translate("OrderService", "The cart's prices do not match its "
                                                                           "lines. Open the cart again."));
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

Status requirePlacing(const Session &actor)
{
    if (require(actor, Permission::ManageOrders))
        return Status::success();
    return require(actor, Permission::PlaceOnlineOrders);
}

} // namespace

Status OnlineOrderWriter::validateAddress(const OrderAddress &address, bool billing)
{
    struct Field {
        const QString &value;
        int maxLength;
        const char *name;
    };
    const OrderAddress a = cleaned(address);
    const Field fields[] = {
        {a.streetAddress, kMaxStreetLength, QT_TRANSLATE_NOOP("OrderService", "street and house number")},
        {a.city, kMaxCityLength, QT_TRANSLATE_NOOP("OrderService", "city")},
        {a.state, kMaxStateLength, QT_TRANSLATE_NOOP("OrderService", "state or region")},
        {a.postalCode, kMaxPostalCodeLength, QT_TRANSLATE_NOOP("OrderService", "postal code")},
        {a.country, kMaxCountryLength, QT_TRANSLATE_NOOP("OrderService", "country")},
    };
    for (const Field &field : fields) {
        const QString name = QCoreApplication::translate("OrderService", field.name);
        if (field.value.isEmpty())
            return invalid(billing ? QCoreApplication::translate("OrderService", "Enter the %1 of the billing "
                                                                                 "address.")
                                         .arg(name)
                                   : QCoreApplication::translate("OrderService", "Enter the %1 of the shipping "
                                                                                 "address.")
                                         .arg(name));
        if (field.value.size() > field.maxLength)
            return invalid(billing ? QCoreApplication::translate("OrderService", "The %1 of the billing address may "
                                                                                 "be at most %2 characters long.")
                                         .arg(name)
                                         .arg(field.maxLength)
                                   : QCoreApplication::translate("OrderService", "The %1 of the shipping address "
                                                                                 "may be at most %2 characters long.")
                                         .arg(name)
                                         .arg(field.maxLength));
    }
    return Status::success();
}

Result<PlacedOrder> OnlineOrderWriter::placeInTransaction(Connection &connection, const Session &actor,
                                                          const OnlineOrderRequest &request)
{
    if (Status allowed = requirePlacing(actor); !allowed)
        return allowed.error();
    if (Status ok = validateAddress(request.shipping, false); !ok)
        return ok.error();
    if (request.billing)
        if (Status ok = validateAddress(*request.billing, true); !ok)
            return ok.error();
    const QString note = clean(request.note);
    if (note.size() > kMaxNoteLength)
        return invalid(QCoreApplication::translate("OrderService", "The note may be at most %1 characters long.")
                           .arg(kMaxNoteLength));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Claimed first, so a second order from the same cart (a double click,
    // a retry after a timeout) finds it checked out.
    const bool managesOrders = require(actor, Permission::ManageOrders).ok();
    Result<CachedQuery> claimed = connection.prepared(
        u"UPDATE carts SET status = 'checked_out', updated_at = ?, version = version + 1 "
        "WHERE id = ? AND status = 'open' AND register_id IS NULL AND owner_user_id IS NOT NULL "
        "AND (? = 1 OR owner_user_id = ?)"_s,
        {now, request.cartId, managesOrders ? 1 : 0, actor.userId});
    if (!claimed)
        return claimed.error();
    if (claimed.value().numRowsAffected() != 1)
        return cartNotOrderable(connection, actor, request.cartId);

    Result<Cart> loaded = CartService::loadInTransaction(connection, request.cartId);
    if (!loaded)
        return loaded.error();
    const Cart &cart = loaded.value();
    if (cart.isEmpty())
        return invalid(QCoreApplication::translate("OrderService", "The cart is empty. Add an item first."));
    if (Status ok = requireSellable(cart); !ok)
        return ok.error();
    const qint64 customerId = cart.ownerUserId.value_or(0);
    Result<qint64> locationId = InventoryLedger::defaultLocationId(connection);
    if (!locationId)
        return locationId.error();

    Result<QVariant> number = connection.scalar(
        u"UPDATE order_number_sequences SET next_number = next_number + 1 WHERE channel = 'online' "
        "RETURNING next_number - 1"_s);
    if (!number)
        return number.error();
    if (number.value().isNull())
        return Error::make(ErrorCode::Internal, QCoreApplication::translate("OrderService", "The online order numbers "
                                                                                            "are missing. Run "
                                                                                            "storekeeper check."));
    const QString orderNumber = u"W-%1"_s.arg(number.value().toLongLong(), kOrderNumberDigits, 10, QChar(u'0'));

    const OrderAddress shipping = cleaned(request.shipping);
    Result<qint64> shippingId = addressId(connection, customerId, shipping, u"shipping"_s);
    if (!shippingId)
        return shippingId.error();
    qint64 billingId = shippingId.value();
    if (request.billing) {
        Result<qint64> billed = addressId(connection, customerId, cleaned(*request.billing), u"billing"_s);
        if (!billed)
            return billed.error();
        billingId = billed.value();
    }

    const PricedCart &priced = cart.priced;
    const QString currency = priced.total.currency();
    const QString pending = orderStatusName(OrderStatus::Pending);
    Result<qint64> orderId = connection.insert(
        u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, subtotal_cents, "
        "discount_cents, tax_cents, shipping_cents, total_cents, paid_cents, discount_reason, shipping_address_id, "
        "billing_address_id, shipping_address, note, created_at, updated_at) "
        "VALUES (?, 'online', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {orderNumber, pending, customerId, locationId.value(), currency, priced.subtotal.minorUnits(),
         priced.discount.minorUnits(), priced.tax.minorUnits(), priced.shipping.minorUnits(),
         priced.total.minorUnits(), cart.discount ? clean(cart.discount->reason) : u""_s, shippingId.value(),
         billingId, addressText(shipping), note, now, now});
    if (!orderId)
        return orderId.error();
    if (Status ok = OrderStatusWriter::appendHistoryInTransaction(
            connection, actor, orderId.value(), std::nullopt, OrderStatus::Pending,
            note.isEmpty() ? QCoreApplication::translate("OrderService", "Placed online.") : note);
        !ok)
        return ok.error();
    if (Status ok = insertLines(connection, orderId.value(), cart); !ok)
        return ok.error();
    // Held until the order ships (committed as sales) or is cancelled
    // (released); no expiry, the order is the customer's promise.
    Result<QList<qint64>> reserved = InventoryLedger::reserveInTransaction(
        connection, stockActor(actor), locationId.value(), stockLines(cart), StockReference{u"order"_s, orderId.value()});
    if (!reserved)
        return reserved.error();
    if (Status ok = connection.run(u"UPDATE carts SET order_id = ? WHERE id = ?"_s, {orderId.value(), cart.id}); !ok)
        return ok.error();
    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"order.placed"_s, u"order:%1"_s.arg(orderId.value()),
                                       {{u"order_number"_s, orderNumber},
                                        {u"channel"_s, u"online"_s},
                                        {u"cart_id"_s, cart.id},
                                        {u"customer_id"_s, customerId},
                                        {u"lines"_s, cart.lines.size()},
                                        {u"shipping"_s, priced.shipping.toDecimalString()},
                                        {u"total"_s, priced.total.toDecimalString()},
                                        {u"currency"_s, currency}}));
        !ok)
        return ok.error();

    if (request.payment) {
        if (Status ok = recordPaymentInTransaction(connection, actor, orderId.value(), *request.payment); !ok)
            return ok.error();
    } else if (priced.total.isZero()) {
        // Nothing to pay: the sale counts at once.
        if (Status ok = OrderEvents::salePlacedInTransaction(connection, orderId.value()); !ok)
            return ok.error();
    }
    return PlacedOrder{orderId.value(), orderNumber, priced.total};
}

Status OnlineOrderWriter::recordPaymentInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                     const OnlinePayment &payment)
{
    if (Status allowed = requirePlacing(actor); !allowed)
        return allowed;
    const QString reference = clean(payment.gatewayReference);
    const QString brand = clean(payment.cardBrand);
    const QString last4 = clean(payment.cardLast4);
    const QString givenKey = clean(payment.idempotencyKey);
    if (!payment.amount.isValid() || payment.amount.isNegative() || payment.amount.isZero())
        return invalid(QCoreApplication::translate("OrderService", "Enter the amount the card was charged."));
    if (reference.isEmpty() || reference.size() > kMaxReferenceLength)
        return invalid(QCoreApplication::translate("OrderService", "Enter the payment gateway's reference of the "
                                                                   "charge (at most %1 characters).")
                           .arg(kMaxReferenceLength));
    if (brand.size() > kMaxBrandLength)
        return invalid(QCoreApplication::translate("OrderService", "The card brand may be at most %1 characters "
                                                                   "long.")
                           .arg(kMaxBrandLength));
    static const QRegularExpression fourDigits(u"^[0-9]{4}$"_s);
    if (!last4.isEmpty() && !fourDigits.match(last4).hasMatch())
        return invalid(QCoreApplication::translate("OrderService", "Enter only the last four digits of the card, "
                                                                   "never the whole number."));
    if (givenKey.size() > kMaxReferenceLength)
        return invalid(QCoreApplication::translate("OrderService", "The payment's idempotency key may be at most %1 "
                                                                   "characters long.")
                           .arg(kMaxReferenceLength));

    if (!givenKey.isEmpty()) {
        Result<CachedQuery> known = connection.prepared(
            u"SELECT order_id, amount_cents FROM payments WHERE idempotency_key = ?"_s, {givenKey});
        if (!known)
            return known.error();
        if (known.value().next()) {
            // The same charge reported again (a retry): nothing more to do.
            if (known.value().value(0).toLongLong() == orderId
                && known.value().value(1).toLongLong() == payment.amount.minorUnits())
                return Status::success();
            return conflict(QCoreApplication::translate("OrderService", "This payment is already recorded for "
                                                                        "another order or amount. Check the "
                                                                        "gateway's reference."));
        }
    }

    Result<CachedQuery> row = connection.prepared(
        u"SELECT channel, status, currency, total_cents, paid_cents, COALESCE(customer_id, 0), order_number "
        "FROM orders WHERE id = ?"_s,
        {orderId});
    if (!row)
        return row.error();
    const CachedQuery &order = row.value();
    const bool managesOrders = require(actor, Permission::ManageOrders).ok();
    if (!order.next() || (!managesOrders && order.value(5).toLongLong() != actor.userId))
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "Order %1 does not exist. Refresh the list "
                                                                       "and choose it again.")
                               .arg(orderId));
    const QString channel = order.value(0).toString();
    const QString statusName = order.value(1).toString();
    const std::optional<OrderStatus> status = orderStatusFromName(statusName);
    const QString currency = order.value(2).toString();
    const qint64 total = order.value(3).toLongLong();
    const qint64 paid = order.value(4).toLongLong();
    const QString orderNumber = order.value(6).toString();
    order.finish();
    if (channel != u"online"_s)
        return invalid(QCoreApplication::translate("OrderService", "Sales at the register are paid at the register."));
    if (!status || (*status != OrderStatus::Pending && *status != OrderStatus::Confirmed
                    && *status != OrderStatus::Processing))
        return conflict(QCoreApplication::translate("OrderService", "Order %1 is %2 and takes no more payments.")
                            .arg(orderNumber, status ? orderStatusTitle(*status) : statusName));
    if (payment.amount.currency() != currency)
        return invalid(QCoreApplication::translate("OrderService", "Order %1 is in %2; record the payment in %2.")
                           .arg(orderNumber, currency));
    const Money due(total - paid, currency);
    if (payment.amount > due)
        return conflict(QCoreApplication::translate("OrderService", "Only %1 is still due on order %2, less than the "
                                                                    "%3 charged. Refund the difference at the "
                                                                    "gateway.")
                            .arg(due.toString(), orderNumber, payment.amount.toString()));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString key = givenKey.isEmpty() ? PaymentService::newIdempotencyKey() : givenKey;
    Result<qint64> paymentId = connection.insert(
        u"INSERT INTO payments (order_id, user_id, tender, status, currency, amount_cents, idempotency_key, "
        "gateway_reference, card_brand, card_last4, attempts, created_at, processed_at) "
        "VALUES (?, ?, 'card', 'completed', ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id"_s,
        {orderId, nullableId(actor.userId), currency, payment.amount.minorUnits(), key, reference, brand, last4, now,
         now});
    if (!paymentId)
        return paymentId.error();
    // Conditional, so two reports of different charges at once can never
    // make the order paid more than its total.
    Result<CachedQuery> booked = connection.prepared(
        u"UPDATE orders SET paid_cents = paid_cents + ?, updated_at = ? WHERE id = ? AND paid_cents + ? <= total_cents"_s,
        {payment.amount.minorUnits(), now, orderId, payment.amount.minorUnits()});
    if (!booked)
        return booked.error();
    if (booked.value().numRowsAffected() != 1)
        return conflict(QCoreApplication::translate("OrderService", "Another payment for order %1 was recorded a "
                                                                    "moment ago. Refresh the order and try again.")
                            .arg(orderNumber));
    const bool paidInFull = paid + payment.amount.minorUnits() == total;
    if (paidInFull)
        if (Status ok = OrderEvents::salePlacedInTransaction(connection, orderId); !ok)
            return ok;
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, u"payment.recorded"_s, u"payment:%1"_s.arg(paymentId.value()),
                                   {{u"order_id"_s, orderId},
                                    {u"tender"_s, u"card"_s},
                                    {u"amount"_s, payment.amount.toDecimalString()},
                                    {u"currency"_s, currency},
                                    {u"paid_in_full"_s, paidInFull}}));
}

} // namespace sk
