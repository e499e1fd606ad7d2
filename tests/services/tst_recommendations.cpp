// storekeeper-test: postgres
// Recommendations: the pair and sales figures that register sales leave
// behind (through cart, cash payment and checkout), the suggestions read
// from them, a rebuild that gives the same figures, the cap on a large
// order's pairs, and returns that leave co-occurrence alone.
#include "tst_inventory_fixture.h"

#include "orders/ReturnService.h"
#include "payments/PaymentService.h"
#include "recommendations/RecommendationLedger.h"
#include "recommendations/Recommendations.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QCoroTask>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

struct Item {
    QString sku;
    qint64 quantity = 1;
};

} // namespace

class TestRecommendations : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void registerSalesCountEveryPairBothWays();
    void forCartExcludesTheCartAndWhatCannotBeSold();
    void topInCategoryRanksByUnits();
    void aProductMovedToAnotherCategoryTakesItsSalesAlong();
    void badRequestsAreRefused();
    void rebuildEqualsIncremental();
    void aLargeOrderPairsOnlyItsFiftyBiggestProducts();
    void aReturnLeavesCoOccurrenceAlone();

private:
    qint64 sell(const QList<Item> &items);
    qint64 productOf(qint64 variantId);
    QList<qint64> productIds(const QList<Recommendation> &found);
    qint64 pairs(qint64 productId, qint64 otherId);
    QString tableText(const QString &sql);
    Result<QList<Recommendation>> forCart(const QList<qint64> &products, int limit = 5, const Session *actor = nullptr);
    void sellTheUsualBaskets();

    test::InventoryFixture m_f;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<Recommendations> m_recommendations;
    qint64 m_register = 0;
    qint64 m_scarf = 0;
    qint64 m_socks = 0;
    qint64 m_category = 0;
};

void TestRecommendations::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_payments = std::make_shared<PaymentService>(m_f.m_db, nullptr);
    m_carts = std::make_unique<CartService>(m_f.m_db);
    m_checkout = std::make_unique<CheckoutService>(m_f.m_db, m_payments);
    m_recommendations = std::make_unique<Recommendations>(m_f.m_db);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
    m_scarf = m_f.addProduct(u"Wool scarf"_s, u"SCARF-1"_s, {}, {});
    m_socks = m_f.addProduct(u"Hiking socks"_s, u"SOCKS-1"_s, {}, {});
    QVERIFY(m_scarf > 0 && m_socks > 0);
    for (qint64 variant : {m_f.m_shirt, m_f.m_mug, m_f.m_tea, m_scarf, m_socks})
        m_f.receive(variant, m_f.m_store, 50);
    const Result<Shift> shift =
        Database::wait(ShiftService(m_f.m_db).open(m_f.m_clerk, m_register, Money(10000, u"USD")));
    QVERIFY2(shift.ok(), qPrintable(why(shift)));
    m_category = m_f.insert(u"INSERT INTO categories (name, slug, created_at, updated_at) VALUES ('Clothing', "
                            "'clothing', ?, ?) RETURNING id"_s,
                            {QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc()});
    QVERIFY(m_category > 0);
    QVERIFY(m_f.run(u"UPDATE products SET category_id = ? WHERE id IN (SELECT product_id FROM product_variants "
                    "WHERE sku IN ('SHIRT-1', 'SCARF-1', 'SOCKS-1'))"_s,
                    {m_category})
                .ok());
}

void TestRecommendations::cleanup()
{
    m_recommendations.reset();
    m_checkout.reset();
    m_carts.reset();
    m_payments.reset();
    m_f.tearDown();
}

// A whole sale at the register: scanned, paid in cash, checked out.
qint64 TestRecommendations::sell(const QList<Item> &items)
{
    Result<Cart> cart = Database::wait(m_carts->current(m_f.m_clerk, m_register));
    if (!cart) {
        qWarning() << why(cart);
        return 0;
    }
    for (const Item &item : items) {
        cart = Database::wait(m_carts->addByCode(m_f.m_clerk, cart->id, item.sku, item.quantity));
        if (!cart) {
            qWarning() << why(cart);
            return 0;
        }
    }
    const Result<Payment> paid = Database::wait(m_payments->addCash(m_f.m_clerk, cart->id, cart->due));
    if (!paid) {
        qWarning() << why(paid);
        return 0;
    }
    const Result<CompletedSale> sale = Database::wait(m_checkout->complete(m_f.m_clerk, cart->id));
    if (!sale) {
        qWarning() << why(sale);
        return 0;
    }
    return sale->orderId;
}

qint64 TestRecommendations::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

QList<qint64> TestRecommendations::productIds(const QList<Recommendation> &found)
{
    QList<qint64> ids;
    for (const Recommendation &recommendation : found)
        ids.append(recommendation.productId);
    return ids;
}

qint64 TestRecommendations::pairs(qint64 productId, qint64 otherId)
{
    return m_f.scalar(u"SELECT COALESCE(MAX(orders), 0) FROM product_pairs WHERE product_id = ? AND other_id = ?"_s,
                      {productId, otherId})
        .toLongLong();
}

QString TestRecommendations::tableText(const QString &sql)
{
    const Result<QString> text = Database::wait(m_f.m_db->read([sql](Connection &c) -> Result<QString> {
        Result<QSqlQuery> rows = c.exec(sql);
        if (!rows)
            return rows.error();
        QStringList lines;
        while (rows.value().next()) {
            QStringList fields;
            for (int i = 0; i < rows.value().record().count(); ++i)
                fields.append(QString::number(rows.value().value(i).toLongLong()));
            lines.append(fields.join(u' '));
        }
        return lines.join(u'\n');
    }));
    return text.ok() ? text.value() : why(text);
}

Result<QList<Recommendation>> TestRecommendations::forCart(const QList<qint64> &products, int limit,
                                                           const Session *actor)
{
    return Database::wait(m_recommendations->forCart(actor ? *actor : m_f.m_clerk, products, limit));
}

// shirt+mug+tea (tea twice over), shirt+mug, mug+scarf.
void TestRecommendations::sellTheUsualBaskets()
{
    QVERIFY(sell({{u"SHIRT-1"_s}, {u"MUG-1"_s}, {u"TEA-1"_s, 2}}) > 0);
    QVERIFY(sell({{u"MUG-1"_s}, {u"SHIRT-1"_s}}) > 0);
    QVERIFY(sell({{u"MUG-1"_s}, {u"SCARF-1"_s}, {u"MUG-1"_s}}) > 0);
}

void TestRecommendations::registerSalesCountEveryPairBothWays()
{
    sellTheUsualBaskets();
    const qint64 shirt = productOf(m_f.m_shirt), mug = productOf(m_f.m_mug), tea = productOf(m_f.m_tea),
                 scarf = productOf(m_scarf), socks = productOf(m_socks);
    QCOMPARE(pairs(shirt, mug), 2);
    QCOMPARE(pairs(mug, shirt), 2);
    QCOMPARE(pairs(shirt, tea), 1);
    QCOMPARE(pairs(tea, shirt), 1);
    QCOMPARE(pairs(mug, tea), 1);
    QCOMPARE(pairs(tea, mug), 1);
    QCOMPARE(pairs(mug, scarf), 1);
    QCOMPARE(pairs(scarf, mug), 1);
    QCOMPARE(pairs(shirt, scarf), 0);
    QCOMPARE(m_f.count(u"product_pairs"_s), 8);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM product_pairs WHERE product_id = other_id"_s).toLongLong(), 0);
    // Units and orders per product: the mug was scanned twice in the last sale.
    QCOMPARE(tableText(u"SELECT product_id, category_id, units, orders FROM product_sales ORDER BY product_id"_s),
             u"%1 %2 2 2\n%3 0 4 3\n%4 0 2 1\n%5 %2 1 1"_s.arg(shirt).arg(m_category).arg(mug).arg(tea).arg(scarf));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM product_sales WHERE product_id = ?"_s, {socks}).toLongLong(), 0);
}

void TestRecommendations::forCartExcludesTheCartAndWhatCannotBeSold()
{
    sellTheUsualBaskets();
    const qint64 shirt = productOf(m_f.m_shirt), mug = productOf(m_f.m_mug), tea = productOf(m_f.m_tea),
                 scarf = productOf(m_scarf);

    Result<QList<Recommendation>> found = forCart({shirt});
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(productIds(found.value()), (QList<qint64>{mug, tea}));
    QCOMPARE(found->first().score, 2);
    QCOMPARE(found->first().sku, u"MUG-1"_s);
    QCOMPARE(found->first().variantId, m_f.m_mug);
    QCOMPARE(found->first().name, u"Tea mug"_s);

    // shirt+mug: tea with both (1 + 1), scarf with the mug; never the cart's own.
    found = forCart({shirt, mug, shirt});
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(productIds(found.value()), (QList<qint64>{tea, scarf}));
    QCOMPARE(found->at(0).score, 2);
    QCOMPARE(found->at(1).score, 1);
    found = forCart({shirt, mug}, 1);
    QCOMPARE(productIds(found.value()), (QList<qint64>{tea}));

    QVERIFY(m_f.run(u"UPDATE products SET status = 'inactive' WHERE id = ?"_s, {tea}).ok());
    found = forCart({shirt, mug});
    QCOMPARE(productIds(found.value()), (QList<qint64>{scarf}));
    QVERIFY(m_f.run(u"UPDATE product_variants SET is_active = 0 WHERE product_id = ?"_s, {scarf}).ok());
    found = forCart({shirt, mug});
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QVERIFY(found->isEmpty());

    found = Database::wait(m_recommendations->boughtTogether(m_f.m_vendor, mug, 5));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(productIds(found.value()), (QList<qint64>{shirt}));
    QVERIFY(forCart({}).value().isEmpty());
}

void TestRecommendations::topInCategoryRanksByUnits()
{
    QVERIFY(sell({{u"SOCKS-1"_s, 3}, {u"SHIRT-1"_s}}) > 0);
    QVERIFY(sell({{u"SCARF-1"_s, 2}}) > 0);
    const qint64 shirt = productOf(m_f.m_shirt), scarf = productOf(m_scarf), socks = productOf(m_socks);
    Result<QList<Recommendation>> top = Database::wait(m_recommendations->topInCategory(m_f.m_clerk, m_category, 5));
    QVERIFY2(top.ok(), qPrintable(why(top)));
    QCOMPARE(productIds(top.value()), (QList<qint64>{socks, scarf, shirt}));
    QCOMPARE(top->first().score, 3);
    QCOMPARE(top->first().sku, u"SOCKS-1"_s);
    QVERIFY(m_f.run(u"UPDATE products SET status = 'discontinued' WHERE id = ?"_s, {socks}).ok());
    top = Database::wait(m_recommendations->topInCategory(m_f.m_clerk, m_category, 1));
    QCOMPARE(productIds(top.value()), (QList<qint64>{scarf}));
}

void TestRecommendations::aProductMovedToAnotherCategoryTakesItsSalesAlong()
{
    QVERIFY(sell({{u"SOCKS-1"_s, 3}, {u"SHIRT-1"_s}}) > 0);
    QVERIFY(sell({{u"SCARF-1"_s, 2}}) > 0);
    const qint64 shirt = productOf(m_f.m_shirt), scarf = productOf(m_scarf), socks = productOf(m_socks);
    const qint64 winter = m_f.insert(u"INSERT INTO categories (name, slug, created_at, updated_at) VALUES "
                                     "('Winter', 'winter', ?, ?) RETURNING id"_s,
                                     {QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc()});
    QVERIFY(winter > 0);
    const auto top = [this](qint64 category) {
        Result<QList<Recommendation>> found =
            Database::wait(m_recommendations->topInCategory(m_f.m_clerk, category, 5));
        return found.ok() ? productIds(found.value()) : QList<qint64>{-1};
    };

    // Moved with no sale since: the socks count in their new category at once.
    QVERIFY(m_f.run(u"UPDATE products SET category_id = ? WHERE id = ?"_s, {winter, socks}).ok());
    QCOMPARE(top(winter), (QList<qint64>{socks}));
    QCOMPARE(top(m_category), (QList<qint64>{scarf, shirt}));
    // Out of every category: among the products without one.
    QVERIFY(m_f.run(u"UPDATE products SET category_id = NULL WHERE id = ?"_s, {scarf}).ok());
    QCOMPARE(top(m_category), (QList<qint64>{shirt}));
    QCOMPARE(top(0), (QList<qint64>{scarf}));
    // Other changes of the product leave its row alone.
    QVERIFY(m_f.run(u"UPDATE products SET name = 'Thick socks' WHERE id = ?"_s, {socks}).ok());
    QCOMPARE(top(winter), (QList<qint64>{socks}));

    // A rebuild reads the same categories.
    const QString salesSql = u"SELECT product_id, category_id, units, orders FROM product_sales ORDER BY product_id"_s;
    const QString incremental = tableText(salesSql);
    const Status rebuilt = Database::wait(m_f.m_db->write(
        [](Connection &c) { return RecommendationLedger::rebuildInTransaction(c); }));
    QVERIFY2(rebuilt.ok(), qPrintable(why(rebuilt)));
    QCOMPARE(tableText(salesSql), incremental);
}

void TestRecommendations::badRequestsAreRefused()
{
    const qint64 shirt = productOf(m_f.m_shirt);
    Result<QList<Recommendation>> found = forCart({shirt}, 0);
    QVERIFY(!found.ok());
    QCOMPARE(found.error().code, ErrorCode::InvalidInput);
    QVERIFY(!found.error().message.isEmpty());
    found = forCart({shirt}, 51);
    QCOMPARE(found.error().code, ErrorCode::InvalidInput);
    const Session nobody;
    found = forCart({shirt}, 5, &nobody);
    QCOMPARE(found.error().code, ErrorCode::Unauthenticated);
    const Session customer = test::sessionFor(m_f.addUser(u"shopper@mail.test"_s, u"customer"_s, {}), Role::Customer);
    found = forCart({shirt}, 5, &customer);
    QVERIFY2(found.ok(), qPrintable(why(found)));
}

void TestRecommendations::rebuildEqualsIncremental()
{
    sellTheUsualBaskets();
    QVERIFY(sell({{u"SOCKS-1"_s, 3}, {u"SHIRT-1"_s}, {u"TEA-1"_s}}) > 0);
    // A product moved out of its category between two of its sales.
    QVERIFY(m_f.run(u"UPDATE products SET category_id = NULL WHERE id = ?"_s, {productOf(m_scarf)}).ok());
    QVERIFY(sell({{u"SCARF-1"_s}, {u"SOCKS-1"_s}}) > 0);
    const QString pairsSql = u"SELECT product_id, other_id, orders FROM product_pairs ORDER BY product_id, other_id"_s;
    const QString salesSql = u"SELECT product_id, category_id, units, orders FROM product_sales ORDER BY product_id"_s;
    const QString incrementalPairs = tableText(pairsSql);
    const QString incrementalSales = tableText(salesSql);
    QVERIFY(!incrementalPairs.isEmpty());

    const Status rebuilt = Database::wait(m_f.m_db->write(
        [](Connection &c) { return RecommendationLedger::rebuildInTransaction(c); }));
    QVERIFY2(rebuilt.ok(), qPrintable(why(rebuilt)));
    QCOMPARE(tableText(pairsSql), incrementalPairs);
    QCOMPARE(tableText(salesSql), incrementalSales);
}

void TestRecommendations::aLargeOrderPairsOnlyItsFiftyBiggestProducts()
{
    constexpr int kProducts = 60;
    // 60 products, product i sold i times: the 50 with the most units pair.
    const Result<qint64> placed = Database::wait(m_f.m_db->write([this](Connection &c) -> Result<qint64> {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<qint64> order = c.insert(
            u"INSERT INTO orders (order_number, channel, status, location_id, currency, subtotal_cents, tax_cents, "
            "total_cents, paid_cents, business_day, created_at, updated_at) VALUES ('WHOLESALE-1', 'online', "
            "'confirmed', ?, 'USD', 0, 0, 0, 0, '2026-11-26', ?, ?) RETURNING id"_s,
            {m_f.m_store, now, now});
        if (!order)
            return order;
        for (int i = 1; i <= kProducts; ++i) {
            Result<qint64> product = c.insert(
                u"INSERT INTO products (name, slug, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id"_s,
                {u"Bulk item %1"_s.arg(i), u"bulk-item-%1"_s.arg(i), now, now});
            if (!product)
                return product;
            Result<qint64> variant = c.insert(
                u"INSERT INTO product_variants (product_id, sku, price_cents, created_at, updated_at) "
                "VALUES (?, ?, 0, ?, ?) RETURNING id"_s,
                {product.value(), u"BULK-%1"_s.arg(i), now, now});
            if (!variant)
                return variant;
            if (Status ok = c.run(u"INSERT INTO order_items (order_id, product_id, variant_id, sku, name, quantity, "
                                  "list_price_cents, unit_price_cents, subtotal_cents, tax_rate_bp, tax_cents, "
                                  "total_cents) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)"_s,
                                  {order.value(), product.value(), variant.value(), u"BULK-%1"_s.arg(i),
                                   u"Bulk item %1"_s.arg(i), i});
                !ok)
                return ok.error();
        }
        if (Status ok = RecommendationLedger::addOrderInTransaction(c, order.value()); !ok)
            return ok.error();
        return order;
    }));
    QVERIFY2(placed.ok(), qPrintable(why(placed)));
    QCOMPARE(m_f.count(u"product_pairs"_s), 50 * 49);
    QCOMPARE(m_f.count(u"product_sales"_s), kProducts);
    QCOMPARE(m_f.scalar(u"SELECT SUM(units) FROM product_sales"_s).toLongLong(), kProducts * (kProducts + 1) / 2);
    // The ten smallest lines (1 to 10 units) pair with nothing.
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM product_pairs pp JOIN order_items oi ON oi.product_id = pp.product_id "
                        "OR oi.product_id = pp.other_id WHERE oi.quantity <= 10"_s)
                 .toLongLong(),
             0);
    const QString pairsSql = u"SELECT product_id, other_id, orders FROM product_pairs ORDER BY product_id, other_id"_s;
    const QString incremental = tableText(pairsSql);
    const Status rebuilt = Database::wait(m_f.m_db->write(
        [](Connection &c) { return RecommendationLedger::rebuildInTransaction(c); }));
    QVERIFY2(rebuilt.ok(), qPrintable(why(rebuilt)));
    QCOMPARE(tableText(pairsSql), incremental);
}

void TestRecommendations::aReturnLeavesCoOccurrenceAlone()
{
    sellTheUsualBaskets();
    const qint64 orderId = sell({{u"SHIRT-1"_s, 2}, {u"SCARF-1"_s}});
    QVERIFY(orderId > 0);
    const QString pairsSql = u"SELECT product_id, other_id, orders FROM product_pairs ORDER BY product_id, other_id"_s;
    const QString salesSql = u"SELECT product_id, category_id, units, orders FROM product_sales ORDER BY product_id"_s;
    const QString pairsBefore = tableText(pairsSql);
    const QString salesBefore = tableText(salesSql);

    ReturnService returns(m_f.m_db, m_payments);
    ReturnRequest request;
    request.orderId = orderId;
    request.destination = RefundDestination::Cash;
    request.reason = u"Wrong size"_s;
    request.registerId = m_register;
    const qint64 line = m_f.scalar(u"SELECT id FROM order_items WHERE order_id = ? AND variant_id = ?"_s,
                                   {orderId, m_f.m_shirt})
                            .toLongLong();
    request.lines.append(ReturnLineRequest{line, 2, ReturnDisposition::Restock, {}});
    const Result<ReturnResult> done = QCoro::waitFor(returns.giveBack(m_f.m_clerk, request));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(tableText(pairsSql), pairsBefore);
    QCOMPARE(tableText(salesSql), salesBefore);
}

QTEST_GUILESS_MAIN(TestRecommendations)
#include "tst_recommendations.moc"
