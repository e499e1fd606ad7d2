// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "GatewaySimulator.h"
#include "maintenance/IntegrityCheck.h"
#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "db/Migrator.h"
#include "orders/OnlineCart.h"
#include "orders/OrderEvents.h"
#include "orders/OrderService.h"
#include "orders/ReturnService.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"
#include "reports/ReportService.h"
#include "sales/CartService.h"

#include <QCoroTask>
#include <QSignalSpy>
#include <QTest>
#include <array>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;
using namespace std::chrono_literals;

namespace {

constexpr std::array<OrderStatus, 7> kAll{OrderStatus::Pending,   OrderStatus::Confirmed, OrderStatus::Processing,
                                          OrderStatus::Shipped,   OrderStatus::Delivered, OrderStatus::Cancelled,
                                          OrderStatus::Refunded};

OrderAddress address()
{
    return {u"12 Harbour Road"_s, u"Portland"_s, u"OR"_s, u"97201"_s, u"United States"_s};
}

} // namespace

// Online orders through their whole life: placed from a customer's online
// cart, paid by card at the gateway simulator, moved through the original
// status machine, shipped, cancelled and refunded.
class TestOrderService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void placesAnOnlineOrderFromTheCustomersCart();
    void shippingIsFreeFromFiftyDollars();
    void badAddressesAreRefusedAndWriteNothing_data();
    void badAddressesAreRefusedAndWriteNothing();
    void shortStockIsAConflictNamingTheItems();
    void paymentsAreCheckedAndRecordedOnce();
    void everyPairOfTheMachineThroughTheService_data();
    void everyPairOfTheMachineThroughTheService();
    void shippingRequiresProcessingAndSellsTheReservedStock();
    void cancelReleasesTheStockAndRefundsExactlyWhatWasPaid();
    void cancellingAnUnpaidOrderLeavesItCancelled();
    void theShippingACancellationGivesBackCountsWithTheRefunds();
    void cancellationsBeforeRefundedShippingWasKeptAreFilledIn();
    void aPartlyPaidOrderStaysOutOfTheReportsWithItsRefund();
    void aCardRefundThatCannotReachTheGatewayIsSentAgain();
    void bulkChangesEachOrderOnItsOwn();
    void vendorsAndCustomersMayNotChangeOrders();
    void historyNamesWhoChangedWhat();
    void placingAndMovingAreAnnouncedOnTheChangeFeed();

private:
    qint64 cartOf(const QList<StockLine> &lines);
    PlacedOrder place(const QList<StockLine> &lines, bool pay = true);
    void pay(qint64 orderId, qint64 cents);
    Status bringTo(qint64 orderId, OrderStatus to);
    qint64 historyRows(qint64 orderId);
    QString status(qint64 orderId);
    qint64 cents(const QString &sql, const QVariantList &values = {});
    void verifyIntegrity();

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<GatewayClient> m_gateway;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<ReturnService> m_returns;
    Session m_customer;
};

void TestOrderService::init()
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
    settings.pendingPollLimit = 1s;
    m_gateway = std::make_unique<GatewayClient>(settings);
    m_payments = std::make_shared<PaymentService>(m_f.m_db, m_gateway.get());
    m_orders = std::make_unique<OrderService>(m_f.m_db, m_payments);
    m_returns = std::make_unique<ReturnService>(m_f.m_db, m_payments);
    m_customer = test::sessionFor(m_f.addUser(u"jo@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    m_f.receive(m_f.m_tea, m_f.m_store, 20);
}

void TestOrderService::cleanup()
{
    m_returns.reset();
    m_orders.reset();
    m_payments.reset();
    m_gateway.reset();
    m_simulator.reset();
    m_f.tearDown();
}

qint64 TestOrderService::cartOf(const QList<StockLine> &lines)
{
    const Result<qint64> cart = Database::wait(m_f.m_db->write([this, lines](Connection &c) {
        return OnlineCart::createInTransaction(c, m_customer.userId, lines);
    }));
    if (!cart)
        qWarning() << why(cart);
    return cart.ok() ? cart.value() : 0;
}

// Charges the card at the gateway, as the online shop does, and reports it.
void TestOrderService::pay(qint64 orderId, qint64 amountCents)
{
    const QString key = PaymentService::newIdempotencyKey();
    const Result<GatewayPayment> charged =
        QCoro::waitFor(m_gateway->createPayment(key, Money(amountCents, u"USD"), u"web"_s));
    QVERIFY2(charged.ok() && charged->outcome == GatewayOutcome::Approved, qPrintable(why(charged)));
    const Status recorded = Database::wait(m_orders->recordOnlinePayment(
        m_customer, orderId, OnlinePayment{Money(amountCents, u"USD"), charged->reference, u"Visa"_s, u"4242"_s, key}));
    QVERIFY2(recorded.ok(), qPrintable(why(recorded)));
}

PlacedOrder TestOrderService::place(const QList<StockLine> &lines, bool paid)
{
    OnlineOrderRequest request;
    request.cartId = cartOf(lines);
    request.shipping = address();
    const Result<PlacedOrder> placed = Database::wait(m_orders->placeOnline(m_customer, request));
    if (!placed) {
        qWarning() << why(placed);
        return {};
    }
    if (paid)
        pay(placed->orderId, placed->total.minorUnits());
    return placed.value();
}

// Takes a paid order from pending along the happy path.
Status TestOrderService::bringTo(qint64 orderId, OrderStatus to)
{
    const std::array<OrderStatus, 4> path{OrderStatus::Confirmed, OrderStatus::Processing, OrderStatus::Shipped,
                                          OrderStatus::Delivered};
    for (OrderStatus next : path) {
        if (status(orderId) == orderStatusName(to))
            return Status::success();
        const Status moved =
            next == OrderStatus::Shipped
                ? Database::wait(m_orders->ship(m_f.m_admin, orderId, u"UPS"_s, u"1Z999"_s, {}))
                : Database::wait(m_orders->changeStatus(m_f.m_admin, orderId, next, {}));
        if (!moved)
            return moved;
    }
    return Status::success();
}

qint64 TestOrderService::historyRows(qint64 orderId)
{
    return cents(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ?"_s, {orderId});
}

QString TestOrderService::status(qint64 orderId)
{
    return m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString();
}

qint64 TestOrderService::cents(const QString &sql, const QVariantList &values)
{
    return m_f.scalar(sql, values).toLongLong();
}

void TestOrderService::verifyIntegrity()
{
    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    for (const IntegrityCheck::Finding &finding : report->findings)
        QVERIFY2(finding.passed, qPrintable(finding.check + u": "_s + finding.message));
}

void TestOrderService::placesAnOnlineOrderFromTheCustomersCart()
{
    // 2 x 10.00 + 8 % tax = 21.60, and 5.99 shipping under 50.00.
    OnlineOrderRequest request;
    request.cartId = cartOf({{m_f.m_shirt, 2, {}}});
    request.shipping = address();
    request.note = u"Leave it at the door"_s;
    const QString key = PaymentService::newIdempotencyKey();
    const Result<GatewayPayment> charged = QCoro::waitFor(m_gateway->createPayment(key, Money(2759, u"USD"), u"web"_s));
    QVERIFY(charged.ok());
    request.payment = OnlinePayment{Money(2759, u"USD"), charged->reference, u"Visa"_s, u"4242"_s, key};
    const Result<PlacedOrder> placed = Database::wait(m_orders->placeOnline(m_customer, request));
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    QCOMPARE(placed->orderNumber, u"W-000001"_s);
    QCOMPARE(placed->total, Money(2759, u"USD"));
    const qint64 id = placed->orderId;

    QCOMPARE(m_f.scalar(u"SELECT channel || '/' || status FROM orders WHERE id = ?"_s, {id}).toString(),
             u"online/pending"_s);
    QCOMPARE(cents(u"SELECT subtotal_cents FROM orders WHERE id = ?"_s, {id}), 2000);
    QCOMPARE(cents(u"SELECT tax_cents FROM orders WHERE id = ?"_s, {id}), 160);
    QCOMPARE(cents(u"SELECT shipping_cents FROM orders WHERE id = ?"_s, {id}), 599);
    QCOMPARE(cents(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {id}), 2759);
    QCOMPARE(cents(u"SELECT customer_id FROM orders WHERE id = ?"_s, {id}), m_customer.userId);
    QVERIFY(m_f.scalar(u"SELECT clerk_id FROM orders WHERE id = ?"_s, {id}).isNull());
    QCOMPARE(m_f.scalar(u"SELECT note FROM orders WHERE id = ?"_s, {id}).toString(), u"Leave it at the door"_s);
    QVERIFY(m_f.scalar(u"SELECT shipping_address FROM orders WHERE id = ?"_s, {id}).toString().contains(u"Portland"_s));
    // Paid in full at order time: the sale counts from now.
    QVERIFY(!m_f.scalar(u"SELECT business_day FROM orders WHERE id = ?"_s, {id}).isNull());
    // Lines with their price and tax snapshots.
    QCOMPARE(m_f.scalar(u"SELECT sku || ' ' || quantity || ' ' || unit_price_cents || ' ' || tax_rate_bp || ' ' || "
                        "tax_cents || ' ' || total_cents FROM order_items WHERE order_id = ?"_s,
                        {id})
                 .toString(),
             u"SHIRT-1 2 1000 800 160 2160"_s);
    // Reserved, not yet sold.
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM reservations WHERE reference_type = 'order' AND reference_id = ? "
                   "AND status = 'active' AND expires_at IS NULL"_s,
                   {id}),
             1);
    QCOMPARE(m_f.scalar(u"SELECT COALESCE(from_status, 'none') || '>' || to_status FROM order_status_history "
                        "WHERE order_id = ?"_s,
                        {id})
                 .toString(),
             u"none>pending"_s);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM audit_log WHERE action = 'order.placed' AND subject = ?"_s,
                   {u"order:%1"_s.arg(id)}),
             1);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {request.cartId}).toString(), u"checked_out"_s);
    QCOMPARE(cents(u"SELECT order_id FROM carts WHERE id = ?"_s, {request.cartId}), id);
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status || '/' || card_last4 FROM payments WHERE order_id = ?"_s,
                        {id})
                 .toString(),
             u"card/completed/4242"_s);
    QCOMPARE(m_f.count(u"addresses"_s), 1);

    // The next order gets the next number; the same address is not copied.
    const PlacedOrder second = place({{m_f.m_mug, 1, {}}});
    QCOMPARE(second.orderNumber, u"W-000002"_s);
    QCOMPARE(m_f.count(u"addresses"_s), 1);
    // The same cart cannot be ordered twice.
    const Result<PlacedOrder> again = Database::wait(m_orders->placeOnline(m_customer, request));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    verifyIntegrity();
}

void TestOrderService::shippingIsFreeFromFiftyDollars()
{
    const PlacedOrder placed = place({{m_f.m_shirt, 5, {}}});
    QCOMPARE(placed.total, Money(5400, u"USD"));
    QCOMPARE(cents(u"SELECT shipping_cents FROM orders WHERE id = ?"_s, {placed.orderId}), 0);
    verifyIntegrity();
}

void TestOrderService::badAddressesAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no street") << 0 << u"  "_s << u"street"_s;
    QTest::newRow("no city") << 1 << u""_s << u"city"_s;
    QTest::newRow("no state") << 2 << u""_s << u"state"_s;
    QTest::newRow("no postal code") << 3 << u""_s << u"postal code"_s;
    QTest::newRow("no country") << 4 << u""_s << u"country"_s;
    QTest::newRow("street too long") << 0 << QString(201, u'x') << u"200"_s;
    QTest::newRow("postal code too long") << 3 << QString(21, u'9') << u"20"_s;
}

void TestOrderService::badAddressesAreRefusedAndWriteNothing()
{
    QFETCH(int, field);
    QFETCH(QString, value);
    QFETCH(QString, mentions);
    OrderAddress shipping = address();
    QString *fields[] = {&shipping.streetAddress, &shipping.city, &shipping.state, &shipping.postalCode,
                         &shipping.country};
    *fields[field] = value;
    OnlineOrderRequest request;
    request.cartId = cartOf({{m_f.m_shirt, 1, {}}});
    request.shipping = shipping;
    const Result<PlacedOrder> refused = Database::wait(m_orders->placeOnline(m_customer, request));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
    QVERIFY2(refused.error().message.contains(mentions), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(u"shipping address"_s), qPrintable(refused.error().message));
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.count(u"addresses"_s), 0);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {request.cartId}).toString(), u"open"_s);

    // A bad billing address is named as such.
    request.shipping = address();
    request.billing = shipping;
    const Result<PlacedOrder> billing = Database::wait(m_orders->placeOnline(m_customer, request));
    QVERIFY(!billing.ok());
    QVERIFY2(billing.error().message.contains(u"billing address"_s), qPrintable(billing.error().message));
    // Nothing was taken: the first good order is still W-000001.
    request.billing.reset();
    const Result<PlacedOrder> placed = Database::wait(m_orders->placeOnline(m_customer, request));
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    QCOMPARE(placed->orderNumber, u"W-000001"_s);
}

void TestOrderService::shortStockIsAConflictNamingTheItems()
{
    OnlineOrderRequest request;
    request.cartId = cartOf({{m_f.m_shirt, 25, {}}, {m_f.m_mug, 30, {}}, {m_f.m_tea, 1, {}}});
    request.shipping = address();
    const Result<PlacedOrder> refused = Database::wait(m_orders->placeOnline(m_customer, request));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
    QVERIFY2(refused.error().message.contains(u"Linen shirt"_s), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(u"Tea mug"_s), qPrintable(refused.error().message));
    QVERIFY2(!refused.error().message.contains(u"Sencha"_s), qPrintable(refused.error().message));
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.count(u"reservations"_s), 0);
    QCOMPARE(m_f.reserved(m_f.m_tea, m_f.m_store), 0);
}

void TestOrderService::paymentsAreCheckedAndRecordedOnce()
{
    const PlacedOrder placed = place({{m_f.m_shirt, 1, {}}}, false);   // 10.80 + 5.99 = 16.79
    QCOMPARE(placed.total, Money(1679, u"USD"));
    const auto record = [&](const OnlinePayment &payment) {
        return Database::wait(m_orders->recordOnlinePayment(m_customer, placed.orderId, payment));
    };
    const Status tooMuch = record({Money(1680, u"USD"), u"ch_1"_s, u"Visa"_s, u"4242"_s, u"k-1"_s});
    QCOMPARE(tooMuch.error().code, ErrorCode::Conflict);
    const Status wholeNumber = record({Money(1679, u"USD"), u"ch_1"_s, u"Visa"_s, u"4242424242424242"_s, u"k-1"_s});
    QCOMPARE(wholeNumber.error().code, ErrorCode::InvalidInput);
    const Status noReference = record({Money(1679, u"USD"), u" "_s, u"Visa"_s, u"4242"_s, u"k-1"_s});
    QCOMPARE(noReference.error().code, ErrorCode::InvalidInput);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM payments"_s), 0);
    // Split in two; the sale counts once it is paid in full.
    QVERIFY(record({Money(1000, u"USD"), u"ch_1"_s, u"Visa"_s, u"4242"_s, u"k-1"_s}).ok());
    QVERIFY(m_f.scalar(u"SELECT business_day FROM orders WHERE id = ?"_s, {placed.orderId}).isNull());
    // The same charge reported twice is recorded once.
    QVERIFY(record({Money(1000, u"USD"), u"ch_1"_s, u"Visa"_s, u"4242"_s, u"k-1"_s}).ok());
    QCOMPARE(cents(u"SELECT COUNT(*) FROM payments"_s), 1);
    QVERIFY(record({Money(679, u"USD"), u"ch_2"_s, u"Visa"_s, u"4242"_s, u"k-2"_s}).ok());
    QCOMPARE(cents(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {placed.orderId}), 1679);
    QVERIFY(!m_f.scalar(u"SELECT business_day FROM orders WHERE id = ?"_s, {placed.orderId}).isNull());
    verifyIntegrity();
}

void TestOrderService::everyPairOfTheMachineThroughTheService_data()
{
    QTest::addColumn<OrderStatus>("from");
    QTest::addColumn<OrderStatus>("to");
    for (OrderStatus from : kAll)
        for (OrderStatus to : kAll)
            QTest::addRow("%s -> %s", qPrintable(orderStatusName(from)), qPrintable(orderStatusName(to))) << from << to;
}

// Every pair, each through the call a person would use for it: changeStatus
// for the plain moves, ship() for shipped, cancel() for cancelled, a full
// return (delivered) or the cancellation's refund (cancelled) for refunded.
void TestOrderService::everyPairOfTheMachineThroughTheService()
{
    QFETCH(OrderStatus, from);
    QFETCH(OrderStatus, to);
    // A cancelled order that had nothing paid stays cancelled; the way on
    // to refunded is the refund of a paid one.
    const bool paid = from != OrderStatus::Cancelled || to == OrderStatus::Refunded;
    const PlacedOrder order = place({{m_f.m_shirt, 2, {}}}, paid);
    QVERIFY(order.orderId > 0);
    const qint64 id = order.orderId;

    // Getting there.
    if (from == OrderStatus::Cancelled && !paid) {
        const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, id, u"Never paid"_s));
        QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    } else if (from == OrderStatus::Cancelled) {
        // Cancelled with its card refund still on its way, so that the
        // refund finishing is what takes it on to refunded.
        m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 100);
        const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, id, u"Changed their mind"_s));
        QCOMPARE(cancelled.error().code, ErrorCode::Unavailable);
        m_simulator->setBehaviour(GatewaySimulator::Mode::Approve, 0);
    } else if (from == OrderStatus::Refunded) {
        QVERIFY2(bringTo(id, OrderStatus::Delivered).ok(), "delivered");
        ReturnRequest all{id, {}, RefundDestination::OriginalTender, u"Returned"_s, 0};
        all.lines.append({cents(u"SELECT id FROM order_items WHERE order_id = ?"_s, {id}), 2,
                          ReturnDisposition::Restock, {}});
        const Result<ReturnResult> returned = QCoro::waitFor(m_returns->giveBack(m_f.m_admin, all));
        QVERIFY2(returned.ok(), qPrintable(why(returned)));
    } else {
        const Status reached = bringTo(id, from);
        QVERIFY2(reached.ok(), qPrintable(why(reached)));
    }
    QCOMPARE(status(id), orderStatusName(from));
    const qint64 rowsBefore = historyRows(id);

    Status result;
    switch (to) {
    case OrderStatus::Shipped:
        result = Database::wait(m_orders->ship(m_f.m_admin, id, u"UPS"_s, u"1Z999"_s, u"Off it goes"_s));
        break;
    case OrderStatus::Cancelled:
        result = QCoro::waitFor(m_orders->cancel(m_f.m_admin, id, u"Out of stock"_s));
        break;
    case OrderStatus::Refunded:
        if (from == OrderStatus::Delivered) {
            ReturnRequest all{id, {}, RefundDestination::OriginalTender, u"Returned"_s, 0};
            all.lines.append({cents(u"SELECT id FROM order_items WHERE order_id = ?"_s, {id}), 2,
                              ReturnDisposition::Restock, {}});
            const Result<ReturnResult> returned = QCoro::waitFor(m_returns->giveBack(m_f.m_admin, all));
            result = returned.ok() ? Status::success() : Status(returned.error());
        } else if (from == OrderStatus::Cancelled) {
            result = QCoro::waitFor(m_orders->cancel(m_f.m_admin, id, {}));
        } else {
            result = Database::wait(m_orders->changeStatus(m_f.m_admin, id, to, u"Refund it"_s));
        }
        break;
    default:
        result = Database::wait(m_orders->changeStatus(m_f.m_admin, id, to, u"Moving on"_s));
        break;
    }

    if (canTransition(from, to)) {
        QVERIFY2(result.ok(), qPrintable(why(result)));
        QCOMPARE(cents(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ? AND from_status = ? "
                       "AND to_status = ?"_s,
                       {id, orderStatusName(from), orderStatusName(to)}),
                 1);
        if (to == OrderStatus::Cancelled) {
            // Paid by card, so the refund takes it on to refunded at once.
            QCOMPARE(status(id), u"refunded"_s);
            QCOMPARE(historyRows(id), rowsBefore + 2);
        } else {
            QCOMPARE(status(id), orderStatusName(to));
            QCOMPARE(historyRows(id), rowsBefore + 1);
        }
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(status(id), orderStatusName(from));
        QCOMPARE(historyRows(id), rowsBefore);
        const QString message = result.error().message;
        if (from == OrderStatus::Refunded) {
            QVERIFY2(message.contains(u"final"_s), qPrintable(message));
        } else {
            QCOMPARE(result.error().code, ErrorCode::Conflict);
            for (OrderStatus next : allowedNextStatuses(from))
                QVERIFY2(message.contains(orderStatusTitle(next)), qPrintable(message));
        }
    }
    verifyIntegrity();
}

void TestOrderService::shippingRequiresProcessingAndSellsTheReservedStock()
{
    const PlacedOrder order = place({{m_f.m_shirt, 2, {}}, {m_f.m_mug, 1, {}}});
    const Status early = Database::wait(m_orders->ship(m_f.m_admin, order.orderId, u"UPS"_s, u"1Z1"_s, {}));
    QCOMPARE(early.error().code, ErrorCode::Conflict);
    QVERIFY2(early.error().message.contains(orderStatusTitle(OrderStatus::Confirmed)), qPrintable(early.error().message));
    QVERIFY(bringTo(order.orderId, OrderStatus::Processing).ok());

    const Status noCarrier = Database::wait(m_orders->ship(m_f.m_admin, order.orderId, u" "_s, u"1Z1"_s, {}));
    QCOMPARE(noCarrier.error().code, ErrorCode::InvalidInput);
    const Status noTracking = Database::wait(m_orders->ship(m_f.m_admin, order.orderId, u"UPS"_s, {}, {}));
    QCOMPARE(noTracking.error().code, ErrorCode::InvalidInput);
    const Status longTracking =
        Database::wait(m_orders->ship(m_f.m_admin, order.orderId, u"UPS"_s, QString(101, u'1'), {}));
    QCOMPARE(longTracking.error().code, ErrorCode::InvalidInput);
    QCOMPARE(status(order.orderId), u"processing"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);

    const Status shipped =
        Database::wait(m_orders->ship(m_f.m_admin, order.orderId, u" UPS "_s, u"1Z999AA10123456784"_s, u"Box 1"_s));
    QVERIFY2(shipped.ok(), qPrintable(why(shipped)));
    QCOMPARE(status(order.orderId), u"shipped"_s);
    QCOMPARE(m_f.scalar(u"SELECT tracking_carrier || ' ' || tracking_number FROM orders WHERE id = ?"_s,
                        {order.orderId})
                 .toString(),
             u"UPS 1Z999AA10123456784"_s);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 18);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 19);
    QCOMPARE(cents(u"SELECT SUM(quantity) FROM stock_movements WHERE reason = 'sale' AND reference_type = 'order' "
                   "AND reference_id = ?"_s,
                   {order.orderId}),
             -3);
    QCOMPARE(m_f.scalar(u"SELECT note FROM order_status_history WHERE order_id = ? AND to_status = 'shipped'"_s,
                        {order.orderId})
                 .toString(),
             u"Box 1"_s);
    verifyIntegrity();
}

void TestOrderService::cancelReleasesTheStockAndRefundsExactlyWhatWasPaid()
{
    // 2 shirts 21.60 + a mug 10.80 + 5.99 shipping = 38.39.
    const PlacedOrder order = place({{m_f.m_shirt, 2, {}}, {m_f.m_mug, 1, {}}});
    QCOMPARE(order.total, Money(3839, u"USD"));
    QVERIFY(bringTo(order.orderId, OrderStatus::Processing).ok());
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);

    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Customer called"_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 20);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM stock_movements WHERE reason IN ('sale', 'return')"_s), 0);

    QCOMPARE(cents(u"SELECT SUM(amount_cents) FROM refunds WHERE order_id = ?"_s, {order.orderId}), 3839);
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status FROM refunds WHERE order_id = ?"_s, {order.orderId}).toString(),
             u"card/completed"_s);
    QCOMPARE(cents(u"SELECT tax_cents FROM refunds WHERE order_id = ?"_s, {order.orderId}), 240);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 3839);
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {order.orderId}), 3839);
    QCOMPARE(m_f.scalar(u"SELECT status FROM payments WHERE order_id = ?"_s, {order.orderId}).toString(),
             u"refunded"_s);
    // Every line comes back whole; the shipping is refunded with the money.
    QCOMPARE(cents(u"SELECT COUNT(*) FROM refund_lines WHERE disposition = 'restock'"_s), 2);
    QCOMPARE(cents(u"SELECT SUM(amount_cents) FROM refund_lines"_s), 3240);
    QCOMPARE(cents(u"SELECT SUM(quantity) FROM refund_lines"_s), 3);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM order_items WHERE order_id = ? AND refunded_quantity = quantity"_s,
                   {order.orderId}),
             2);
    QCOMPARE(status(order.orderId), u"refunded"_s);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ? AND from_status = 'processing' "
                   "AND to_status = 'cancelled' AND note = 'Customer called'"_s,
                   {order.orderId}),
             1);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ? AND from_status = 'cancelled' "
                   "AND to_status = 'refunded'"_s,
                   {order.orderId}),
             1);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM audit_log WHERE action = 'order.cancelled'"_s), 1);
    verifyIntegrity();

    // Twice is refused and changes nothing.
    const Status again = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Again"_s));
    QVERIFY(!again.ok());
    QVERIFY2(again.error().message.contains(u"final"_s), qPrintable(again.error().message));
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM refunds"_s), 1);
}

void TestOrderService::theShippingACancellationGivesBackCountsWithTheRefunds()
{
    // 32.40 of goods (2.40 of it tax) and 5.99 of shipping, all given back.
    const PlacedOrder order = place({{m_f.m_shirt, 2, {}}, {m_f.m_mug, 1, {}}});
    QCOMPARE(order.total, Money(3839, u"USD"));
    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Customer called"_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    QCOMPARE(cents(u"SELECT SUM(shipping_cents) FROM refunds WHERE order_id = ?"_s, {order.orderId}), 599);
    QCOMPARE(cents(u"SELECT SUM(amount_cents) FROM refund_lines"_s), 3240);

    // Every grouping gives back what the customer got back, and keeps nothing.
    const QDate today = OrderEvents::businessDay(QDateTime::currentDateTimeUtc());
    for (ReportGrouping grouping : {ReportGrouping::Day, ReportGrouping::Channel, ReportGrouping::Category,
                                    ReportGrouping::Vendor, ReportGrouping::Product, ReportGrouping::Clerk,
                                    ReportGrouping::Tender}) {
        const Result<SalesReport> report =
            Database::wait(ReportService(m_f.m_db).sales(m_f.m_admin, {today, today}, grouping));
        QVERIFY2(report.ok(), qPrintable(why(report)));
        QVERIFY2(report->totals.refunds == Money(3839, u"USD"), qPrintable(reportGroupingName(grouping)));
        QVERIFY2(report->totals.total == Money(3839, u"USD"), qPrintable(reportGroupingName(grouping)));
        QVERIFY2(report->totals.netAfterRefunds.isZero(), qPrintable(reportGroupingName(grouping)));
        if (grouping == ReportGrouping::Category) {
            QCOMPARE(report->rows.last().key, u"shipping"_s);
            QCOMPARE(report->rows.last().refunds, Money(599, u"USD"));
            QVERIFY(report->rows.last().netAfterRefunds.isZero());
        }
    }
    QCOMPARE(cents(u"SELECT SUM(refund_shipping_cents) FROM report_day"_s), 599);
    QCOMPARE(cents(u"SELECT SUM(refunds) FROM report_day"_s), 1);
    verifyIntegrity();

    // The check notices a refund giving back more shipping than was charged.
    QVERIFY(m_f.run(u"UPDATE refunds SET shipping_cents = 600 WHERE order_id = ?"_s, {order.orderId}).ok());
    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    bool noticed = false;
    for (const IntegrityCheck::Finding &finding : report->findings)
        noticed = noticed || (!finding.passed && finding.message.contains(u"shipping"_s));
    QVERIFY(noticed);
}

void TestOrderService::cancellationsBeforeRefundedShippingWasKeptAreFilledIn()
{
    // A cancelled order as the schema before migration 16 left it: the
    // shipping given back on no row. The migration fills it in so that the
    // reports and the check agree.
    const PlacedOrder order = place({{m_f.m_shirt, 2, {}}, {m_f.m_mug, 1, {}}});
    const PlacedOrder kept = place({{m_f.m_tea, 1, {}}});
    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Customer called"_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    for (const QString &sql : {u"UPDATE refunds SET shipping_cents = 0"_s,
                               u"UPDATE report_day SET refund_shipping_cents = 0"_s,
                               u"UPDATE report_clerk_day SET refund_shipping_cents = 0"_s})
        QVERIFY(m_f.run(sql).ok());

    const QString dialect = m_f.m_testDb->isPostgres() ? u"postgres"_s : u"sqlite"_s;
    QString migration;
    for (const Migrator::Migration &m : Migrator::availableFor(dialect))
        if (m.version == 16)
            migration = m.sql;
    QVERIFY(!migration.isEmpty());
    int filled = 0;
    for (const QString &statement : Migrator::splitStatements(migration))
        if (statement.trimmed().startsWith(u"UPDATE"_s)) {
            QVERIFY(m_f.run(statement).ok());
            ++filled;
        }
    QCOMPARE(filled, 3);
    QCOMPARE(cents(u"SELECT shipping_cents FROM refunds WHERE order_id = ? AND EXISTS (SELECT 1 FROM refund_lines "
                   "rl WHERE rl.refund_id = refunds.id)"_s,
                   {order.orderId}),
             599);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM refunds WHERE order_id = ?"_s, {kept.orderId}), 0);
    QCOMPARE(cents(u"SELECT SUM(refund_shipping_cents) FROM report_day"_s), 599);
    QCOMPARE(cents(u"SELECT SUM(refund_shipping_cents) FROM report_clerk_day"_s), 599);
    verifyIntegrity();
}

void TestOrderService::aPartlyPaidOrderStaysOutOfTheReportsWithItsRefund()
{
    // 10.00 of 38.39 paid: the sale never counted, so neither does its
    // refund, not even per tender once the gateway approves it.
    const PlacedOrder order = place({{m_f.m_shirt, 2, {}}, {m_f.m_mug, 1, {}}}, false);
    pay(order.orderId, 1000);
    QVERIFY(m_f.scalar(u"SELECT business_day FROM orders WHERE id = ?"_s, {order.orderId}).isNull());
    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Customer called"_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status FROM refunds WHERE order_id = ?"_s, {order.orderId}).toString(),
             u"card/completed"_s);
    QCOMPARE(cents(u"SELECT amount_cents FROM refunds WHERE order_id = ?"_s, {order.orderId}), 1000);
    QCOMPARE(cents(u"SELECT shipping_cents FROM refunds WHERE order_id = ?"_s, {order.orderId}), 0);
    for (const QString &table : {u"report_day"_s, u"report_category_day"_s, u"report_clerk_day"_s,
                                 u"report_tender_day"_s})
        QVERIFY2(m_f.count(table) == 0, qPrintable(table));
    verifyIntegrity();
}

void TestOrderService::cancellingAnUnpaidOrderLeavesItCancelled()
{
    const PlacedOrder order = place({{m_f.m_shirt, 3, {}}}, false);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 3);
    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Never paid"_s));
    QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
    QCOMPARE(status(order.orderId), u"cancelled"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.count(u"refunds"_s), 0);
    QCOMPARE(historyRows(order.orderId), 2);

    const Status again = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Again"_s));
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QVERIFY2(again.error().message.contains(orderStatusTitle(OrderStatus::Refunded)), qPrintable(again.error().message));
    QCOMPARE(status(order.orderId), u"cancelled"_s);
    QCOMPARE(historyRows(order.orderId), 2);
    QCOMPARE(m_f.count(u"refunds"_s), 0);
    verifyIntegrity();
}

void TestOrderService::aCardRefundThatCannotReachTheGatewayIsSentAgain()
{
    const PlacedOrder order = place({{m_f.m_shirt, 1, {}}});
    m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 100);
    const Status cancelled = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, u"Customer called"_s));
    QCOMPARE(cancelled.error().code, ErrorCode::Unavailable);
    QCOMPARE(status(order.orderId), u"cancelled"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"pending"_s);
    const QString key = m_f.scalar(u"SELECT idempotency_key FROM refunds"_s).toString();
    // Owed to the customer already.
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {order.orderId}), 1679);
    verifyIntegrity();

    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve, 0);
    const Status finished = QCoro::waitFor(m_orders->cancel(m_f.m_admin, order.orderId, {}));
    QVERIFY2(finished.ok(), qPrintable(why(finished)));
    QCOMPARE(status(order.orderId), u"refunded"_s);
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"completed"_s);
    QCOMPARE(m_f.scalar(u"SELECT idempotency_key FROM refunds"_s).toString(), key);
    QCOMPARE(m_f.count(u"refunds"_s), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 1679);
    verifyIntegrity();
}

void TestOrderService::bulkChangesEachOrderOnItsOwn()
{
    const PlacedOrder first = place({{m_f.m_shirt, 1, {}}});
    const PlacedOrder second = place({{m_f.m_mug, 1, {}}});
    const PlacedOrder third = place({{m_f.m_shirt, 1, {}}});
    QVERIFY(bringTo(second.orderId, OrderStatus::Confirmed).ok());
    const QList<BulkStatusOutcome> outcomes = Database::wait(m_orders->changeStatuses(
        m_f.m_admin, {first.orderId, second.orderId, third.orderId, 999999}, OrderStatus::Confirmed, u"Batch"_s));
    QCOMPARE(outcomes.size(), 4);
    QCOMPARE(outcomes[0].orderId, first.orderId);
    QCOMPARE(outcomes[0].orderNumber, first.orderNumber);
    QVERIFY2(outcomes[0].result.ok(), qPrintable(why(outcomes[0].result)));
    QVERIFY(!outcomes[1].result.ok());
    QCOMPARE(outcomes[1].orderNumber, second.orderNumber);
    QCOMPARE(outcomes[1].result.error().code, ErrorCode::Conflict);
    QVERIFY2(outcomes[1].result.error().message.contains(orderStatusTitle(OrderStatus::Processing)),
             qPrintable(outcomes[1].result.error().message));
    QVERIFY(outcomes[2].result.ok());
    QCOMPARE(outcomes[3].result.error().code, ErrorCode::NotFound);
    QCOMPARE(status(first.orderId), u"confirmed"_s);
    QCOMPARE(status(second.orderId), u"confirmed"_s);
    QCOMPARE(status(third.orderId), u"confirmed"_s);
    QCOMPARE(historyRows(first.orderId), 2);
    QCOMPARE(historyRows(second.orderId), 2);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM order_status_history WHERE note = 'Batch'"_s), 2);

    // Moves that need more than a status are refused one by one, with the way to do them.
    const QList<BulkStatusOutcome> cancelling =
        Database::wait(m_orders->changeStatuses(m_f.m_admin, {first.orderId}, OrderStatus::Cancelled, {}));
    QCOMPARE(cancelling.size(), 1);
    QCOMPARE(cancelling[0].result.error().code, ErrorCode::InvalidInput);
    QCOMPARE(status(first.orderId), u"confirmed"_s);
    verifyIntegrity();
}

void TestOrderService::vendorsAndCustomersMayNotChangeOrders()
{
    const PlacedOrder tea = place({{m_f.m_tea, 1, {}}});
    const PlacedOrder shirt = place({{m_f.m_shirt, 1, {}}});
    for (const Session &who : {m_f.m_vendor, m_customer, m_f.m_clerk}) {
        const Status changed =
            Database::wait(m_orders->changeStatus(who, tea.orderId, OrderStatus::Confirmed, {}));
        QCOMPARE(changed.error().code, ErrorCode::PermissionDenied);
        const Status shipped = Database::wait(m_orders->ship(who, tea.orderId, u"UPS"_s, u"1Z"_s, {}));
        QCOMPARE(shipped.error().code, ErrorCode::PermissionDenied);
        const Status cancelled = QCoro::waitFor(m_orders->cancel(who, tea.orderId, u"No"_s));
        QCOMPARE(cancelled.error().code, ErrorCode::PermissionDenied);
        const QList<BulkStatusOutcome> bulk =
            Database::wait(m_orders->changeStatuses(who, {tea.orderId}, OrderStatus::Confirmed, {}));
        QCOMPARE(bulk.size(), 1);
        QCOMPARE(bulk[0].result.error().code, ErrorCode::PermissionDenied);
    }
    const Status vendor = Database::wait(m_orders->changeStatus(m_f.m_vendor, tea.orderId, OrderStatus::Confirmed, {}));
    QVERIFY2(vendor.error().message.contains(u"Vendors"_s), qPrintable(vendor.error().message));
    QCOMPARE(status(tea.orderId), u"pending"_s);
    QCOMPARE(historyRows(tea.orderId), 1);
    QCOMPARE(m_f.reserved(m_f.m_tea, m_f.m_store), 1);

    // The vendor reads the history of orders holding their products only.
    QVERIFY(Database::wait(m_orders->history(m_f.m_vendor, tea.orderId)).ok());
    QCOMPARE(Database::wait(m_orders->history(m_f.m_vendor, shirt.orderId)).error().code, ErrorCode::NotFound);
    QVERIFY(Database::wait(m_orders->history(m_customer, shirt.orderId)).ok());
    verifyIntegrity();
}

void TestOrderService::historyNamesWhoChangedWhat()
{
    const PlacedOrder order = place({{m_f.m_shirt, 1, {}}});
    QVERIFY(Database::wait(m_orders->changeStatus(m_f.m_admin, order.orderId, OrderStatus::Confirmed,
                                                  u"  Checked the address  "_s))
                .ok());
    const Result<QList<StatusChange>> history = Database::wait(m_orders->history(m_f.m_admin, order.orderId));
    QVERIFY2(history.ok(), qPrintable(why(history)));
    QCOMPARE(history->size(), 2);
    QVERIFY(!history->at(0).from.has_value());
    QCOMPARE(history->at(0).to, OrderStatus::Pending);
    QCOMPARE(history->at(0).userId, m_customer.userId);
    QVERIFY(history->at(1).from == OrderStatus::Pending);
    QCOMPARE(history->at(1).to, OrderStatus::Confirmed);
    QCOMPARE(history->at(1).userId, m_f.m_admin.userId);
    QCOMPARE(history->at(1).userName, u"Test User"_s);
    QCOMPARE(history->at(1).note, u"Checked the address"_s);
    QVERIFY(history->at(1).at.isValid());
    QVERIFY(history->at(1).at >= history->at(0).at);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM audit_log WHERE action = 'order.status_changed'"_s), 1);

    const Status tooLong = Database::wait(
        m_orders->changeStatus(m_f.m_admin, order.orderId, OrderStatus::Processing, QString(501, u'n')));
    QCOMPARE(tooLong.error().code, ErrorCode::InvalidInput);
    QCOMPARE(status(order.orderId), u"confirmed"_s);
    QCOMPARE(Database::wait(m_orders->history(m_f.m_admin, 999999)).error().code, ErrorCode::NotFound);
}

void TestOrderService::placingAndMovingAreAnnouncedOnTheChangeFeed()
{
    // Another desktop's Orders page follows the feed, status-only moves too.
    ChangeWatcher watcher(m_f.m_testDb->url());
    QSignalSpy ready(&watcher, &ChangeWatcher::ready);
    watcher.start();
    QVERIFY(ready.wait(5'000));
    QSignalSpy changed(&watcher, &ChangeWatcher::changed);
    const auto announced = [&changed](qint64 orderId) {
        for (const QList<QVariant> &signal : changed)
            if (signal.at(0).toString() == ChangeTopic::Orders
                && signal.at(1).value<QList<qint64>>().contains(orderId))
                return true;
        return false;
    };
    const PlacedOrder order = place({{m_f.m_shirt, 1, {}}});
    QTRY_VERIFY_WITH_TIMEOUT(announced(order.orderId), 5'000);
    changed.clear();
    QVERIFY(Database::wait(m_orders->changeStatus(m_f.m_admin, order.orderId, OrderStatus::Confirmed, {})).ok());
    QTRY_VERIFY_WITH_TIMEOUT(announced(order.orderId), 5'000);
    watcher.stop();
}

QTEST_GUILESS_MAIN(TestOrderService)
#include "tst_orderservice.moc"
