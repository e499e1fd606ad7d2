// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "GatewaySimulator.h"
#include "maintenance/IntegrityCheck.h"
#include "orders/CustomerOrders.h"
#include "orders/OnlineCart.h"
#include "orders/OrderService.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"

#include <QCoroTask>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;
using namespace std::chrono_literals;

namespace {

OrderAddress address()
{
    return {u"12 Harbour Road"_s, u"Portland"_s, u"OR"_s, u"97201"_s, u"United States"_s};
}

} // namespace

// A customer's own orders as the online shop shows them, the checkout that
// charges the card at the gateway simulator, and the customer's own
// cancellation (the original's rule: pending or confirmed only).
// Shirts and mugs cost 10.00, 8 % tax, 5.99 shipping under 50.00.
class TestCustomerOrders : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void checkoutChargesTheCardAndReservesTheStock();
    void checkoutFromASavedAddress();
    void anotherCustomersAddressIsNotFound();
    void emptyCartIsRefusedAndWritesNothing();
    void badTokensAreRefusedBeforeAnythingIsWritten_data();
    void badTokensAreRefusedBeforeAnythingIsWritten();
    void declinedCardCancelsTheOrderAndKeepsTheCart();
    void unreachableGatewayKeepsTheOrderPendingUntilSettled();
    void registerRecoveryLeavesOnlinePaymentsToTheirOrders();
    void recoveryBooksChargedOrdersAndCancelsUnchargedOnes();
    void customersMayNotRunTheRecovery();
    void shopCancellationSettlesAChargedPaymentAndRefundsIt();
    void listIsTheCustomersOwnNewestFirstInPages();
    void pageBoundsAreChecked();
    void detailShowsLinesPaymentsAndHistoryButNoGatewayData();
    void anotherCustomersOrderIsNotFound();
    void cancelOwnReleasesTheStockAndRefundsTheCard();
    void cancelOwnTwiceIsAConflictNamingTheNextStates();
    void cancelOwnRefusesOrdersThatAreProcessingOrShipped();
    void cancelOwnOfAnotherCustomersOrderIsNotFound();
    void onlyTheCustomerOfTheOrderSendsItsRefund();
    void reviewsNeedTheCustomersDeliveredOrder();

private:
    qint64 cartOf(const Session &customer, const QList<StockLine> &lines);
    Result<PlacedOrder> checkout(const Session &customer, const QList<StockLine> &lines);
    Status moveTo(qint64 orderId, OrderStatus to);
    QString status(qint64 orderId);
    qint64 number(const QString &sql, const QVariantList &values = {});
    void verifyIntegrity();

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<GatewayClient> m_gateway;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<CustomerOrders> m_customerOrders;
    Session m_jo;
    Session m_sam;
};

void TestCustomerOrders::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_simulator = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_simulator->listen(), qPrintable(m_simulator->errorString()));
    GatewaySettings settings;
    settings.baseUrl = m_simulator->url();
    settings.apiKey = u"test-key"_s;
    settings.requestTimeout = 500ms;
    settings.maxAttempts = 2;
    settings.firstBackoff = 10ms;
    settings.pendingPollInterval = 10ms;
    settings.pendingPollLimit = 200ms;
    m_gateway = std::make_unique<GatewayClient>(settings);
    m_payments = std::make_shared<PaymentService>(m_f.m_db, m_gateway.get());
    m_orders = std::make_unique<OrderService>(m_f.m_db, m_payments);
    m_customerOrders = std::make_unique<CustomerOrders>(m_f.m_db);
    m_jo = test::sessionFor(m_f.addUser(u"jo@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_sam = test::sessionFor(m_f.addUser(u"sam@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
}

void TestCustomerOrders::cleanup()
{
    m_customerOrders.reset();
    m_orders.reset();
    m_payments.reset();
    m_gateway.reset();
    m_simulator.reset();
    m_f.tearDown();
}

qint64 TestCustomerOrders::cartOf(const Session &customer, const QList<StockLine> &lines)
{
    const Result<qint64> cart = Database::wait(m_f.m_db->write([customer, lines](Connection &c) {
        return OnlineCart::createInTransaction(c, customer.userId, lines);
    }));
    if (!cart)
        qWarning() << why(cart);
    return cart.ok() ? cart.value() : 0;
}

Result<PlacedOrder> TestCustomerOrders::checkout(const Session &customer, const QList<StockLine> &lines)
{
    if (!lines.isEmpty() && cartOf(customer, lines) == 0)
        return Error::make(ErrorCode::Internal, u"no cart"_s);
    OnlineCheckout request;
    request.order.shipping = address();
    request.paymentToken = u"tok_visa_4242"_s;
    return QCoro::waitFor(m_orders->placeOnlineByCard(customer, request));
}

// Along the machine as the shop moves it.
Status TestCustomerOrders::moveTo(qint64 orderId, OrderStatus to)
{
    const QList<OrderStatus> path{OrderStatus::Confirmed, OrderStatus::Processing, OrderStatus::Shipped,
                                  OrderStatus::Delivered};
    for (OrderStatus next : path) {
        if (status(orderId) == orderStatusName(to))
            return Status::success();
        // Steps the order has already taken are skipped.
        const std::optional<OrderStatus> now = orderStatusFromName(status(orderId));
        if (now && path.indexOf(*now) >= path.indexOf(next))
            continue;
        const Status moved = next == OrderStatus::Shipped
            ? Database::wait(m_orders->ship(m_f.m_admin, orderId, u"UPS"_s, u"1Z999"_s, {}))
            : Database::wait(m_orders->changeStatus(m_f.m_admin, orderId, next, {}));
        if (!moved)
            return moved;
    }
    return Status::success();
}

QString TestCustomerOrders::status(qint64 orderId)
{
    return m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString();
}

qint64 TestCustomerOrders::number(const QString &sql, const QVariantList &values)
{
    return m_f.scalar(sql, values).toLongLong();
}

void TestCustomerOrders::verifyIntegrity()
{
    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    for (const IntegrityCheck::Finding &finding : report->findings)
        QVERIFY2(finding.passed, qPrintable(finding.check + u": "_s + finding.message));
}

void TestCustomerOrders::checkoutChargesTheCardAndReservesTheStock()
{
    // 2 x 10.00 + 1.60 tax + 5.99 shipping.
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_shirt, 2, {}}});
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    QCOMPARE(placed->total, Money(2759, u"USD"_s));
    QVERIFY(placed->orderNumber.startsWith(u"W-"_s));
    QCOMPARE(status(placed->orderId), u"pending"_s);
    QCOMPARE(number(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {placed->orderId}), 2759);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'completed' AND tender = 'card' "
                    "AND amount_cents = 2759 AND gateway_reference <> ''"_s,
                    {placed->orderId}),
             1);
    QCOMPARE(number(u"SELECT COUNT(*) FROM carts WHERE owner_user_id = ? AND status = 'open'"_s, {m_jo.userId}), 0);
    // One charge at the gateway, under the key written first, carrying the token.
    QCOMPARE(m_simulator->payments().size(), 1);
    QCOMPARE(m_simulator->payments().first().reference, u"tok_visa_4242"_s);
    QCOMPARE(m_f.scalar(u"SELECT idempotency_key FROM payments WHERE order_id = ?"_s, {placed->orderId}).toString(),
             m_simulator->payments().first().idempotencyKey);
    verifyIntegrity();
}

void TestCustomerOrders::checkoutFromASavedAddress()
{
    const qint64 saved = m_f.insert(
        u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, is_default, "
        "address_type) VALUES (?, '1 Elm Street', 'Salem', 'OR', '97301', 'United States', 1, 'shipping') "
        "RETURNING id"_s,
        {m_jo.userId});
    QVERIFY(cartOf(m_jo, {{m_f.m_mug, 1, {}}}) > 0);
    OnlineCheckout request;
    request.shippingAddressId = saved;
    request.paymentToken = u"tok_1"_s;
    const Result<PlacedOrder> placed = QCoro::waitFor(m_orders->placeOnlineByCard(m_jo, request));
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    QCOMPARE(number(u"SELECT shipping_address_id FROM orders WHERE id = ?"_s, {placed->orderId}), saved);
}

void TestCustomerOrders::anotherCustomersAddressIsNotFound()
{
    const qint64 samsAddress = m_f.insert(
        u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, is_default, "
        "address_type) VALUES (?, '9 Oak Lane', 'Eugene', 'OR', '97401', 'United States', 1, 'shipping') "
        "RETURNING id"_s,
        {m_sam.userId});
    QVERIFY(cartOf(m_jo, {{m_f.m_mug, 1, {}}}) > 0);
    OnlineCheckout request;
    request.shippingAddressId = samsAddress;
    request.paymentToken = u"tok_1"_s;
    const Result<PlacedOrder> refused = QCoro::waitFor(m_orders->placeOnlineByCard(m_jo, request));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::NotFound);
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_simulator->payments().size(), 0);
}

void TestCustomerOrders::emptyCartIsRefusedAndWritesNothing()
{
    const Result<PlacedOrder> noCart = checkout(m_jo, {});
    QVERIFY(!noCart.ok());
    QCOMPARE(noCart.error().code, ErrorCode::InvalidInput);
    // An open cart without lines is empty too.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(m_f.insert(u"INSERT INTO carts (owner_user_id, customer_id, status, created_by, created_at, updated_at) "
                       "VALUES (?, ?, 'open', ?, ?, ?) RETURNING id"_s,
                       {m_jo.userId, m_jo.userId, m_jo.userId, now, now})
            > 0);
    const Result<PlacedOrder> emptyCart = checkout(m_jo, {});
    QVERIFY(!emptyCart.ok());
    QCOMPARE(emptyCart.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.count(u"payments"_s), 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM carts WHERE status = 'open'"_s), 1);
}

void TestCustomerOrders::badTokensAreRefusedBeforeAnythingIsWritten_data()
{
    QTest::addColumn<QString>("token");
    QTest::newRow("empty") << QString();
    QTest::newRow("card number") << u"4242424242424242"_s;
    QTest::newRow("spaces") << u"tok 1"_s;
    QTest::newRow("too long") << QString(256, u'x');
}

void TestCustomerOrders::badTokensAreRefusedBeforeAnythingIsWritten()
{
    QFETCH(QString, token);
    QVERIFY(cartOf(m_jo, {{m_f.m_mug, 1, {}}}) > 0);
    OnlineCheckout request;
    request.order.shipping = address();
    request.paymentToken = token;
    const Result<PlacedOrder> refused = QCoro::waitFor(m_orders->placeOnlineByCard(m_jo, request));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_simulator->payments().size(), 0);
}

void TestCustomerOrders::declinedCardCancelsTheOrderAndKeepsTheCart()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Decline);
    const Result<PlacedOrder> declined = checkout(m_jo, {{m_f.m_shirt, 3, {}}});
    QVERIFY(!declined.ok());
    QVERIFY2(OrderService::isCardDeclined(declined.error()), qPrintable(why(declined)));
    QVERIFY(declined.error().message.contains(u"Insufficient funds"_s));
    const qint64 orderId = number(u"SELECT MAX(id) FROM orders"_s);
    QCOMPARE(status(orderId), u"cancelled"_s);
    QCOMPARE(number(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {orderId}), 0);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'failed'"_s, {orderId}), 1);
    // The cart is open again with its lines: another card pays it.
    QCOMPARE(number(u"SELECT COUNT(*) FROM carts c JOIN cart_items i ON i.cart_id = c.id WHERE c.owner_user_id = ? "
                    "AND c.status = 'open'"_s,
                    {m_jo.userId}),
             1);
    const Result<PlacedOrder> retried = checkout(m_jo, {});
    QVERIFY2(retried.ok(), qPrintable(why(retried)));
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 3);
    verifyIntegrity();
}

void TestCustomerOrders::unreachableGatewayKeepsTheOrderPendingUntilSettled()
{
    // The gateway charges but its answer never arrives.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop, 10);
    const Result<PlacedOrder> unsure = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve);
    QVERIFY(!unsure.ok());
    QCOMPARE(unsure.error().code, ErrorCode::Unavailable);
    const qint64 orderId = number(u"SELECT MAX(id) FROM orders"_s);
    QCOMPARE(status(orderId), u"pending"_s);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 1);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'pending'"_s, {orderId}), 1);
    // Cancelling settles the payment by key first, then gives it back.
    const Status cancelled = QCoro::waitFor(m_orders->cancelOwn(m_jo, orderId, {}));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    QCOMPARE(m_simulator->payments().size(), 1);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(status(orderId), u"refunded"_s);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    verifyIntegrity();
}

void TestCustomerOrders::registerRecoveryLeavesOnlinePaymentsToTheirOrders()
{
    // Charged, but the answer was lost: the payment is pending.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop, 10);
    const Result<PlacedOrder> unsure = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve);
    QVERIFY(!unsure.ok());
    const qint64 orderId = number(u"SELECT MAX(id) FROM orders"_s);
    // A register starting up settles its own payments only: completing this
    // one there would leave the order's paid amount behind.
    const Result<RecoveryReport> atRegister = QCoro::waitFor(m_payments->recoverPending(m_f.m_clerk));
    QVERIFY2(atRegister.ok(), qPrintable(why(atRegister)));
    QCOMPARE(atRegister->completed, 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'pending'"_s, {orderId}), 1);
    QCOMPARE(number(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {orderId}), 0);
    verifyIntegrity();
}

void TestCustomerOrders::recoveryBooksChargedOrdersAndCancelsUnchargedOnes()
{
    // Jo's card was charged, the answer lost.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop, 10);
    QVERIFY(!checkout(m_jo, {{m_f.m_mug, 1, {}}}).ok());
    const qint64 charged = number(u"SELECT MAX(id) FROM orders"_s);
    // Sam's never reached the gateway.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 10);
    QVERIFY(!checkout(m_sam, {{m_f.m_shirt, 2, {}}}).ok());
    const qint64 uncharged = number(u"SELECT MAX(id) FROM orders"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve);

    // Too recent: an answer may still be on its way.
    const Result<OnlinePaymentRecovery> early =
        QCoro::waitFor(m_orders->recoverOnlineCardPayments(Session::system(), std::chrono::hours(1)));
    QVERIFY2(early.ok(), qPrintable(why(early)));
    QCOMPARE(early->paid + early->cancelled + early->stillPending, 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE status = 'pending'"_s), 2);

    const Result<OnlinePaymentRecovery> swept =
        QCoro::waitFor(m_orders->recoverOnlineCardPayments(Session::system(), std::chrono::seconds(0)));
    QVERIFY2(swept.ok(), qPrintable(why(swept)));
    QCOMPARE(swept->paid, 1);
    QCOMPARE(swept->cancelled, 1);
    QCOMPARE(swept->stillPending, 0);
    // 1 x 10.00 + 0.80 tax + 5.99 shipping.
    QCOMPARE(number(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {charged}), 1679);
    QCOMPARE(status(charged), u"pending"_s);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 1);
    QCOMPARE(status(uncharged), u"cancelled"_s);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'failed'"_s, {uncharged}), 1);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM carts c JOIN cart_items i ON i.cart_id = c.id WHERE c.owner_user_id = ? "
                    "AND c.status = 'open'"_s,
                    {m_sam.userId}),
             1);
    QCOMPARE(m_simulator->payments().size(), 1);
    verifyIntegrity();

    const Result<OnlinePaymentRecovery> again =
        QCoro::waitFor(m_orders->recoverOnlineCardPayments(Session::system(), std::chrono::seconds(0)));
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again->paid + again->cancelled + again->stillPending, 0);
}

void TestCustomerOrders::customersMayNotRunTheRecovery()
{
    const Result<OnlinePaymentRecovery> refused =
        QCoro::waitFor(m_orders->recoverOnlineCardPayments(m_jo, std::chrono::seconds(0)));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
}

void TestCustomerOrders::shopCancellationSettlesAChargedPaymentAndRefundsIt()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop, 10);
    QVERIFY(!checkout(m_jo, {{m_f.m_mug, 1, {}}}).ok());
    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve);
    const qint64 orderId = number(u"SELECT MAX(id) FROM orders"_s);
    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, orderId, u"The mug is discontinued."_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    // The charge the shop had not heard of is found by key and given back.
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(status(orderId), u"refunded"_s);
    QCOMPARE(number(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 1679);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    verifyIntegrity();
}

void TestCustomerOrders::listIsTheCustomersOwnNewestFirstInPages()
{
    QList<qint64> jos;
    for (int i = 0; i < 3; ++i) {
        const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_mug, 1, {}}});
        QVERIFY2(placed.ok(), qPrintable(why(placed)));
        jos.append(placed->orderId);
    }
    QVERIFY(checkout(m_sam, {{m_f.m_mug, 1, {}}}).ok());

    const Result<CustomerOrderPage> first = Database::wait(m_customerOrders->page(m_jo, 1, 2));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    QCOMPARE(first->total, 3);
    QCOMPARE(first->totalPages, 2);
    QCOMPARE(first->orders.size(), 2);
    QCOMPARE(first->orders.at(0).id, jos.at(2));
    QCOMPARE(first->orders.at(1).id, jos.at(1));
    QCOMPARE(first->orders.at(0).itemCount, 1);
    QCOMPARE(first->orders.at(0).total, Money(1679, u"USD"_s));
    const Result<CustomerOrderPage> second = Database::wait(m_customerOrders->page(m_jo, 2, 2));
    QVERIFY(second.ok());
    QCOMPARE(second->orders.size(), 1);
    QCOMPARE(second->orders.at(0).id, jos.at(0));
    const Result<CustomerOrderPage> beyond = Database::wait(m_customerOrders->page(m_jo, 9, 2));
    QVERIFY(beyond.ok());
    QVERIFY(beyond->orders.isEmpty());
    QCOMPARE(beyond->total, 3);
}

void TestCustomerOrders::pageBoundsAreChecked()
{
    QCOMPARE(Database::wait(m_customerOrders->page(m_jo, 0, 20)).error().code, ErrorCode::InvalidInput);
    QCOMPARE(Database::wait(m_customerOrders->page(m_jo, 1, 0)).error().code, ErrorCode::InvalidInput);
    QCOMPARE(Database::wait(m_customerOrders->page(m_jo, 1, CustomerOrders::kMaxPageSize + 1)).error().code,
             ErrorCode::InvalidInput);
    QCOMPARE(Database::wait(m_customerOrders->page(Session(), 1, 20)).error().code, ErrorCode::Unauthenticated);
}

void TestCustomerOrders::detailShowsLinesPaymentsAndHistoryButNoGatewayData()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_shirt, 1, {}}, {m_f.m_mug, 2, {}}});
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    QVERIFY(moveTo(placed->orderId, OrderStatus::Shipped).ok());
    const Result<CustomerOrder> order = Database::wait(m_customerOrders->order(m_jo, placed->orderId));
    QVERIFY2(order.ok(), qPrintable(why(order)));
    QCOMPARE(order->summary.orderNumber, placed->orderNumber);
    QCOMPARE(order->summary.status, OrderStatus::Shipped);
    QCOMPARE(order->summary.total, placed->total);
    QCOMPARE(order->summary.itemCount, 3);
    QCOMPARE(order->lines.size(), 2);
    QCOMPARE(order->lines.at(0).sku, u"SHIRT-1"_s);
    QCOMPARE(order->lines.at(1).quantity, 2);
    QCOMPARE(order->payments.size(), 1);
    QCOMPARE(order->payments.at(0).status, u"completed"_s);
    QCOMPARE(order->payments.at(0).amount, placed->total);
    QVERIFY(order->shipping.has_value());
    QCOMPARE(order->shipping->city, u"Portland"_s);
    QCOMPARE(order->trackingCarrier, u"UPS"_s);
    QCOMPARE(order->trackingNumber, u"1Z999"_s);
    QVERIFY(!order->cancellable);
    QCOMPARE(order->history.size(), 4);
    QVERIFY(!order->history.at(0).from.has_value());
    QCOMPARE(order->history.last().to, OrderStatus::Shipped);
}

void TestCustomerOrders::anotherCustomersOrderIsNotFound()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    QVERIFY(placed.ok());
    QCOMPARE(Database::wait(m_customerOrders->order(m_sam, placed->orderId)).error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_customerOrders->order(m_jo, placed->orderId + 100)).error().code, ErrorCode::NotFound);
    const Result<CustomerOrderPage> sams = Database::wait(m_customerOrders->page(m_sam, 1, 20));
    QVERIFY(sams.ok());
    QCOMPARE(sams->total, 0);
}

void TestCustomerOrders::cancelOwnReleasesTheStockAndRefundsTheCard()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_shirt, 2, {}}});
    QVERIFY(placed.ok());
    QVERIFY(moveTo(placed->orderId, OrderStatus::Confirmed).ok());
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    const Status cancelled = QCoro::waitFor(m_orders->cancelOwn(m_jo, placed->orderId, u"Changed my mind"_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    QCOMPARE(status(placed->orderId), u"refunded"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(number(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {placed->orderId}), 2759);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->refunds().first().amount, 2759);
    QCOMPARE(number(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ? AND to_status = 'cancelled' "
                    "AND user_id = ?"_s,
                    {placed->orderId, m_jo.userId}),
             1);
    verifyIntegrity();
}

void TestCustomerOrders::cancelOwnTwiceIsAConflictNamingTheNextStates()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    QVERIFY(placed.ok());
    QVERIFY(QCoro::waitFor(m_orders->cancelOwn(m_jo, placed->orderId, {})).ok());
    const Status again = QCoro::waitFor(m_orders->cancelOwn(m_jo, placed->orderId, {}));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QCOMPARE(m_simulator->refunds().size(), 1);
    verifyIntegrity();
}

void TestCustomerOrders::cancelOwnRefusesOrdersThatAreProcessingOrShipped()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    QVERIFY(placed.ok());
    QVERIFY(moveTo(placed->orderId, OrderStatus::Processing).ok());
    const Status processing = QCoro::waitFor(m_orders->cancelOwn(m_jo, placed->orderId, {}));
    QCOMPARE(processing.error().code, ErrorCode::Conflict);
    QVERIFY2(processing.error().message.contains(orderStatusTitle(OrderStatus::Shipped).toLower()),
             qPrintable(processing.error().message));
    QVERIFY(moveTo(placed->orderId, OrderStatus::Shipped).ok());
    const Status shipped = QCoro::waitFor(m_orders->cancelOwn(m_jo, placed->orderId, {}));
    QCOMPARE(shipped.error().code, ErrorCode::Conflict);
    QVERIFY2(shipped.error().message.contains(orderStatusTitle(OrderStatus::Delivered)),
             qPrintable(shipped.error().message));
    QCOMPARE(status(placed->orderId), u"shipped"_s);
    QCOMPARE(m_simulator->refunds().size(), 0);
    verifyIntegrity();
}

void TestCustomerOrders::cancelOwnOfAnotherCustomersOrderIsNotFound()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    QVERIFY(placed.ok());
    const Status refused = QCoro::waitFor(m_orders->cancelOwn(m_sam, placed->orderId, {}));
    QCOMPARE(refused.error().code, ErrorCode::NotFound);
    QCOMPARE(status(placed->orderId), u"pending"_s);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 1);
}

void TestCustomerOrders::onlyTheCustomerOfTheOrderSendsItsRefund()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_mug, 1, {}}});
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    // The gateway is away while Jo cancels: the refund waits, pending.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 10);
    const Status cancelled = QCoro::waitFor(m_orders->cancelOwn(m_jo, placed->orderId, {}));
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().code, ErrorCode::Unavailable);
    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve);
    const qint64 refundId = number(u"SELECT id FROM refunds WHERE order_id = ? AND status = 'pending'"_s,
                                   {placed->orderId});
    QVERIFY(refundId > 0);
    const Status bySam = QCoro::waitFor(m_payments->sendRefund(m_sam, refundId));
    QVERIFY(!bySam.ok());
    QCOMPARE(bySam.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(m_simulator->refunds().size(), 0);
    const Status byJo = QCoro::waitFor(m_payments->sendRefund(m_jo, refundId));
    QVERIFY2(byJo.ok(), qPrintable(why(byJo)));
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(number(u"SELECT COUNT(*) FROM refunds WHERE id = ? AND status = 'completed'"_s, {refundId}), 1);
}

void TestCustomerOrders::reviewsNeedTheCustomersDeliveredOrder()
{
    const Result<PlacedOrder> placed = checkout(m_jo, {{m_f.m_shirt, 1, {}}});
    QVERIFY(placed.ok());
    const qint64 shirt = number(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {m_f.m_shirt});
    const qint64 mug = number(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {m_f.m_mug});
    const auto reviewable = [this, placed](const Session &who, qint64 productId) {
        return Database::wait(m_f.m_db->read([who, placed, productId](Connection &c) {
            return CustomerOrders::requireReviewableInTransaction(c, who, placed->orderId, productId);
        }));
    };
    QCOMPARE(reviewable(m_jo, shirt).error().code, ErrorCode::Conflict);
    QVERIFY(moveTo(placed->orderId, OrderStatus::Delivered).ok());
    QVERIFY(reviewable(m_jo, shirt).ok());
    QCOMPARE(reviewable(m_jo, mug).error().code, ErrorCode::InvalidInput);
    QCOMPARE(reviewable(m_sam, shirt).error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestCustomerOrders)
#include "tst_customerorders.moc"
