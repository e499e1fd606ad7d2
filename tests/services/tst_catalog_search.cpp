// storekeeper-test: postgres
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductSearch.h"
#include "catalog/ProductService.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "shop/SettingsService.h"

#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using sk::test::sessionFor;

Q_DECLARE_METATYPE(sk::ProductSort)

namespace {

VariantDraft variant(const QString &sku, const QString &price, const QString &barcode = {}, QJsonObject options = {})
{
    VariantDraft draft;
    draft.sku = sku;
    draft.price = price;
    draft.barcode = barcode;
    draft.options = options;
    return draft;
}

ProductSearchQuery textQuery(const QString &text)
{
    ProductSearchQuery query;
    query.text = text;
    return query;
}

} // namespace

class TestCatalogSearch : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void substringInName();
    void skuAndBarcode();
    void otherScripts_data();
    void otherScripts();
    void shortQueries();
    void nameMatchesRankFirst();
    void operatorsAreText_data();
    void operatorsAreText();
    void keysetPaging_data();
    void keysetPaging();
    void categoryIncludesSubcategories();
    void vendorSeesOnlyOwn();
    void priceStatusStockAttributes();
    void stockFilterFollowsStockLevels();
    void rowsKeepOrder();
    void rowsFollowTheShopCurrency();
    void indexFollowsWrites();

private:
    qint64 addVendor(const QString &name);
    qint64 addCategory(const QString &name, std::optional<qint64> parent = {});
    qint64 create(ProductDraft draft);
    QList<qint64> ids(const ProductSearchQuery &query, const Session *actor = nullptr);
    QList<qint64> pagedIds(const ProductSearchQuery &query, int pageSize, QList<ProductRow> *rows = nullptr);
    QSet<qint64> idSet(const ProductSearchQuery &query, const Session *actor = nullptr);
    void setRating(qint64 productId, int hundredths, int reviews);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<ProductService> m_products;
    std::unique_ptr<CategoryService> m_categories;
    std::unique_ptr<ProductSearch> m_search;
    Session m_admin;
    Session m_clerk;
    Session m_vendorA;
    Session m_vendorB;
    qint64 m_clothing = 0;
    qint64 m_shirts = 0;
    qint64 m_formal = 0;
    qint64 m_books = 0;
    qint64 m_shirt = 0;
    qint64 m_jeans = 0;
    qint64 m_book = 0;
    qint64 m_tower = 0;
    qint64 m_coat = 0;
    qint64 m_stand = 0;
    QList<qint64> m_mugs;
};

void TestCatalogSearch::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    QVERIFY(m_db);
    m_products = std::make_unique<ProductService>(m_db);
    m_categories = std::make_unique<CategoryService>(m_db);
    m_search = std::make_unique<ProductSearch>(m_db);
    m_admin = sessionFor(1, Role::Admin);
    m_clerk = sessionFor(4, Role::Clerk);
    m_vendorA = sessionFor(2, Role::Vendor, addVendor(u"Acme Ltd"_s));
    m_vendorB = sessionFor(3, Role::Vendor, addVendor(u"Bolt Ltd"_s));

    m_clothing = addCategory(u"Clothing"_s);
    m_shirts = addCategory(u"Shirts"_s, m_clothing);
    m_formal = addCategory(u"Formal"_s, m_shirts);
    m_books = addCategory(u"Books"_s);

    ProductDraft shirt;
    shirt.name = u"Red Cotton Shirt"_s;
    shirt.description = u"Soft and light for summer."_s;
    shirt.brand = u"Acme"_s;
    shirt.vendorId = m_vendorA.vendorId;
    shirt.categoryId = m_formal;
    shirt.attributes = {{u"material"_s, u"cotton"_s}};
    shirt.variants = {variant(u"SHIRT-RED-S"_s, u"19.99"_s, u"4006381333931"_s, {{u"size"_s, u"S"_s}}),
                      variant(u"SHIRT-RED-M"_s, u"21.50"_s, {}, {{u"size"_s, u"M"_s}})};
    m_shirt = create(shirt);

    ProductDraft jeans;
    jeans.name = u"Blue Jeans"_s;
    jeans.description = u"Denim trousers that go well with a shirt."_s;
    jeans.brand = u"Levi"_s;
    jeans.vendorId = m_vendorB.vendorId;
    jeans.categoryId = m_clothing;
    jeans.attributes = {{u"material"_s, u"denim"_s}};
    jeans.variants = {variant(u"JEANS-BLU"_s, u"49.00"_s, u"5901234123457"_s)};
    m_jeans = create(jeans);

    ProductDraft book;
    book.name = u"Βιβλίο Μαγειρικής"_s;
    book.description = u"Συνταγές από την Κρήτη."_s;
    book.brand = u"Εκδόσεις"_s;
    book.categoryId = m_books;
    book.variants = {variant(u"BOOK-GR-1"_s, u"12.00"_s)};
    m_book = create(book);

    ProductDraft tower;
    tower.name = u"東京タワー模型"_s;
    tower.description = u"紙で作る模型。"_s;
    tower.variants = {variant(u"JP-TOWER"_s, u"30.00"_s)};
    m_tower = create(tower);

    ProductDraft coat;
    coat.name = u"Übergrößen Mantel"_s;
    coat.description = u"Warmer Mantel für den Winter."_s;
    coat.brand = u"Müller"_s;
    coat.categoryId = m_shirts;
    coat.status = ProductStatus::OutOfStock;
    coat.variants = {variant(u"COAT-DE"_s, u"99.00"_s)};
    m_coat = create(coat);

    ProductDraft stand;
    stand.name = u"Shirt Stand"_s;
    stand.description = u"Holds one garment."_s;
    stand.vendorId = m_vendorA.vendorId;
    stand.variants = {variant(u"STAND-1"_s, u"19.99"_s)};
    m_stand = create(stand);

    // Ties on every sort key, so that paging must break them by id.
    m_mugs.clear();
    for (int i = 0; i < 7; ++i) {
        ProductDraft mug;
        mug.name = i % 2 ? u"Mug"_s : u"Mug Large"_s;
        mug.categoryId = m_books;
        mug.variants = {variant(u"MUG-%1"_s.arg(i), i < 4 ? u"5.00"_s : u"7.50"_s)};
        m_mugs.append(create(mug));
    }
    setRating(m_shirt, 450, 10);
    setRating(m_jeans, 450, 3);
    setRating(m_mugs[0], 450, 3);
    setRating(m_mugs[1], 300, 1);
}

void TestCatalogSearch::cleanup()
{
    m_search.reset();
    m_products.reset();
    m_categories.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestCatalogSearch::addVendor(const QString &name)
{
    Result<qint64> id = Database::wait(m_db->write([name](Connection &c) {
        return c.insert(u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s,
                        {name, QDateTime::currentDateTimeUtc()});
    }));
    return id.ok() ? id.value() : 0;
}

qint64 TestCatalogSearch::addCategory(const QString &name, std::optional<qint64> parent)
{
    NewCategory request;
    request.name = name;
    request.parentId = parent;
    Result<Category> created = Database::wait(m_categories->create(m_admin, request));
    if (!created)
        qWarning() << created.error().message;
    return created.ok() ? created->id : 0;
}

qint64 TestCatalogSearch::create(ProductDraft draft)
{
    Result<Product> created = Database::wait(m_products->create(m_admin, draft));
    if (!created)
        qWarning() << created.error().message << created.error().details;
    return created.ok() ? created->id : 0;
}

void TestCatalogSearch::setRating(qint64 productId, int hundredths, int reviews)
{
    Status ok = Database::wait(m_db->write([=](Connection &c) {
        return c.run(u"UPDATE products SET average_rating = ?, review_count = ? WHERE id = ?"_s,
                     {hundredths, reviews, productId});
    }));
    QVERIFY(ok.ok());
}

QList<qint64> TestCatalogSearch::ids(const ProductSearchQuery &query, const Session *actor)
{
    Result<ProductIdList> list = Database::wait(m_search->orderedIds(actor ? *actor : m_clerk, query));
    if (!list) {
        qWarning() << list.error().message << list.error().details;
        return {-1};
    }
    return list->ids;
}

QSet<qint64> TestCatalogSearch::idSet(const ProductSearchQuery &query, const Session *actor)
{
    const QList<qint64> list = ids(query, actor);
    return {list.begin(), list.end()};
}

QList<qint64> TestCatalogSearch::pagedIds(const ProductSearchQuery &query, int pageSize, QList<ProductRow> *rows)
{
    QList<qint64> all;
    std::optional<ProductCursor> after;
    for (int guard = 0; guard < 100; ++guard) {
        Result<ProductPage> page = Database::wait(m_search->page(m_clerk, query, after, pageSize));
        if (!page) {
            qWarning() << page.error().message << page.error().details;
            return {-1};
        }
        if (page->rows.size() > pageSize)
            return {-2};
        for (const ProductRow &row : page->rows) {
            all.append(row.id);
            if (rows)
                rows->append(row);
        }
        if (!page->next)
            return all;
        after = page->next;
    }
    return {-3};
}

void TestCatalogSearch::substringInName()
{
    QCOMPARE(ids(textQuery(u"otton"_s)), QList<qint64>{m_shirt});
    QCOMPARE(ids(textQuery(u"  COTTON shi "_s)), QList<qint64>{m_shirt}); // short words beside long ones are dropped
    QCOMPARE(idSet(textQuery(u"SHIRT"_s)), (QSet<qint64>{m_shirt, m_stand, m_jeans}));
    QCOMPARE(ids(textQuery(u"red cotton"_s)), QList<qint64>{m_shirt});
    QCOMPARE(ids(textQuery(u"levi"_s)), QList<qint64>{m_jeans}); // brand
    QCOMPARE(ids(textQuery(u"nothing like this"_s)), QList<qint64>{});
    Result<qint64> count = Database::wait(m_search->count(m_clerk, textQuery(u"shirt"_s)));
    QVERIFY(count.ok());
    QCOMPARE(count.value(), qint64(3));
}

void TestCatalogSearch::skuAndBarcode()
{
    QCOMPARE(ids(textQuery(u"SHIRT-RED-M"_s)), QList<qint64>{m_shirt});
    QCOMPARE(ids(textQuery(u"red-m"_s)), QList<qint64>{m_shirt});
    QCOMPARE(ids(textQuery(u"jeans-b"_s)), QList<qint64>{m_jeans});
    QCOMPARE(ids(textQuery(u"MUG-3"_s)), QList<qint64>{m_mugs[3]});
    QCOMPARE(ids(textQuery(u"4006381333931"_s)), QList<qint64>{m_shirt});
    QCOMPARE(ids(textQuery(u"1234123"_s)), QList<qint64>{m_jeans});
}

void TestCatalogSearch::otherScripts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("greek lower") << u"μαγειρ"_s << u"book"_s;
    QTest::newRow("greek upper") << u"ΒΙΒΛΊΟ"_s << u"book"_s;
    QTest::newRow("greek description") << u"κρήτη"_s << u"book"_s;
    QTest::newRow("greek two letters") << u"Μα"_s << u"book"_s;
    QTest::newRow("japanese") << u"タワー"_s << u"tower"_s;
    QTest::newRow("japanese description") << u"紙で作"_s << u"tower"_s;
    QTest::newRow("japanese one character") << u"東"_s << u"tower"_s;
    QTest::newRow("umlaut upper") << u"ÜBERGRÖ"_s << u"coat"_s;
    QTest::newRow("umlaut lower") << u"übergrößen"_s << u"coat"_s;
    QTest::newRow("umlaut brand") << u"MÜLLER"_s << u"coat"_s;
    QTest::newRow("umlaut short") << u"üb"_s << u"coat"_s;
}

void TestCatalogSearch::otherScripts()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const qint64 id = expected == u"book"_s ? m_book : expected == u"tower"_s ? m_tower : m_coat;
    QCOMPARE(ids(textQuery(text)), QList<qint64>{id});
}

void TestCatalogSearch::shortQueries()
{
    // One and two characters narrow by the start of a word in the name.
    QCOMPARE(ids(textQuery(u"j"_s)), QList<qint64>{m_jeans});
    QCOMPARE(ids(textQuery(u"bl"_s)), QList<qint64>{m_jeans});
    QCOMPARE(idSet(textQuery(u"m"_s)), (QSet<qint64>(m_mugs.begin(), m_mugs.end()) << m_coat));
    QCOMPARE(idSet(textQuery(u"L"_s)), (QSet<qint64>{m_mugs[0], m_mugs[2], m_mugs[4], m_mugs[6]}));
    // A name that begins with it first: "Shirt Stand" before "Red Cotton Shirt".
    QCOMPARE(ids(textQuery(u"sh"_s)), (QList<qint64>{m_stand, m_shirt}));
    QCOMPARE(ids(textQuery(u"s"_s)).constFirst(), m_stand);
    // Two short words: both must begin a word of the name.
    QCOMPARE(ids(textQuery(u"r c"_s)), QList<qint64>{m_shirt});
}

void TestCatalogSearch::nameMatchesRankFirst()
{
    const QList<qint64> found = ids(textQuery(u"shirt"_s));
    QCOMPARE(found.size(), 3);
    QCOMPARE(found.last(), m_jeans); // only its description says "shirt"
    QCOMPARE(ids(textQuery(u"mantel"_s)), QList<qint64>{m_coat});
}

void TestCatalogSearch::operatorsAreText_data()
{
    QTest::addColumn<QString>("text");
    for (const QString &text : {u"\""_s, u"*"_s, u"AND"_s, u"-"_s, u"("_s, u"a\"b"_s, u"NEAR(shirt"_s,
                                u"shirt*"_s, u"-shirt"_s, u"\"shirt\""_s, u"shirt OR jeans"_s, u"%"_s, u"_"_s,
                                u"50%_"_s, u"'; DROP TABLE products; --"_s, u"^sh"_s, u"sh:*"_s, u"a & b | !c"_s})
        QTest::newRow(qPrintable(text)) << text;
}

void TestCatalogSearch::operatorsAreText()
{
    QFETCH(QString, text);
    for (ProductSort sort : {ProductSort::Relevance, ProductSort::PriceLow}) {
        ProductSearchQuery query = textQuery(text);
        query.sort = sort;
        Result<ProductPage> page = Database::wait(m_search->page(m_clerk, query, std::nullopt, 60));
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message + page.error().details));
        Result<qint64> count = Database::wait(m_search->count(m_clerk, query));
        QVERIFY(count.ok());
        QCOMPARE(count.value(), qint64(page->rows.size()));
    }
    // Typed literally, "%" and "_" are not wildcards.
    QCOMPARE(ids(textQuery(u"t%t"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"S_IRT"_s)), QList<qint64>{});
}

void TestCatalogSearch::keysetPaging_data()
{
    QTest::addColumn<ProductSort>("sort");
    QTest::addColumn<QString>("text");
    for (const QString &text : {QString(), u"mug"_s, u"s"_s}) {
        QTest::newRow(qPrintable(u"relevance "_s + text)) << ProductSort::Relevance << text;
        QTest::newRow(qPrintable(u"price low "_s + text)) << ProductSort::PriceLow << text;
        QTest::newRow(qPrintable(u"price high "_s + text)) << ProductSort::PriceHigh << text;
        QTest::newRow(qPrintable(u"newest "_s + text)) << ProductSort::Newest << text;
        QTest::newRow(qPrintable(u"rating "_s + text)) << ProductSort::Rating << text;
        QTest::newRow(qPrintable(u"name "_s + text)) << ProductSort::Name << text;
    }
}

void TestCatalogSearch::keysetPaging()
{
    QFETCH(ProductSort, sort);
    QFETCH(QString, text);
    ProductSearchQuery query = textQuery(text);
    query.sort = sort;
    const QList<qint64> all = ids(query);
    QVERIFY(!all.contains(-1));
    QVERIFY(!all.isEmpty());
    QCOMPARE(QSet<qint64>(all.begin(), all.end()).size(), all.size());
    for (int pageSize : {1, 2, 3, 60}) {
        QList<ProductRow> rows;
        QCOMPARE(pagedIds(query, pageSize, &rows), all);
        if (pageSize != 60 || (!text.isEmpty() && sort == ProductSort::Relevance))
            continue;
        // The order itself, ties broken by id (descending with a descending key).
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const ProductRow &a = rows[i - 1];
            const ProductRow &b = rows[i];
            bool before = false;
            switch (sort) {
            case ProductSort::PriceLow:
                before = std::pair(a.minPrice.minorUnits(), a.id) < std::pair(b.minPrice.minorUnits(), b.id);
                break;
            case ProductSort::PriceHigh:
                before = std::pair(a.minPrice.minorUnits(), a.id) > std::pair(b.minPrice.minorUnits(), b.id);
                break;
            case ProductSort::Newest:
                before = std::pair(a.createdAt, a.id) > std::pair(b.createdAt, b.id);
                break;
            case ProductSort::Rating:
                before = std::tuple(a.averageRatingHundredths, a.reviewCount, a.id)
                         > std::tuple(b.averageRatingHundredths, b.reviewCount, b.id);
                break;
            case ProductSort::Relevance:
            case ProductSort::Name:
                before = a.name < b.name || (a.name == b.name && a.id < b.id);
                break;
            }
            QVERIFY2(before, qPrintable(u"%1 then %2"_s.arg(a.name, b.name)));
        }
    }
    if (text.isEmpty()) {
        Result<qint64> count = Database::wait(m_search->count(m_clerk, query));
        QCOMPARE(count.value(), qint64(all.size()));
        QCOMPARE(all.size(), 6 + m_mugs.size());
    }
}

void TestCatalogSearch::categoryIncludesSubcategories()
{
    ProductSearchQuery query;
    query.categoryId = m_clothing;
    QCOMPARE(idSet(query), (QSet<qint64>{m_shirt, m_jeans, m_coat}));
    query.categoryId = m_shirts;
    QCOMPARE(idSet(query), (QSet<qint64>{m_shirt, m_coat}));
    query.categoryId = m_formal;
    QCOMPARE(idSet(query), QSet<qint64>{m_shirt});
    query.categoryId = m_clothing;
    query.text = u"shirt"_s;
    QCOMPARE(idSet(query), (QSet<qint64>{m_shirt, m_jeans}));
    query.sort = ProductSort::PriceHigh;
    QCOMPARE(ids(query), (QList<qint64>{m_jeans, m_shirt}));
    query.text = u"m"_s;
    QCOMPARE(ids(query), QList<qint64>{m_coat});
    // count() and page() take the subtree in the same statement as ids().
    query = {};
    query.categoryId = m_clothing;
    QCOMPARE(Database::wait(m_search->count(m_clerk, query)).value(), qint64(3));
    query.sort = ProductSort::PriceLow;
    QCOMPARE(pagedIds(query, 2), (QList<qint64>{m_shirt, m_jeans, m_coat}));
    query.text = u"shirt"_s;
    QCOMPARE(Database::wait(m_search->count(m_clerk, query)).value(), qint64(2));
    query.text = u"sh"_s;
    QCOMPARE(Database::wait(m_search->count(m_clerk, query)).value(), qint64(1));
    query = {};
    query.categoryId = 999999;
    QCOMPARE(ids(query), QList<qint64>{});
    QCOMPARE(Database::wait(m_search->count(m_clerk, query)).value(), qint64(0));
    QCOMPARE(pagedIds(query, 60), QList<qint64>{});
}

void TestCatalogSearch::vendorSeesOnlyOwn()
{
    ProductSearchQuery query;
    QCOMPARE(idSet(query, &m_vendorA), (QSet<qint64>{m_shirt, m_stand}));
    query.vendorId = m_vendorB.vendorId; // asking for another vendor does not widen the scope
    QCOMPARE(idSet(query, &m_vendorA), (QSet<qint64>{m_shirt, m_stand}));
    QCOMPARE(ids(textQuery(u"jeans"_s), &m_vendorA), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"j"_s), &m_vendorA), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"JEANS-BLU"_s), &m_vendorA), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"shirt"_s), &m_vendorB), QList<qint64>{m_jeans});
    Result<QList<ProductRow>> rows = Database::wait(m_search->rows(m_vendorA, {m_jeans, m_shirt, m_book}));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->constFirst().id, m_shirt);
    Result<qint64> count = Database::wait(m_search->count(m_vendorB, ProductSearchQuery{}));
    QCOMPARE(count.value(), qint64(1));
    Result<ProductPage> page = Database::wait(m_search->page(m_vendorB, ProductSearchQuery{}, std::nullopt, 60));
    QCOMPARE(page->rows.size(), 1);
    QCOMPARE(page->rows.constFirst().vendorName, u"Bolt Ltd"_s);
    // The admin filters by vendor.
    query.vendorId = m_vendorB.vendorId;
    QCOMPARE(ids(query, &m_admin), QList<qint64>{m_jeans});
    // Customers have no catalog view.
    const Session customer = sessionFor(9, Role::Customer);
    QVERIFY(!Database::wait(m_search->orderedIds(customer, ProductSearchQuery{})).ok());
    QVERIFY(!Database::wait(m_search->rows(customer, {m_shirt})).ok());
}

void TestCatalogSearch::priceStatusStockAttributes()
{
    ProductSearchQuery query;
    query.minPriceCents = 1999;
    query.maxPriceCents = 3000;
    QCOMPARE(idSet(query), (QSet<qint64>{m_shirt, m_stand, m_tower}));
    query.minPriceCents = 5001;
    query.maxPriceCents.reset();
    QCOMPARE(ids(query), QList<qint64>{m_coat});

    query = {};
    query.status = ProductStatus::OutOfStock;
    QCOMPARE(ids(query), QList<qint64>{m_coat});

    query = {};
    query.attributes = {{u"material"_s, u"cotton"_s}};
    QCOMPARE(ids(query), QList<qint64>{m_shirt});
    query.attributes = {{u"material"_s, u"denim"_s}};
    query.categoryId = m_clothing;
    query.text = u"denim"_s;
    QCOMPARE(ids(query), QList<qint64>{m_jeans});
    query.attributes = {{u"material"_s, u"denim"_s}, {u"colour"_s, u"blue"_s}};
    QCOMPARE(ids(query), QList<qint64>{});
    query.attributes = {{u"$.material'\""_s, u"denim"_s}};
    QCOMPARE(ids(query), QList<qint64>{});
}

// In stock means some variant of the product has stock available (on hand
// minus reserved) at some location, whatever its status says.
void TestCatalogSearch::stockFilterFollowsStockLevels()
{
    auto variantOf = [this](qint64 productId, int index) -> qint64 {
        QFuture<Result<Product>> loading = m_products->get(m_admin, productId);
        Result<Product> product = Database::wait(loading);
        return product ? product->variants.value(index).id : 0;
    };
    const qint64 shirtM = variantOf(m_shirt, 1);
    const qint64 jeans = variantOf(m_jeans, 0);
    const qint64 coat = variantOf(m_coat, 0);
    QVERIFY(shirtM > 0 && jeans > 0 && coat > 0);
    QFuture<Status> stocking = m_db->write([&](Connection &connection) -> Status {
        Result<qint64> location = InventoryLedger::defaultLocationId(connection);
        if (!location)
            return location.error();
        const Session system = Session::system();
        Result<qint64> received = InventoryLedger::receiveInTransaction(
            connection, system, *location, u"Supplier"_s, u"R-1"_s,
            {StockLine{shirtM, 3, {}}, StockLine{jeans, 2, {}}, StockLine{coat, 1, {}}}, {});
        if (!received)
            return received.error();
        // All the jeans are held for an order, and the coat is sold out.
        Result<QList<qint64>> held = InventoryLedger::reserveInTransaction(connection, system, *location,
                                                                           {StockLine{jeans, 2, {}}},
                                                                           StockReference{u"order"_s, 7});
        if (!held)
            return held.error();
        return InventoryLedger::sellInTransaction(connection, system, *location, {StockLine{coat, 1, {}}},
                                                  StockReference{u"order"_s, 8});
    });
    const Status stocked = Database::wait(stocking);
    QVERIFY2(stocked.ok(), qPrintable(stocked.ok() ? QString() : stocked.error().message));

    ProductSearchQuery query;
    query.stock = StockFilter::InStock;
    QCOMPARE(ids(query), QList<qint64>{m_shirt});
    query.stock = StockFilter::OutOfStock;
    const QList<qint64> out = ids(query);
    QCOMPARE(out.size(), 5 + m_mugs.size());
    QVERIFY(out.contains(m_jeans) && out.contains(m_coat) && !out.contains(m_shirt));
    query.categoryId = m_clothing;
    query.stock = StockFilter::InStock;
    QCOMPARE(ids(query), QList<qint64>{m_shirt});
}

void TestCatalogSearch::rowsKeepOrder()
{
    Result<QList<ProductRow>> rows = Database::wait(m_search->rows(m_clerk, {m_coat, m_shirt, 987654, m_book}));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(0).id, m_coat);
    QCOMPARE(rows->at(1).id, m_shirt);
    QCOMPARE(rows->at(2).id, m_book);
    const ProductRow &shirt = rows->at(1);
    QCOMPARE(shirt.name, u"Red Cotton Shirt"_s);
    QCOMPARE(shirt.sku, u"SHIRT-RED-S"_s);
    QCOMPARE(shirt.brand, u"Acme"_s);
    QCOMPARE(shirt.vendorName, u"Acme Ltd"_s);
    QCOMPARE(shirt.categoryName, u"Formal"_s);
    QCOMPARE(shirt.minPrice.minorUnits(), qint64(1999));
    QCOMPARE(shirt.variantCount, 2);
    QCOMPARE(shirt.averageRatingHundredths, 450);
    QCOMPARE(shirt.reviewCount, 10);
    QVERIFY(shirt.createdAt.isValid());
    QCOMPARE(rows->at(0).status, ProductStatus::OutOfStock);
}

void TestCatalogSearch::rowsFollowTheShopCurrency()
{
    // Before the shop is set up there is no currency row: the default.
    Result<QList<ProductRow>> rows = Database::wait(m_search->rows(m_clerk, {m_shirt}));
    QVERIFY(rows.ok());
    QCOMPARE(rows->constFirst().minPrice, Money(1999, ShopSettings().currency));

    ShopSettings settings;
    settings.shopName = u"Corner Shop"_s;
    settings.currency = u"EUR"_s;
    const Status saved = Database::wait(m_db->write(
        [&](Connection &c) { return SettingsService::saveInTransaction(c, m_admin, settings); }));
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    // Every reader sees the change at once: nothing keeps an old copy.
    for (int i = 0; i < 3; ++i) {
        Result<ProductPage> page = Database::wait(m_search->page(m_clerk, textQuery(u"shirt"_s), std::nullopt, 60));
        QVERIFY(page.ok());
        QVERIFY(!page->rows.isEmpty());
        for (const ProductRow &row : page->rows)
            QCOMPARE(row.minPrice.currency(), u"EUR"_s);
    }
    rows = Database::wait(m_search->rows(m_clerk, {m_shirt}));
    QCOMPARE(rows->constFirst().minPrice, Money(1999, u"EUR"));
}

void TestCatalogSearch::indexFollowsWrites()
{
    Result<Product> tower = Database::wait(m_products->get(m_admin, m_tower));
    QVERIFY(tower.ok());
    ProductDraft draft;
    draft.name = u"Osaka Castle Kit"_s;
    draft.description = u"Cardboard model."_s;
    draft.brand = u"Kansai"_s;
    VariantDraft kept = variant(u"JP-CASTLE"_s, u"30.00"_s, u"0012345678905"_s);
    kept.id = tower->variants.constFirst().id;
    draft.variants = {kept};
    QVERIFY(Database::wait(m_products->update(m_admin, m_tower, tower->version, draft)).ok());
    QCOMPARE(ids(textQuery(u"タワー"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"東"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"castle"_s)), QList<qint64>{m_tower});
    QCOMPARE(ids(textQuery(u"os"_s)), QList<qint64>{m_tower});
    QCOMPARE(ids(textQuery(u"cardboard"_s)), QList<qint64>{m_tower});
    QCOMPARE(ids(textQuery(u"kansai"_s)), QList<qint64>{m_tower});
    QCOMPARE(ids(textQuery(u"JP-TOWER"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"jp-cast"_s)), QList<qint64>{m_tower});
    QCOMPARE(ids(textQuery(u"12345678905"_s)), QList<qint64>{m_tower});

    // A variant added, then one removed by the next update.
    Result<Product> shirt = Database::wait(m_products->get(m_admin, m_shirt));
    ProductDraft shirtDraft;
    shirtDraft.name = shirt->name;
    shirtDraft.description = shirt->description;
    shirtDraft.brand = shirt->brand;
    shirtDraft.vendorId = shirt->vendorId;
    shirtDraft.categoryId = shirt->categoryId;
    VariantDraft small = variant(u"SHIRT-RED-S"_s, u"19.99"_s, u"4006381333931"_s, {{u"size"_s, u"S"_s}});
    small.id = shirt->variants[0].id;
    shirtDraft.variants = {small, variant(u"SHIRT-RED-XL"_s, u"23.00"_s, {}, {{u"size"_s, u"XL"_s}})};
    QVERIFY(Database::wait(m_products->update(m_admin, m_shirt, shirt->version, shirtDraft)).ok());
    QCOMPARE(ids(textQuery(u"red-xl"_s)), QList<qint64>{m_shirt});
    QCOMPARE(ids(textQuery(u"SHIRT-RED-M"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"4006381333931"_s)), QList<qint64>{m_shirt});

    // Bulk edits move products between filters.
    BulkEdit move;
    move.kind = BulkEdit::Kind::MoveToCategory;
    move.productIds = {m_book, m_tower};
    move.categoryId = m_formal;
    QVERIFY(Database::wait(m_products->bulkEdit(m_admin, move)).ok());
    ProductSearchQuery inClothing;
    inClothing.categoryId = m_clothing;
    QCOMPARE(idSet(inClothing), (QSet<qint64>{m_shirt, m_jeans, m_coat, m_book, m_tower}));
    BulkEdit price;
    price.kind = BulkEdit::Kind::PricePercent;
    price.productIds = {m_tower};
    price.percentBasisPoints = 10000; // +100 %
    QVERIFY(Database::wait(m_products->bulkEdit(m_admin, price)).ok());
    ProductSearchQuery expensive;
    expensive.minPriceCents = 6000;
    expensive.maxPriceCents = 6000;
    QCOMPARE(ids(expensive), QList<qint64>{m_tower});
    BulkEdit status;
    status.kind = BulkEdit::Kind::SetStatus;
    status.productIds = {m_book};
    status.status = ProductStatus::Discontinued;
    QVERIFY(Database::wait(m_products->bulkEdit(m_admin, status)).ok());
    ProductSearchQuery discontinued;
    discontinued.status = ProductStatus::Discontinued;
    discontinued.text = u"βιβλ"_s;
    QCOMPARE(ids(discontinued), QList<qint64>{m_book});

    // Removed products leave the index with their variants.
    QVERIFY(Database::wait(m_products->remove(m_admin, m_tower)).ok());
    QCOMPARE(ids(textQuery(u"castle"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"os"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"jp-cast"_s)), QList<qint64>{});
    QCOMPARE(ids(textQuery(u"shirt"_s)).size(), 3);
    // The SKU and barcode are free again and findable on a new product.
    ProductDraft again;
    again.name = u"Castle Again"_s;
    again.variants = {variant(u"JP-CASTLE"_s, u"1.00"_s, u"0012345678905"_s)};
    const qint64 newId = create(again);
    QVERIFY(newId > 0);
    QCOMPARE(ids(textQuery(u"JP-CASTLE"_s)), QList<qint64>{newId});
    if (!m_testDb->isPostgres()) {
        Result<QVariant> check = Database::wait(m_db->read([](Connection &c) {
            return c.scalar(u"SELECT COUNT(*) FROM product_text WHERE product_text MATCH 'castle'"_s);
        }));
        QCOMPARE(check->toInt(), 1);
        Status integrity = Database::wait(m_db->write([](Connection &c) {
            if (Status ok = c.run(u"INSERT INTO product_text (product_text, rank) VALUES ('integrity-check', 1)"_s); !ok)
                return ok;
            if (Status ok = c.run(u"INSERT INTO product_codes (product_codes, rank) VALUES ('integrity-check', 1)"_s); !ok)
                return ok;
            return c.run(u"INSERT INTO product_words (product_words, rank) VALUES ('integrity-check', 1)"_s);
        }));
        QVERIFY2(integrity.ok(), qPrintable(integrity.ok() ? QString() : integrity.error().details));
    }
}

QTEST_GUILESS_MAIN(TestCatalogSearch)
#include "tst_catalog_search.moc"
