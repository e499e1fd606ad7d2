#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "payments/PaymentTypes.h"

#include <QFuture>
#include <QList>
#include <QSet>
#include <memory>

#include <QCoroTask>

namespace sk {

class Connection;
class Database;
class GatewayClient;

struct RecoveryReport {
    int completed = 0;     // pending card payments the gateway had approved
    int failed = 0;        // declined or never received by the gateway
    int stillPending = 0;  // the gateway could not be reached: tried again at the next start
    QList<qint64> cartsWithPayments;  // carts whose pending payments were resolved
};

// Tenders taken for a register's cart (docs/payments.md).
//
// Card: beginCard writes a pending payment with a fresh idempotency key and
// commits before the gateway is asked; chargeCard sends it (retries reuse
// the key) and records the outcome. A crash between the two, or during the
// call, leaves a pending row that recoverPending resolves by asking the
// gateway by key: approved payments complete, the others fail (the sale
// itself is finished by CheckoutService::recoverInterruptedSales). Never two
// charges for one key.
//
// Cash: applied = min(tendered, due); change = tendered - applied.
// Permissions: UseRegister.
class PaymentService {
public:
    PaymentService(std::shared_ptr<Database> database, GatewayClient *gateway);

    QFuture<Result<Payment>> addCash(const Session &actor, qint64 cartId, const Money &tendered);
    // amount may be less than the cart's due (split tender), never more.
    QFuture<Result<Payment>> beginCard(const Session &actor, qint64 cartId, const Money &amount);
    // Approved: the completed payment. Declined: a Conflict whose message is
    // the clerk's sentence (the row is failed). Timed out, unreachable or
    // still pending: an Unavailable error and the row stays pending; calling
    // again (Retry) sends the same key, so the card is never charged twice.
    QCoro::Task<Result<Payment>> chargeCard(Session actor, qint64 paymentId);
    // Gives back a completed payment of a cart that has not been checked out
    // (cash: voided; card: refunded through the gateway, then voided).
    QCoro::Task<Status> voidPayment(Session actor, qint64 paymentId);
    QFuture<Result<QList<Payment>>> paymentsForCart(const Session &actor, qint64 cartId);
    QFuture<Result<QList<Payment>>> paymentsForOrder(const Session &actor, qint64 orderId);

    // At start-up (and from the register's menu): resolves every pending
    // register payment and every pending refund by asking the gateway by
    // key. Online orders' payments are OrderService::recoverOnlineCardPayments'
    // (they are booked on their order, and an unpaid order is cancelled).
    QCoro::Task<Result<RecoveryReport>> recoverPending(Session actor);

    // Refund of one completed payment of an order, as part of a return:
    // card through the gateway with the refund's own key written first.
    // The refund row must already exist with status pending (ReturnService
    // writes it in the return's transaction); this asks the gateway and
    // marks it completed or failed. Clerks at a register, staff who manage
    // orders, and the customer of the refund's order (their own
    // cancellation); anyone else is refused before the gateway is asked.
    QCoro::Task<Status> sendRefund(Session actor, qint64 refundId);

    GatewayClient *gateway() const { return m_gateway; }
    static QString newIdempotencyKey();
    static Result<QList<Payment>> paymentsForCartInTransaction(Connection &connection, qint64 cartId);

private:
    std::shared_ptr<Database> m_database;
    GatewayClient *m_gateway;
    // Idempotency keys of calls now at the gateway. The coroutines run on the
    // gateway client's thread only, so no lock: recovery skips these keys.
    QSet<QString> m_inFlight;
};

} // namespace sk
