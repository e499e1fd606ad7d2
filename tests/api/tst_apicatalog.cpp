// storekeeper-test: postgres
#include "../services/tst_inventory_fixture.h"

#include "ApiServer.h"
#include "ApiServices.h"
#include "HttpTestClient.h"
#include "catalog/CategoryService.h"
#include "orders/OnlineCartService.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::HttpReply;
using test::why;

// The public catalog over real HTTP: search with every parameter, one
// product with its variants, a category's products; only active products
// exist for the public, and bad parameters are 400 with a sentence.
class TestApiCatalog : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsTheActiveProducts();
    void searchesByText();
    void filtersByCategoryPriceAndAttributes();
    void sorts_data();
    void sorts();
    void pagesByNumber();
    void badParametersAre400_data();
    void badParametersAre400();
    void showsOneProductWithItsVariants();
    void hiddenAndUnknownProductsAre404_data();
    void hiddenAndUnknownProductsAre404();
    void listsACategorysProducts();
    void readingChangesNothing();

private:
    qint64 addProduct(const QString &name, const QStringList &sizes, const QString &price,
                      std::optional<qint64> categoryId, const QJsonObject &attributes,
                      ProductStatus status = ProductStatus::Active);
    qint64 addCategory(const QString &name, std::optional<qint64> parentId);
    QStringList names(const HttpReply &reply) const;
    HttpReply search(const QString &query);

    test::InventoryFixture m_f;
    std::unique_ptr<api::ApiServer> m_server;
    std::unique_ptr<test::HttpTestClient> m_client;
    qint64 m_clothing = 0;
    qint64 m_outerwear = 0;
    qint64 m_kitchen = 0;
    qint64 m_jacket = 0;
    qint64 m_coat = 0;
    qint64 m_pan = 0;
    qint64 m_lamp = 0;
};

void TestApiCatalog::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_clothing = addCategory(u"Clothing"_s, std::nullopt);
    m_outerwear = addCategory(u"Outerwear"_s, m_clothing);
    m_kitchen = addCategory(u"Kitchen"_s, std::nullopt);
    QVERIFY(m_clothing > 0 && m_outerwear > 0 && m_kitchen > 0);
    // The fixture's Linen shirt, Tea mug and Sencha tea cost 10.00 and have no category.
    m_jacket = addProduct(u"Harbour jacket"_s, {u"S"_s, u"M"_s}, u"120.00"_s, m_outerwear,
                          QJsonObject{{u"color"_s, u"navy"_s}, {u"material"_s, u"wool"_s}});
    m_coat = addProduct(u"Storm coat"_s, {}, u"89.50"_s, m_clothing, QJsonObject{{u"color"_s, u"red"_s}});
    m_pan = addProduct(u"Copper pan"_s, {}, u"45.00"_s, m_kitchen, QJsonObject{{u"color"_s, u"red"_s}});
    m_lamp = addProduct(u"Harbour lamp"_s, {}, u"30.00"_s, m_kitchen, QJsonObject{{u"color"_s, u"red"_s}},
                        ProductStatus::Inactive);
    QVERIFY(m_jacket > 0 && m_coat > 0 && m_pan > 0 && m_lamp > 0);
    const qint64 medium = m_f.scalar(u"SELECT id FROM product_variants WHERE sku = 'HARBOUR-JACKET-M'"_s).toLongLong();
    m_f.receive(medium, m_f.m_store, 7);
    QVERIFY(m_f.run(u"UPDATE products SET average_rating = 450, review_count = 2 WHERE id = ?"_s, {m_pan}).ok());
    QVERIFY(m_f.run(u"UPDATE products SET average_rating = 300, review_count = 1 WHERE id = ?"_s, {m_coat}).ok());

    api::ApiServices services = api::ApiServices::create(m_f.m_db);
    if (!services.carts)
        services.carts = std::make_shared<OnlineCartService>(m_f.m_db);
    api::ApiLimits limits;
    limits.requestsPerSecond = 100000;
    m_server = std::make_unique<api::ApiServer>(services, limits);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(why(port)));
    m_client = std::make_unique<test::HttpTestClient>(port.value());
}

void TestApiCatalog::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_f.tearDown();
}

qint64 TestApiCatalog::addCategory(const QString &name, std::optional<qint64> parentId)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return m_f.insert(u"INSERT INTO categories (parent_id, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                      "RETURNING id"_s,
                      {parentId ? QVariant(*parentId) : QVariant(QMetaType::fromType<qint64>(), nullptr), name,
                       name.toLower(), now, now});
}

qint64 TestApiCatalog::addProduct(const QString &name, const QStringList &sizes, const QString &price,
                                  std::optional<qint64> categoryId, const QJsonObject &attributes,
                                  ProductStatus status)
{
    ProductDraft draft;
    draft.name = name;
    draft.categoryId = categoryId;
    draft.attributes = attributes;
    draft.status = status;
    const QString sku = name.toUpper().replace(u' ', u'-');
    for (const QString &size : sizes.isEmpty() ? QStringList{QString()} : sizes) {
        VariantDraft variant;
        variant.sku = size.isEmpty() ? sku : sku + u'-' + size;
        if (!size.isEmpty())
            variant.options = QJsonObject{{u"size"_s, size}};
        variant.price = price;
        draft.variants.append(variant);
    }
    const Result<Product> created = Database::wait(ProductService(m_f.m_db).create(m_f.m_admin, draft));
    if (!created) {
        qWarning() << why(created);
        return 0;
    }
    return created->id;
}

QStringList TestApiCatalog::names(const HttpReply &reply) const
{
    QStringList list;
    const QJsonArray products = reply.object().value(u"products"_s).toArray();
    for (const QJsonValue &product : products)
        list.append(product.toObject().value(u"name"_s).toString());
    return list;
}

HttpReply TestApiCatalog::search(const QString &query)
{
    return m_client->get(u"/api/products/search"_s + (query.isEmpty() ? QString() : u"?"_s + query));
}

void TestApiCatalog::listsTheActiveProducts()
{
    const HttpReply reply = search({});
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.object();
    // Six active products; the inactive lamp is not there.
    QCOMPARE(body.value(u"total"_s).toInteger(), 6);
    QCOMPARE(body.value(u"page"_s).toInteger(), 1);
    QCOMPARE(body.value(u"page_size"_s).toInteger(), 20);
    QCOMPARE(body.value(u"total_pages"_s).toInteger(), 1);
    // Without text, relevance is by name.
    QCOMPARE(names(reply), (QStringList{u"Copper pan"_s, u"Harbour jacket"_s, u"Linen shirt"_s, u"Sencha tea"_s,
                                        u"Storm coat"_s, u"Tea mug"_s}));
    const QJsonObject jacket = body.value(u"products"_s).toArray().at(1).toObject();
    QCOMPARE(jacket.value(u"product_id"_s).toInteger(), m_jacket);
    QCOMPARE(jacket.value(u"price"_s).toString(), u"120.00"_s);
    QCOMPARE(jacket.value(u"sku"_s).toString(), u"HARBOUR-JACKET-S"_s);
    QCOMPARE(jacket.value(u"category_name"_s).toString(), u"Outerwear"_s);
    QCOMPARE(jacket.value(u"variant_count"_s).toInteger(), 2);
    QVERIFY(!jacket.value(u"created_at"_s).toString().isEmpty());
    const QJsonObject pan = body.value(u"products"_s).toArray().at(0).toObject();
    QCOMPARE(pan.value(u"rating_average"_s).toDouble(), 4.5);
    QCOMPARE(pan.value(u"review_count"_s).toInteger(), 2);
}

void TestApiCatalog::searchesByText()
{
    QCOMPARE(names(search(u"q=harbour"_s)), QStringList{u"Harbour jacket"_s});
    QCOMPARE(names(search(u"q=HARBOUR-JACKET-M"_s)), QStringList{u"Harbour jacket"_s});
    QCOMPARE(search(u"q=lamp"_s).object().value(u"total"_s).toInteger(), 0);
    QCOMPARE(search(u"q=nothing%20like%20this"_s).object().value(u"total"_s).toInteger(), 0);
    QCOMPARE(search(u"q=%25%25%25"_s).status, 200);
}

void TestApiCatalog::filtersByCategoryPriceAndAttributes()
{
    // A category with everything below it.
    QCOMPARE(names(search(u"category_id="_s + QString::number(m_clothing))),
             (QStringList{u"Harbour jacket"_s, u"Storm coat"_s}));
    QCOMPARE(names(search(u"category_id="_s + QString::number(m_outerwear))), QStringList{u"Harbour jacket"_s});
    QCOMPARE(search(u"category_id=999999"_s).object().value(u"total"_s).toInteger(), 0);

    QCOMPARE(names(search(u"min_price=89.50"_s)), (QStringList{u"Harbour jacket"_s, u"Storm coat"_s}));
    QCOMPARE(names(search(u"max_price=10"_s)), (QStringList{u"Linen shirt"_s, u"Sencha tea"_s, u"Tea mug"_s}));
    QCOMPARE(names(search(u"min_price=40&max_price=90"_s)), (QStringList{u"Copper pan"_s, u"Storm coat"_s}));

    // attr.NAME=VALUE, every one must match; the inactive lamp is red too.
    QCOMPARE(names(search(u"attr.color=red"_s)), (QStringList{u"Copper pan"_s, u"Storm coat"_s}));
    QCOMPARE(names(search(u"attr.color=navy&attr.material=wool"_s)), QStringList{u"Harbour jacket"_s});
    QCOMPARE(search(u"attr.color=navy&attr.material=cotton"_s).object().value(u"total"_s).toInteger(), 0);
    QCOMPARE(names(search(u"attr.color=red&category_id="_s + QString::number(m_kitchen) + u"&q=copper"_s)),
             QStringList{u"Copper pan"_s});
}

void TestApiCatalog::sorts_data()
{
    QTest::addColumn<QString>("sortBy");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::newRow("relevance") << u"relevance"_s << u"Copper pan"_s << u"Tea mug"_s;
    QTest::newRow("price_low") << u"price_low"_s << u"Linen shirt"_s << u"Harbour jacket"_s;
    QTest::newRow("price_high") << u"price_high"_s << u"Harbour jacket"_s << u"Linen shirt"_s;
    QTest::newRow("newest") << u"newest"_s << u"Copper pan"_s << u"Linen shirt"_s;
    QTest::newRow("rating") << u"rating"_s << u"Copper pan"_s << QString();
}

void TestApiCatalog::sorts()
{
    QFETCH(QString, sortBy);
    QFETCH(QString, first);
    QFETCH(QString, last);
    const HttpReply reply = search(u"sort_by="_s + sortBy);
    QCOMPARE(reply.status, 200);
    const QStringList list = names(reply);
    QCOMPARE(list.size(), 6);
    QCOMPARE(list.first(), first);
    if (!last.isEmpty())
        QCOMPARE(list.last(), last);
    if (sortBy == u"rating"_s)
        QCOMPARE(list.at(1), u"Storm coat"_s);
}

void TestApiCatalog::pagesByNumber()
{
    QStringList seen;
    for (int page = 1; page <= 3; ++page) {
        const HttpReply reply = search(u"page_size=2&sort_by=price_high&page="_s + QString::number(page));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(u"total"_s).toInteger(), 6);
        QCOMPARE(reply.object().value(u"total_pages"_s).toInteger(), 3);
        QCOMPARE(reply.object().value(u"page"_s).toInteger(), page);
        QCOMPARE(reply.object().value(u"page_size"_s).toInteger(), 2);
        QCOMPARE(names(reply).size(), 2);
        seen += names(reply);
    }
    QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), 6);
    QCOMPARE(seen.first(), u"Harbour jacket"_s);
    const HttpReply beyond = search(u"page_size=2&page=4"_s);
    QCOMPARE(beyond.status, 200);
    QVERIFY(names(beyond).isEmpty());
    QCOMPARE(beyond.object().value(u"total"_s).toInteger(), 6);
    // The deepest page allowed: page x page_size = 10000.
    QCOMPARE(search(u"page=100&page_size=100"_s).status, 200);
}

void TestApiCatalog::badParametersAre400_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("page zero") << u"page=0"_s;
    QTest::newRow("page negative") << u"page=-1"_s;
    QTest::newRow("page text") << u"page=two"_s;
    QTest::newRow("page fraction") << u"page=1.5"_s;
    QTest::newRow("page_size zero") << u"page_size=0"_s;
    QTest::newRow("page_size above 100") << u"page_size=101"_s;
    QTest::newRow("beyond the result window") << u"page=101&page_size=100"_s;
    QTest::newRow("sort_by unknown") << u"sort_by=cheapest"_s;
    QTest::newRow("category_id text") << u"category_id=shoes"_s;
    QTest::newRow("category_id zero") << u"category_id=0"_s;
    QTest::newRow("min_price text") << u"min_price=cheap"_s;
    QTest::newRow("min_price negative") << u"min_price=-1"_s;
    QTest::newRow("max_price three decimals") << u"max_price=1.234"_s;
    QTest::newRow("min above max") << u"min_price=50&max_price=10"_s;
    QTest::newRow("q too long") << u"q="_s + QString(201, u'x');
    QTest::newRow("attribute without a name") << u"attr.=red"_s;
    QTest::newRow("attribute without a value") << u"attr.color="_s;
    QString many;
    for (int i = 0; i < 11; ++i)
        many += u"&attr.a"_s + QString::number(i) + u"=x"_s;
    QTest::newRow("eleven attribute filters") << many.mid(1);
}

void TestApiCatalog::badParametersAre400()
{
    QFETCH(QString, query);
    const HttpReply reply = search(query);
    QCOMPARE(reply.status, 400);
    QVERIFY2(!reply.detail().isEmpty(), reply.body.constData());
    if (query.startsWith(u"category"_s)) {
        const HttpReply inCategory = m_client->get(u"/api/categories/"_s + QString::number(m_clothing)
                                                   + u"/products?"_s + query.replace(u"category_id"_s, u"page"_s));
        QCOMPARE(inCategory.status, 400);
    }
}

void TestApiCatalog::showsOneProductWithItsVariants()
{
    const HttpReply reply = m_client->get(u"/api/products/"_s + QString::number(m_jacket));
    QCOMPARE(reply.status, 200);
    const QJsonObject product = reply.object();
    QCOMPARE(product.value(u"product_id"_s).toInteger(), m_jacket);
    QCOMPARE(product.value(u"name"_s).toString(), u"Harbour jacket"_s);
    QCOMPARE(product.value(u"price"_s).toString(), u"120.00"_s);
    QCOMPARE(product.value(u"category_id"_s).toInteger(), m_outerwear);
    QVERIFY(product.value(u"vendor_id"_s).isNull());
    QCOMPARE(product.value(u"attributes"_s).toObject().value(u"material"_s).toString(), u"wool"_s);
    QCOMPARE(product.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(product.value(u"stock_quantity"_s).toInteger(), 7);
    QCOMPARE(product.value(u"is_available"_s).toBool(), true);
    QCOMPARE(product.value(u"rating_average"_s).toDouble(), 0.0);
    const QJsonArray variants = product.value(u"variants"_s).toArray();
    QCOMPARE(variants.size(), 2);
    const QJsonObject small = variants.at(0).toObject();
    const QJsonObject medium = variants.at(1).toObject();
    QCOMPARE(small.value(u"name"_s).toString(), u"S"_s);
    QCOMPARE(small.value(u"sku"_s).toString(), u"HARBOUR-JACKET-S"_s);
    QCOMPARE(small.value(u"price"_s).toString(), u"120.00"_s);
    QCOMPARE(small.value(u"attributes"_s).toObject().value(u"size"_s).toString(), u"S"_s);
    QCOMPARE(small.value(u"stock_quantity"_s).toInteger(), 0);
    QCOMPARE(small.value(u"is_available"_s).toBool(), false);
    QCOMPARE(medium.value(u"stock_quantity"_s).toInteger(), 7);
    QCOMPARE(medium.value(u"is_available"_s).toBool(), true);
    QCOMPARE(medium.value(u"product_id"_s).toInteger(), m_jacket);
    QVERIFY(medium.value(u"variant_id"_s).toInteger() > 0);

    const QJsonObject pan = m_client->get(u"/api/products/"_s + QString::number(m_pan)).object();
    QCOMPARE(pan.value(u"rating_average"_s).toDouble(), 4.5);
    QCOMPARE(pan.value(u"review_count"_s).toInteger(), 2);
    QCOMPARE(pan.value(u"variants"_s).toArray().at(0).toObject().value(u"name"_s).toString(), QString());
}

void TestApiCatalog::hiddenAndUnknownProductsAre404_data()
{
    QTest::addColumn<QString>("status");
    QTest::newRow("inactive") << u"inactive"_s;
    QTest::newRow("out_of_stock") << u"out_of_stock"_s;
    QTest::newRow("discontinued") << u"discontinued"_s;
}

void TestApiCatalog::hiddenAndUnknownProductsAre404()
{
    QFETCH(QString, status);
    QVERIFY(m_f.run(u"UPDATE products SET status = ? WHERE id = ?"_s, {status, m_coat}).ok());
    const HttpReply hidden = m_client->get(u"/api/products/"_s + QString::number(m_coat));
    const HttpReply unknown = m_client->get(u"/api/products/999999"_s);
    QCOMPARE(hidden.status, 404);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(hidden.detail(), unknown.detail());
    QVERIFY(!search({}).object().value(u"products"_s).toArray().contains(QJsonValue(u"Storm coat"_s)));
    QVERIFY(!names(search({})).contains(u"Storm coat"_s));
    QCOMPARE(m_client->get(u"/api/products/first"_s).status, 404);
    QCOMPARE(m_client->get(u"/api/products/0"_s).status, 404);
}

void TestApiCatalog::listsACategorysProducts()
{
    const QString clothing = u"/api/categories/"_s + QString::number(m_clothing) + u"/products"_s;
    HttpReply reply = m_client->get(clothing);
    QCOMPARE(reply.status, 200);
    QCOMPARE(names(reply), (QStringList{u"Harbour jacket"_s, u"Storm coat"_s}));
    QCOMPARE(reply.object().value(u"total"_s).toInteger(), 2);
    reply = m_client->get(clothing + u"?page=2&page_size=1"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(names(reply), QStringList{u"Storm coat"_s});
    QCOMPARE(reply.object().value(u"total_pages"_s).toInteger(), 2);
    // The inactive lamp is not among the kitchen's products.
    QCOMPARE(names(m_client->get(u"/api/categories/"_s + QString::number(m_kitchen) + u"/products"_s)),
             QStringList{u"Copper pan"_s});

    QCOMPARE(m_client->get(u"/api/categories/999999/products"_s).status, 404);
    QVERIFY(m_f.run(u"UPDATE categories SET is_active = 0 WHERE id = ?"_s, {m_kitchen}).ok());
    const HttpReply off = m_client->get(u"/api/categories/"_s + QString::number(m_kitchen) + u"/products"_s);
    QCOMPARE(off.status, 404);
    QVERIFY(!off.detail().isEmpty());
    QCOMPARE(m_client->get(clothing + u"?page_size=101"_s).status, 400);
}

void TestApiCatalog::readingChangesNothing()
{
    const auto state = [this] {
        return m_f.scalar(u"SELECT (SELECT COUNT(*) FROM products) || '/' || (SELECT COUNT(*) FROM carts) || '/' || "
                          "(SELECT COUNT(*) FROM audit_log) || '/' || (SELECT SUM(version) FROM products)"_s)
            .toString();
    };
    const QString before = state();
    search(u"q=harbour&sort_by=rating"_s);
    search(u"page=0"_s);
    m_client->get(u"/api/products/"_s + QString::number(m_jacket));
    m_client->get(u"/api/products/"_s + QString::number(m_lamp));
    m_client->post(u"/api/products/search"_s, QJsonObject{{u"q"_s, u"x"_s}});
    QCOMPARE(state(), before);
}

QTEST_GUILESS_MAIN(TestApiCatalog)
#include "tst_apicatalog.moc"
