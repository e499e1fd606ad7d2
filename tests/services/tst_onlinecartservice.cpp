// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "orders/OnlineCartService.h"
#include "sales/Pricing.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

// A customer's online cart: adding (merging the same variant), changing and
// removing lines, the stock and quantity rules, other customers' lines, and
// the money exactly as the register's Pricing computes it.
class TestOnlineCartService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void anEmptyCartCostsNothing();
    void addsAndMergesTheSameVariant();
    void aProductWithOptionsNeedsItsVariant();
    void badQuantitiesAreRefusedAndWriteNothing_data();
    void badQuantitiesAreRefusedAndWriteNothing();
    void unknownAndInactiveProductsAreRefused();
    void moreThanAvailableIsAConflictNamingWhatIsLeft();
    void updatesAndRemovesLines();
    void anotherCustomersLineDoesNotExistForThem();
    void pricesExactlyAsPricingDoes();
    void shippingIsFreeFromTheThreshold();
    void linesThatRanShortAreMarkedUnavailable();
    void onlyCustomersMayShop();

private:
    qint64 productOf(qint64 variantId);
    qint64 addProductWithSizes();
    Result<qint64> add(const Session &who, qint64 productId, std::optional<qint64> variantId, qint64 quantity);
    OnlineCartSummary summary(const Session &who);
    qint64 written();

    test::InventoryFixture m_f;
    std::unique_ptr<OnlineCartService> m_carts;
    Session m_customer;
    Session m_other;
    qint64 m_shirtProduct = 0;
    qint64 m_mugProduct = 0;
};

void TestOnlineCartService::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_carts = std::make_unique<OnlineCartService>(m_f.m_db);
    m_customer = test::sessionFor(m_f.addUser(u"jo@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_other = test::sessionFor(m_f.addUser(u"sam@customer.test"_s, u"customer"_s, {}), Role::Customer);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    m_shirtProduct = productOf(m_f.m_shirt);
    m_mugProduct = productOf(m_f.m_mug);
    QVERIFY(m_shirtProduct > 0 && m_mugProduct > 0);
}

void TestOnlineCartService::cleanup()
{
    m_carts.reset();
    m_f.tearDown();
}

qint64 TestOnlineCartService::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

qint64 TestOnlineCartService::addProductWithSizes()
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
    Result<Product> created = Database::wait(ProductService(m_f.m_db).create(m_f.m_admin, draft));
    if (!created) {
        qWarning() << why(created);
        return 0;
    }
    return created->id;
}

Result<qint64> TestOnlineCartService::add(const Session &who, qint64 productId, std::optional<qint64> variantId,
                                          qint64 quantity)
{
    return Database::wait(m_carts->add(who, productId, variantId, quantity));
}

OnlineCartSummary TestOnlineCartService::summary(const Session &who)
{
    Result<OnlineCartSummary> read = Database::wait(m_carts->summary(who));
    if (!read)
        qWarning() << why(read);
    return read.ok() ? read.value() : OnlineCartSummary();
}

// Everything a cart change can write, as one figure to compare before and after.
qint64 TestOnlineCartService::written()
{
    return m_f.scalar(u"SELECT (SELECT COUNT(*) FROM carts) * 1000000 + (SELECT COUNT(*) FROM cart_items) * 1000 + "
                      "(SELECT COALESCE(SUM(quantity), 0) FROM cart_items)"_s)
        .toLongLong();
}

void TestOnlineCartService::anEmptyCartCostsNothing()
{
    const OnlineCartSummary empty = summary(m_customer);
    QCOMPARE(empty.cartId, 0);
    QVERIFY(empty.items.isEmpty());
    QCOMPARE(empty.total, Money(0, u"USD"));
    QCOMPARE(empty.shipping, Money(0, u"USD"));
    QCOMPARE(written(), 0);
}

void TestOnlineCartService::addsAndMergesTheSameVariant()
{
    const Result<qint64> first = add(m_customer, m_shirtProduct, std::nullopt, 2);
    QVERIFY2(first.ok(), qPrintable(why(first)));
    const Result<qint64> again = add(m_customer, m_shirtProduct, m_f.m_shirt, 3);
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again.value(), first.value());
    const Result<qint64> mug = add(m_customer, m_mugProduct, std::nullopt, 1);
    QVERIFY2(mug.ok(), qPrintable(why(mug)));
    QVERIFY(mug.value() != first.value());

    const OnlineCartSummary cart = summary(m_customer);
    QVERIFY(cart.cartId > 0);
    QCOMPARE(cart.items.size(), 2);
    QCOMPARE(cart.items.at(0).cartItemId, first.value());
    QCOMPARE(cart.items.at(0).productId, m_shirtProduct);
    QCOMPARE(cart.items.at(0).variantId, m_f.m_shirt);
    QCOMPARE(cart.items.at(0).name, u"Linen shirt"_s);
    QCOMPARE(cart.items.at(0).sku, u"SHIRT-1"_s);
    QCOMPARE(cart.items.at(0).quantity, 5);
    QCOMPARE(cart.items.at(0).unitPrice, Money(1000, u"USD"));
    QCOMPARE(cart.items.at(0).lineTotal, Money(5000, u"USD"));
    QVERIFY(cart.items.at(0).available);
    QCOMPARE(cart.items.at(0).availableQuantity, 20);
    QCOMPARE(cart.totalItems, 6);
    // One open online cart per customer, owned by them and on no register.
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM carts WHERE owner_user_id = ? AND register_id IS NULL "
                        "AND status = 'open'"_s,
                        {m_customer.userId})
                 .toLongLong(),
             1);
}

void TestOnlineCartService::aProductWithOptionsNeedsItsVariant()
{
    const qint64 jacket = addProductWithSizes();
    QVERIFY(jacket > 0);
    const qint64 medium = m_f.scalar(u"SELECT id FROM product_variants WHERE sku = 'JACKET-M'"_s).toLongLong();
    m_f.receive(medium, m_f.m_store, 5);
    const qint64 before = written();

    const Result<qint64> without = add(m_customer, jacket, std::nullopt, 1);
    QCOMPARE(without.error().code, ErrorCode::InvalidInput);
    QVERIFY2(without.error().message.contains(u"variant_id"_s), qPrintable(without.error().message));
    // A variant of another product is not one of this product's.
    const Result<qint64> foreign = add(m_customer, jacket, m_f.m_shirt, 1);
    QCOMPARE(foreign.error().code, ErrorCode::NotFound);
    const Result<qint64> unknown = add(m_customer, jacket, 999999, 1);
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
    QCOMPARE(written(), before);

    const Result<qint64> added = add(m_customer, jacket, medium, 2);
    QVERIFY2(added.ok(), qPrintable(why(added)));
    QCOMPARE(summary(m_customer).items.at(0).options, u"M"_s);
}

void TestOnlineCartService::badQuantitiesAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<qint64>("quantity");
    QTest::newRow("zero") << qint64(0);
    QTest::newRow("negative") << qint64(-1);
    QTest::newRow("above 999") << qint64(1000);
    QTest::newRow("huge") << std::numeric_limits<qint64>::max();
}

void TestOnlineCartService::badQuantitiesAreRefusedAndWriteNothing()
{
    QFETCH(qint64, quantity);
    QCOMPARE(add(m_customer, m_shirtProduct, std::nullopt, quantity).error().code, ErrorCode::InvalidInput);
    QCOMPARE(written(), 0);

    const Result<qint64> line = add(m_customer, m_shirtProduct, std::nullopt, 1);
    QVERIFY2(line.ok(), qPrintable(why(line)));
    const qint64 before = written();
    if (quantity != 0) {
        const Status updated = Database::wait(m_carts->update(m_customer, line.value(), quantity));
        QCOMPARE(updated.error().code, ErrorCode::InvalidInput);
    }
    QCOMPARE(written(), before);
}

void TestOnlineCartService::unknownAndInactiveProductsAreRefused()
{
    const Result<qint64> unknown = add(m_customer, 999999, std::nullopt, 1);
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
    QVERIFY(m_f.run(u"UPDATE products SET status = 'inactive' WHERE id = ?"_s, {m_shirtProduct}).ok());
    const Result<qint64> inactive = add(m_customer, m_shirtProduct, std::nullopt, 1);
    QCOMPARE(inactive.error().code, ErrorCode::InvalidInput);
    QVERIFY2(inactive.error().message.contains(u"Linen shirt"_s), qPrintable(inactive.error().message));
    QVERIFY(m_f.run(u"UPDATE products SET status = 'discontinued' WHERE id = ?"_s, {m_shirtProduct}).ok());
    QCOMPARE(add(m_customer, m_shirtProduct, std::nullopt, 1).error().code, ErrorCode::InvalidInput);
    QVERIFY(m_f.run(u"UPDATE product_variants SET is_active = 0 WHERE id = ?"_s, {m_f.m_mug}).ok());
    QCOMPARE(add(m_customer, m_mugProduct, m_f.m_mug, 1).error().code, ErrorCode::InvalidInput);
    QCOMPARE(written(), 0);
}

void TestOnlineCartService::moreThanAvailableIsAConflictNamingWhatIsLeft()
{
    const Result<qint64> tooMany = add(m_customer, m_shirtProduct, std::nullopt, 21);
    QCOMPARE(tooMany.error().code, ErrorCode::Conflict);
    QVERIFY2(tooMany.error().message.contains(u"Only 20 of Linen shirt (SKU SHIRT-1)"_s),
             qPrintable(tooMany.error().message));
    QCOMPARE(written(), 0);

    QVERIFY(add(m_customer, m_shirtProduct, std::nullopt, 15).ok());
    const qint64 before = written();
    // Merging counts what is already in the cart.
    const Result<qint64> merged = add(m_customer, m_shirtProduct, std::nullopt, 6);
    QCOMPARE(merged.error().code, ErrorCode::Conflict);
    QCOMPARE(written(), before);
    QCOMPARE(summary(m_customer).items.at(0).quantity, 15);

    // Reserved stock is not available.
    QVERIFY(m_f.run(u"UPDATE stock_levels SET reserved = 20 WHERE variant_id = ?"_s, {m_f.m_mug}).ok());
    const Result<qint64> none = add(m_customer, m_mugProduct, std::nullopt, 1);
    QCOMPARE(none.error().code, ErrorCode::Conflict);
    QVERIFY2(none.error().message.contains(u"out of stock"_s), qPrintable(none.error().message));
    QCOMPARE(written(), before);
}

void TestOnlineCartService::updatesAndRemovesLines()
{
    const Result<qint64> shirt = add(m_customer, m_shirtProduct, std::nullopt, 2);
    const Result<qint64> mug = add(m_customer, m_mugProduct, std::nullopt, 2);
    QVERIFY(shirt.ok() && mug.ok());

    Status ok = Database::wait(m_carts->update(m_customer, shirt.value(), 7));
    QVERIFY2(ok.ok(), qPrintable(why(ok)));
    QCOMPARE(summary(m_customer).items.at(0).quantity, 7);

    const qint64 before = written();
    const Status tooMany = Database::wait(m_carts->update(m_customer, shirt.value(), 21));
    QCOMPARE(tooMany.error().code, ErrorCode::Conflict);
    QVERIFY2(tooMany.error().message.contains(u"Only 20"_s), qPrintable(tooMany.error().message));
    QCOMPARE(written(), before);

    // Zero removes the line, as in the original.
    ok = Database::wait(m_carts->update(m_customer, shirt.value(), 0));
    QVERIFY2(ok.ok(), qPrintable(why(ok)));
    QCOMPARE(summary(m_customer).items.size(), 1);
    QCOMPARE(Database::wait(m_carts->update(m_customer, shirt.value(), 1)).error().code, ErrorCode::NotFound);

    ok = Database::wait(m_carts->remove(m_customer, mug.value()));
    QVERIFY2(ok.ok(), qPrintable(why(ok)));
    QVERIFY(summary(m_customer).items.isEmpty());
    QCOMPARE(Database::wait(m_carts->remove(m_customer, mug.value())).error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_carts->remove(m_customer, 999999)).error().code, ErrorCode::NotFound);
}

void TestOnlineCartService::anotherCustomersLineDoesNotExistForThem()
{
    const Result<qint64> mine = add(m_customer, m_shirtProduct, std::nullopt, 2);
    QVERIFY(mine.ok());
    QVERIFY(add(m_other, m_mugProduct, std::nullopt, 1).ok());
    const qint64 before = written();

    const Status updated = Database::wait(m_carts->update(m_other, mine.value(), 5));
    const Status removed = Database::wait(m_carts->remove(m_other, mine.value()));
    const Status unknown = Database::wait(m_carts->remove(m_other, 999999));
    QCOMPARE(updated.error().code, ErrorCode::NotFound);
    QCOMPARE(removed.error().code, ErrorCode::NotFound);
    // The same answer as for an id that never existed: nothing revealed.
    QCOMPARE(removed.error().message, unknown.error().message);
    QCOMPARE(written(), before);

    const OnlineCartSummary theirs = summary(m_other);
    QCOMPARE(theirs.items.size(), 1);
    QCOMPARE(theirs.items.at(0).productId, m_mugProduct);
    QCOMPARE(summary(m_customer).items.at(0).quantity, 2);
}

void TestOnlineCartService::pricesExactlyAsPricingDoes()
{
    // Prices and tax classes where half-up rounding per line matters:
    // 3 x 3.33 at the reduced 5 % = 0.4995 -> 0.50; 2 x 19.99 at 8 % = 3.1984 -> 3.20.
    QVERIFY(m_f.run(u"UPDATE product_variants SET price_cents = 1999 WHERE id = ?"_s, {m_f.m_shirt}).ok());
    QVERIFY(m_f.run(u"UPDATE product_variants SET price_cents = 333 WHERE id = ?"_s, {m_f.m_mug}).ok());
    QVERIFY(m_f.run(u"UPDATE products SET tax_class = 'reduced' WHERE id = ?"_s, {m_mugProduct}).ok());
    QVERIFY(add(m_customer, m_shirtProduct, std::nullopt, 2).ok());
    QVERIFY(add(m_customer, m_mugProduct, std::nullopt, 3).ok());

    const OnlineCartSummary cart = summary(m_customer);
    QCOMPARE(cart.subtotal, Money(4997, u"USD"));
    QCOMPARE(cart.tax, Money(370, u"USD"));
    QCOMPARE(cart.shipping, Money(599, u"USD"));
    QCOMPARE(cart.total, Money(5966, u"USD"));
    QCOMPARE(cart.items.at(1).lineTotal, Money(999, u"USD"));

    // The same lines through Pricing itself, with the online rules.
    Result<PricingRules> rules = Database::wait(m_f.m_db->read([](Connection &c) {
        return Pricing::rulesInTransaction(c);
    }));
    QVERIFY2(rules.ok(), qPrintable(why(rules)));
    rules.value().chargeShipping = true;
    CartLine shirt;
    shirt.quantity = 2;
    shirt.unitPrice = Money(1999, u"USD");
    CartLine mug;
    mug.quantity = 3;
    mug.unitPrice = Money(333, u"USD");
    mug.taxClass = u"reduced"_s;
    const Result<PricedCart> priced = Pricing::price({shirt, mug}, std::nullopt, rules.value());
    QVERIFY2(priced.ok(), qPrintable(why(priced)));
    QCOMPARE(cart.subtotal, priced->subtotal);
    QCOMPARE(cart.tax, priced->tax);
    QCOMPARE(cart.shipping, priced->shipping);
    QCOMPARE(cart.total, priced->total);
}

void TestOnlineCartService::shippingIsFreeFromTheThreshold()
{
    const Result<qint64> line = add(m_customer, m_shirtProduct, std::nullopt, 4);
    QVERIFY(line.ok());
    QCOMPARE(summary(m_customer).shipping, Money(599, u"USD"));
    QVERIFY(Database::wait(m_carts->update(m_customer, line.value(), 5)).ok());
    const OnlineCartSummary cart = summary(m_customer);
    QCOMPARE(cart.subtotal, Money(5000, u"USD"));
    QCOMPARE(cart.shipping, Money(0, u"USD"));
    QCOMPARE(cart.total, Money(5400, u"USD"));
}

void TestOnlineCartService::linesThatRanShortAreMarkedUnavailable()
{
    QVERIFY(add(m_customer, m_shirtProduct, std::nullopt, 5).ok());
    QVERIFY(m_f.sell(m_f.m_store, {StockLine{m_f.m_shirt, 18, {}}}).ok());
    OnlineCartSummary cart = summary(m_customer);
    QVERIFY(!cart.items.at(0).available);
    QCOMPARE(cart.items.at(0).availableQuantity, 2);
    // Fewer is always allowed, even of an item that ran short.
    QVERIFY(Database::wait(m_carts->update(m_customer, cart.items.at(0).cartItemId, 2)).ok());
    cart = summary(m_customer);
    QVERIFY(cart.items.at(0).available);
}

void TestOnlineCartService::onlyCustomersMayShop()
{
    QCOMPARE(add(m_f.m_clerk, m_shirtProduct, std::nullopt, 1).error().code, ErrorCode::PermissionDenied);
    QCOMPARE(add(Session(), m_shirtProduct, std::nullopt, 1).error().code, ErrorCode::Unauthenticated);
    QCOMPARE(Database::wait(m_carts->summary(m_f.m_vendor)).error().code, ErrorCode::PermissionDenied);
    QCOMPARE(written(), 0);
}

QTEST_GUILESS_MAIN(TestOnlineCartService)
#include "tst_onlinecartservice.moc"
