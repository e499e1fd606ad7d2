#pragma once

#include "auth/Session.h"
#include "core/Money.h"
#include "core/Result.h"
#include "orders/OrderStatus.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QVariantList>
#include <memory>
#include <optional>

namespace sk {

class Connection;
class Database;

enum class OrderChannel { InStore, Online };

QString orderChannelName(OrderChannel channel);     // stored identifier: "in_store", "online"
std::optional<OrderChannel> orderChannelFromName(const QString &name);
QString orderChannelTitle(OrderChannel channel);    // translated

// One line of the Orders page. For a vendor, total and refunded are those
// of the vendor's own lines only, and paid is not shown (zero).
struct OrderRow {
    qint64 id = 0;
    QString orderNumber;
    OrderChannel channel = OrderChannel::InStore;
    OrderStatus status = OrderStatus::Pending;
    QDateTime createdAt;
    qint64 customerId = 0;
    QString customerName;
    QString customerEmail;
    qint64 clerkId = 0;
    QString clerkName;
    qint64 units = 0;
    Money total;
    Money paid;
    Money refunded;
    bool vendorScoped = false;
};

// Which orders, newest first by (created_at, id). Paging is by key, never
// OFFSET: the next page starts after the last row received, so orders that
// arrive meanwhile (always newer) neither repeat nor push rows off a page.
struct OrderQuery {
    QList<OrderStatus> statuses;                 // empty: every status
    std::optional<OrderChannel> channel;
    QDateTime createdFrom;                       // inclusive; invalid: no bound
    QDateTime createdBefore;                     // exclusive; invalid: no bound
    std::optional<qint64> customerId;
    QString customerText;                        // part of the customer's name or e-mail
    std::optional<qint64> vendorId;              // orders holding a line of this vendor
    std::optional<qint64> clerkId;
    std::optional<qint64> minTotalCents;         // inclusive, on the total (a vendor's: own lines)
    std::optional<qint64> maxTotalCents;
    QString search;                              // order number prefix, or customer name/e-mail

    // Keyset: the last row already received.
    QDateTime afterCreatedAt;
    qint64 afterId = 0;
    int limit = 200;

    void continueAfter(const OrderRow &last);
    // The same filters, from the first row.
    OrderQuery fromStart() const;
};

// The SQL of a page and its bound values (the tests look at its plan).
struct OrderStatement {
    QString sql;
    QVariantList values;
};

// The Orders page's search over every order of both channels. Every filter
// is a bound value in SQL; the order is that of the orders_created index
// (0010), walked backwards. Vendors (ViewOwnVendorOrders) see only orders
// holding a line of their own products, with only their lines' amounts;
// ViewAllOrders sees everything. Text is at most kMaxTextLength characters.
class OrderSearch {
public:
    static constexpr int kMaxPageSize = 1000;
    static constexpr int kMaxTextLength = 100;

    explicit OrderSearch(std::shared_ptr<Database> database);

    QFuture<Result<QList<OrderRow>>> page(const Session &actor, const OrderQuery &query);
    // Matching orders (the keyset and limit are ignored).
    QFuture<Result<qint64>> count(const Session &actor, const OrderQuery &query);

    static Result<QList<OrderRow>> pageOn(Connection &connection, const Session &actor, const OrderQuery &query);
    static Result<qint64> countOn(Connection &connection, const Session &actor, const OrderQuery &query);
    static Result<OrderStatement> pageStatement(const Connection &connection, const Session &actor,
                                                const OrderQuery &query);
    // Ok for those who may see orders; the vendor id a vendor is limited to.
    static Result<std::optional<qint64>> scopeFor(const Session &actor);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
