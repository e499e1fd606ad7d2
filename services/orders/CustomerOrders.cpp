#include "orders/CustomerOrders.h"

#include "db/Database.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error orderNotFound(qint64 orderId)
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("CustomerOrders", "Order %1 is not among your orders. Open your "
                                                                     "order list and choose it there.")
                           .arg(orderId));
}

// Any signed-in person has orders of their own (staff may shop too); what
// they see is limited to customer_id, never wider.
Status requireSignedIn(const Session &customer)
{
    if (customer.isValid())
        return Status::success();
    return Error::make(ErrorCode::Unauthenticated,
                       QCoreApplication::translate("CustomerOrders", "Sign in to see your orders."));
}

QDateTime utc(const QVariant &value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

// The columns summaryFrom reads, from orders o.
const QString kSummaryColumns =
    u"o.id, o.order_number, o.channel, o.status, o.currency, o.subtotal_cents, o.discount_cents, o.tax_cents, "
    "o.shipping_cents, o.total_cents, o.paid_cents, o.refunded_cents, "
    "(SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i WHERE i.order_id = o.id), o.created_at, o.updated_at"_s;

CustomerOrderSummary summaryFrom(const CachedQuery &row)
{
    CustomerOrderSummary s;
    s.id = row.value(0).toLongLong();
    s.orderNumber = row.value(1).toString();
    s.channel = row.value(2).toString();
    s.status = orderStatusFromName(row.value(3).toString()).value_or(OrderStatus::Pending);
    const QString currency = row.value(4).toString();
    s.subtotal = Money(row.value(5).toLongLong(), currency);
    s.discount = Money(row.value(6).toLongLong(), currency);
    s.tax = Money(row.value(7).toLongLong(), currency);
    s.shipping = Money(row.value(8).toLongLong(), currency);
    s.total = Money(row.value(9).toLongLong(), currency);
    s.paid = Money(row.value(10).toLongLong(), currency);
    s.refunded = Money(row.value(11).toLongLong(), currency);
    s.itemCount = row.value(12).toLongLong();
    s.createdAt = utc(row.value(13));
    s.updatedAt = utc(row.value(14));
    return s;
}

Result<std::optional<OrderAddress>> addressOf(Connection &connection, const QVariant &addressId)
{
    if (addressId.isNull())
        return std::optional<OrderAddress>();
    Result<CachedQuery> row = connection.prepared(
        u"SELECT street_address, city, state, postal_code, country FROM addresses WHERE id = ?"_s,
        {addressId.toLongLong()});
    if (!row)
        return row.error();
    if (!row.value().next())
        return std::optional<OrderAddress>();
    const CachedQuery &r = row.value();
    OrderAddress address{r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toString(),
                         r.value(4).toString()};
    r.finish();
    return std::optional<OrderAddress>(address);
}

Status readLines(Connection &connection, qint64 orderId, const QString &currency, CustomerOrder &order)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, product_id, variant_id, sku, name, quantity, refunded_quantity, unit_price_cents, "
        "subtotal_cents, discount_cents, tax_cents, total_cents FROM order_items WHERE order_id = ? ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    const CachedQuery &r = rows.value();
    while (r.next())
        order.lines.append({r.value(0).toLongLong(), r.value(1).toLongLong(), r.value(2).toLongLong(),
                            r.value(3).toString(), r.value(4).toString(), r.value(5).toLongLong(),
                            r.value(6).toLongLong(), Money(r.value(7).toLongLong(), currency),
                            Money(r.value(8).toLongLong(), currency), Money(r.value(9).toLongLong(), currency),
                            Money(r.value(10).toLongLong(), currency), Money(r.value(11).toLongLong(), currency)});
    return Status::success();
}

Status readPayments(Connection &connection, qint64 orderId, CustomerOrder &order)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT id, tender, status, currency, amount_cents, refunded_cents, card_brand, card_last4, created_at "
        "FROM payments WHERE order_id = ? ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    const CachedQuery &r = rows.value();
    while (r.next()) {
        const QString currency = r.value(3).toString();
        order.payments.append({r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(),
                               Money(r.value(4).toLongLong(), currency), Money(r.value(5).toLongLong(), currency),
                               r.value(6).toString(), r.value(7).toString(), utc(r.value(8))});
    }
    Result<CachedQuery> refunds = connection.prepared(
        u"SELECT id, tender, status, currency, amount_cents, created_at FROM refunds WHERE order_id = ? ORDER BY id"_s,
        {orderId});
    if (!refunds)
        return refunds.error();
    const CachedQuery &f = refunds.value();
    while (f.next())
        order.refunds.append({f.value(0).toLongLong(), f.value(1).toString(), f.value(2).toString(),
                              Money(f.value(4).toLongLong(), f.value(3).toString()), utc(f.value(5))});
    return Status::success();
}

Status readHistory(Connection &connection, qint64 orderId, CustomerOrder &order)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT from_status, to_status, created_at FROM order_status_history WHERE order_id = ? ORDER BY id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    const CachedQuery &r = rows.value();
    while (r.next()) {
        CustomerStatusChange change;
        if (!r.isNull(0))
            change.from = orderStatusFromName(r.value(0).toString());
        change.to = orderStatusFromName(r.value(1).toString()).value_or(OrderStatus::Pending);
        change.at = utc(r.value(2));
        order.history.append(change);
    }
    return Status::success();
}

} // namespace

CustomerOrders::CustomerOrders(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<CustomerOrderPage>> CustomerOrders::page(const Session &customer, int page, int pageSize)
{
    return m_database->read([customer, page, pageSize](Connection &connection) {
        return pageInTransaction(connection, customer, page, pageSize);
    });
}

QFuture<Result<CustomerOrder>> CustomerOrders::order(const Session &customer, qint64 orderId)
{
    return m_database->read(
        [customer, orderId](Connection &connection) { return orderInTransaction(connection, customer, orderId); });
}

Result<CustomerOrderPage> CustomerOrders::pageInTransaction(Connection &connection, const Session &customer, int page,
                                                            int pageSize)
{
    if (Status allowed = requireSignedIn(customer); !allowed)
        return allowed.error();
    if (page < 1)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("CustomerOrders", "The page number starts at 1."));
    if (pageSize < 1 || pageSize > kMaxPageSize)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("CustomerOrders", "Ask for 1 to %1 orders per page.")
                               .arg(kMaxPageSize));
    CustomerOrderPage result;
    result.page = page;
    result.pageSize = pageSize;
    Result<QVariant> total =
        connection.scalar(u"SELECT COUNT(*) FROM orders WHERE customer_id = ?"_s, {customer.userId});
    if (!total)
        return total.error();
    result.total = total.value().toLongLong();
    result.totalPages = (result.total + pageSize - 1) / pageSize;
    const qint64 offset = qint64(page - 1) * pageSize;
    if (offset >= result.total)
        return result;
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT "_s + kSummaryColumns
            + u" FROM orders o WHERE o.customer_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?"_s,
        {customer.userId, pageSize, offset});
    if (!rows)
        return rows.error();
    while (rows.value().next())
        result.orders.append(summaryFrom(rows.value()));
    return result;
}

Result<CustomerOrder> CustomerOrders::orderInTransaction(Connection &connection, const Session &customer,
                                                        qint64 orderId)
{
    if (Status allowed = requireSignedIn(customer); !allowed)
        return allowed.error();
    Result<CachedQuery> row = connection.prepared(
        u"SELECT "_s + kSummaryColumns
            + u", o.shipping_address_id, o.billing_address_id, o.tracking_carrier, o.tracking_number, o.note "
              "FROM orders o WHERE o.id = ? AND o.customer_id = ?"_s,
        {orderId, customer.userId});
    if (!row)
        return row.error();
    const CachedQuery &r = row.value();
    if (!r.next())
        return orderNotFound(orderId);
    CustomerOrder order;
    order.summary = summaryFrom(r);
    const QVariant shippingId = r.value(15);
    const QVariant billingId = r.value(16);
    order.trackingCarrier = r.value(17).toString();
    order.trackingNumber = r.value(18).toString();
    order.note = r.value(19).toString();
    r.finish();
    order.cancellable = customerMayCancel(order.summary.status);

    Result<std::optional<OrderAddress>> shipping = addressOf(connection, shippingId);
    if (!shipping)
        return shipping.error();
    order.shipping = shipping.value();
    Result<std::optional<OrderAddress>> billing = addressOf(connection, billingId);
    if (!billing)
        return billing.error();
    order.billing = billing.value();
    if (Status ok = readLines(connection, orderId, order.summary.total.currency(), order); !ok)
        return ok.error();
    if (Status ok = readPayments(connection, orderId, order); !ok)
        return ok.error();
    if (Status ok = readHistory(connection, orderId, order); !ok)
        return ok.error();
    return order;
}

Status CustomerOrders::requireReviewableInTransaction(Connection &connection, const Session &customer, qint64 orderId,
                                                      qint64 productId)
{
    if (Status allowed = requireSignedIn(customer); !allowed)
        return allowed;
    Result<QVariant> product = connection.scalar(u"SELECT COUNT(*) FROM products WHERE id = ?"_s, {productId});
    if (!product)
        return product.error();
    if (product.value().toLongLong() == 0)
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CustomerOrders", "Product %1 does not exist. Choose a "
                                                                         "product of your order.")
                               .arg(productId));
    Result<CachedQuery> row = connection.prepared(
        u"SELECT o.status, o.order_number, (SELECT COUNT(*) FROM order_items i WHERE i.order_id = o.id "
        "AND i.product_id = ?) FROM orders o WHERE o.id = ? AND o.customer_id = ?"_s,
        {productId, orderId, customer.userId});
    if (!row)
        return row.error();
    const CachedQuery &r = row.value();
    if (!r.next())
        return orderNotFound(orderId);
    const std::optional<OrderStatus> status = orderStatusFromName(r.value(0).toString());
    const QString number = r.value(1).toString();
    const qint64 lines = r.value(2).toLongLong();
    r.finish();
    if (lines == 0)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("CustomerOrders", "Order %1 does not hold this product. "
                                                                         "Review it with the order it came with.")
                               .arg(number));
    if (status != OrderStatus::Delivered)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CustomerOrders", "Order %1 has not been delivered yet. "
                                                                         "Review the product once it has arrived.")
                               .arg(number));
    return Status::success();
}

bool CustomerOrders::customerMayCancel(OrderStatus status)
{
    return status == OrderStatus::Pending || status == OrderStatus::Confirmed;
}

} // namespace sk
