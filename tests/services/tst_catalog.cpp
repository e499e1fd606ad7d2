// storekeeper-test: postgres
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductService.h"
#include "db/Database.h"

#include <QJsonObject>
#include <QTest>
#include <functional>

using namespace Qt::StringLiterals;
using namespace sk;
using sk::test::sessionFor;

Q_DECLARE_METATYPE(sk::ErrorCode)

namespace {

VariantDraft variant(const QString &sku, const QString &price, QJsonObject options = {}, const QString &barcode = {})
{
    VariantDraft draft;
    draft.sku = sku;
    draft.price = price;
    draft.options = options;
    draft.barcode = barcode;
    return draft;
}

ProductDraft simpleProduct(const QString &name, const QString &sku, const QString &price)
{
    ProductDraft draft;
    draft.name = name;
    draft.variants = {variant(sku, price)};
    return draft;
}

QString describe(const Error &error)
{
    return error.message + u" | "_s + error.details;
}

} // namespace

class TestCatalog : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createWithDefaultVariant();
    void createWithOptions();
    void refusalsWriteNothing_data();
    void refusalsWriteNothing();
    void skuIsCaseInsensitiveAcrossProducts();
    void vendorIsolation();
    void rolesWithoutRights();
    void updateReplacesVariants();
    void staleUpdateIsRefused();
    void concurrentUpdatesOnlyOneWins();
    void setStatusAndRemove();
    void bulkPrice_data();
    void bulkPrice();
    void bulkMoveAndStatus();
    void bulkRefusalsWriteNothing();
    void categoryTree();
    void categoryMoveCycleRefused();
    void categoryReorder();

private:
    qint64 addVendor(const QString &name);
    qint64 count(const QString &table);
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    Product create(const Session &actor, const ProductDraft &draft);
    Category addCategory(const QString &name, std::optional<qint64> parent = {});

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<ProductService> m_products;
    std::unique_ptr<CategoryService> m_categories;
    Session m_admin;
    Session m_vendorA;
    Session m_vendorB;
    Session m_clerk;
};

void TestCatalog::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    QVERIFY(m_db);
    m_products = std::make_unique<ProductService>(m_db);
    m_categories = std::make_unique<CategoryService>(m_db);
    m_admin = sessionFor(1, Role::Admin);
    m_vendorA = sessionFor(2, Role::Vendor, addVendor(u"Acme"_s));
    m_vendorB = sessionFor(3, Role::Vendor, addVendor(u"Bolt"_s));
    m_clerk = sessionFor(4, Role::Clerk);
}

void TestCatalog::cleanup()
{
    m_products.reset();
    m_categories.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestCatalog::addVendor(const QString &name)
{
    Result<qint64> id = Database::wait(m_db->write([name](Connection &c) {
        return c.insert(u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s,
                        {name, QDateTime::currentDateTimeUtc()});
    }));
    return id.ok() ? id.value() : 0;
}

Result<QVariant> TestCatalog::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

qint64 TestCatalog::count(const QString &table)
{
    Result<QVariant> n = scalar(u"SELECT COUNT(*) FROM "_s + table);
    return n.ok() ? n->toLongLong() : -1;
}

Product TestCatalog::create(const Session &actor, const ProductDraft &draft)
{
    Result<Product> created = Database::wait(m_products->create(actor, draft));
    if (!created)
        qWarning() << describe(created.error());
    return created.ok() ? created.value() : Product{};
}

Category TestCatalog::addCategory(const QString &name, std::optional<qint64> parent)
{
    NewCategory request;
    request.name = name;
    request.parentId = parent;
    Result<Category> created = Database::wait(m_categories->create(m_admin, request));
    if (!created)
        qWarning() << describe(created.error());
    return created.ok() ? created.value() : Category{};
}

void TestCatalog::createWithDefaultVariant()
{
    ProductDraft draft = simpleProduct(u"  Espresso Cup  "_s, u"CUP-1"_s, u"19.99"_s);
    draft.brand = u"Acme"_s;
    draft.attributes = {{u"material"_s, u"porcelain"_s}};
    const Product product = create(m_admin, draft);
    QVERIFY(product.id > 0);
    QCOMPARE(product.name, u"Espresso Cup"_s);
    QCOMPARE(product.slug, u"espresso-cup"_s);
    QCOMPARE(product.status, ProductStatus::Active);
    QCOMPARE(product.taxClass, u"standard"_s);
    QCOMPARE(product.version, 1);
    QCOMPARE(product.attributes.value(u"material"_s).toString(), u"porcelain"_s);
    QCOMPARE(product.variants.size(), 1);
    QCOMPARE(product.variants[0].sku, u"CUP-1"_s);
    QVERIFY(product.variants[0].options.isEmpty());
    QCOMPARE(product.variants[0].price, Money(1999, u"USD"));
    QCOMPARE(product.minPrice, Money(1999, u"USD"));
    QVERIFY(!product.vendorId);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'product.created' AND subject = ?"_s,
                    {u"product:%1"_s.arg(product.id)})->toInt(), 1);

    // Same name again: a distinct slug, not a refusal.
    const Product second = create(m_admin, simpleProduct(u"Espresso cup"_s, u"CUP-2"_s, u"5"_s));
    QCOMPARE(second.slug, u"espresso-cup-2"_s);
}

void TestCatalog::createWithOptions()
{
    const Category mugs = addCategory(u"Mugs"_s);
    ProductDraft draft;
    draft.name = u"T-Shirt"_s;
    draft.categoryId = mugs.id;
    draft.variants = {variant(u"TS-S-RED"_s, u"12.00"_s, {{u"size"_s, u"S"_s}, {u"colour"_s, u"Red"_s}}, u"4006381333931"_s),
                      variant(u"TS-L-RED"_s, u"14.50"_s, {{u"colour"_s, u"Red"_s}, {u"size"_s, u"L"_s}}),
                      variant(u"TS-L-BLUE"_s, u"9.00"_s, {{u"size"_s, u"L"_s}, {u"colour"_s, u"Blue"_s}})};
    draft.variants[2].isActive = false;
    draft.variants[1].compareAt = u"20.00"_s;
    draft.variants[1].cost = u"5.25"_s;
    draft.variants[1].weightGrams = 180;
    const Product product = create(m_vendorA, draft);
    QVERIFY(product.id > 0);
    QCOMPARE(product.vendorId, m_vendorA.vendorId);
    QCOMPARE(product.categoryId, mugs.id);
    QCOMPARE(product.variants.size(), 3);
    QCOMPARE(product.variants[0].barcode, u"4006381333931"_s);
    QCOMPARE(product.variants[1].compareAt, Money(2000, u"USD"));
    QCOMPARE(product.variants[1].cost, Money(525, u"USD"));
    QCOMPARE(product.variants[1].weightGrams, 180);
    QCOMPARE(product.variants[1].options.value(u"size"_s).toString(), u"L"_s);
    // The cheapest variant is inactive, so it does not set the shown price.
    QCOMPARE(product.minPrice, Money(1200, u"USD"));
    QCOMPARE(scalar(u"SELECT option_key FROM product_variants WHERE sku = 'TS-L-RED'"_s)->toString(),
             ProductService::optionKey({{u"Size"_s, u" l"_s}, {u"COLOUR"_s, u"red"_s}}));
}

void TestCatalog::refusalsWriteNothing_data()
{
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<ErrorCode>("code");
    const ErrorCode bad = ErrorCode::InvalidInput;
    QTest::newRow("empty name") << u"empty name"_s << bad;
    QTest::newRow("name too long") << u"long name"_s << bad;
    QTest::newRow("no variants") << u"no variants"_s << bad;
    QTest::newRow("empty sku") << u"empty sku"_s << bad;
    QTest::newRow("sku with space") << u"sku space"_s << bad;
    QTest::newRow("sku too long") << u"sku long"_s << bad;
    QTest::newRow("sku not ascii") << u"sku unicode"_s << bad;
    QTest::newRow("sku twice in product") << u"sku twice"_s << bad;
    QTest::newRow("sku taken, other case") << u"sku taken"_s << ErrorCode::Conflict;
    QTest::newRow("barcode check digit") << u"barcode check"_s << bad;
    QTest::newRow("barcode letters") << u"barcode letters"_s << bad;
    QTest::newRow("barcode taken") << u"barcode taken"_s << ErrorCode::Conflict;
    QTest::newRow("barcode twice in product") << u"barcode twice"_s << bad;
    QTest::newRow("negative price") << u"negative price"_s << bad;
    QTest::newRow("price not a number") << u"price text"_s << bad;
    QTest::newRow("price too precise") << u"price precise"_s << bad;
    QTest::newRow("missing price") << u"no price"_s << bad;
    QTest::newRow("negative compare-at") << u"negative compare"_s << bad;
    QTest::newRow("negative weight") << u"negative weight"_s << bad;
    QTest::newRow("duplicate options, other case") << u"duplicate options"_s << bad;
    QTest::newRow("different option names") << u"option names"_s << bad;
    QTest::newRow("several variants without options") << u"no options"_s << bad;
    QTest::newRow("empty option value") << u"empty option"_s << bad;
    QTest::newRow("unknown category") << u"unknown category"_s << bad;
    QTest::newRow("unknown vendor") << u"unknown vendor"_s << bad;
    QTest::newRow("bad slug") << u"bad slug"_s << bad;
}

void TestCatalog::refusalsWriteNothing()
{
    QFETCH(QString, mutation);
    QFETCH(ErrorCode, code);
    const Product existing = create(m_admin, [] {
        ProductDraft d = simpleProduct(u"Existing"_s, u"ABC-1"_s, u"1.00"_s);
        d.variants[0].barcode = u"96385074"_s;
        return d;
    }());
    QVERIFY(existing.id > 0);

    ProductDraft draft;
    draft.name = u"Shirt"_s;
    draft.variants = {variant(u"SH-S"_s, u"10.00"_s, {{u"size"_s, u"S"_s}}),
                      variant(u"SH-M"_s, u"10.00"_s, {{u"size"_s, u"M"_s}})};
    const std::map<QString, std::function<void(ProductDraft &)>> mutations{
        {u"empty name"_s, [](ProductDraft &d) { d.name = u"   "_s; }},
        {u"long name"_s, [](ProductDraft &d) { d.name = QString(256, u'x'); }},
        {u"no variants"_s, [](ProductDraft &d) { d.variants.clear(); }},
        {u"empty sku"_s, [](ProductDraft &d) { d.variants[1].sku = u" "_s; }},
        {u"sku space"_s, [](ProductDraft &d) { d.variants[1].sku = u"SH M"_s; }},
        {u"sku long"_s, [](ProductDraft &d) { d.variants[1].sku = QString(65, u'A'); }},
        {u"sku unicode"_s, [](ProductDraft &d) { d.variants[1].sku = u"SH-Ä"_s; }},
        {u"sku twice"_s, [](ProductDraft &d) { d.variants[1].sku = u"sh-s"_s; }},
        {u"sku taken"_s, [](ProductDraft &d) { d.variants[1].sku = u"abc-1"_s; }},
        {u"barcode check"_s, [](ProductDraft &d) { d.variants[1].barcode = u"4006381333932"_s; }},
        {u"barcode letters"_s, [](ProductDraft &d) { d.variants[1].barcode = u"ABC"_s; }},
        {u"barcode taken"_s, [](ProductDraft &d) { d.variants[1].barcode = u"96385074"_s; }},
        {u"barcode twice"_s,
         [](ProductDraft &d) { d.variants[0].barcode = d.variants[1].barcode = u"036000291452"_s; }},
        {u"negative price"_s, [](ProductDraft &d) { d.variants[1].price = u"-0.01"_s; }},
        {u"price text"_s, [](ProductDraft &d) { d.variants[1].price = u"ten"_s; }},
        {u"price precise"_s, [](ProductDraft &d) { d.variants[1].price = u"1.005"_s; }},
        {u"no price"_s, [](ProductDraft &d) { d.variants[1].price = QString(); }},
        {u"negative compare"_s, [](ProductDraft &d) { d.variants[1].compareAt = u"-1"_s; }},
        {u"negative weight"_s, [](ProductDraft &d) { d.variants[1].weightGrams = -5; }},
        {u"duplicate options"_s, [](ProductDraft &d) { d.variants[1].options = {{u"Size"_s, u" s"_s}}; }},
        {u"option names"_s, [](ProductDraft &d) { d.variants[1].options = {{u"colour"_s, u"M"_s}}; }},
        {u"no options"_s,
         [](ProductDraft &d) { d.variants[0].options = {}; d.variants[1].options = {}; }},
        {u"empty option"_s, [](ProductDraft &d) { d.variants[1].options = {{u"size"_s, u""_s}}; }},
        {u"unknown category"_s, [](ProductDraft &d) { d.categoryId = 999; }},
        {u"unknown vendor"_s, [](ProductDraft &d) { d.vendorId = 999; }},
        {u"bad slug"_s, [](ProductDraft &d) { d.slug = u"Not A Slug"_s; }},
    };
    QVERIFY(mutations.contains(mutation));
    mutations.at(mutation)(draft);

    const qint64 products = count(u"products"_s);
    const qint64 variants = count(u"product_variants"_s);
    const qint64 audits = count(u"audit_log"_s);
    Result<Product> created = Database::wait(m_products->create(m_admin, draft));
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, code);
    QVERIFY2(!created.error().message.isEmpty(), "a sentence for the user");
    QVERIFY2(!created.error().message.contains(u"SQL"_s), qPrintable(created.error().message));
    QCOMPARE(count(u"products"_s), products);
    QCOMPARE(count(u"product_variants"_s), variants);
    QCOMPARE(count(u"audit_log"_s), audits);

    // The same refusal when it is an edit of an existing product.
    Result<Product> edited = Database::wait(m_products->update(m_admin, existing.id, existing.version, draft));
    if (mutation != u"sku taken"_s && mutation != u"barcode taken"_s) {
        QVERIFY(!edited.ok());
        QCOMPARE(edited.error().code, code);
        QCOMPARE(count(u"audit_log"_s), audits);
        QCOMPARE(Database::wait(m_products->get(m_admin, existing.id))->version, existing.version);
    }
}

void TestCatalog::skuIsCaseInsensitiveAcrossProducts()
{
    QVERIFY(create(m_admin, simpleProduct(u"One"_s, u"Sku-9"_s, u"1"_s)).id > 0);
    Result<Product> clash = Database::wait(m_products->create(m_admin, simpleProduct(u"Two"_s, u"SKU-9"_s, u"1"_s)));
    QVERIFY(!clash.ok());
    QCOMPARE(clash.error().code, ErrorCode::Conflict);
    QVERIFY2(clash.error().message.contains(u"Sku-9"_s), qPrintable(clash.error().message));
    // The database refuses it too, should a writer bypass the service.
    Status raw = Database::wait(m_db->write([](Connection &c) {
        return c.run(u"INSERT INTO product_variants (product_id, sku, price_cents, created_at, updated_at) "
                     "SELECT id, 'sku-9', 1, created_at, updated_at FROM products"_s);
    }));
    QVERIFY(!raw.ok());
}

void TestCatalog::vendorIsolation()
{
    const Product mine = create(m_vendorA, simpleProduct(u"Mine"_s, u"A-1"_s, u"5.00"_s));
    const Product theirs = create(m_vendorB, simpleProduct(u"Theirs"_s, u"B-1"_s, u"5.00"_s));
    const Product shops = create(m_admin, simpleProduct(u"Shop's"_s, u"S-1"_s, u"5.00"_s));
    QVERIFY(mine.id > 0 && theirs.id > 0 && shops.id > 0);
    QCOMPARE(mine.vendorId, m_vendorA.vendorId);
    const qint64 audits = count(u"audit_log"_s);

    // Another vendor's product does not exist for a vendor, for every call.
    auto isHidden = [](const Error &error) { return error.code == ErrorCode::NotFound; };
    QVERIFY(isHidden(Database::wait(m_products->get(m_vendorA, theirs.id)).error()));
    QVERIFY(isHidden(Database::wait(m_products->get(m_vendorA, shops.id)).error()));
    QVERIFY(isHidden(Database::wait(m_products->update(m_vendorA, theirs.id, theirs.version,
                                                       simpleProduct(u"Taken"_s, u"B-1"_s, u"1"_s)))
                         .error()));
    QVERIFY(isHidden(Database::wait(m_products->setStatus(m_vendorA, theirs.id, ProductStatus::Inactive)).error()));
    QVERIFY(isHidden(Database::wait(m_products->remove(m_vendorA, theirs.id)).error()));
    BulkEdit bulk;
    bulk.kind = BulkEdit::Kind::PricePercent;
    bulk.percentBasisPoints = -5000;
    bulk.productIds = {mine.id, theirs.id};
    QVERIFY(isHidden(Database::wait(m_products->bulkEdit(m_vendorA, bulk)).error()));
    QCOMPARE(count(u"audit_log"_s), audits);
    QCOMPARE(Database::wait(m_products->get(m_vendorB, theirs.id))->variants[0].price, Money(500, u"USD"));
    QCOMPARE(Database::wait(m_products->get(m_vendorB, theirs.id))->name, u"Theirs"_s);

    // Creating for, or handing a product over to, another vendor is refused.
    ProductDraft forB = simpleProduct(u"Sneaky"_s, u"A-2"_s, u"1"_s);
    forB.vendorId = m_vendorB.vendorId;
    QCOMPARE(Database::wait(m_products->create(m_vendorA, forB)).error().code, ErrorCode::PermissionDenied);
    ProductDraft handOver = simpleProduct(u"Mine"_s, u"A-1"_s, u"5.00"_s);
    handOver.vendorId = m_vendorB.vendorId;
    QCOMPARE(Database::wait(m_products->update(m_vendorA, mine.id, mine.version, handOver)).error().code,
             ErrorCode::PermissionDenied);

    // Pages: a vendor sees only their own, even when asking for another's.
    ProductQuery query;
    query.vendorId = m_vendorB.vendorId;
    Result<QList<Product>> page = Database::wait(m_products->page(m_vendorA, query));
    QVERIFY(page.ok());
    QCOMPARE(page->size(), 1);
    QCOMPARE(page->first().id, mine.id);
    Result<QList<Product>> all = Database::wait(m_products->page(m_admin, {}));
    QCOMPARE(all->size(), 3);
    Result<QList<Product>> clerkView = Database::wait(m_products->page(m_clerk, {}));
    QCOMPARE(clerkView->size(), 3);

    // Their own products they do change.
    QVERIFY(Database::wait(m_products->setStatus(m_vendorA, mine.id, ProductStatus::OutOfStock)).ok());
    bulk.productIds = {mine.id};
    QCOMPARE(Database::wait(m_products->bulkEdit(m_vendorA, bulk)).value(), 1);
    QVERIFY(Database::wait(m_products->remove(m_vendorA, mine.id)).ok());

    // Admins change anyone's.
    Result<Product> current = Database::wait(m_products->get(m_admin, theirs.id));
    QVERIFY(Database::wait(m_products->update(m_admin, theirs.id, current->version,
                                              simpleProduct(u"Renamed"_s, u"B-1"_s, u"6"_s)))
                .ok());
}

void TestCatalog::rolesWithoutRights()
{
    const Product product = create(m_admin, simpleProduct(u"Cup"_s, u"C-1"_s, u"1"_s));
    Session customer = sessionFor(9, Role::Customer);
    Session unlinkedVendor = sessionFor(10, Role::Vendor);
    for (const Session &actor : {m_clerk, customer, unlinkedVendor, Session{}}) {
        QVERIFY(!Database::wait(m_products->create(actor, simpleProduct(u"X"_s, u"X-1"_s, u"1"_s))).ok());
        QVERIFY(!Database::wait(m_products->setStatus(actor, product.id, ProductStatus::Inactive)).ok());
        QVERIFY(!Database::wait(m_products->remove(actor, product.id)).ok());
        QVERIFY(!Database::wait(m_categories->create(actor, NewCategory{{}, u"Cat"_s, {}, {}})).ok());
    }
    // Vendors read the tree but do not change it.
    QVERIFY(Database::wait(m_categories->children(m_vendorA, {})).ok());
    QCOMPARE(Database::wait(m_categories->create(m_vendorA, NewCategory{{}, u"Cat"_s, {}, {}})).error().code,
             ErrorCode::PermissionDenied);
    QVERIFY(!Database::wait(m_products->get(customer, product.id)).ok());
    QVERIFY(Database::wait(m_products->get(m_clerk, product.id)).ok());
    QCOMPARE(count(u"products"_s), 1);
    QCOMPARE(count(u"categories"_s), 0);
}

void TestCatalog::updateReplacesVariants()
{
    ProductDraft draft;
    draft.name = u"Hoodie"_s;
    draft.variants = {variant(u"H-S"_s, u"30"_s, {{u"size"_s, u"S"_s}}),
                      variant(u"H-M"_s, u"31"_s, {{u"size"_s, u"M"_s}}),
                      variant(u"H-L"_s, u"32"_s, {{u"size"_s, u"L"_s}})};
    const Product product = create(m_admin, draft);
    QCOMPARE(product.variants.size(), 3);

    // Keep S and M with swapped SKUs, drop L, add XL.
    ProductDraft edit = draft;
    edit.name = u"Hoodie Pro"_s;
    edit.variants = {variant(u"H-M"_s, u"35"_s, {{u"size"_s, u"S"_s}}), variant(u"H-S"_s, u"36"_s, {{u"size"_s, u"M"_s}}),
                     variant(u"H-XL"_s, u"29.50"_s, {{u"size"_s, u"XL"_s}})};
    edit.variants[0].id = product.variants[0].id;
    edit.variants[1].id = product.variants[1].id;
    Result<Product> updated = Database::wait(m_products->update(m_admin, product.id, product.version, edit));
    QVERIFY2(updated.ok(), qPrintable(updated.ok() ? QString() : describe(updated.error())));
    QCOMPARE(updated->version, product.version + 1);
    QCOMPARE(updated->name, u"Hoodie Pro"_s);
    QCOMPARE(updated->slug, product.slug); // kept: links stay valid
    QCOMPARE(updated->variants.size(), 3);
    QCOMPARE(updated->variants[0].id, product.variants[0].id);
    QCOMPARE(updated->variants[0].sku, u"H-M"_s);
    QCOMPARE(updated->variants[1].sku, u"H-S"_s);
    QCOMPARE(updated->variants[2].sku, u"H-XL"_s);
    QCOMPARE(updated->minPrice, Money(2950, u"USD"));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM product_variants WHERE sku = 'H-L'"_s)->toInt(), 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'product.updated'"_s)->toInt(), 1);

    // A variant of another product cannot be pulled in.
    const Product other = create(m_admin, simpleProduct(u"Other"_s, u"O-1"_s, u"1"_s));
    ProductDraft steal = edit;
    steal.variants = {variant(u"O-1"_s, u"1"_s)};
    steal.variants[0].id = other.variants[0].id;
    QVERIFY(!Database::wait(m_products->update(m_admin, product.id, updated->version, steal)).ok());
}

void TestCatalog::staleUpdateIsRefused()
{
    const Product product = create(m_admin, simpleProduct(u"Mug"_s, u"M-1"_s, u"4"_s));
    ProductDraft first = simpleProduct(u"Mug (first)"_s, u"M-1"_s, u"4"_s);
    first.variants[0].id = product.variants[0].id;
    QVERIFY(Database::wait(m_products->update(m_admin, product.id, product.version, first)).ok());
    const qint64 audits = count(u"audit_log"_s);
    ProductDraft second = simpleProduct(u"Mug (second)"_s, u"M-1"_s, u"9"_s);
    second.variants[0].id = product.variants[0].id;
    Result<Product> stale = Database::wait(m_products->update(m_admin, product.id, product.version, second));
    QVERIFY(!stale.ok());
    QCOMPARE(stale.error().code, ErrorCode::Conflict);
    QVERIFY2(stale.error().message.contains(u"Reopen"_s), qPrintable(stale.error().message));
    Result<Product> now = Database::wait(m_products->get(m_admin, product.id));
    QCOMPARE(now->name, u"Mug (first)"_s);
    QCOMPARE(now->variants[0].price, Money(400, u"USD"));
    QCOMPARE(count(u"audit_log"_s), audits);

    // A status change or bulk edit also moves the version on.
    QVERIFY(Database::wait(m_products->setStatus(m_admin, product.id, ProductStatus::Inactive)).ok());
    QVERIFY(!Database::wait(m_products->update(m_admin, product.id, now->version, second)).ok());
}

void TestCatalog::concurrentUpdatesOnlyOneWins()
{
    const Product product = create(m_admin, simpleProduct(u"Lamp"_s, u"L-1"_s, u"4"_s));
    // A second Database is a second register: its own writer connection.
    std::shared_ptr<Database> otherRegister = m_testDb->open();
    QVERIFY(otherRegister);
    ProductService otherService(otherRegister);
    QList<QFuture<Result<Product>>> futures;
    for (int i = 0; i < 6; ++i) {
        ProductDraft draft = simpleProduct(u"Lamp %1"_s.arg(i), u"L-1"_s, u"%1.00"_s.arg(i + 1));
        draft.variants[0].id = product.variants[0].id;
        ProductService &service = i % 2 ? otherService : *m_products;
        futures.append(service.update(m_admin, product.id, product.version, draft));
    }
    int succeeded = 0;
    for (QFuture<Result<Product>> &future : futures) {
        Result<Product> result = Database::wait(future);
        if (result.ok())
            ++succeeded;
        else
            QVERIFY2(result.error().code == ErrorCode::Conflict || result.error().code == ErrorCode::Unavailable,
                     qPrintable(describe(result.error())));
    }
    QCOMPARE(succeeded, 1);
    QCOMPARE(Database::wait(m_products->get(m_admin, product.id))->version, product.version + 1);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'product.updated'"_s)->toInt(), 1);
}

void TestCatalog::setStatusAndRemove()
{
    const Product product = create(m_admin, simpleProduct(u"Vase"_s, u"V-1"_s, u"4"_s));
    QVERIFY(Database::wait(m_products->setStatus(m_admin, product.id, ProductStatus::Discontinued)).ok());
    QCOMPARE(Database::wait(m_products->get(m_admin, product.id))->status, ProductStatus::Discontinued);
    QCOMPARE(scalar(u"SELECT details FROM audit_log WHERE action = 'product.status_changed'"_s)->toString(),
             uR"({"from":"active","to":"discontinued"})"_s);
    QVERIFY(Database::wait(m_products->remove(m_admin, product.id)).ok());
    QCOMPARE(Database::wait(m_products->get(m_admin, product.id)).error().code, ErrorCode::NotFound);
    QCOMPARE(count(u"product_variants"_s), 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'product.deleted'"_s)->toInt(), 1);
}

void TestCatalog::bulkPrice_data()
{
    QTest::addColumn<QString>("price");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("basisPoints");
    QTest::addColumn<QString>("amount");
    QTest::addColumn<qint64>("expectedCents"); // -1: refused, nothing changed
    const int percent = int(BulkEdit::Kind::PricePercent);
    const int amount = int(BulkEdit::Kind::PriceAmount);
    QTest::newRow("19.99 +10%") << u"19.99"_s << percent << 1000 << QString() << qint64(2199);
    QTest::newRow("0.05 -15%") << u"0.05"_s << percent << -1500 << QString() << qint64(4);
    QTest::newRow("0.01 +50% rounds half up") << u"0.01"_s << percent << 5000 << QString() << qint64(2);
    QTest::newRow("0.03 -50% rounds half away") << u"0.03"_s << percent << -5000 << QString() << qint64(2);
    QTest::newRow("10.00 -100%") << u"10.00"_s << percent << -10000 << QString() << qint64(0);
    QTest::newRow("10.00 -101% refused") << u"10.00"_s << percent << -10100 << QString() << qint64(-1);
    QTest::newRow("12.34 +0%") << u"12.34"_s << percent << 0 << QString() << qint64(1234);
    QTest::newRow("3.00 +1.50") << u"3.00"_s << amount << 0 << u"1.50"_s << qint64(450);
    QTest::newRow("3.00 -3.00") << u"3.00"_s << amount << 0 << u"-3.00"_s << qint64(0);
    QTest::newRow("3.00 -5.00 refused") << u"3.00"_s << amount << 0 << u"-5.00"_s << qint64(-1);
    QTest::newRow("amount not a number") << u"3.00"_s << amount << 0 << u"five"_s << qint64(-1);
    QTest::newRow("amount too precise") << u"3.00"_s << amount << 0 << u"0.001"_s << qint64(-1);
}

void TestCatalog::bulkPrice()
{
    QFETCH(QString, price);
    QFETCH(int, kind);
    QFETCH(int, basisPoints);
    QFETCH(QString, amount);
    QFETCH(qint64, expectedCents);
    const Product product = create(m_admin, simpleProduct(u"Item"_s, u"IT-1"_s, price));
    // A second product at 100.00 shows the edit touches every selected one
    // (and that one refusal stops all of them).
    const Product big = create(m_admin, simpleProduct(u"Big"_s, u"BIG-1"_s, u"100.00"_s));
    const qint64 before = product.variants[0].price.minorUnits();
    const qint64 audits = count(u"audit_log"_s);
    BulkEdit edit;
    edit.kind = BulkEdit::Kind(kind);
    edit.productIds = {big.id, product.id, product.id};
    edit.percentBasisPoints = basisPoints;
    edit.amount = amount;
    Result<int> changed = Database::wait(m_products->bulkEdit(m_admin, edit));
    const Product after = Database::wait(m_products->get(m_admin, product.id)).value();
    const Product bigAfter = Database::wait(m_products->get(m_admin, big.id)).value();
    if (expectedCents < 0) {
        QVERIFY(!changed.ok());
        QCOMPARE(changed.error().code, ErrorCode::InvalidInput);
        QCOMPARE(after.variants[0].price.minorUnits(), before);
        QCOMPARE(bigAfter.variants[0].price.minorUnits(), 10000);
        QCOMPARE(after.version, product.version);
        QCOMPARE(count(u"audit_log"_s), audits);
        return;
    }
    QVERIFY2(changed.ok(), qPrintable(changed.ok() ? QString() : describe(changed.error())));
    QCOMPARE(changed.value(), 2);
    QCOMPARE(after.variants[0].price.minorUnits(), expectedCents);
    QCOMPARE(after.minPrice.minorUnits(), expectedCents);
    QCOMPARE(after.version, product.version + 1);
    QVERIFY(bigAfter.variants[0].price.minorUnits() != 10000 || (basisPoints == 0 && amount.isEmpty()));
    QCOMPARE(count(u"audit_log"_s), audits + 1);
}

void TestCatalog::bulkMoveAndStatus()
{
    const Category shoes = addCategory(u"Shoes"_s);
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids.append(create(m_vendorA, simpleProduct(u"Shoe %1"_s.arg(i), u"SH-%1"_s.arg(i), u"50"_s)).id);
    BulkEdit move;
    move.kind = BulkEdit::Kind::MoveToCategory;
    move.productIds = ids;
    move.categoryId = shoes.id;
    QCOMPARE(Database::wait(m_products->bulkEdit(m_vendorA, move)).value(), 3);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE category_id = ?"_s, {shoes.id})->toInt(), 3);

    BulkEdit status;
    status.kind = BulkEdit::Kind::SetStatus;
    status.status = ProductStatus::OutOfStock;
    status.productIds = ids.mid(0, 2);
    QCOMPARE(Database::wait(m_products->bulkEdit(m_admin, status)).value(), 2);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE status = 'out_of_stock'"_s)->toInt(), 2);

    move.categoryId.reset();
    QCOMPARE(Database::wait(m_products->bulkEdit(m_admin, move)).value(), 3);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE category_id IS NULL"_s)->toInt(), 3);
    const QString details = scalar(u"SELECT details FROM audit_log WHERE action = 'product.bulk_edited' "
                                   "ORDER BY id DESC LIMIT 1"_s)->toString();
    QVERIFY2(details.contains(u"\"products\":3"_s), qPrintable(details));
}

void TestCatalog::bulkRefusalsWriteNothing()
{
    const Product product = create(m_admin, simpleProduct(u"Item"_s, u"IT-1"_s, u"5"_s));
    const qint64 audits = count(u"audit_log"_s);
    BulkEdit move;
    move.kind = BulkEdit::Kind::MoveToCategory;
    move.productIds = {product.id};
    move.categoryId = 4242;
    QCOMPARE(Database::wait(m_products->bulkEdit(m_admin, move)).error().code, ErrorCode::InvalidInput);
    move.categoryId.reset();
    move.productIds = {product.id, 4242};
    QCOMPARE(Database::wait(m_products->bulkEdit(m_admin, move)).error().code, ErrorCode::NotFound);
    move.productIds.clear();
    QCOMPARE(Database::wait(m_products->bulkEdit(m_admin, move)).error().code, ErrorCode::InvalidInput);
    QCOMPARE(Database::wait(m_products->bulkEdit(m_clerk, move)).error().code, ErrorCode::PermissionDenied);
    QCOMPARE(count(u"audit_log"_s), audits);
    QCOMPARE(Database::wait(m_products->get(m_admin, product.id))->version, product.version);
}

void TestCatalog::categoryTree()
{
    const Category men = addCategory(u"Men"_s);
    const Category women = addCategory(u"Women"_s);
    const Category menAcc = addCategory(u"Accessories"_s, men.id);
    const Category womenAcc = addCategory(u"Accessories"_s, women.id); // same slug, other parent
    QVERIFY(men.id && women.id && menAcc.id && womenAcc.id);
    QCOMPARE(menAcc.slug, u"accessories"_s);
    QCOMPARE(women.position, 1);

    // Siblings may not share a slug.
    Result<Category> twin = Database::wait(m_categories->create(m_admin, NewCategory{men.id, u"ACCESSORIES!"_s, {}, {}}));
    QCOMPARE(twin.error().code, ErrorCode::Conflict);
    QCOMPARE(Database::wait(m_categories->create(m_admin, NewCategory{4242, u"Orphan"_s, {}, {}})).error().code,
             ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_categories->create(m_admin, NewCategory{{}, u"  "_s, {}, {}})).error().code,
             ErrorCode::InvalidInput);
    QCOMPARE(Database::wait(m_categories->rename(m_admin, women.id, u"Men"_s)).error().code, ErrorCode::Conflict);
    QCOMPARE(count(u"categories"_s), 4);

    QVERIFY(Database::wait(m_categories->rename(m_admin, women.id, u"Ladies"_s)).ok());
    QCOMPARE(Database::wait(m_categories->get(m_admin, women.id))->slug, u"ladies"_s);

    // Moving women's accessories under men clashes with men's own.
    QCOMPARE(Database::wait(m_categories->move(m_admin, womenAcc.id, men.id)).error().code, ErrorCode::Conflict);
    // Moving men's to the top is fine; the old level keeps positions 0..n-1.
    const Category belts = addCategory(u"Belts"_s, men.id);
    QVERIFY(Database::wait(m_categories->move(m_admin, menAcc.id, std::nullopt)).ok());
    QCOMPARE(Database::wait(m_categories->get(m_admin, belts.id))->position, 0);
    QList<Category> roots = Database::wait(m_categories->children(m_clerk, std::nullopt)).value();
    QCOMPARE(roots.size(), 3);
    QCOMPARE(roots.last().id, menAcc.id);

    QVERIFY(Database::wait(m_categories->setActive(m_admin, men.id, false)).ok());
    QVERIFY(!Database::wait(m_categories->get(m_admin, men.id))->isActive);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action LIKE 'category.%'"_s)->toInt(), 4 + 1 + 1 + 1 + 1);
}

void TestCatalog::categoryMoveCycleRefused()
{
    const Category a = addCategory(u"A"_s);
    const Category b = addCategory(u"B"_s, a.id);
    const Category c = addCategory(u"C"_s, b.id);
    const qint64 audits = count(u"audit_log"_s);
    for (qint64 target : {a.id, b.id, c.id}) {
        Status moved = Database::wait(m_categories->move(m_admin, a.id, target));
        QVERIFY(!moved.ok());
        QCOMPARE(moved.error().code, ErrorCode::InvalidInput);
    }
    QCOMPARE(Database::wait(m_categories->move(m_admin, b.id, c.id)).error().code, ErrorCode::InvalidInput);
    QCOMPARE(count(u"audit_log"_s), audits);
    QCOMPARE(Database::wait(m_categories->get(m_admin, b.id))->parentId, a.id);
    // Moving a leaf up a level is not a cycle.
    QVERIFY(Database::wait(m_categories->move(m_admin, c.id, a.id)).ok());
    QCOMPARE(Database::wait(m_categories->get(m_admin, c.id))->parentId, a.id);
}

void TestCatalog::categoryReorder()
{
    const Category root = addCategory(u"Root"_s);
    QList<qint64> ids;
    for (const QString &name : {u"One"_s, u"Two"_s, u"Three"_s})
        ids.append(addCategory(name, root.id).id);
    const QList<qint64> reversed{ids[2], ids[1], ids[0]};
    QVERIFY(Database::wait(m_categories->reorder(m_admin, root.id, reversed)).ok());
    QList<qint64> now;
    const QList<Category> children = Database::wait(m_categories->children(m_admin, root.id)).value();
    for (const Category &child : children)
        now.append(child.id);
    QCOMPARE(now, reversed);
    QCOMPARE(children[0].position, 0);
    QCOMPARE(children[2].position, 2);
    // A list that is not exactly the children is refused.
    QCOMPARE(Database::wait(m_categories->reorder(m_admin, root.id, {ids[0], ids[1]})).error().code,
             ErrorCode::Conflict);
    QCOMPARE(Database::wait(m_categories->reorder(m_admin, root.id, {ids[0], ids[1], ids[1]})).error().code,
             ErrorCode::Conflict);
    QCOMPARE(Database::wait(m_categories->reorder(m_vendorA, root.id, reversed)).error().code,
             ErrorCode::PermissionDenied);
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
