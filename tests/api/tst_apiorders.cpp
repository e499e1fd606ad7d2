// storekeeper-test: postgres
#include "../services/tst_inventory_fixture.h"

#include "ApiServer.h"
#include "ApiServices.h"
#include "GatewaySimulator.h"
#include "HttpTestClient.h"
#include "auth/AccessTokens.h"
#include "maintenance/IntegrityCheck.h"
#include "orders/OnlineCartService.h"
#include "orders/OrderService.h"
#include "payments/GatewayClient.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace sk;
using test::HttpReply;
using test::why;

namespace {

QJsonObject address()
{
    return QJsonObject{{u"street_address"_s, u"12 Harbour Road"_s},
                       {u"city"_s, u"Portland"_s},
                       {u"state"_s, u"OR"_s},
                       {u"postal_code"_s, u"97201"_s},
                       {u"country"_s, u"United States"_s}};
}

QJsonObject orderBody()
{
    return QJsonObject{{u"shipping_address"_s, address()},
                       {u"payment_method"_s, u"card"_s},
                       {u"payment_token"_s, u"tok_visa_4242"_s}};
}

} // namespace

// The order routes over real HTTP, with the card charged at the gateway
// simulator: an order from the cart with its stock reserved and its payment
// recorded, a declined card, bad and foreign input refused without a
// write, the customer's own cancellation (stock released, card refunded),
// and the shop's invariants after each.
class TestApiOrders : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void withoutATokenNothingIsServed();
    void ordersFromTheCartReservingStockAndRecordingThePayment();
    void aDeclinedCardIs402AndLeavesNoPaidOrder();
    void anEmptyCartIs400();
    void shortStockIs409NamingTheProduct();
    void badBodiesAre400AndWriteNothing_data();
    void badBodiesAre400AndWriteNothing();
    void anotherCustomersAddressIs404();
    void savedAddressesAreAccepted();
    void listsTheCustomersOwnOrdersNewestFirst();
    void badPagesAre400();
    void detailHasLinesHistoryAndPaymentsWithoutCardData();
    void anotherCustomersOrderIs404();
    void cancelReleasesTheStockAndRefunds();
    void cancellingTwiceIs409();
    void aShippedOrderCannotBeCancelled();
    void anotherCustomersCancelIs404AndChangesNothing();

private:
    qint64 productOf(qint64 variantId);
    void addToCart(const QByteArray &token, qint64 productId, qint64 quantity);
    qint64 placeOrder(const QByteArray &token, qint64 productId, qint64 quantity);
    QString written();
    QString status(qint64 orderId);
    void verifyIntegrity();

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<api::ApiServer> m_server;
    std::unique_ptr<test::HttpTestClient> m_client;
    api::ApiServices m_services;
    Session m_customer;
    Session m_other;
    QByteArray m_token;
    QByteArray m_otherToken;
    qint64 m_shirtProduct = 0;
    qint64 m_mugProduct = 0;
};

void TestApiOrders::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_customer = test::sessionFor(m_f.addUser(u"jo@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_other = test::sessionFor(m_f.addUser(u"sam@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    m_shirtProduct = productOf(m_f.m_shirt);
    m_mugProduct = productOf(m_f.m_mug);

    m_simulator = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_simulator->listen(), qPrintable(m_simulator->errorString()));
    GatewaySettings gateway;
    gateway.baseUrl = m_simulator->url();
    gateway.apiKey = u"test-key"_s;
    gateway.requestTimeout = 500ms;
    gateway.maxAttempts = 2;
    gateway.firstBackoff = 10ms;
    gateway.pendingPollInterval = 10ms;
    gateway.pendingPollLimit = 200ms;

    m_services = api::ApiServices::create(m_f.m_db);
    m_services.gateway->setSettings(gateway);
    if (!m_services.carts)
        m_services.carts = std::make_shared<OnlineCartService>(m_f.m_db);
    api::ApiLimits limits;
    limits.requestsPerSecond = 100000;
    m_server = std::make_unique<api::ApiServer>(m_services, limits);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(why(port)));
    m_client = std::make_unique<test::HttpTestClient>(port.value());

    const Result<QByteArray> secret = Database::wait(AccessTokens::loadOrCreateSecret(m_f.m_db));
    QVERIFY2(secret.ok(), qPrintable(why(secret)));
    const AccessTokens tokens(secret.value());
    m_token = tokens.issue(m_customer);
    m_otherToken = tokens.issue(m_other);
}

void TestApiOrders::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_services = {};
    m_simulator.reset();
    m_f.tearDown();
}

qint64 TestApiOrders::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

void TestApiOrders::addToCart(const QByteArray &token, qint64 productId, qint64 quantity)
{
    const HttpReply reply = m_client->post(
        u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, productId}, {u"quantity"_s, quantity}}, token);
    QVERIFY2(reply.status == 201, reply.body.constData());
}

qint64 TestApiOrders::placeOrder(const QByteArray &token, qint64 productId, qint64 quantity)
{
    addToCart(token, productId, quantity);
    const HttpReply reply = m_client->post(u"/api/orders"_s, orderBody(), token);
    if (reply.status != 201)
        qWarning() << reply.status << reply.body;
    return reply.object().value(u"order_id"_s).toInteger();
}

// Everything an order can write, as one figure.
QString TestApiOrders::written()
{
    return m_f.scalar(u"SELECT (SELECT COUNT(*) FROM orders) || '/' || (SELECT COUNT(*) FROM payments) || '/' || "
                      "(SELECT COUNT(*) FROM refunds) || '/' || (SELECT COUNT(*) FROM addresses) || '/' || "
                      "(SELECT COUNT(*) FROM reservations) || '/' || "
                      "(SELECT COUNT(*) FROM carts WHERE status = 'open')"_s)
        .toString();
}

QString TestApiOrders::status(qint64 orderId)
{
    return m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString();
}

void TestApiOrders::verifyIntegrity()
{
    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    for (const IntegrityCheck::Finding &finding : report->findings)
        QVERIFY2(finding.passed, qPrintable(finding.check + u": "_s + finding.message));
}

void TestApiOrders::withoutATokenNothingIsServed()
{
    QCOMPARE(m_client->post(u"/api/orders"_s, orderBody()).status, 401);
    QCOMPARE(m_client->get(u"/api/orders"_s).status, 401);
    QCOMPARE(m_client->get(u"/api/orders/1"_s).status, 401);
    QCOMPARE(m_client->post(u"/api/orders/1/cancel"_s, QJsonObject()).status, 401);
}

void TestApiOrders::ordersFromTheCartReservingStockAndRecordingThePayment()
{
    addToCart(m_token, m_shirtProduct, 2);
    const HttpReply reply = m_client->post(u"/api/orders"_s, orderBody(), m_token);
    QCOMPARE(reply.status, 201);
    const QJsonObject body = reply.object();
    QCOMPARE(body.value(u"message"_s).toString(), u"Order created successfully"_s);
    const qint64 orderId = body.value(u"order_id"_s).toInteger();
    QVERIFY(orderId > 0);
    QVERIFY(body.value(u"order_number"_s).toString().startsWith(u"W-"_s));
    // 2 x 10.00 + 8 % tax + 5.99 shipping.
    QCOMPARE(body.value(u"total"_s).toString(), u"27.59"_s);
    QCOMPARE(status(orderId), u"pending"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(m_f.scalar(u"SELECT paid_cents FROM orders WHERE id = ?"_s, {orderId}).toLongLong(), 2759);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'completed'"_s, {orderId})
                 .toLongLong(),
             1);
    QCOMPARE(m_simulator->payments().size(), 1);
    // The cart became the order: the next GET /api/cart is empty.
    QCOMPARE(m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray().size(), 0);
    verifyIntegrity();
}

void TestApiOrders::aDeclinedCardIs402AndLeavesNoPaidOrder()
{
    addToCart(m_token, m_mugProduct, 1);
    m_simulator->setBehaviour(GatewaySimulator::Mode::Decline);
    const HttpReply reply = m_client->post(u"/api/orders"_s, orderBody(), m_token);
    QCOMPARE(reply.status, 402);
    QVERIFY2(reply.detail().contains(u"Insufficient funds"_s), qPrintable(reply.detail()));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM orders WHERE status <> 'cancelled'"_s).toLongLong(), 0);
    QCOMPARE(m_f.scalar(u"SELECT COALESCE(SUM(paid_cents), 0) FROM orders"_s).toLongLong(), 0);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    // The cart is kept: another card pays it.
    QCOMPARE(m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray().size(), 1);
    const HttpReply retried = m_client->post(u"/api/orders"_s, orderBody(), m_token);
    QCOMPARE(retried.status, 201);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 1);
    verifyIntegrity();
}

void TestApiOrders::anEmptyCartIs400()
{
    const QString before = written();
    const HttpReply reply = m_client->post(u"/api/orders"_s, orderBody(), m_token);
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(written(), before);
    QCOMPARE(m_simulator->payments().size(), 0);
}

void TestApiOrders::shortStockIs409NamingTheProduct()
{
    addToCart(m_token, m_shirtProduct, 5);
    // The register sells most of the stock meanwhile.
    QVERIFY(m_f.sell(m_f.m_store, {{m_f.m_shirt, 18, {}}}).ok());
    const QString before = written();
    const HttpReply reply = m_client->post(u"/api/orders"_s, orderBody(), m_token);
    QCOMPARE(reply.status, 409);
    QVERIFY2(reply.detail().contains(u"Linen shirt"_s), qPrintable(reply.detail()));
    QCOMPARE(written(), before);
    QCOMPARE(m_simulator->payments().size(), 0);
}

void TestApiOrders::badBodiesAre400AndWriteNothing_data()
{
    QTest::addColumn<QJsonObject>("body");
    const auto without = [](const QString &field) {
        QJsonObject body = orderBody();
        body.remove(field);
        return body;
    };
    const auto with = [](const QString &field, const QJsonValue &value) {
        QJsonObject body = orderBody();
        body.insert(field, value);
        return body;
    };
    const auto withAddress = [](const QString &field, const QJsonValue &value) {
        QJsonObject body = orderBody();
        QJsonObject a = address();
        if (value.isUndefined())
            a.remove(field);
        else
            a.insert(field, value);
        body.insert(u"shipping_address"_s, a);
        return body;
    };
    QTest::newRow("no address") << without(u"shipping_address"_s);
    QTest::newRow("address not an object") << with(u"shipping_address"_s, u"12 Harbour Road"_s);
    QTest::newRow("no city") << withAddress(u"city"_s, QJsonValue::Undefined);
    QTest::newRow("city a number") << withAddress(u"city"_s, 12);
    QTest::newRow("street too long") << withAddress(u"street_address"_s, QString(201, u'x'));
    QTest::newRow("postal code too long") << withAddress(u"postal_code"_s, QString(21, u'9'));
    QTest::newRow("both address kinds") << with(u"shipping_address_id"_s, 1);
    QJsonObject idAsText = without(u"shipping_address"_s);
    idAsText.insert(u"shipping_address_id"_s, u"5"_s);
    QTest::newRow("address id a string") << idAsText;
    QTest::newRow("no payment method") << without(u"payment_method"_s);
    QTest::newRow("cash online") << with(u"payment_method"_s, u"cash"_s);
    QTest::newRow("no token") << without(u"payment_token"_s);
    QTest::newRow("token a number") << with(u"payment_token"_s, 4242);
    QTest::newRow("card number as token") << with(u"payment_token"_s, u"4242424242424242"_s);
    QTest::newRow("token too long") << with(u"payment_token"_s, QString(256, u'x'));
    QTest::newRow("note too long") << with(u"note"_s, QString(501, u'x'));
}

void TestApiOrders::badBodiesAre400AndWriteNothing()
{
    QFETCH(QJsonObject, body);
    addToCart(m_token, m_mugProduct, 1);
    const QString before = written();
    const HttpReply reply = m_client->post(u"/api/orders"_s, body, m_token);
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(written(), before);
    QCOMPARE(m_simulator->payments().size(), 0);
}

void TestApiOrders::anotherCustomersAddressIs404()
{
    const qint64 samsAddress = m_f.insert(
        u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, is_default, "
        "address_type) VALUES (?, '9 Oak Lane', 'Eugene', 'OR', '97401', 'United States', 1, 'shipping') "
        "RETURNING id"_s,
        {m_other.userId});
    addToCart(m_token, m_mugProduct, 1);
    const QString before = written();
    for (const QString &field : {u"shipping_address_id"_s, u"billing_address_id"_s}) {
        QJsonObject body = orderBody();
        if (field == u"shipping_address_id"_s)
            body.remove(u"shipping_address"_s);
        body.insert(field, samsAddress);
        const HttpReply reply = m_client->post(u"/api/orders"_s, body, m_token);
        QCOMPARE(reply.status, 404);
    }
    QCOMPARE(written(), before);
    QCOMPARE(m_simulator->payments().size(), 0);
}

void TestApiOrders::savedAddressesAreAccepted()
{
    const qint64 saved = m_f.insert(
        u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, is_default, "
        "address_type) VALUES (?, '1 Elm Street', 'Salem', 'OR', '97301', 'United States', 1, 'shipping') "
        "RETURNING id"_s,
        {m_customer.userId});
    addToCart(m_token, m_mugProduct, 1);
    const HttpReply reply = m_client->post(u"/api/orders"_s,
                                           QJsonObject{{u"shipping_address_id"_s, saved},
                                                       {u"billing_address_id"_s, saved},
                                                       {u"payment_method"_s, u"card"_s},
                                                       {u"payment_token"_s, u"tok_1"_s}},
                                           m_token);
    QCOMPARE(reply.status, 201);
    const qint64 orderId = reply.object().value(u"order_id"_s).toInteger();
    QCOMPARE(m_f.scalar(u"SELECT shipping_address_id FROM orders WHERE id = ?"_s, {orderId}).toLongLong(), saved);
}

void TestApiOrders::listsTheCustomersOwnOrdersNewestFirst()
{
    const qint64 first = placeOrder(m_token, m_mugProduct, 1);
    const qint64 second = placeOrder(m_token, m_shirtProduct, 1);
    QVERIFY(placeOrder(m_otherToken, m_mugProduct, 1) > 0);
    QVERIFY(first > 0 && second > 0);

    const HttpReply reply = m_client->get(u"/api/orders?page=1&page_size=1"_s, m_token);
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.object();
    QCOMPARE(body.value(u"total"_s).toInteger(), 2);
    QCOMPARE(body.value(u"page"_s).toInteger(), 1);
    QCOMPARE(body.value(u"page_size"_s).toInteger(), 1);
    QCOMPARE(body.value(u"total_pages"_s).toInteger(), 2);
    const QJsonArray orders = body.value(u"orders"_s).toArray();
    QCOMPARE(orders.size(), 1);
    QCOMPARE(orders.at(0).toObject().value(u"order_id"_s).toInteger(), second);
    QCOMPARE(orders.at(0).toObject().value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(orders.at(0).toObject().value(u"total_amount"_s).toString(), u"16.79"_s);
    const HttpReply next = m_client->get(u"/api/orders?page=2&page_size=1"_s, m_token);
    QCOMPARE(next.object().value(u"orders"_s).toArray().at(0).toObject().value(u"order_id"_s).toInteger(), first);
    // Defaults: page 1 of 20.
    const HttpReply defaults = m_client->get(u"/api/orders"_s, m_token);
    QCOMPARE(defaults.object().value(u"page_size"_s).toInteger(), 20);
    QCOMPARE(defaults.object().value(u"orders"_s).toArray().size(), 2);
}

void TestApiOrders::badPagesAre400()
{
    for (const QString &query : {u"page=0"_s, u"page=-1"_s, u"page=x"_s, u"page_size=0"_s, u"page_size=101"_s,
                                 u"page_size=1.5"_s}) {
        const HttpReply reply = m_client->get(u"/api/orders?"_s + query, m_token);
        QVERIFY2(reply.status == 400, qPrintable(query));
    }
}

void TestApiOrders::detailHasLinesHistoryAndPaymentsWithoutCardData()
{
    const qint64 orderId = placeOrder(m_token, m_shirtProduct, 2);
    QVERIFY(orderId > 0);
    const HttpReply reply = m_client->get(u"/api/orders/%1"_s.arg(orderId), m_token);
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.object();
    const QJsonObject order = body.value(u"order"_s).toObject();
    QCOMPARE(order.value(u"order_id"_s).toInteger(), orderId);
    QCOMPARE(order.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(order.value(u"subtotal"_s).toString(), u"20.00"_s);
    QCOMPARE(order.value(u"tax_amount"_s).toString(), u"1.60"_s);
    QCOMPARE(order.value(u"shipping_amount"_s).toString(), u"5.99"_s);
    QCOMPARE(order.value(u"total_amount"_s).toString(), u"27.59"_s);
    QCOMPARE(order.value(u"shipping_address"_s).toObject().value(u"city"_s).toString(), u"Portland"_s);
    QVERIFY(order.value(u"can_cancel"_s).toBool());
    const QJsonArray items = body.value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).toObject().value(u"quantity"_s).toInteger(), 2);
    QCOMPARE(items.at(0).toObject().value(u"product_id"_s).toInteger(), m_shirtProduct);
    QCOMPARE(body.value(u"status_history"_s).toArray().size(), 1);
    const QJsonArray payments = body.value(u"payments"_s).toArray();
    QCOMPARE(payments.size(), 1);
    const QJsonObject payment = payments.at(0).toObject();
    QCOMPARE(payment.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(payment.value(u"amount"_s).toString(), u"27.59"_s);
    QVERIFY(!payment.contains(u"gateway_reference"_s));
    QVERIFY(!payment.contains(u"idempotency_key"_s));
    QVERIFY(!reply.body.contains(m_simulator->payments().first().id.toUtf8()));
}

void TestApiOrders::anotherCustomersOrderIs404()
{
    const qint64 orderId = placeOrder(m_token, m_mugProduct, 1);
    QVERIFY(orderId > 0);
    QCOMPARE(m_client->get(u"/api/orders/%1"_s.arg(orderId), m_otherToken).status, 404);
    QCOMPARE(m_client->get(u"/api/orders/%1"_s.arg(orderId + 1000), m_token).status, 404);
    QCOMPARE(m_client->get(u"/api/orders/abc"_s, m_token).status, 404);
}

void TestApiOrders::cancelReleasesTheStockAndRefunds()
{
    const qint64 orderId = placeOrder(m_token, m_shirtProduct, 2);
    QVERIFY(orderId > 0);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    const HttpReply reply =
        m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject{{u"reason"_s, u"Too late"_s}}, m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"message"_s).toString(), u"Order cancelled successfully"_s);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(status(orderId), u"refunded"_s);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->refunds().first().amount, 2759);
    const QJsonObject detail = m_client->get(u"/api/orders/%1"_s.arg(orderId), m_token).object();
    QCOMPARE(detail.value(u"refunds"_s).toArray().size(), 1);
    QCOMPARE(detail.value(u"order"_s).toObject().value(u"refunded_amount"_s).toString(), u"27.59"_s);
    verifyIntegrity();
}

void TestApiOrders::cancellingTwiceIs409()
{
    const qint64 orderId = placeOrder(m_token, m_mugProduct, 1);
    QVERIFY(orderId > 0);
    QCOMPARE(m_client->post(u"/api/orders/%1/cancel?reason=Oops"_s.arg(orderId), QJsonObject(), m_token).status, 200);
    const QString before = written();
    const HttpReply again = m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject(), m_token);
    QCOMPARE(again.status, 409);
    QVERIFY(!again.detail().isEmpty());
    QCOMPARE(written(), before);
    QCOMPARE(m_simulator->refunds().size(), 1);
    verifyIntegrity();
}

void TestApiOrders::aShippedOrderCannotBeCancelled()
{
    const qint64 orderId = placeOrder(m_token, m_mugProduct, 1);
    QVERIFY(orderId > 0);
    OrderService &orders = *m_services.orders;
    QVERIFY(Database::wait(orders.changeStatus(m_f.m_admin, orderId, OrderStatus::Confirmed, {})).ok());
    QVERIFY(Database::wait(orders.changeStatus(m_f.m_admin, orderId, OrderStatus::Processing, {})).ok());
    const HttpReply processing = m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject(), m_token);
    QCOMPARE(processing.status, 409);
    QVERIFY(Database::wait(orders.ship(m_f.m_admin, orderId, u"UPS"_s, u"1Z999"_s, {})).ok());
    const QString before = written();
    const HttpReply shipped = m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject(), m_token);
    QCOMPARE(shipped.status, 409);
    // The sentence names what the order may still become.
    QVERIFY2(shipped.detail().contains(orderStatusTitle(OrderStatus::Delivered)), qPrintable(shipped.detail()));
    QCOMPARE(status(orderId), u"shipped"_s);
    QCOMPARE(written(), before);
    QCOMPARE(m_simulator->refunds().size(), 0);
    const QJsonObject detail = m_client->get(u"/api/orders/%1"_s.arg(orderId), m_token).object();
    QCOMPARE(detail.value(u"order"_s).toObject().value(u"tracking"_s).toObject().value(u"tracking_number"_s).toString(),
             u"1Z999"_s);
    verifyIntegrity();
}

void TestApiOrders::anotherCustomersCancelIs404AndChangesNothing()
{
    const qint64 orderId = placeOrder(m_token, m_mugProduct, 1);
    QVERIFY(orderId > 0);
    const QString before = written();
    QCOMPARE(m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject(), m_otherToken).status, 404);
    QCOMPARE(m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId),
                            QJsonObject{{u"reason"_s, QString(501, u'x')}}, m_token)
                 .status,
             400);
    QCOMPARE(m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject{{u"reason"_s, 5}}, m_token).status,
             400);
    QCOMPARE(status(orderId), u"pending"_s);
    QCOMPARE(written(), before);
}

QTEST_GUILESS_MAIN(TestApiOrders)
#include "tst_apiorders.moc"
