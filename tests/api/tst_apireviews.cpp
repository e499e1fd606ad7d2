// storekeeper-test: postgres
#include "../services/tst_inventory_fixture.h"

#include "ApiServer.h"
#include "ApiServices.h"
#include "HttpTestClient.h"
#include "auth/AccessTokens.h"
#include "maintenance/IntegrityCheck.h"
#include "orders/OnlineCart.h"
#include "orders/OrderService.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::HttpReply;
using test::why;

namespace {

OrderAddress address()
{
    return {u"12 Harbour Road"_s, u"Portland"_s, u"OR"_s, u"97201"_s, u"United States"_s};
}

} // namespace

// Reviews over real HTTP: only the customer whose delivered order holds the
// product, one per product and order (verified), every field checked, and
// refusals that write nothing.
class TestApiReviews : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void withoutATokenNothingIsWritten();
    void aDeliveredOrdersProductIsReviewedOnce();
    void anOrderNotYetDeliveredIs409();
    void aProductNotOnTheOrderIs400();
    void unknownProductsAndOtherCustomersOrdersAre404();
    void badBodiesAre400AndWriteNothing_data();
    void badBodiesAre400AndWriteNothing();

private:
    qint64 productOf(qint64 variantId);
    qint64 orderOf(const Session &customer, qint64 variantId, bool delivered);
    QString reviews(qint64 productId) { return u"/api/products/%1/reviews"_s.arg(productId); }
    QJsonObject body(qint64 orderId, int rating = 5);
    qint64 reviewCount();

    test::InventoryFixture m_f;
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

void TestApiReviews::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_customer = test::sessionFor(m_f.addUser(u"jo@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_other = test::sessionFor(m_f.addUser(u"sam@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    m_shirtProduct = productOf(m_f.m_shirt);
    m_mugProduct = productOf(m_f.m_mug);

    m_services = api::ApiServices::create(m_f.m_db);
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

void TestApiReviews::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_services = {};
    m_f.tearDown();
}

qint64 TestApiReviews::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

// An unpaid order placed from an online cart, taken by the shop along the
// machine to delivered when asked.
qint64 TestApiReviews::orderOf(const Session &customer, qint64 variantId, bool delivered)
{
    const Result<PlacedOrder> placed = Database::wait(m_f.m_db->write([customer, variantId](Connection &c) -> Result<PlacedOrder> {
        Result<qint64> cart = OnlineCart::createInTransaction(c, customer.userId, {{variantId, 1, {}}});
        if (!cart)
            return cart.error();
        OnlineOrderRequest request;
        request.cartId = cart.value();
        request.shipping = address();
        return OrderService::placeOnlineInTransaction(c, customer, request);
    }));
    if (!placed) {
        qWarning() << why(placed);
        return 0;
    }
    if (!delivered)
        return placed->orderId;
    OrderService &orders = *m_services.orders;
    for (OrderStatus to : {OrderStatus::Confirmed, OrderStatus::Processing}) {
        const Status moved = Database::wait(orders.changeStatus(m_f.m_admin, placed->orderId, to, {}));
        if (!moved)
            qWarning() << why(moved);
    }
    if (const Status shipped = Database::wait(orders.ship(m_f.m_admin, placed->orderId, u"UPS"_s, u"1Z9"_s, {}));
        !shipped)
        qWarning() << why(shipped);
    if (const Status done = Database::wait(orders.changeStatus(m_f.m_admin, placed->orderId, OrderStatus::Delivered, {}));
        !done)
        qWarning() << why(done);
    return placed->orderId;
}

QJsonObject TestApiReviews::body(qint64 orderId, int rating)
{
    return QJsonObject{{u"order_id"_s, orderId},
                       {u"rating"_s, rating},
                       {u"title"_s, u"Fits well"_s},
                       {u"comment"_s, u"Soft linen, true to size."_s}};
}

qint64 TestApiReviews::reviewCount()
{
    return m_f.scalar(u"SELECT COUNT(*) FROM reviews"_s).toLongLong();
}

void TestApiReviews::withoutATokenNothingIsWritten()
{
    const qint64 orderId = orderOf(m_customer, m_f.m_shirt, true);
    QCOMPARE(m_client->post(reviews(m_shirtProduct), body(orderId)).status, 401);
    QCOMPARE(reviewCount(), 0);
}

void TestApiReviews::aDeliveredOrdersProductIsReviewedOnce()
{
    const qint64 orderId = orderOf(m_customer, m_f.m_shirt, true);
    QCOMPARE(m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString(), u"delivered"_s);
    const HttpReply reply = m_client->post(reviews(m_shirtProduct), body(orderId, 4), m_token);
    QCOMPARE(reply.status, 201);
    const QJsonObject review = reply.object();
    QVERIFY(review.value(u"review_id"_s).toInteger() > 0);
    QCOMPARE(review.value(u"product_id"_s).toInteger(), m_shirtProduct);
    QCOMPARE(review.value(u"order_id"_s).toInteger(), orderId);
    QCOMPARE(review.value(u"rating"_s).toInt(), 4);
    QCOMPARE(review.value(u"title"_s).toString(), u"Fits well"_s);
    QCOMPARE(review.value(u"comment"_s).toString(), u"Soft linen, true to size."_s);
    QVERIFY(review.value(u"is_verified"_s).toBool());
    QCOMPARE(review.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(m_f.scalar(u"SELECT customer_id FROM reviews"_s).toLongLong(), m_customer.userId);

    const HttpReply again = m_client->post(reviews(m_shirtProduct), body(orderId, 2), m_token);
    QCOMPARE(again.status, 409);
    QVERIFY(!again.detail().isEmpty());
    QCOMPARE(reviewCount(), 1);

    // Another delivered order of the same product may be reviewed too.
    const qint64 secondOrder = orderOf(m_customer, m_f.m_shirt, true);
    QCOMPARE(m_client->post(reviews(m_shirtProduct), body(secondOrder), m_token).status, 201);
    QCOMPARE(reviewCount(), 2);

    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    for (const IntegrityCheck::Finding &finding : report->findings)
        QVERIFY2(finding.passed, qPrintable(finding.check + u": "_s + finding.message));
}

void TestApiReviews::anOrderNotYetDeliveredIs409()
{
    const qint64 orderId = orderOf(m_customer, m_f.m_shirt, false);
    const HttpReply reply = m_client->post(reviews(m_shirtProduct), body(orderId), m_token);
    QCOMPARE(reply.status, 409);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(reviewCount(), 0);
}

void TestApiReviews::aProductNotOnTheOrderIs400()
{
    const qint64 orderId = orderOf(m_customer, m_f.m_shirt, true);
    QCOMPARE(m_client->post(reviews(m_mugProduct), body(orderId), m_token).status, 400);
    QCOMPARE(reviewCount(), 0);
}

void TestApiReviews::unknownProductsAndOtherCustomersOrdersAre404()
{
    const qint64 orderId = orderOf(m_customer, m_f.m_shirt, true);
    QCOMPARE(m_client->post(reviews(m_shirtProduct + 1000), body(orderId), m_token).status, 404);
    QCOMPARE(m_client->post(reviews(m_shirtProduct), body(orderId), m_otherToken).status, 404);
    QCOMPARE(m_client->post(reviews(m_shirtProduct), body(orderId + 1000), m_token).status, 404);
    QCOMPARE(m_client->post(u"/api/products/abc/reviews"_s, body(orderId), m_token).status, 404);
    QCOMPARE(reviewCount(), 0);
}

void TestApiReviews::badBodiesAre400AndWriteNothing_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("rating 0") << u"rating"_s << QJsonValue(0);
    QTest::newRow("rating 6") << u"rating"_s << QJsonValue(6);
    QTest::newRow("rating 4.5") << u"rating"_s << QJsonValue(4.5);
    QTest::newRow("rating a string") << u"rating"_s << QJsonValue(u"5"_s);
    QTest::newRow("no rating") << u"rating"_s << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("no order") << u"order_id"_s << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("order 0") << u"order_id"_s << QJsonValue(0);
    QTest::newRow("order a string") << u"order_id"_s << QJsonValue(u"1"_s);
    QTest::newRow("title too long") << u"title"_s << QJsonValue(QString(201, u'x'));
    QTest::newRow("title a number") << u"title"_s << QJsonValue(7);
    QTest::newRow("comment too long") << u"comment"_s << QJsonValue(QString(5001, u'x'));
}

void TestApiReviews::badBodiesAre400AndWriteNothing()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    const qint64 orderId = orderOf(m_customer, m_f.m_shirt, true);
    QJsonObject request = body(orderId);
    if (value.isUndefined())
        request.remove(field);
    else
        request.insert(field, value);
    const HttpReply reply = m_client->post(reviews(m_shirtProduct), request, m_token);
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(reviewCount(), 0);
}

QTEST_GUILESS_MAIN(TestApiReviews)
#include "tst_apireviews.moc"
