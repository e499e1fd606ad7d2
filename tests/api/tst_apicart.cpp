// storekeeper-test: postgres
#include "../services/tst_inventory_fixture.h"

#include "ApiServer.h"
#include "ApiServices.h"
#include "HttpTestClient.h"
#include "auth/AccessTokens.h"
#include "orders/OnlineCartService.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::HttpReply;
using test::why;

// The cart routes over real HTTP: the original's paths, fields and
// messages, every field checked, other customers' lines invisible, and
// refused requests that change nothing.
class TestApiCart : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void withoutAValidTokenNothingIsServed_data();
    void withoutAValidTokenNothingIsServed();
    void staffAccountsHaveNoCart();
    void addsMergesAndShowsTheCart();
    void anEmptyCartIsAllZeros();
    void badAddBodiesAre400AndWriteNothing_data();
    void badAddBodiesAre400AndWriteNothing();
    void unknownInactiveAndShortItemsAreRefused();
    void aProductWithOptionsNeedsItsVariant();
    void updatesByBodyOrByQuery();
    void badUpdatesAre400AndWriteNothing_data();
    void badUpdatesAre400AndWriteNothing();
    void removesLines();
    void anotherCustomersLineIs404();

private:
    qint64 productOf(qint64 variantId);
    QString item(qint64 cartItemId) const { return u"/api/cart/items/"_s + QString::number(cartItemId); }
    qint64 addLine(qint64 productId, qint64 quantity);
    // Everything the cart routes can write, as one figure.
    QString written();

    test::InventoryFixture m_f;
    std::unique_ptr<api::ApiServer> m_server;
    std::unique_ptr<test::HttpTestClient> m_client;
    Session m_customer;
    Session m_other;
    QByteArray m_token;
    QByteArray m_otherToken;
    QByteArray m_adminToken;
    qint64 m_shirtProduct = 0;
    qint64 m_mugProduct = 0;
};

void TestApiCart::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_customer = test::sessionFor(m_f.addUser(u"jo@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_other = test::sessionFor(m_f.addUser(u"sam@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    m_shirtProduct = productOf(m_f.m_shirt);
    m_mugProduct = productOf(m_f.m_mug);

    api::ApiServices services = api::ApiServices::create(m_f.m_db);
    if (!services.carts)
        services.carts = std::make_shared<OnlineCartService>(m_f.m_db);
    api::ApiLimits limits;
    limits.requestsPerSecond = 100000;
    m_server = std::make_unique<api::ApiServer>(services, limits);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(why(port)));
    m_client = std::make_unique<test::HttpTestClient>(port.value());

    // The server keeps its secret in the settings; tokens made with it are
    // the ones /api/auth/login hands out.
    const Result<QByteArray> secret = Database::wait(AccessTokens::loadOrCreateSecret(m_f.m_db));
    QVERIFY2(secret.ok(), qPrintable(why(secret)));
    const AccessTokens tokens(secret.value());
    m_token = tokens.issue(m_customer);
    m_otherToken = tokens.issue(m_other);
    m_adminToken = tokens.issue(m_f.m_admin);
}

void TestApiCart::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_f.tearDown();
}

qint64 TestApiCart::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

qint64 TestApiCart::addLine(qint64 productId, qint64 quantity)
{
    const HttpReply reply =
        m_client->post(u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, productId}, {u"quantity"_s, quantity}},
                       m_token);
    if (reply.status != 201)
        qWarning() << reply.status << reply.body;
    return reply.object().value(u"cart_item_id"_s).toInteger();
}

QString TestApiCart::written()
{
    return m_f.scalar(u"SELECT (SELECT COUNT(*) FROM carts) || '/' || (SELECT COUNT(*) FROM cart_items) || '/' || "
                      "(SELECT COALESCE(SUM(quantity), 0) FROM cart_items)"_s)
        .toString();
}

void TestApiCart::withoutAValidTokenNothingIsServed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("token");
    const QByteArray forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    for (const QByteArray &token : {QByteArray(), forged}) {
        const char *which = token.isEmpty() ? "no token" : "forged token";
        QTest::addRow("GET cart, %s", which) << QByteArray("GET") << u"/api/cart"_s << token;
        QTest::addRow("POST item, %s", which) << QByteArray("POST") << u"/api/cart/items"_s << token;
        QTest::addRow("PUT item, %s", which) << QByteArray("PUT") << u"/api/cart/items/1?quantity=2"_s << token;
        QTest::addRow("DELETE item, %s", which) << QByteArray("DELETE") << u"/api/cart/items/1"_s << token;
    }
}

void TestApiCart::withoutAValidTokenNothingIsServed()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, token);
    const qint64 line = addLine(m_shirtProduct, 1);
    QVERIFY(line > 0);
    const QString before = written();
    const QJsonValue body = method == "POST" ? QJsonValue(QJsonObject{{u"product_id"_s, m_shirtProduct}})
                                             : QJsonValue(QJsonValue::Undefined);
    const HttpReply reply = m_client->request(method, path.replace(u"/1"_s, u"/"_s + QString::number(line)), body,
                                              token);
    QCOMPARE(reply.status, 401);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(written(), before);
}

void TestApiCart::staffAccountsHaveNoCart()
{
    const HttpReply cart = m_client->get(u"/api/cart"_s, m_adminToken);
    QCOMPARE(cart.status, 403);
    const HttpReply add =
        m_client->post(u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, m_shirtProduct}}, m_adminToken);
    QCOMPARE(add.status, 403);
    QCOMPARE(written(), u"0/0/0"_s);
}

void TestApiCart::addsMergesAndShowsTheCart()
{
    const HttpReply added =
        m_client->post(u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, m_shirtProduct}}, m_token);
    QCOMPARE(added.status, 201);
    QCOMPARE(added.object().value(u"message"_s).toString(), u"Item added to cart"_s);
    const qint64 line = added.object().value(u"cart_item_id"_s).toInteger();
    QVERIFY(line > 0);
    // The same variant again: one line, the same id.
    const HttpReply again = m_client->post(
        u"/api/cart/items"_s,
        QJsonObject{{u"product_id"_s, m_shirtProduct}, {u"variant_id"_s, m_f.m_shirt}, {u"quantity"_s, 2}}, m_token);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.object().value(u"cart_item_id"_s).toInteger(), line);
    QVERIFY(addLine(m_mugProduct, 1) > 0);

    const HttpReply cart = m_client->get(u"/api/cart"_s, m_token);
    QCOMPARE(cart.status, 200);
    const QJsonObject body = cart.object();
    const QJsonArray items = body.value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2);
    const QJsonObject shirt = items.at(0).toObject();
    QCOMPARE(shirt.value(u"cart_item_id"_s).toInteger(), line);
    QCOMPARE(shirt.value(u"product_id"_s).toInteger(), m_shirtProduct);
    QCOMPARE(shirt.value(u"variant_id"_s).toInteger(), m_f.m_shirt);
    QCOMPARE(shirt.value(u"product_name"_s).toString(), u"Linen shirt"_s);
    QCOMPARE(shirt.value(u"sku"_s).toString(), u"SHIRT-1"_s);
    QCOMPARE(shirt.value(u"quantity"_s).toInteger(), 3);
    QCOMPARE(shirt.value(u"price"_s).toString(), u"10.00"_s);
    QCOMPARE(shirt.value(u"total_price"_s).toString(), u"30.00"_s);
    QCOMPARE(shirt.value(u"available_stock"_s).toInteger(), 20);
    QCOMPARE(shirt.value(u"is_available"_s).toBool(), true);
    // 40.00 at 8 %, and the flat fee below 50.00.
    QCOMPARE(body.value(u"total_items"_s).toInteger(), 4);
    QCOMPARE(body.value(u"currency"_s).toString(), u"USD"_s);
    QCOMPARE(body.value(u"subtotal"_s).toString(), u"40.00"_s);
    QCOMPARE(body.value(u"tax_amount"_s).toString(), u"3.20"_s);
    QCOMPARE(body.value(u"shipping_amount"_s).toString(), u"5.99"_s);
    QCOMPARE(body.value(u"total_amount"_s).toString(), u"49.19"_s);

    // The other customer's cart is their own.
    const HttpReply theirs = m_client->get(u"/api/cart"_s, m_otherToken);
    QCOMPARE(theirs.status, 200);
    QVERIFY(theirs.object().value(u"items"_s).toArray().isEmpty());
}

void TestApiCart::anEmptyCartIsAllZeros()
{
    const HttpReply cart = m_client->get(u"/api/cart"_s, m_token);
    QCOMPARE(cart.status, 200);
    QVERIFY(cart.object().value(u"items"_s).toArray().isEmpty());
    QCOMPARE(cart.object().value(u"total_amount"_s).toString(), u"0.00"_s);
    QCOMPARE(cart.object().value(u"shipping_amount"_s).toString(), u"0.00"_s);
    QCOMPARE(written(), u"0/0/0"_s);
}

void TestApiCart::badAddBodiesAre400AndWriteNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("no product_id") << QByteArray(R"({"quantity": 1})");
    QTest::newRow("product_id null") << QByteArray(R"({"product_id": null})");
    QTest::newRow("product_id as text") << QByteArray(R"({"product_id": "PRODUCT"})");
    QTest::newRow("product_id zero") << QByteArray(R"({"product_id": 0})");
    QTest::newRow("product_id negative") << QByteArray(R"({"product_id": -4})");
    QTest::newRow("product_id fraction") << QByteArray(R"({"product_id": PRODUCT.5})");
    QTest::newRow("product_id huge") << QByteArray(R"({"product_id": 1e300})");
    QTest::newRow("product_id bool") << QByteArray(R"({"product_id": true})");
    QTest::newRow("variant_id as text") << QByteArray(R"({"product_id": PRODUCT, "variant_id": "VARIANT"})");
    QTest::newRow("variant_id zero") << QByteArray(R"({"product_id": PRODUCT, "variant_id": 0})");
    QTest::newRow("quantity zero") << QByteArray(R"({"product_id": PRODUCT, "quantity": 0})");
    QTest::newRow("quantity negative") << QByteArray(R"({"product_id": PRODUCT, "quantity": -1})");
    QTest::newRow("quantity above 999") << QByteArray(R"({"product_id": PRODUCT, "quantity": 1000})");
    QTest::newRow("quantity as text") << QByteArray(R"({"product_id": PRODUCT, "quantity": "2"})");
    QTest::newRow("quantity fraction") << QByteArray(R"({"product_id": PRODUCT, "quantity": 1.5})");
    QTest::newRow("not JSON") << QByteArray(R"({"product_id": PRODUCT,)");
    QTest::newRow("an array") << QByteArray(R"([PRODUCT])");
}

void TestApiCart::badAddBodiesAre400AndWriteNothing()
{
    QFETCH(QByteArray, body);
    body.replace("PRODUCT", QByteArray::number(m_shirtProduct)).replace("VARIANT", QByteArray::number(m_f.m_shirt));
    const HttpReply reply = m_client->request("POST", u"/api/cart/items"_s, body, m_token);
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(written(), u"0/0/0"_s);
}

void TestApiCart::unknownInactiveAndShortItemsAreRefused()
{
    const HttpReply unknown =
        m_client->post(u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, 999999}}, m_token);
    QCOMPARE(unknown.status, 404);
    const HttpReply unknownVariant = m_client->post(
        u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, m_shirtProduct}, {u"variant_id"_s, m_f.m_mug}}, m_token);
    QCOMPARE(unknownVariant.status, 404);

    const HttpReply tooMany = m_client->post(
        u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, m_shirtProduct}, {u"quantity"_s, 21}}, m_token);
    QCOMPARE(tooMany.status, 409);
    QVERIFY2(tooMany.detail().contains(u"Only 20 of Linen shirt (SKU SHIRT-1)"_s), qPrintable(tooMany.detail()));

    QVERIFY(m_f.run(u"UPDATE products SET status = 'inactive' WHERE id = ?"_s, {m_mugProduct}).ok());
    const HttpReply inactive = m_client->post(u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, m_mugProduct}},
                                              m_token);
    QCOMPARE(inactive.status, 400);
    QVERIFY2(inactive.detail().contains(u"Tea mug"_s), qPrintable(inactive.detail()));
    QCOMPARE(written(), u"0/0/0"_s);

    // Merging counts what is in the cart already.
    QVERIFY(addLine(m_shirtProduct, 15) > 0);
    const QString before = written();
    const HttpReply merged = m_client->post(
        u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, m_shirtProduct}, {u"quantity"_s, 6}}, m_token);
    QCOMPARE(merged.status, 409);
    QCOMPARE(written(), before);
}

void TestApiCart::aProductWithOptionsNeedsItsVariant()
{
    ProductDraft draft;
    draft.name = u"Rain jacket"_s;
    for (const QString &size : {u"S"_s, u"M"_s}) {
        VariantDraft variant;
        variant.sku = u"JACKET-"_s + size;
        variant.options = QJsonObject{{u"size"_s, size}};
        variant.price = u"80.00"_s;
        draft.variants.append(variant);
    }
    const Result<Product> jacket = Database::wait(ProductService(m_f.m_db).create(m_f.m_admin, draft));
    QVERIFY2(jacket.ok(), qPrintable(why(jacket)));
    const qint64 medium = jacket->variants.at(1).id;
    m_f.receive(medium, m_f.m_store, 3);

    const HttpReply without = m_client->post(u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, jacket->id}}, m_token);
    QCOMPARE(without.status, 400);
    QVERIFY2(without.detail().contains(u"variant_id"_s), qPrintable(without.detail()));
    QCOMPARE(written(), u"0/0/0"_s);

    const HttpReply with = m_client->post(
        u"/api/cart/items"_s, QJsonObject{{u"product_id"_s, jacket->id}, {u"variant_id"_s, medium}}, m_token);
    QCOMPARE(with.status, 201);
    const QJsonObject line = m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray().at(0).toObject();
    QCOMPARE(line.value(u"variant_name"_s).toString(), u"M"_s);
    QCOMPARE(line.value(u"sku"_s).toString(), u"JACKET-M"_s);
    // 80.00 + 6.40 tax, free shipping from 50.00.
    const QJsonObject cart = m_client->get(u"/api/cart"_s, m_token).object();
    QCOMPARE(cart.value(u"shipping_amount"_s).toString(), u"0.00"_s);
    QCOMPARE(cart.value(u"total_amount"_s).toString(), u"86.40"_s);
}

void TestApiCart::updatesByBodyOrByQuery()
{
    const qint64 line = addLine(m_shirtProduct, 1);
    QVERIFY(line > 0);
    auto quantity = [this] {
        return m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray().at(0).toObject().value(
            u"quantity"_s).toInteger();
    };

    HttpReply reply = m_client->put(item(line), QJsonObject{{u"quantity"_s, 4}}, m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"message"_s).toString(), u"Cart item updated"_s);
    QCOMPARE(quantity(), 4);

    // The original's form: the quantity as a query parameter, no body.
    reply = m_client->request("PUT", item(line) + u"?quantity=2"_s, QJsonValue::Undefined, m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(quantity(), 2);

    // Both: the body wins.
    reply = m_client->put(item(line) + u"?quantity=9"_s, QJsonObject{{u"quantity"_s, 5}}, m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(quantity(), 5);

    const QString before = written();
    reply = m_client->put(item(line), QJsonObject{{u"quantity"_s, 21}}, m_token);
    QCOMPARE(reply.status, 409);
    QVERIFY2(reply.detail().contains(u"Only 20"_s), qPrintable(reply.detail()));
    QCOMPARE(written(), before);

    // Zero removes the line, as in the original.
    reply = m_client->put(item(line), QJsonObject{{u"quantity"_s, 0}}, m_token);
    QCOMPARE(reply.status, 200);
    QVERIFY(m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray().isEmpty());
    QCOMPARE(m_client->put(item(line), QJsonObject{{u"quantity"_s, 1}}, m_token).status, 404);
}

void TestApiCart::badUpdatesAre400AndWriteNothing_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("no quantity at all") << QString() << QByteArray();
    QTest::newRow("empty object") << QString() << QByteArray("{}");
    QTest::newRow("negative") << QString() << QByteArray(R"({"quantity": -1})");
    QTest::newRow("above 999") << QString() << QByteArray(R"({"quantity": 1000})");
    QTest::newRow("as text") << QString() << QByteArray(R"({"quantity": "3"})");
    QTest::newRow("null") << QString() << QByteArray(R"({"quantity": null})");
    QTest::newRow("fraction") << QString() << QByteArray(R"({"quantity": 2.5})");
    QTest::newRow("query negative") << u"?quantity=-1"_s << QByteArray();
    QTest::newRow("query text") << u"?quantity=three"_s << QByteArray();
    QTest::newRow("query above 999") << u"?quantity=1000"_s << QByteArray();
    QTest::newRow("bad body beats a good query") << u"?quantity=2"_s << QByteArray(R"({"quantity": "2"})");
    QTest::newRow("not JSON") << QString() << QByteArray(R"({"quantity": )");
}

void TestApiCart::badUpdatesAre400AndWriteNothing()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, body);
    const qint64 line = addLine(m_shirtProduct, 3);
    QVERIFY(line > 0);
    const QString before = written();
    const HttpReply reply = m_client->request("PUT", item(line) + query, body, m_token,
                                              body.isEmpty() ? QByteArray() : QByteArray("application/json"));
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.detail().isEmpty());
    QCOMPARE(written(), before);
}

void TestApiCart::removesLines()
{
    const qint64 shirt = addLine(m_shirtProduct, 1);
    const qint64 mug = addLine(m_mugProduct, 2);
    QVERIFY(shirt > 0 && mug > 0);
    HttpReply reply = m_client->del(item(shirt), m_token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"message"_s).toString(), u"Item removed from cart"_s);
    const QJsonArray items = m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).toObject().value(u"cart_item_id"_s).toInteger(), mug);
    QCOMPARE(m_client->del(item(shirt), m_token).status, 404);
    QCOMPARE(m_client->del(item(999999), m_token).status, 404);
    // Not an id at all: no such address.
    QCOMPARE(m_client->del(u"/api/cart/items/first"_s, m_token).status, 404);
    QCOMPARE(m_client->del(u"/api/cart/items/-1"_s, m_token).status, 404);
}

void TestApiCart::anotherCustomersLineIs404()
{
    const qint64 mine = addLine(m_shirtProduct, 2);
    QVERIFY(mine > 0);
    const QString before = written();
    const HttpReply update = m_client->put(item(mine), QJsonObject{{u"quantity"_s, 5}}, m_otherToken);
    const HttpReply remove = m_client->del(item(mine), m_otherToken);
    const HttpReply unknown = m_client->del(item(999999), m_otherToken);
    QCOMPARE(update.status, 404);
    QCOMPARE(remove.status, 404);
    // Exactly what an id that never existed gets.
    QCOMPARE(remove.detail(), unknown.detail());
    QCOMPARE(written(), before);
    const QJsonArray items = m_client->get(u"/api/cart"_s, m_token).object().value(u"items"_s).toArray();
    QCOMPARE(items.at(0).toObject().value(u"quantity"_s).toInteger(), 2);
}

QTEST_GUILESS_MAIN(TestApiCart)
#include "tst_apicart.moc"
