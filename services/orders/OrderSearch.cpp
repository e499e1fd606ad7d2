#include "orders/OrderSearch.h"

#include "auth/Permissions.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

// The first string after every string that starts with prefix, in code
// point order: [prefix, end) is the prefix as an index range.
QString prefixEnd(const QString &prefix)
{
    QString end = prefix;
    const char16_t last = end.back().unicode();
    if (last < 0xFFFF)
        end.back() = QChar(char16_t(last + 1));
    else
        end.append(QChar(char16_t(0xFFFF)));
    return end;
}

// Customers whose name or e-mail address contains the text: one small
// list the planner builds once, then probes per order.
QString customersMatching(const Connection &connection)
{
    return u"SELECT u.id FROM users u WHERE u.email LIKE ? ESCAPE '\\' "
           "OR %1(u.first_name || ' ' || u.last_name) LIKE ? ESCAPE '\\'"_s.arg(connection.dialect().unicodeLower());
}

// The vendor's own lines of the order o.
QString vendorLines(const QString &what)
{
    return u"(SELECT COALESCE(SUM(%1), 0) FROM order_items vi WHERE vi.order_id = o.id AND vi.vendor_id = ?)"_s.arg(what);
}

struct Filter {
    QString where;
    QVariantList values;
};

Result<Filter> filterFor(const Connection &connection, const OrderQuery &query, std::optional<qint64> scope)
{
    Filter filter;
    QStringList conditions;
    if (query.minTotalCents && query.maxTotalCents && *query.minTotalCents > *query.maxTotalCents)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("OrderSearch", "The lowest amount is above the highest "
                                                                      "amount. Swap them or clear one."));
    if (query.createdFrom.isValid() && query.createdBefore.isValid() && query.createdFrom >= query.createdBefore)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("OrderSearch", "The first day is after the last day. Swap "
                                                                      "them or clear one."));
    if (!query.statuses.isEmpty()) {
        QStringList marks;
        for (OrderStatus status : query.statuses) {
            marks.append(u"?"_s);
            filter.values.append(orderStatusName(status));
        }
        conditions.append(u"o.status IN (%1)"_s.arg(marks.join(u", "_s)));
    }
    if (query.channel) {
        conditions.append(u"o.channel = ?"_s);
        filter.values.append(orderChannelName(*query.channel));
    }
    if (query.createdFrom.isValid()) {
        conditions.append(u"o.created_at >= ?"_s);
        filter.values.append(query.createdFrom.toUTC());
    }
    if (query.createdBefore.isValid()) {
        conditions.append(u"o.created_at < ?"_s);
        filter.values.append(query.createdBefore.toUTC());
    }
    if (query.customerId) {
        conditions.append(u"o.customer_id = ?"_s);
        filter.values.append(*query.customerId);
    }
    const QString customerText = query.customerText.simplified().left(OrderSearch::kMaxTextLength);
    if (!customerText.isEmpty()) {
        conditions.append(u"o.customer_id IN (%1)"_s.arg(customersMatching(connection)));
        filter.values << likePattern(customerText) << likePattern(customerText);
    }
    // A vendor's own scope wins over any vendor asked for: a different one
    // simply matches nothing.
    const std::optional<qint64> vendor = scope ? scope : query.vendorId;
    if (vendor) {
        conditions.append(u"EXISTS (SELECT 1 FROM order_items i WHERE i.vendor_id = ? AND i.order_id = o.id)"_s);
        filter.values.append(*vendor);
        if (scope && query.vendorId && *query.vendorId != *scope)
            conditions.append(u"1 = 0"_s);
    }
    if (query.clerkId) {
        conditions.append(u"o.clerk_id = ?"_s);
        filter.values.append(*query.clerkId);
    }
    const QString amount = scope ? vendorLines(u"vi.total_cents"_s) : u"o.total_cents"_s;
    if (query.minTotalCents) {
        conditions.append(amount + u" >= ?"_s);
        if (scope)
            filter.values.append(*scope);
        filter.values.append(*query.minTotalCents);
    }
    if (query.maxTotalCents) {
        conditions.append(amount + u" <= ?"_s);
        if (scope)
            filter.values.append(*scope);
        filter.values.append(*query.maxTotalCents);
    }
    const QString search = query.search.simplified().left(OrderSearch::kMaxTextLength);
    if (!search.isEmpty()) {
        // Order numbers are upper case ("R1-000042", "W-000123"); the
        // comparison is in code point order on both databases.
        // Two index ranges (orders_number, orders_customer) whose few ids
        // are then sorted: an OR would read every order instead.
        const QString number = connection.isPostgres() ? u"n.order_number COLLATE \"C\""_s : u"n.order_number"_s;
        conditions.append(u"o.id IN (SELECT n.id FROM orders n WHERE %1 >= ? AND %1 < ? "
                          "UNION ALL SELECT m.id FROM orders m WHERE m.customer_id IN (%2))"_s.arg(
                              number, customersMatching(connection)));
        const QString prefix = search.toUpper();
        filter.values << prefix << prefixEnd(prefix) << likePattern(search) << likePattern(search);
    }
    if (!conditions.isEmpty())
        filter.where = u" WHERE "_s + conditions.join(u" AND "_s);
    return filter;
}

QString personName(const QVariant &first, const QVariant &last)
{
    return (first.toString() + u' ' + last.toString()).trimmed();
}

} // namespace

QString orderChannelName(OrderChannel channel)
{
    return channel == OrderChannel::Online ? u"online"_s : u"in_store"_s;
}

std::optional<OrderChannel> orderChannelFromName(const QString &name)
{
    if (name == u"online"_s)
        return OrderChannel::Online;
    if (name == u"in_store"_s)
        return OrderChannel::InStore;
    return std::nullopt;
}

QString orderChannelTitle(OrderChannel channel)
{
    return channel == OrderChannel::Online ? QCoreApplication::translate("OrderSearch", "Online")
                                           : QCoreApplication::translate("OrderSearch", "In store");
}

void OrderQuery::continueAfter(const OrderRow &last)
{
    afterCreatedAt = last.createdAt;
    afterId = last.id;
}

OrderQuery OrderQuery::fromStart() const
{
    OrderQuery query = *this;
    query.afterCreatedAt = QDateTime();
    query.afterId = 0;
    return query;
}

OrderSearch::OrderSearch(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<std::optional<qint64>> OrderSearch::scopeFor(const Session &actor)
{
    if (actor.isValid() && isAllowed(actor.role, Permission::ViewAllOrders))
        return std::optional<qint64>();
    if (actor.isValid() && isAllowed(actor.role, Permission::ViewOwnVendorOrders) && actor.vendorId)
        return std::optional<qint64>(*actor.vendorId);
    Status allowed = require(actor, Permission::ViewAllOrders);
    if (allowed)
        return std::optional<qint64>();
    return allowed.error();
}

Result<OrderStatement> OrderSearch::pageStatement(const Connection &connection, const Session &actor,
                                                  const OrderQuery &query)
{
    Result<std::optional<qint64>> scope = scopeFor(actor);
    if (!scope)
        return scope.error();
    const std::optional<qint64> vendor = scope.value();
    Result<Filter> filter = filterFor(connection, query, vendor);
    if (!filter)
        return filter.error();

    QVariantList values;
    QString units = u"(SELECT COALESCE(SUM(ui.quantity), 0) FROM order_items ui WHERE ui.order_id = o.id)"_s;
    QString total = u"o.total_cents"_s;
    QString paid = u"o.paid_cents"_s;
    QString refunded = u"o.refunded_cents"_s;
    if (vendor) {
        units = vendorLines(u"vi.quantity"_s);
        total = vendorLines(u"vi.total_cents"_s);
        paid = u"0"_s;
        refunded = u"(SELECT COALESCE(SUM(rl.amount_cents), 0) FROM refund_lines rl "
                   "JOIN order_items ri ON ri.id = rl.order_item_id WHERE ri.order_id = o.id AND ri.vendor_id = ?)"_s;
        values << *vendor << *vendor << *vendor;
    }
    values << filter->values;
    QString where = filter->where;
    if (query.afterId > 0 && query.afterCreatedAt.isValid()) {
        where += (where.isEmpty() ? u" WHERE "_s : u" AND "_s) + u"(o.created_at, o.id) < (?, ?)"_s;
        values << query.afterCreatedAt.toUTC() << query.afterId;
    }
    const int limit = std::clamp(query.limit, 1, kMaxPageSize);
    const QString sql =
        u"SELECT o.id, o.order_number, o.channel, o.status, o.created_at, o.customer_id, c.first_name, c.last_name, "
        "c.email, o.clerk_id, k.first_name, k.last_name, o.currency, %1, %2, %3, %4 "
        "FROM orders o LEFT JOIN users c ON c.id = o.customer_id LEFT JOIN users k ON k.id = o.clerk_id"_s.arg(
            units, total, paid, refunded)
        + where + u" ORDER BY o.created_at DESC, o.id DESC LIMIT %1"_s.arg(limit);
    return OrderStatement{sql, values};
}

Result<QList<OrderRow>> OrderSearch::pageOn(Connection &connection, const Session &actor, const OrderQuery &query)
{
    Result<OrderStatement> statement = pageStatement(connection, actor, query);
    if (!statement)
        return statement.error();
    const bool vendorScoped = scopeFor(actor).value().has_value();
    // The same filters run page after page as the table scrolls.
    Result<CachedQuery> rows = connection.prepared(statement->sql, statement->values);
    if (!rows)
        return rows.error();
    QList<OrderRow> orders;
    const CachedQuery &q = rows.value();
    while (q.next()) {
        OrderRow row;
        row.id = q.value(0).toLongLong();
        row.orderNumber = q.value(1).toString();
        row.channel = orderChannelFromName(q.value(2).toString()).value_or(OrderChannel::InStore);
        row.status = orderStatusFromName(q.value(3).toString()).value_or(OrderStatus::Pending);
        row.createdAt = q.value(4).toDateTime().toUTC();
        row.customerId = q.value(5).toLongLong();
        row.customerName = personName(q.value(6), q.value(7));
        row.customerEmail = q.value(8).toString();
        row.clerkId = q.value(9).toLongLong();
        row.clerkName = personName(q.value(10), q.value(11));
        const QString currency = q.value(12).toString();
        row.units = q.value(13).toLongLong();
        row.total = Money(q.value(14).toLongLong(), currency);
        row.paid = Money(q.value(15).toLongLong(), currency);
        row.refunded = Money(q.value(16).toLongLong(), currency);
        row.vendorScoped = vendorScoped;
        orders.append(row);
    }
    return orders;
}

Result<qint64> OrderSearch::countOn(Connection &connection, const Session &actor, const OrderQuery &query)
{
    Result<std::optional<qint64>> scope = scopeFor(actor);
    if (!scope)
        return scope.error();
    Result<Filter> filter = filterFor(connection, query, scope.value());
    if (!filter)
        return filter.error();
    Result<QVariant> count = connection.scalar(u"SELECT COUNT(*) FROM orders o"_s + filter->where, filter->values);
    if (!count)
        return count.error();
    return count->toLongLong();
}

QFuture<Result<QList<OrderRow>>> OrderSearch::page(const Session &actor, const OrderQuery &query)
{
    if (Result<std::optional<qint64>> scope = scopeFor(actor); !scope)
        return QtFuture::makeReadyFuture(Result<QList<OrderRow>>(scope.error()));
    return m_database->read([actor, query](Connection &connection) { return pageOn(connection, actor, query); });
}

QFuture<Result<qint64>> OrderSearch::count(const Session &actor, const OrderQuery &query)
{
    if (Result<std::optional<qint64>> scope = scopeFor(actor); !scope)
        return QtFuture::makeReadyFuture(Result<qint64>(scope.error()));
    return m_database->read([actor, query](Connection &connection) { return countOn(connection, actor, query); });
}

} // namespace sk
