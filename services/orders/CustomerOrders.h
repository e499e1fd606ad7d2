#pragma once

#include "auth/Session.h"
#include "core/Money.h"
#include "core/Result.h"
#include "orders/OrderService.h"
#include "orders/OrderStatus.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <memory>
#include <optional>

namespace sk {

class Connection;
class Database;

struct CustomerOrderSummary {
    qint64 id = 0;
    QString orderNumber;
    QString channel;                        // "online" or "in_store"
    OrderStatus status = OrderStatus::Pending;
    Money subtotal;
    Money discount;
    Money tax;
    Money shipping;
    Money total;
    Money paid;
    Money refunded;
    qint64 itemCount = 0;                   // units over all lines
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct CustomerOrderPage {
    QList<CustomerOrderSummary> orders;     // newest first
    qint64 total = 0;
    int page = 1;
    int pageSize = 20;
    qint64 totalPages = 0;
};

struct CustomerOrderLine {
    qint64 id = 0;
    qint64 productId = 0;
    qint64 variantId = 0;
    QString sku;
    QString name;
    qint64 quantity = 0;
    qint64 refundedQuantity = 0;
    Money unitPrice;
    Money subtotal;
    Money discount;
    Money tax;
    Money total;
};

// What the customer may see of a payment: never more of the card than its
// brand and last four digits, never the gateway's reference.
struct CustomerOrderPayment {
    qint64 id = 0;
    QString tender;
    QString status;
    Money amount;
    Money refunded;
    QString cardBrand;
    QString cardLast4;
    QDateTime createdAt;
};

struct CustomerOrderRefund {
    qint64 id = 0;
    QString tender;
    QString status;
    Money amount;
    QDateTime createdAt;
};

// The status history without the staff's notes and names, which are the
// shop's own.
struct CustomerStatusChange {
    std::optional<OrderStatus> from;
    OrderStatus to = OrderStatus::Pending;
    QDateTime at;
};

struct CustomerOrder {
    CustomerOrderSummary summary;
    std::optional<OrderAddress> shipping;
    std::optional<OrderAddress> billing;
    QString trackingCarrier;
    QString trackingNumber;
    QString note;
    QList<CustomerOrderLine> lines;
    QList<CustomerOrderPayment> payments;
    QList<CustomerOrderRefund> refunds;
    QList<CustomerStatusChange> history;    // oldest first
    bool cancellable = false;               // the customer may cancel it now (OrderService::cancelOwn)
};

// A signed-in person's own orders, as the online shop shows them: their
// orders only (customer_id), any other order "does not exist" for them,
// whatever its number. Paged by page number as the original API is: a
// customer's own orders are few, so OFFSET stays cheap.
class CustomerOrders {
public:
    static constexpr int kDefaultPageSize = 20;
    static constexpr int kMaxPageSize = 100;

    explicit CustomerOrders(std::shared_ptr<Database> database);

    // page from 1, pageSize 1..kMaxPageSize.
    QFuture<Result<CustomerOrderPage>> page(const Session &customer, int page, int pageSize);
    QFuture<Result<CustomerOrder>> order(const Session &customer, qint64 orderId);

    static Result<CustomerOrderPage> pageInTransaction(Connection &connection, const Session &customer, int page,
                                                       int pageSize);
    static Result<CustomerOrder> orderInTransaction(Connection &connection, const Session &customer, qint64 orderId);

    // Ok when the customer's own order is delivered and holds the product:
    // what a review needs (the original's rule). NotFound for another's
    // order, an unknown one or an unknown product, InvalidInput when the
    // order does not hold the product, Conflict while it is not delivered.
    static Status requireReviewableInTransaction(Connection &connection, const Session &customer, qint64 orderId,
                                                 qint64 productId);
    // The statuses from which the customer may cancel their own order: the
    // original's cancel_order rule, pending or confirmed.
    static bool customerMayCancel(OrderStatus status);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
