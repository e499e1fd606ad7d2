#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "orders/OrderStatus.h"
#include "payments/PaymentTypes.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <chrono>
#include <memory>
#include <optional>

#include <QCoroTask>

namespace sk {

class Connection;
class Database;
class PaymentService;

struct OrderAddress {
    QString streetAddress;
    QString city;
    QString state;
    QString postalCode;
    QString country;
};

// A card payment the online shop has already taken at the gateway for an
// order (the original platform charges at order time). Only what identifies
// the charge is kept: never the card number.
struct OnlinePayment {
    Money amount;
    QString gatewayReference;               // the gateway's id of the approved charge
    QString cardBrand;
    QString cardLast4;                      // "" or four digits
    QString idempotencyKey;                 // the charge's key; recording it twice changes nothing
};

// An online order from a customer's online cart (CartService, owner set, no
// register): shipping by the original rule (Pricing), stock reserved per
// line until it ships or is cancelled.
struct OnlineOrderRequest {
    qint64 cartId = 0;
    OrderAddress shipping;
    std::optional<OrderAddress> billing;   // the shipping address when empty
    QString note;
    std::optional<OnlinePayment> payment;   // taken with the order; it may also come later
};

struct PlacedOrder {
    qint64 orderId = 0;
    QString orderNumber;                    // "W-000123"
    Money total;
};

// The online shop's checkout (the API's POST /api/orders): the customer's
// open online cart, a shipping address (one of their saved ones by id, or
// given inline in order.shipping), and the card token the web store got
// from the gateway. Card numbers never come this way.
struct OnlineCheckout {
    OnlineOrderRequest order;               // cartId is found: the customer's open online cart
    std::optional<qint64> shippingAddressId;
    std::optional<qint64> billingAddressId;
    QString paymentToken;
};

struct StatusChange {
    qint64 id = 0;
    std::optional<OrderStatus> from;        // none for the order's first row
    OrderStatus to = OrderStatus::Pending;
    qint64 userId = 0;
    QString userName;
    QString note;
    QDateTime at;
};

// What a bulk change did to one order of the selection.
struct BulkStatusOutcome {
    qint64 orderId = 0;
    QString orderNumber;
    Status result;                          // ok, or why this order kept its status
};

// Orders of both channels through the original status machine (OrderStatus,
// docs/orders.md): every change checked, recorded in order_status_history
// with user, time and note, and audited. Cancelling releases the reserved
// stock and refunds what was paid (through PaymentService, recorded as a
// return through OrderEvents); shipping records carrier and tracking number
// and turns the reservations into sales. Permission: ManageOrders (vendors
// may not change statuses); PlaceOnlineOrders for a customer's own order.
// What OrderService::recoverOnlineCardPayments settled.
struct OnlinePaymentRecovery {
    int paid = 0;           // orders whose charged payment is now booked
    int cancelled = 0;      // unpaid orders cancelled, nothing charged
    int stillPending = 0;   // orders whose payment the gateway could not answer for yet
};

class OrderService {
public:
    OrderService(std::shared_ptr<Database> database, std::shared_ptr<PaymentService> payments);

    QFuture<Result<PlacedOrder>> placeOnline(const Session &actor, const OnlineOrderRequest &request);
    static Result<PlacedOrder> placeOnlineInTransaction(Connection &connection, const Session &actor,
                                                        const OnlineOrderRequest &request);

    // Places the order from the customer's open online cart and charges its
    // total by card (docs/orders.md, Paying online): the pending payment and
    // its idempotency key are committed with the order before the gateway is
    // asked. Approved: the payment is recorded and the order stays pending,
    // paid. Declined: a Conflict carrying the gateway's reason; the order is
    // cancelled, its stock released and the cart opened again for another
    // card. Gateway unreachable: Unavailable; the order keeps its stock and
    // its pending payment, settled by key by recoverOnlineCardPayments or
    // before a cancellation.
    QCoro::Task<Result<PlacedOrder>> placeOnlineByCard(Session actor, OnlineCheckout checkout);
    // An online order that will never be paid (declined, or never charged):
    // cancelled with its stock released, and its cart opened again with its
    // lines so another card pays it, unless the customer has started a new
    // cart meanwhile.
    static Status cancelUnpaidOnlineOrderInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                       const QString &reason);
    // True for placeOnlineByCard's declined card (a Conflict of its own).
    static bool isCardDeclined(const Error &error);
    // The id of the customer's open online cart (OnlineCartService's), or NotFound.
    static Result<qint64> openOnlineCartInTransaction(Connection &connection, qint64 customerId);
    // One of the customer's saved addresses; another's (or none) is NotFound.
    static Result<OrderAddress> savedAddressInTransaction(Connection &connection, qint64 customerId,
                                                          qint64 addressId);

    // A completed card payment for an online order; when the order is paid
    // in full its sale counts from now (OrderEvents::salePlacedInTransaction).
    QFuture<Status> recordOnlinePayment(const Session &actor, qint64 orderId, const OnlinePayment &payment);
    static Status recordOnlinePaymentInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                   const OnlinePayment &payment);

    // Any allowed move except the ones below that need more than a status:
    // shipped (ship()), cancelled (cancel()), refunded (ReturnService or cancel()).
    QFuture<Status> changeStatus(const Session &actor, qint64 orderId, OrderStatus to, const QString &note);
    static Status changeStatusInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                            OrderStatus to, const QString &note);
    QFuture<Status> ship(const Session &actor, qint64 orderId, const QString &carrier, const QString &trackingNumber,
                         const QString &note);
    // Releases reservations, refunds every completed payment, then cancelled
    // (and refunded once the money is back). On an order already cancelled
    // whose card refunds are still open (unreachable gateway, a decline) it
    // sends them again (pending: same key; declined: a new one) and finishes;
    // otherwise cancelling twice is refused.
    QCoro::Task<Status> cancel(Session actor, qint64 orderId, QString reason);
    // The customer cancelling their own order (the original's cancel_order):
    // only while it is pending or confirmed (CustomerOrders::customerMayCancel);
    // another's order is NotFound. A card payment still pending at the
    // gateway is settled by key first. Then the same path as cancel().
    QCoro::Task<Status> cancelOwn(Session actor, qint64 orderId, QString reason);
    // Card payments of online orders left without a final answer (the
    // process stopped or the connection dropped after the gateway was
    // asked), started at least minimumAge ago so that an answer still on its
    // way is not raced: each is looked up by its key. Charged: booked on its
    // order. Never charged or declined: failed, and an order left unpaid is
    // cancelled with its stock released and its cart opened again. An
    // unreachable gateway leaves them for the next round. Staff who manage
    // orders, or Session::system() (storekeeper serve runs it every minute).
    QCoro::Task<Result<OnlinePaymentRecovery>> recoverOnlineCardPayments(Session actor,
                                                                         std::chrono::seconds minimumAge);
    // One transaction per order, so one refusal leaves the others changed.
    QFuture<QList<BulkStatusOutcome>> changeStatuses(const Session &actor, const QList<qint64> &orderIds,
                                                     OrderStatus to, const QString &note);

    QFuture<Result<QList<StatusChange>>> history(const Session &actor, qint64 orderId);

private:
    QCoro::Task<Status> cancelChecked(Session actor, qint64 orderId, QString why, bool customersOwn);
    QCoro::Task<Status> settlePendingCardPayments(Session actor, qint64 orderId);

    std::shared_ptr<Database> m_database;
    std::shared_ptr<PaymentService> m_payments;
};

} // namespace sk
