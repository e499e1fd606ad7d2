#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "payments/PaymentTypes.h"
#include "sales/SalesTypes.h"

#include <QFuture>
#include <QList>
#include <memory>

#include <QCoroTask>

namespace sk {

class Connection;
class Database;
class PaymentService;

struct CompletedSale {
    qint64 orderId = 0;
    QString orderNumber;        // "R1-000042"
    qint64 receiptNumber = 0;   // per register, without gaps
    qint64 registerId = 0;
    Money total;
    Money paid;
    Money change;               // cash to hand back
    QList<Payment> payments;
};

struct InterruptedSales {
    QList<CompletedSale> completed;   // fully paid carts finished after a crash
    QList<qint64> cartsWithPayments;  // partly paid: back at the register to finish or void
    int paymentsFailed = 0;
    int paymentsStillPending = 0;     // gateway unreachable: tried again later
};

// Turns a fully paid register cart into an order in one transaction
// (docs/sales.md): the order ('in_store', created 'delivered' with its status
// history), its lines with price and tax snapshots, the payments moved from
// the cart to the order, the sale's stock movements, the shift's running
// totals, the register's next receipt number and an audit entry. Any
// failure (stock taken meanwhile, payments short) writes nothing.
// Requires an open shift on the register. Permissions: UseRegister.
class CheckoutService {
public:
    CheckoutService(std::shared_ptr<Database> database, std::shared_ptr<PaymentService> payments);

    QFuture<Result<CompletedSale>> complete(const Session &actor, qint64 cartId);
    // Abandons an unpaid cart (payments must be voided first).
    QFuture<Status> voidCart(const Session &actor, qint64 cartId, const QString &reason);

    // Start-up recovery: resolves pending payments with the gateway, then
    // completes every open cart its completed payments fully cover.
    QCoro::Task<Result<InterruptedSales>> recoverInterruptedSales(Session actor);

    static Result<CompletedSale> completeInTransaction(Connection &connection, const Session &actor, qint64 cartId);

private:
    std::shared_ptr<Database> m_database;
    std::shared_ptr<PaymentService> m_payments;
};

} // namespace sk
