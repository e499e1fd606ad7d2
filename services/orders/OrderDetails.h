#pragma once

#include "auth/Session.h"
#include "core/Money.h"
#include "core/Result.h"
#include "orders/OrderSearch.h"
#include "orders/OrderService.h"
#include "orders/OrderStatus.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Connection;
class Database;

struct OrderDetailLine {
    qint64 id = 0;
    qint64 productId = 0;
    qint64 variantId = 0;
    qint64 vendorId = 0;
    QString sku;
    QString name;
    qint64 quantity = 0;
    qint64 refundedQuantity = 0;
    Money listPrice;
    Money unitPrice;
    Money subtotal;
    Money discount;
    Money tax;
    Money total;
    int taxRateBasisPoints = 0;
    QString discountReason;
};

struct OrderDetailPayment {
    qint64 id = 0;
    QString tender;             // tenderName
    QString status;             // paymentStatusName
    Money amount;
    Money refunded;
    QString cardBrand;
    QString cardLast4;
    QString gatewayReference;
    QDateTime createdAt;
};

struct OrderDetailRefundLine {
    qint64 orderItemId = 0;
    QString sku;
    QString name;
    qint64 quantity = 0;
    Money amount;
    Money tax;
    bool restocked = true;      // else written off, with its reason
    QString writeOffReason;
};

// One refund row. The lines of a return travel with its first refund; the
// other refunds of the same return carry none.
struct OrderDetailRefund {
    qint64 id = 0;
    std::optional<qint64> paymentId;
    QString tender;
    QString status;             // pending, completed, failed
    Money amount;
    Money tax;
    QString reason;
    QString failureMessage;
    QString userName;
    QDateTime createdAt;
    QList<OrderDetailRefundLine> lines;
};

// Everything the order detail shows. For a vendor (vendorScoped) only the
// lines of the vendor's own products, the refunded parts of those lines, and
// amounts summed over them: the subtotal, discount, tax and total fields
// are then the sums of those lines, payments are empty and shipping zero.
struct OrderDetail {
    OrderRow header;
    QString currency;
    Money subtotal;
    Money discount;
    Money tax;
    Money shipping;
    QString discountReason;
    QString registerName;
    QString locationName;
    qint64 receiptNumber = 0;
    QString shippingAddress;    // one line per part; empty in store
    QString billingAddress;
    QString trackingCarrier;
    QString trackingNumber;
    QString note;
    QDateTime updatedAt;
    QList<OrderDetailLine> lines;
    QList<OrderDetailPayment> payments;
    QList<OrderDetailRefund> refunds;
    QList<StatusChange> history;            // oldest first
    QList<OrderStatus> allowedNext;         // by the status machine; empty for vendors
    bool vendorScoped = false;
};

// One order for the Orders page's detail, in one read transaction (one
// snapshot). Permissions as OrderSearch: a vendor may open only an order
// holding a line of their own products (NotFound otherwise, as for an order
// that does not exist: the order's existence is not theirs to learn).
class OrderDetails {
public:
    explicit OrderDetails(std::shared_ptr<Database> database);

    QFuture<Result<OrderDetail>> order(const Session &actor, qint64 orderId);
    static Result<OrderDetail> orderOn(Connection &connection, const Session &actor, qint64 orderId);
    // The address rows of the online shop, as lines for a label.
    static QString addressText(const QString &street, const QString &city, const QString &state,
                               const QString &postalCode, const QString &country);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
