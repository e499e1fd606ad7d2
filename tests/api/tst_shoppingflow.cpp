// storekeeper-test: postgres
#include "../services/tst_inventory_fixture.h"

#include "ApiServer.h"
#include "ApiServices.h"
#include "GatewaySimulator.h"
#include "HttpTestClient.h"
#include "auth/PasswordHasher.h"
#include "orders/OnlineCartService.h"
#include "payments/GatewayClient.h"
#include "sales/Pricing.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace sk;
using test::HttpReply;
using test::why;

// The whole shopping flow of the online shop over real HTTP, as its web
// store drives it: sign up, sign in, search, a product's page, the cart
// priced as the register prices it, the order with its stock reserved, the
// customer's orders, the cancel that gives the stock back; another customer
// sees none of it, and a bad token sees nothing at all.
class TestShoppingFlow : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aCustomerShopsOrdersAndCancels();
    void anotherCustomerCannotSeeOrTouchIt();
    void aBadTokenIs401Everywhere_data();
    void aBadTokenIs401Everywhere();

private:
    // Registers and signs in a customer over the API; the access token.
    QByteArray signUp(const QString &email);
    qint64 productOf(qint64 variantId);
    qint64 addToCart(const QByteArray &token, qint64 productId, qint64 quantity);
    // Places an order from the token's cart; its id, 0 when refused.
    qint64 placeOrder(const QByteArray &token);
    static QString describe(const HttpReply &reply);

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_gateway;
    std::unique_ptr<api::ApiServer> m_server;
    std::unique_ptr<test::HttpTestClient> m_client;
    qint64 m_shirtProduct = 0;
    qint64 m_mugProduct = 0;
};

namespace {

constexpr qint64 kStock = 20;
const QString kPassword = u"Shopper-password-1"_s;
// Accounts made here are hashed quickly (the stored hash says how): the
// flow, not scrypt's cost, is under test.
constexpr int kQuickLogN = 10;

// What the web store sends: the address and the token the gateway gave
// it for the card.
QJsonObject orderBody()
{
    const QJsonObject address{{u"street_address"_s, u"12 Harbour Road"_s},
                              {u"city"_s, u"Portsmouth"_s},
                              {u"state"_s, u"NH"_s},
                              {u"postal_code"_s, u"03801"_s},
                              {u"country"_s, u"US"_s}};
    return QJsonObject{{u"shipping_address"_s, address},
                       {u"payment_method"_s, u"card"_s},
                       {u"payment_token"_s, u"tok_visa_4242"_s}};
}

bool isSuccess(const HttpReply &reply)
{
    return reply.status >= 200 && reply.status <= 299;
}

} // namespace

void TestShoppingFlow::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_f.receive(m_f.m_shirt, m_f.m_store, kStock);
    m_f.receive(m_f.m_mug, m_f.m_store, kStock);
    m_shirtProduct = productOf(m_f.m_shirt);
    m_mugProduct = productOf(m_f.m_mug);

    PasswordHasher::ScryptParameters quick;
    quick.logN = kQuickLogN;
    api::ApiServices services = api::ApiServices::create(m_f.m_db, PasswordHasher(quick));
    m_gateway = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_gateway->listen(), qPrintable(m_gateway->errorString()));
    GatewaySettings gateway;
    gateway.baseUrl = m_gateway->url();
    gateway.apiKey = u"test-key"_s;
    gateway.requestTimeout = 2s;
    gateway.maxAttempts = 2;
    gateway.firstBackoff = 10ms;
    services.gateway->setSettings(gateway);
    if (!services.carts)
        services.carts = std::make_shared<OnlineCartService>(m_f.m_db);
    api::ApiLimits limits;
    limits.requestsPerSecond = 100000;
    m_server = std::make_unique<api::ApiServer>(services, limits);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(why(port)));
    m_client = std::make_unique<test::HttpTestClient>(port.value());
}

void TestShoppingFlow::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_gateway.reset();
    m_f.tearDown();
}

QString TestShoppingFlow::describe(const HttpReply &reply)
{
    return u"HTTP %1 %2 %3"_s.arg(reply.status).arg(QString::fromUtf8(reply.body.left(500)), reply.error);
}

QByteArray TestShoppingFlow::signUp(const QString &email)
{
    const HttpReply registered = m_client->post(u"/api/auth/register"_s,
                                                QJsonObject{{u"email"_s, email},
                                                            {u"password"_s, kPassword},
                                                            {u"first_name"_s, u"Jo"_s},
                                                            {u"last_name"_s, u"Shopper"_s}});
    if (!isSuccess(registered) || registered.object().value(u"user_id"_s).toInteger() <= 0) {
        qWarning() << "register:" << describe(registered);
        return {};
    }
    const HttpReply login =
        m_client->post(u"/api/auth/login"_s, QJsonObject{{u"email"_s, email}, {u"password"_s, kPassword}});
    if (login.status != 200 || login.object().value(u"token_type"_s).toString() != u"bearer"_s) {
        qWarning() << "login:" << describe(login);
        return {};
    }
    return login.object().value(u"access_token"_s).toString().toLatin1();
}

qint64 TestShoppingFlow::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

qint64 TestShoppingFlow::addToCart(const QByteArray &token, qint64 productId, qint64 quantity)
{
    const HttpReply added = m_client->post(
        u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, productId}, {u"quantity"_s, quantity}}, token);
    if (!isSuccess(added))
        qWarning() << "add to cart:" << describe(added);
    return added.object().value(u"cart_item_id"_s).toInteger();
}

qint64 TestShoppingFlow::placeOrder(const QByteArray &token)
{
    const HttpReply placed =
        m_client->post(u"/api/orders"_s, orderBody(), token);
    if (!isSuccess(placed))
        qWarning() << "order:" << describe(placed);
    return placed.object().value(u"order_id"_s).toInteger();
}

void TestShoppingFlow::aCustomerShopsOrdersAndCancels()
{
    const QByteArray token = signUp(u"jo@shopper.test"_s);
    QVERIFY(!token.isEmpty());
    // The same account again is refused.
    const HttpReply twice = m_client->post(u"/api/auth/register"_s,
                                           QJsonObject{{u"email"_s, u"jo@shopper.test"_s},
                                                       {u"password"_s, kPassword},
                                                       {u"first_name"_s, u"Jo"_s},
                                                       {u"last_name"_s, u"Again"_s}});
    QVERIFY2(twice.status == 400 || twice.status == 409, qPrintable(describe(twice)));

    // Search finds the shirt by a word of its name.
    const HttpReply found = m_client->get(u"/api/products/search?q=linen&sort_by=relevance&page=1&page_size=20"_s);
    QVERIFY2(found.status == 200, qPrintable(describe(found)));
    QCOMPARE(found.object().value(u"total"_s).toInteger(), 1);
    QCOMPARE(found.object().value(u"page"_s).toInteger(), 1);
    QCOMPARE(found.object().value(u"total_pages"_s).toInteger(), 1);
    const QJsonArray products = found.object().value(u"products"_s).toArray();
    QCOMPARE(products.size(), 1);
    QCOMPARE(products.at(0).toObject().value(u"product_id"_s).toInteger(), m_shirtProduct);
    QCOMPARE(products.at(0).toObject().value(u"price"_s).toString(), u"10.00"_s);

    // Its page, with the variant and the stock a customer may order.
    const HttpReply page = m_client->get(u"/api/products/%1"_s.arg(m_shirtProduct));
    QVERIFY2(page.status == 200, qPrintable(describe(page)));
    QCOMPARE(page.object().value(u"name"_s).toString(), u"Linen shirt"_s);
    const QJsonArray variants = page.object().value(u"variants"_s).toArray();
    QCOMPARE(variants.size(), 1);
    QCOMPARE(variants.at(0).toObject().value(u"variant_id"_s).toInteger(), m_f.m_shirt);
    QCOMPARE(variants.at(0).toObject().value(u"stock_quantity"_s).toInteger(), kStock);

    // Two shirts and a mug; the cart is priced by the register's Pricing
    // with the online shipping rule.
    QVERIFY(addToCart(token, m_shirtProduct, 2) > 0);
    QVERIFY(addToCart(token, m_mugProduct, 1) > 0);
    const HttpReply cart = m_client->get(u"/api/cart"_s, token);
    QVERIFY2(cart.status == 200, qPrintable(describe(cart)));
    PricingRules rules;
    rules.chargeShipping = true;
    CartLine shirts;
    shirts.variantId = m_f.m_shirt;
    shirts.quantity = 2;
    shirts.unitPrice = Money(1000, u"USD"_s);
    CartLine mug = shirts;
    mug.variantId = m_f.m_mug;
    mug.quantity = 1;
    const Result<PricedCart> priced = Pricing::price({shirts, mug}, std::nullopt, rules);
    QVERIFY2(priced.ok(), qPrintable(why(priced)));
    QCOMPARE(cart.object().value(u"items"_s).toArray().size(), 2);
    QCOMPARE(cart.object().value(u"total_items"_s).toInteger(), 3);
    QCOMPARE(cart.object().value(u"subtotal"_s).toString(), priced->subtotal.toDecimalString());
    QCOMPARE(cart.object().value(u"tax_amount"_s).toString(), priced->tax.toDecimalString());
    QCOMPARE(cart.object().value(u"shipping_amount"_s).toString(), priced->shipping.toDecimalString());
    QCOMPARE(cart.object().value(u"total_amount"_s).toString(), priced->total.toDecimalString());
    QCOMPARE(cart.object().value(u"total_amount"_s).toString(), u"38.39"_s);

    // The order reserves the stock; nothing leaves the shelf yet.
    const qint64 orderId = placeOrder(token);
    QVERIFY(orderId > 0);
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 2);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 1);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), kStock);
    const HttpReply emptied = m_client->get(u"/api/cart"_s, token);
    QVERIFY2(emptied.status == 200, qPrintable(describe(emptied)));
    QCOMPARE(emptied.object().value(u"items"_s).toArray().size(), 0);

    const HttpReply orders = m_client->get(u"/api/orders?page=1&page_size=20"_s, token);
    QVERIFY2(orders.status == 200, qPrintable(describe(orders)));
    QCOMPARE(orders.object().value(u"total"_s).toInteger(), 1);
    const QJsonArray listed = orders.object().value(u"orders"_s).toArray();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.at(0).toObject().value(u"order_id"_s).toInteger(), orderId);

    const HttpReply order = m_client->get(u"/api/orders/%1"_s.arg(orderId), token);
    QVERIFY2(order.status == 200, qPrintable(describe(order)));
    QCOMPARE(order.object().value(u"order"_s).toObject().value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(order.object().value(u"order"_s).toObject().value(u"total_amount"_s).toString(),
             priced->total.toDecimalString());
    QCOMPARE(order.object().value(u"items"_s).toArray().size(), 2);
    QCOMPARE(m_gateway->payments().size(), 1);
    QCOMPARE(m_gateway->payments().constFirst().amount, priced->total.minorUnits());

    // Cancelled: the reserved units are free again, and a second cancel is
    // refused without changing anything.
    const HttpReply cancelled =
        m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject{{u"reason"_s, u"Ordered twice"_s}}, token);
    QVERIFY2(cancelled.status == 200, qPrintable(describe(cancelled)));
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 0);
    QCOMPARE(m_f.reserved(m_f.m_mug, m_f.m_store), 0);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), kStock);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), kStock);
    const HttpReply again = m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject{}, token);
    QVERIFY2(again.status == 409, qPrintable(describe(again)));
    const HttpReply after = m_client->get(u"/api/orders/%1"_s.arg(orderId), token);
    // Paid by card: cancelled, then refunded once the gateway gave the money back.
    QCOMPARE(after.object().value(u"order"_s).toObject().value(u"status"_s).toString(), u"refunded"_s);
    const HttpReply shelf = m_client->get(u"/api/products/%1"_s.arg(m_shirtProduct));
    QCOMPARE(shelf.object().value(u"stock_quantity"_s).toInteger(), kStock);
}

void TestShoppingFlow::anotherCustomerCannotSeeOrTouchIt()
{
    const QByteArray jo = signUp(u"jo@shopper.test"_s);
    const QByteArray sam = signUp(u"sam@shopper.test"_s);
    QVERIFY(!jo.isEmpty() && !sam.isEmpty());
    const qint64 joLine = addToCart(jo, m_shirtProduct, 1);
    QVERIFY(joLine > 0);

    // Jo's cart line is nobody else's: not found, and left as it was.
    const HttpReply update = m_client->put(u"/api/cart/items/%1"_s.arg(joLine), QJsonObject{{u"quantity"_s, 5}}, sam);
    QVERIFY2(update.status == 404, qPrintable(describe(update)));
    const HttpReply removal = m_client->del(u"/api/cart/items/%1"_s.arg(joLine), sam);
    QVERIFY2(removal.status == 404, qPrintable(describe(removal)));
    const HttpReply samCart = m_client->get(u"/api/cart"_s, sam);
    QVERIFY2(samCart.status == 200, qPrintable(describe(samCart)));
    QCOMPARE(samCart.object().value(u"items"_s).toArray().size(), 0);
    const HttpReply joCart = m_client->get(u"/api/cart"_s, jo);
    QCOMPARE(joCart.object().value(u"total_items"_s).toInteger(), 1);

    const qint64 orderId = placeOrder(jo);
    QVERIFY(orderId > 0);
    const HttpReply seen = m_client->get(u"/api/orders/%1"_s.arg(orderId), sam);
    QVERIFY2(seen.status == 404, qPrintable(describe(seen)));
    const HttpReply cancel = m_client->post(u"/api/orders/%1/cancel"_s.arg(orderId), QJsonObject{}, sam);
    QVERIFY2(cancel.status == 404, qPrintable(describe(cancel)));
    const HttpReply samOrders = m_client->get(u"/api/orders"_s, sam);
    QVERIFY2(samOrders.status == 200, qPrintable(describe(samOrders)));
    QCOMPARE(samOrders.object().value(u"total"_s).toInteger(), 0);
    // Sam's attempt changed nothing: Jo's order still holds its stock.
    QCOMPARE(m_f.reserved(m_f.m_shirt, m_f.m_store), 1);
    const HttpReply joOrder = m_client->get(u"/api/orders/%1"_s.arg(orderId), jo);
    QCOMPARE(joOrder.object().value(u"order"_s).toObject().value(u"status"_s).toString(), u"pending"_s);
}

void TestShoppingFlow::aBadTokenIs401Everywhere_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("token");
    const QByteArray forged = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjo0MTAyNDQ0ODAwfQ.AAAA";
    for (const QByteArray &token : {QByteArray("not-a-token"), forged}) {
        const char *which = token == forged ? "forged" : "garbage";
        QTest::addRow("GET cart, %s", which) << QByteArray("GET") << u"/api/cart"_s << token;
        QTest::addRow("POST order, %s", which) << QByteArray("POST") << u"/api/orders"_s << token;
        QTest::addRow("GET orders, %s", which) << QByteArray("GET") << u"/api/orders"_s << token;
        QTest::addRow("GET order, %s", which) << QByteArray("GET") << u"/api/orders/1"_s << token;
        QTest::addRow("cancel, %s", which) << QByteArray("POST") << u"/api/orders/1/cancel"_s << token;
    }
}

void TestShoppingFlow::aBadTokenIs401Everywhere()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, token);
    const QJsonValue body = method == "POST" ? QJsonValue(orderBody()) : QJsonValue(QJsonValue::Undefined);
    const HttpReply reply = m_client->request(method, path, body, token);
    QVERIFY2(reply.status == 401, qPrintable(describe(reply)));
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(m_f.count(u"orders"_s), 0);
}

QTEST_GUILESS_MAIN(TestShoppingFlow)
#include "tst_shoppingflow.moc"
