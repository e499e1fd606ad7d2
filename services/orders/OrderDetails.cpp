#include "orders/OrderDetails.h"

#include "db/Database.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString personName(const QVariant &first, const QVariant &last)
{
    return (first.toString() + u' ' + last.toString()).trimmed();
}

Error orderNotFound()
{
    return Error::make(ErrorCode::NotFound, QCoreApplication::translate("OrderDetails", "This order was not found. "
                                                                                        "Reload the list of orders."));
}

// The vendor's own lines only, as a condition on the order_items alias i.
QString vendorCondition(const std::optional<qint64> &vendor, QVariantList &values)
{
    if (!vendor)
        return {};
    values.append(*vendor);
    return u" AND i.vendor_id = ?"_s;
}

Status readHeader(Connection &connection, qint64 orderId, OrderDetail &detail)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT o.id, o.order_number, o.channel, o.status, o.created_at, o.customer_id, c.first_name, c.last_name, "
        "c.email, o.clerk_id, k.first_name, k.last_name, o.currency, o.subtotal_cents, o.discount_cents, o.tax_cents, "
        "o.shipping_cents, o.total_cents, o.paid_cents, o.refunded_cents, o.discount_reason, r.name, l.name, "
        "o.receipt_number, o.shipping_address, o.tracking_carrier, o.tracking_number, o.note, o.updated_at, "
        "sa.street_address, sa.city, sa.state, sa.postal_code, sa.country, "
        "ba.street_address, ba.city, ba.state, ba.postal_code, ba.country "
        "FROM orders o LEFT JOIN users c ON c.id = o.customer_id LEFT JOIN users k ON k.id = o.clerk_id "
        "LEFT JOIN registers r ON r.id = o.register_id LEFT JOIN locations l ON l.id = o.location_id "
        "LEFT JOIN addresses sa ON sa.id = o.shipping_address_id "
        "LEFT JOIN addresses ba ON ba.id = o.billing_address_id WHERE o.id = ?"_s,
        {orderId});
    if (!rows)
        return rows.error();
    const CachedQuery &q = rows.value();
    if (!q.next())
        return orderNotFound();
    OrderRow &h = detail.header;
    h.id = q.value(0).toLongLong();
    h.orderNumber = q.value(1).toString();
    h.channel = orderChannelFromName(q.value(2).toString()).value_or(OrderChannel::InStore);
    h.status = orderStatusFromName(q.value(3).toString()).value_or(OrderStatus::Pending);
    h.createdAt = q.value(4).toDateTime().toUTC();
    h.customerId = q.value(5).toLongLong();
    h.customerName = personName(q.value(6), q.value(7));
    h.customerEmail = q.value(8).toString();
    h.clerkId = q.value(9).toLongLong();
    h.clerkName = personName(q.value(10), q.value(11));
    const QString currency = q.value(12).toString();
    detail.currency = currency;
    const auto money = [&q, &currency](int column) { return Money(q.value(column).toLongLong(), currency); };
    detail.subtotal = money(13);
    detail.discount = money(14);
    detail.tax = money(15);
    detail.shipping = money(16);
    h.total = money(17);
    h.paid = money(18);
    h.refunded = money(19);
    detail.discountReason = q.value(20).toString();
    detail.registerName = q.value(21).toString();
    detail.locationName = q.value(22).toString();
    detail.receiptNumber = q.value(23).toLongLong();
    detail.shippingAddress = q.value(24).toString();
    detail.trackingCarrier = q.value(25).toString();
    detail.trackingNumber = q.value(26).toString();
    detail.note = q.value(27).toString();
    detail.updatedAt = q.value(28).toDateTime().toUTC();
    // The address row, when the order has one, is the precise form; the
    // text column is what an import or an older order carried.
    if (!q.isNull(29))
        detail.shippingAddress = OrderDetails::addressText(q.value(29).toString(), q.value(30).toString(),
                                                           q.value(31).toString(), q.value(32).toString(),
                                                           q.value(33).toString());
    if (!q.isNull(34))
        detail.billingAddress = OrderDetails::addressText(q.value(34).toString(), q.value(35).toString(),
                                                          q.value(36).toString(), q.value(37).toString(),
                                                          q.value(38).toString());
    return Status::success();
}

Status readLines(Connection &connection, qint64 orderId, const std::optional<qint64> &vendor, OrderDetail &detail)
{
    QVariantList values{orderId};
    const QString own = vendorCondition(vendor, values);
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT i.id, i.product_id, i.variant_id, i.vendor_id, i.sku, i.name, i.quantity, i.refunded_quantity, "
        "i.list_price_cents, i.unit_price_cents, i.subtotal_cents, i.discount_cents, i.tax_cents, i.total_cents, "
        "i.tax_rate_bp, i.discount_reason FROM order_items i WHERE i.order_id = ?"_s
            + own + u" ORDER BY i.id"_s,
        values);
    if (!rows)
        return rows.error();
    const CachedQuery &q = rows.value();
    const QString &currency = detail.currency;
    while (q.next()) {
        const auto money = [&q, &currency](int column) { return Money(q.value(column).toLongLong(), currency); };
        OrderDetailLine line;
        line.id = q.value(0).toLongLong();
        line.productId = q.value(1).toLongLong();
        line.variantId = q.value(2).toLongLong();
        line.vendorId = q.value(3).toLongLong();
        line.sku = q.value(4).toString();
        line.name = q.value(5).toString();
        line.quantity = q.value(6).toLongLong();
        line.refundedQuantity = q.value(7).toLongLong();
        line.listPrice = money(8);
        line.unitPrice = money(9);
        line.subtotal = money(10);
        line.discount = money(11);
        line.tax = money(12);
        line.total = money(13);
        line.taxRateBasisPoints = q.value(14).toInt();
        line.discountReason = q.value(15).toString();
        detail.lines.append(line);
    }
    return Status::success();
}

Status readPayments(Connection &connection, qint64 orderId, OrderDetail &detail)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, tender, status, amount_cents, refunded_cents, card_brand, card_last4, gateway_reference, "
        "created_at FROM payments WHERE order_id = ? ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    const CachedQuery &q = rows.value();
    while (q.next()) {
        OrderDetailPayment payment;
        payment.id = q.value(0).toLongLong();
        payment.tender = q.value(1).toString();
        payment.status = q.value(2).toString();
        payment.amount = Money(q.value(3).toLongLong(), detail.currency);
        payment.refunded = Money(q.value(4).toLongLong(), detail.currency);
        payment.cardBrand = q.value(5).toString();
        payment.cardLast4 = q.value(6).toString();
        payment.gatewayReference = q.value(7).toString();
        payment.createdAt = q.value(8).toDateTime().toUTC();
        detail.payments.append(payment);
    }
    return Status::success();
}

Status readRefunds(Connection &connection, qint64 orderId, const std::optional<qint64> &vendor,
                   OrderDetail &detail)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT f.id, f.payment_id, f.tender, f.status, f.amount_cents, f.tax_cents, f.reason, f.failure_message, "
        "u.first_name, u.last_name, f.created_at FROM refunds f LEFT JOIN users u ON u.id = f.user_id "
        "WHERE f.order_id = ? ORDER BY f.id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QHash<qint64, qsizetype> byId;
    {
        const CachedQuery &q = rows.value();
        while (q.next()) {
            OrderDetailRefund refund;
            refund.id = q.value(0).toLongLong();
            if (!q.isNull(1))
                refund.paymentId = q.value(1).toLongLong();
            refund.tender = q.value(2).toString();
            refund.status = q.value(3).toString();
            refund.amount = Money(q.value(4).toLongLong(), detail.currency);
            refund.tax = Money(q.value(5).toLongLong(), detail.currency);
            refund.reason = q.value(6).toString();
            refund.failureMessage = q.value(7).toString();
            refund.userName = personName(q.value(8), q.value(9));
            refund.createdAt = q.value(10).toDateTime().toUTC();
            byId.insert(refund.id, detail.refunds.size());
            detail.refunds.append(refund);
        }
    }
    QVariantList values{orderId};
    const QString own = vendorCondition(vendor, values);
    Result<CachedQuery> lines = connection.prepared(
        u"SELECT rl.refund_id, rl.order_item_id, i.sku, i.name, rl.quantity, rl.amount_cents, rl.tax_cents, "
        "rl.disposition, rl.write_off_reason FROM refund_lines rl JOIN refunds f ON f.id = rl.refund_id "
        "JOIN order_items i ON i.id = rl.order_item_id WHERE f.order_id = ?"_s
            + own + u" ORDER BY rl.refund_id, rl.id"_s,
        values);
    if (!lines)
        return lines.error();
    const CachedQuery &q = lines.value();
    while (q.next()) {
        const auto found = byId.constFind(q.value(0).toLongLong());
        if (found == byId.cend())
            continue;
        OrderDetailRefundLine line;
        line.orderItemId = q.value(1).toLongLong();
        line.sku = q.value(2).toString();
        line.name = q.value(3).toString();
        line.quantity = q.value(4).toLongLong();
        line.amount = Money(q.value(5).toLongLong(), detail.currency);
        line.tax = Money(q.value(6).toLongLong(), detail.currency);
        line.restocked = q.value(7).toString() == u"restock"_s;
        line.writeOffReason = q.value(8).toString();
        detail.refunds[found.value()].lines.append(line);
    }
    if (vendor) {
        // A vendor sees what came back of their own lines: the refund's
        // amount is then the sum of those lines, and a refund without any
        // of them (another vendor's, or a later part of a return) is not theirs.
        QList<OrderDetailRefund> own;
        for (OrderDetailRefund refund : std::as_const(detail.refunds)) {
            if (refund.lines.isEmpty())
                continue;
            qint64 amount = 0;
            qint64 tax = 0;
            for (const OrderDetailRefundLine &line : std::as_const(refund.lines)) {
                amount += line.amount.minorUnits();
                tax += line.tax.minorUnits();
            }
            refund.amount = Money(amount, detail.currency);
            refund.tax = Money(tax, detail.currency);
            refund.paymentId.reset();
            refund.failureMessage.clear();
            own.append(refund);
        }
        detail.refunds = own;
    }
    return Status::success();
}

Status readHistory(Connection &connection, qint64 orderId, OrderDetail &detail)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT h.id, h.from_status, h.to_status, h.user_id, u.first_name, u.last_name, h.note, h.created_at "
        "FROM order_status_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.order_id = ? ORDER BY h.id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    const CachedQuery &q = rows.value();
    while (q.next()) {
        StatusChange change;
        change.id = q.value(0).toLongLong();
        if (!q.isNull(1))
            change.from = orderStatusFromName(q.value(1).toString());
        change.to = orderStatusFromName(q.value(2).toString()).value_or(OrderStatus::Pending);
        change.userId = q.value(3).toLongLong();
        change.userName = personName(q.value(4), q.value(5));
        change.note = q.value(6).toString();
        change.at = q.value(7).toDateTime().toUTC();
        detail.history.append(change);
    }
    return Status::success();
}

} // namespace

OrderDetails::OrderDetails(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QString OrderDetails::addressText(const QString &street, const QString &city, const QString &state,
                                  const QString &postalCode, const QString &country)
{
    QStringList parts;
    if (!street.trimmed().isEmpty())
        parts.append(street.trimmed());
    const QString place = QStringList{postalCode.trimmed(), city.trimmed()}.join(u' ').trimmed();
    const QString region = QStringList{place, state.trimmed()}.join(u", "_s);
    const QString trimmedRegion = region.startsWith(u", "_s) ? region.mid(2)
                                  : region.endsWith(u", "_s) ? region.chopped(2)
                                                             : region;
    if (!trimmedRegion.isEmpty())
        parts.append(trimmedRegion);
    if (!country.trimmed().isEmpty())
        parts.append(country.trimmed());
    return parts.join(u'\n');
}

Result<OrderDetail> OrderDetails::orderOn(Connection &connection, const Session &actor, qint64 orderId)
{
    Result<std::optional<qint64>> scope = OrderSearch::scopeFor(actor);
    if (!scope)
        return scope.error();
    const std::optional<qint64> vendor = scope.value();
    OrderDetail detail;
    if (Status read = readHeader(connection, orderId, detail); !read)
        return read.error();
    if (Status read = readLines(connection, orderId, vendor, detail); !read)
        return read.error();
    if (vendor) {
        if (detail.lines.isEmpty())
            return orderNotFound();
        qint64 subtotal = 0;
        qint64 discount = 0;
        qint64 tax = 0;
        qint64 total = 0;
        qint64 units = 0;
        for (const OrderDetailLine &line : std::as_const(detail.lines)) {
            subtotal += line.subtotal.minorUnits();
            discount += line.discount.minorUnits();
            tax += line.tax.minorUnits();
            total += line.total.minorUnits();
            units += line.quantity;
        }
        detail.subtotal = Money(subtotal, detail.currency);
        detail.discount = Money(discount, detail.currency);
        detail.tax = Money(tax, detail.currency);
        detail.shipping = Money(0, detail.currency);
        detail.header.total = Money(total, detail.currency);
        detail.header.paid = Money(0, detail.currency);
        detail.header.units = units;
        detail.discountReason.clear();
        detail.note.clear();
        detail.vendorScoped = true;
        detail.header.vendorScoped = true;
    } else {
        if (Status read = readPayments(connection, orderId, detail); !read)
            return read.error();
        for (const OrderDetailLine &line : std::as_const(detail.lines))
            detail.header.units += line.quantity;
        detail.allowedNext = allowedNextStatuses(detail.header.status);
    }
    if (Status read = readRefunds(connection, orderId, vendor, detail); !read)
        return read.error();
    if (vendor) {
        qint64 refunded = 0;
        for (const OrderDetailRefund &refund : std::as_const(detail.refunds))
            refunded += refund.amount.minorUnits();
        detail.header.refunded = Money(refunded, detail.currency);
    }
    if (Status read = readHistory(connection, orderId, detail); !read)
        return read.error();
    return detail;
}

QFuture<Result<OrderDetail>> OrderDetails::order(const Session &actor, qint64 orderId)
{
    if (Result<std::optional<qint64>> scope = OrderSearch::scopeFor(actor); !scope)
        return QtFuture::makeReadyFuture(Result<OrderDetail>(scope.error()));
    return m_database->read([actor, orderId](Connection &connection) { return orderOn(connection, actor, orderId); });
}

} // namespace sk
