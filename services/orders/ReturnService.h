#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "payments/PaymentTypes.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <memory>

#include <QCoroTask>

namespace sk {

class Database;
class PaymentService;

// An order as the returns screen needs it: what can still be given back.
struct ReturnableLine {
    qint64 orderItemId = 0;
    qint64 variantId = 0;
    QString sku;
    QString name;
    qint64 quantity = 0;
    qint64 refundedQuantity = 0;
    qint64 returnable() const { return quantity - refundedQuantity; }
    Money unitPrice;
    Money total;                // line total with tax, after discounts
    Money refunded;             // already given back for this line
};

struct ReturnableOrder {
    qint64 orderId = 0;
    QString orderNumber;
    qint64 receiptNumber = 0;
    qint64 registerId = 0;
    QString status;             // orderStatusName
    QDateTime createdAt;
    Money total;
    Money paid;
    Money refunded;
    QList<ReturnableLine> lines;
    QList<Payment> payments;    // completed payments with what is left to refund on each
};

enum class ReturnDisposition { Restock, WriteOff };
enum class RefundDestination { OriginalTender, Cash };

struct ReturnLineRequest {
    qint64 orderItemId = 0;
    qint64 quantity = 0;
    ReturnDisposition disposition = ReturnDisposition::Restock;
    QString writeOffReason;     // required for WriteOff
};

struct ReturnRequest {
    qint64 orderId = 0;
    QList<ReturnLineRequest> lines;
    RefundDestination destination = RefundDestination::OriginalTender;
    QString reason;
    qint64 registerId = 0;      // the register giving the money back (its open shift)
};

struct ReturnResult {
    QList<qint64> refundIds;
    Money amount;               // given back in total
    Money tax;
    Money cash;                 // of which in cash, to hand over
    bool orderFullyRefunded = false;
};

// Returns and refunds by line (docs/orders.md). Each line's refund is its
// share of the line total (the last unit takes the remainder, so a full
// return gives back exactly what was paid); never more than was paid.
// Restocked goods come back with a 'return' movement; written-off goods do
// not, and keep their reason. Card refunds go through the gateway, each
// with its own idempotency key written before the first attempt; the order
// becomes 'refunded' when everything is refunded. Permissions: UseRegister
// at the register, ManageOrders in the back office.
class ReturnService {
public:
    ReturnService(std::shared_ptr<Database> database, std::shared_ptr<PaymentService> payments);

    // By receipt number as printed ("R1-000042") or the order number.
    QFuture<Result<ReturnableOrder>> findByReceipt(const Session &actor, const QString &receiptOrOrderNumber);
    QFuture<Result<ReturnableOrder>> order(const Session &actor, qint64 orderId);
    QCoro::Task<Result<ReturnResult>> giveBack(Session actor, ReturnRequest request);

private:
    std::shared_ptr<Database> m_database;
    std::shared_ptr<PaymentService> m_payments;
};

} // namespace sk
