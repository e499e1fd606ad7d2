// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "orders/OrderDetails.h"
#include "orders/OrderSearch.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

const QDateTime kStart(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC);

QStringList numbersOf(const QList<OrderRow> &rows)
{
    QStringList numbers;
    for (const OrderRow &row : rows)
        numbers.append(row.orderNumber);
    return numbers;
}

struct LineSpec {
    qint64 variantId = 0;
    qint64 quantity = 0;
    qint64 unitCents = 0;
};

} // namespace

class TestOrderSearch : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void everyFilter_data();
    void everyFilter();
    void badInputIsRefused();
    void onlyThoseWhoMaySeeOrders();
    void pagingStaysStableWhileOrdersArrive();
    void vendorsSeeOnlyTheirOwnLines();
    void detailShowsEverything();
    void hundredThousandOrdersPageQuickly();

private:
    qint64 addCustomer(const QString &first, const QString &last, const QString &email);
    qint64 addOrder(const QString &number, const QString &channel, const QString &status, int hoursAfterStart,
                    qint64 customerId, qint64 clerkId, const QList<LineSpec> &lines);
    qint64 lineOf(qint64 orderId, qint64 variantId);
    QList<OrderRow> page(const OrderQuery &query, const Session *actor = nullptr);

    test::InventoryFixture m_f;
    std::unique_ptr<OrderSearch> m_search;
    qint64 m_ada = 0;
    qint64 m_grace = 0;
    QHash<QString, qint64> m_orders;
};

void TestOrderSearch::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_search = std::make_unique<OrderSearch>(m_f.m_db);
    m_ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    m_grace = addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@navy.test"_s);
    QVERIFY(m_ada > 0 && m_grace > 0);
    const qint64 clara = m_f.m_clerk.userId;
    const qint64 boss = m_f.m_admin.userId;
    // shirt 15.00 and mug 10.00 are the shop's, tea 4.00 the vendor's.
    const qint64 shirt = m_f.m_shirt, mug = m_f.m_mug, tea = m_f.m_tea;
    m_orders.clear();
    m_orders[u"R1-000001"_s] = addOrder(u"R1-000001"_s, u"in_store"_s, u"delivered"_s, 0, m_ada, clara,
                                        {{shirt, 1, 1500}});
    m_orders[u"R1-000002"_s] = addOrder(u"R1-000002"_s, u"in_store"_s, u"delivered"_s, 1, 0, clara,
                                        {{tea, 2, 400}, {mug, 1, 1000}});
    m_orders[u"W-000001"_s] = addOrder(u"W-000001"_s, u"online"_s, u"pending"_s, 2, m_grace, 0, {{mug, 3, 1000}});
    m_orders[u"W-000002"_s] = addOrder(u"W-000002"_s, u"online"_s, u"shipped"_s, 3, m_ada, 0, {{tea, 1, 400}});
    m_orders[u"W-000003"_s] = addOrder(u"W-000003"_s, u"online"_s, u"cancelled"_s, 4, m_grace, 0,
                                       {{shirt, 2, 1500}});
    m_orders[u"R1-000003"_s] = addOrder(u"R1-000003"_s, u"in_store"_s, u"refunded"_s, 5, 0, boss, {{mug, 1, 1000}});
    m_orders[u"W-000004"_s] = addOrder(u"W-000004"_s, u"online"_s, u"processing"_s, 26, m_ada, 0,
                                       {{tea, 5, 400}, {shirt, 1, 1500}});
    for (const qint64 id : std::as_const(m_orders))
        QVERIFY(id > 0);
}

void TestOrderSearch::cleanup()
{
    m_search.reset();
    m_f.tearDown();
}

qint64 TestOrderSearch::addCustomer(const QString &first, const QString &last, const QString &email)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return m_f.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, role, created_at, updated_at) "
                      "VALUES (?, '!', ?, ?, 'customer', ?, ?) RETURNING id"_s,
                      {email, first, last, now, now});
}

// An order as the register or the online shop leaves it, without tax: the
// search reads what is stored, not how it was priced.
qint64 TestOrderSearch::addOrder(const QString &number, const QString &channel, const QString &status,
                                 int hoursAfterStart, qint64 customerId, qint64 clerkId, const QList<LineSpec> &lines)
{
    const QVariant noId(QMetaType::fromType<qint64>(), nullptr);
    qint64 total = 0;
    for (const LineSpec &line : lines)
        total += line.quantity * line.unitCents;
    const QDateTime at = kStart.addSecs(qint64(hoursAfterStart) * 3600);
    const qint64 store = m_f.m_store;
    const qint64 vendor = m_f.m_vendorId;
    Result<qint64> id = Database::wait(m_f.m_db->write([=](Connection &c) -> Result<qint64> {
        Result<qint64> order = c.insert(
            u"INSERT INTO orders (order_number, channel, status, customer_id, clerk_id, location_id, currency, "
            "subtotal_cents, tax_cents, total_cents, paid_cents, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'USD', ?, 0, ?, ?, ?, ?) RETURNING id"_s,
            {number, channel, status, customerId > 0 ? QVariant(customerId) : noId,
             clerkId > 0 ? QVariant(clerkId) : noId, store, total, total, total, at, at});
        if (!order)
            return order;
        for (const LineSpec &line : lines) {
            Result<QVariant> product = c.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s,
                                                {line.variantId});
            if (!product)
                return product.error();
            Result<QVariant> owner = c.scalar(u"SELECT vendor_id FROM products WHERE id = ?"_s, {product.value()});
            if (!owner)
                return owner.error();
            const qint64 subtotal = line.quantity * line.unitCents;
            if (Status ok = c.run(u"INSERT INTO order_items (order_id, product_id, variant_id, vendor_id, sku, name, "
                                  "quantity, list_price_cents, unit_price_cents, subtotal_cents, tax_rate_bp, "
                                  "tax_cents, total_cents) SELECT ?, ?, v.id, ?, v.sku, p.name, ?, ?, ?, ?, 0, 0, ? "
                                  "FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?"_s,
                                  {order.value(), product.value(),
                                   owner->toLongLong() == vendor ? QVariant(vendor) : noId, line.quantity,
                                   line.unitCents, line.unitCents, subtotal, subtotal, line.variantId});
                !ok)
                return ok.error();
        }
        return order;
    }));
    if (!id)
        qWarning() << why(id);
    return id.ok() ? id.value() : 0;
}

qint64 TestOrderSearch::lineOf(qint64 orderId, qint64 variantId)
{
    return m_f.scalar(u"SELECT id FROM order_items WHERE order_id = ? AND variant_id = ?"_s, {orderId, variantId})
        .toLongLong();
}

QList<OrderRow> TestOrderSearch::page(const OrderQuery &query, const Session *actor)
{
    Result<QList<OrderRow>> rows = Database::wait(m_search->page(actor ? *actor : m_f.m_admin, query));
    if (!rows)
        qWarning() << why(rows);
    return rows.ok() ? rows.value() : QList<OrderRow>();
}

void TestOrderSearch::everyFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("expected");
    const QStringList all{u"W-000004"_s, u"R1-000003"_s, u"W-000003"_s, u"W-000002"_s,
                          u"W-000001"_s, u"R1-000002"_s, u"R1-000001"_s};
    QTest::newRow("none, newest first") << u""_s << all;
    QTest::newRow("status") << u"status=delivered"_s << QStringList{u"R1-000002"_s, u"R1-000001"_s};
    QTest::newRow("two statuses") << u"status=pending,shipped"_s << QStringList{u"W-000002"_s, u"W-000001"_s};
    QTest::newRow("online") << u"channel=online"_s
                            << QStringList{u"W-000004"_s, u"W-000003"_s, u"W-000002"_s, u"W-000001"_s};
    QTest::newRow("in store") << u"channel=in_store"_s
                              << QStringList{u"R1-000003"_s, u"R1-000002"_s, u"R1-000001"_s};
    QTest::newRow("from, before") << u"from=1;before=4"_s
                                  << QStringList{u"W-000002"_s, u"W-000001"_s, u"R1-000002"_s};
    QTest::newRow("from only") << u"from=5"_s << QStringList{u"W-000004"_s, u"R1-000003"_s};
    QTest::newRow("before only") << u"before=1"_s << QStringList{u"R1-000001"_s};
    QTest::newRow("customer id") << u"customer=ada"_s
                                 << QStringList{u"W-000004"_s, u"W-000002"_s, u"R1-000001"_s};
    QTest::newRow("customer name") << u"customerText=hopp"_s << QStringList{u"W-000003"_s, u"W-000001"_s};
    QTest::newRow("customer e-mail, any case") << u"customerText=ADA@EX"_s
                                               << QStringList{u"W-000004"_s, u"W-000002"_s, u"R1-000001"_s};
    QTest::newRow("vendor") << u"vendor=acme"_s << QStringList{u"W-000004"_s, u"W-000002"_s, u"R1-000002"_s};
    QTest::newRow("clerk") << u"clerk=clara"_s << QStringList{u"R1-000002"_s, u"R1-000001"_s};
    QTest::newRow("other clerk") << u"clerk=boss"_s << QStringList{u"R1-000003"_s};
    QTest::newRow("at least") << u"min=1800"_s
                              << QStringList{u"W-000004"_s, u"W-000003"_s, u"W-000001"_s, u"R1-000002"_s};
    QTest::newRow("at most") << u"max=1000"_s << QStringList{u"R1-000003"_s, u"W-000002"_s};
    QTest::newRow("between") << u"min=1000;max=1800"_s
                             << QStringList{u"R1-000003"_s, u"R1-000002"_s, u"R1-000001"_s};
    QTest::newRow("number prefix, any case") << u"search=r1-00000"_s
                                             << QStringList{u"R1-000003"_s, u"R1-000002"_s, u"R1-000001"_s};
    QTest::newRow("whole number") << u"search=W-000002"_s << QStringList{u"W-000002"_s};
    QTest::newRow("not a prefix") << u"search=000002"_s << QStringList{};
    QTest::newRow("customer by search") << u"search=lovelace"_s
                                        << QStringList{u"W-000004"_s, u"W-000002"_s, u"R1-000001"_s};
    QTest::newRow("e-mail by search") << u"search=grace@"_s << QStringList{u"W-000003"_s, u"W-000001"_s};
    QTest::newRow("wildcards are literal") << u"search=%"_s << QStringList{};
    QTest::newRow("combined") << u"channel=online;customer=ada;status=shipped,processing"_s
                              << QStringList{u"W-000004"_s, u"W-000002"_s};
}

void TestOrderSearch::everyFilter()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, expected);
    OrderQuery query;
    for (const QString &part : filter.split(u';', Qt::SkipEmptyParts)) {
        const QString key = part.section(u'=', 0, 0);
        const QString value = part.section(u'=', 1);
        if (key == u"status"_s)
            for (const QString &name : value.split(u','))
                query.statuses.append(orderStatusFromName(name).value());
        else if (key == u"channel"_s)
            query.channel = orderChannelFromName(value);
        else if (key == u"from"_s)
            query.createdFrom = kStart.addSecs(value.toLongLong() * 3600);
        else if (key == u"before"_s)
            query.createdBefore = kStart.addSecs(value.toLongLong() * 3600);
        else if (key == u"customer"_s)
            query.customerId = value == u"ada"_s ? m_ada : m_grace;
        else if (key == u"customerText"_s)
            query.customerText = value;
        else if (key == u"vendor"_s)
            query.vendorId = m_f.m_vendorId;
        else if (key == u"clerk"_s)
            query.clerkId = value == u"clara"_s ? m_f.m_clerk.userId : m_f.m_admin.userId;
        else if (key == u"min"_s)
            query.minTotalCents = value.toLongLong();
        else if (key == u"max"_s)
            query.maxTotalCents = value.toLongLong();
        else if (key == u"search"_s)
            query.search = value;
        else
            QFAIL(qPrintable(key));
    }
    QCOMPARE(numbersOf(page(query)), expected);
    Result<qint64> count = Database::wait(m_search->count(m_f.m_admin, query));
    QVERIFY2(count.ok(), qPrintable(why(count)));
    QCOMPARE(count.value(), qint64(expected.size()));
}

void TestOrderSearch::badInputIsRefused()
{
    OrderQuery query;
    query.minTotalCents = 2000;
    query.maxTotalCents = 1000;
    Result<QList<OrderRow>> rows = Database::wait(m_search->page(m_f.m_admin, query));
    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().code, ErrorCode::InvalidInput);
    QVERIFY2(rows.error().message.contains(u"Swap"_s), qPrintable(rows.error().message));
    query = {};
    query.createdFrom = kStart.addDays(2);
    query.createdBefore = kStart;
    Result<qint64> count = Database::wait(m_search->count(m_f.m_admin, query));
    QVERIFY(!count.ok());
    QCOMPARE(count.error().code, ErrorCode::InvalidInput);
    // Text is cut, never an error.
    query = {};
    query.search = QString(500, u'x');
    QVERIFY(Database::wait(m_search->page(m_f.m_admin, query)).ok());
}

void TestOrderSearch::onlyThoseWhoMaySeeOrders()
{
    Result<QList<OrderRow>> rows = Database::wait(m_search->page(m_f.m_clerk, {}));
    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().code, ErrorCode::PermissionDenied);
    Result<OrderDetail> detail =
        Database::wait(OrderDetails(m_f.m_db).order(m_f.m_clerk, m_orders.value(u"R1-000001"_s)));
    QVERIFY(!detail.ok());
    QCOMPARE(detail.error().code, ErrorCode::PermissionDenied);
    // A vendor account without a vendor sees nothing either.
    const Session loose = test::sessionFor(m_f.m_vendorUser, Role::Vendor);
    rows = Database::wait(m_search->page(loose, {}));
    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().code, ErrorCode::PermissionDenied);
}

void TestOrderSearch::pagingStaysStableWhileOrdersArrive()
{
    // 30 more orders, three at each instant: ties on created_at are broken by id.
    for (int i = 0; i < 30; ++i)
        QVERIFY(addOrder(u"P-%1"_s.arg(i, 3, 10, QChar(u'0')), u"online"_s, u"pending"_s, 30 + i / 3, 0, 0,
                         {{m_f.m_mug, 1, 1000}})
                > 0);
    OrderQuery all;
    all.limit = 1000;
    const QStringList expected = numbersOf(page(all));
    QCOMPARE(expected.size(), 37);

    OrderQuery query;
    query.limit = 10;
    QStringList seen;
    QList<OrderRow> rows = page(query);
    QCOMPARE(rows.size(), 10);
    seen << numbersOf(rows);
    int arrived = 0;
    while (!rows.isEmpty()) {
        // New orders land between pages: they are newer, so they belong
        // before the first page and never shift the pages still to come.
        for (int i = 0; i < 2; ++i, ++arrived)
            QVERIFY(addOrder(u"N-%1"_s.arg(arrived, 3, 10, QChar(u'0')), u"online"_s, u"pending"_s, 100 + arrived, 0,
                             0, {{m_f.m_mug, 1, 1000}})
                    > 0);
        query.continueAfter(rows.constLast());
        rows = page(query);
        seen << numbersOf(rows);
    }
    QCOMPARE(seen, expected);
    Result<qint64> count = Database::wait(m_search->count(m_f.m_admin, query.fromStart()));
    QCOMPARE(count.value(), qint64(37 + arrived));
}

void TestOrderSearch::vendorsSeeOnlyTheirOwnLines()
{
    const qint64 r2 = m_orders.value(u"R1-000002"_s);
    // A return of one tea and the mug: 4.00 of the vendor's, 10.00 of the shop's.
    QVERIFY(m_f.run(u"UPDATE orders SET refunded_cents = 1400 WHERE id = ?"_s, {r2}).ok());
    const qint64 refund = m_f.insert(u"INSERT INTO refunds (order_id, tender, status, currency, amount_cents, "
                                     "idempotency_key, created_at) VALUES (?, 'cash', 'completed', 'USD', 1400, "
                                     "'r-1', ?) RETURNING id"_s,
                                     {r2, QDateTime::currentDateTimeUtc()});
    QVERIFY(refund > 0);
    QVERIFY(m_f.run(u"INSERT INTO refund_lines (refund_id, order_item_id, quantity, amount_cents, disposition) "
                    "VALUES (?, ?, 1, 400, 'restock'), (?, ?, 1, 1000, 'restock')"_s,
                    {refund, lineOf(r2, m_f.m_tea), refund, lineOf(r2, m_f.m_mug)})
                .ok());

    const QList<OrderRow> rows = page({}, &m_f.m_vendor);
    QCOMPARE(numbersOf(rows), (QStringList{u"W-000004"_s, u"W-000002"_s, u"R1-000002"_s}));
    QCOMPARE(rows[0].total.minorUnits(), 2000);   // five teas, not the shirt
    QCOMPARE(rows[0].units, 5);
    QCOMPARE(rows[2].total.minorUnits(), 800);
    QCOMPARE(rows[2].refunded.minorUnits(), 400);
    QCOMPARE(rows[2].paid.minorUnits(), 0);
    QVERIFY(rows[2].vendorScoped);
    // The admin sees the whole order.
    const QList<OrderRow> whole = page({});
    QCOMPARE(whole[5].orderNumber, u"R1-000002"_s);
    QCOMPARE(whole[5].total.minorUnits(), 1800);
    QCOMPARE(whole[5].refunded.minorUnits(), 1400);
    QCOMPARE(whole[5].units, 3);

    // Amounts filter on the vendor's own share.
    OrderQuery query;
    query.minTotalCents = 1000;
    QCOMPARE(numbersOf(page(query, &m_f.m_vendor)), QStringList{u"W-000004"_s});
    // Another vendor's orders are not theirs to list.
    query = {};
    query.vendorId = m_f.m_vendorId + 1;
    QCOMPARE(numbersOf(page(query, &m_f.m_vendor)), QStringList{});
    Result<qint64> count = Database::wait(m_search->count(m_f.m_vendor, {}));
    QCOMPARE(count.value(), 3);

    OrderDetails details(m_f.m_db);
    Result<OrderDetail> detail = Database::wait(details.order(m_f.m_vendor, r2));
    QVERIFY2(detail.ok(), qPrintable(why(detail)));
    QCOMPARE(detail->lines.size(), 1);
    QCOMPARE(detail->lines[0].sku, u"TEA-1"_s);
    QCOMPARE(detail->header.total.minorUnits(), 800);
    QVERIFY(detail->payments.isEmpty());
    QCOMPARE(detail->refunds.size(), 1);
    QCOMPARE(detail->refunds[0].amount.minorUnits(), 400);
    QCOMPARE(detail->refunds[0].lines.size(), 1);
    QVERIFY(detail->allowedNext.isEmpty());
    // An order without their lines does not exist for them.
    detail = Database::wait(details.order(m_f.m_vendor, m_orders.value(u"R1-000001"_s)));
    QVERIFY(!detail.ok());
    QCOMPARE(detail.error().code, ErrorCode::NotFound);
}

void TestOrderSearch::detailShowsEverything()
{
    const qint64 r2 = m_orders.value(u"R1-000002"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 payment = m_f.insert(u"INSERT INTO payments (order_id, tender, status, currency, amount_cents, "
                                      "refunded_cents, idempotency_key, card_brand, card_last4, created_at) "
                                      "VALUES (?, 'card', 'completed', 'USD', 1800, 400, 'p-1', 'visa', '4242', ?) "
                                      "RETURNING id"_s,
                                      {r2, now});
    QVERIFY(payment > 0);
    QVERIFY(m_f.run(u"UPDATE orders SET refunded_cents = 400 WHERE id = ?"_s, {r2}).ok());
    const qint64 refund = m_f.insert(u"INSERT INTO refunds (order_id, payment_id, tender, status, currency, "
                                     "amount_cents, idempotency_key, reason, user_id, created_at) VALUES (?, ?, "
                                     "'card', 'completed', 'USD', 400, 'r-1', 'Broken', ?, ?) RETURNING id"_s,
                                     {r2, payment, m_f.m_clerk.userId, now});
    QVERIFY(m_f.run(u"INSERT INTO refund_lines (refund_id, order_item_id, quantity, amount_cents, disposition, "
                    "write_off_reason) VALUES (?, ?, 1, 400, 'write_off', 'Cracked')"_s,
                    {refund, lineOf(r2, m_f.m_tea)})
                .ok());
    QVERIFY(m_f.run(u"INSERT INTO order_status_history (order_id, from_status, to_status, user_id, note, created_at) "
                    "VALUES (?, NULL, 'delivered', ?, 'Sold at Register 1, paid and handed over.', ?)"_s,
                    {r2, m_f.m_clerk.userId, kStart})
                .ok());

    OrderDetails details(m_f.m_db);
    Result<OrderDetail> detail = Database::wait(details.order(m_f.m_admin, r2));
    QVERIFY2(detail.ok(), qPrintable(why(detail)));
    QCOMPARE(detail->header.orderNumber, u"R1-000002"_s);
    QCOMPARE(detail->header.status, OrderStatus::Delivered);
    QCOMPARE(detail->header.clerkName, u"Test User"_s);
    QCOMPARE(detail->header.total.minorUnits(), 1800);
    QCOMPARE(detail->header.refunded.minorUnits(), 400);
    QCOMPARE(detail->header.units, 3);
    QCOMPARE(detail->locationName.isEmpty(), false);
    QCOMPARE(detail->lines.size(), 2);
    QCOMPARE(detail->payments.size(), 1);
    QCOMPARE(detail->payments[0].cardLast4, u"4242"_s);
    QCOMPARE(detail->payments[0].refunded.minorUnits(), 400);
    QCOMPARE(detail->refunds.size(), 1);
    QCOMPARE(detail->refunds[0].userName, u"Test User"_s);
    QCOMPARE(detail->refunds[0].lines.size(), 1);
    QVERIFY(!detail->refunds[0].lines[0].restocked);
    QCOMPARE(detail->refunds[0].lines[0].writeOffReason, u"Cracked"_s);
    QCOMPARE(detail->history.size(), 1);
    QVERIFY(!detail->history[0].from.has_value());
    QCOMPARE(detail->history[0].to, OrderStatus::Delivered);
    QCOMPARE(detail->history[0].userName, u"Test User"_s);
    QCOMPARE(detail->allowedNext, QList<OrderStatus>{OrderStatus::Refunded});

    // An online order with its addresses.
    const qint64 w1 = m_orders.value(u"W-000001"_s);
    const qint64 address = m_f.insert(u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, "
                                      "country) VALUES (?, '1 Infinite Loop', 'Arlington', 'VA', '22201', 'US') "
                                      "RETURNING id"_s,
                                      {m_grace});
    QVERIFY(m_f.run(u"UPDATE orders SET shipping_address_id = ?, billing_address_id = ? WHERE id = ?"_s,
                    {address, address, w1})
                .ok());
    detail = Database::wait(details.order(m_f.m_admin, w1));
    QVERIFY2(detail.ok(), qPrintable(why(detail)));
    QCOMPARE(detail->header.customerName, u"Grace Hopper"_s);
    QCOMPARE(detail->shippingAddress, u"1 Infinite Loop\n22201 Arlington, VA\nUS"_s);
    QCOMPARE(detail->billingAddress, detail->shippingAddress);
    QCOMPARE(detail->allowedNext, (QList<OrderStatus>{OrderStatus::Confirmed, OrderStatus::Cancelled}));

    detail = Database::wait(details.order(m_f.m_admin, 987654));
    QVERIFY(!detail.ok());
    QCOMPARE(detail.error().code, ErrorCode::NotFound);
}

void TestOrderSearch::hundredThousandOrdersPageQuickly()
{
    if (m_f.m_testDb->isPostgres())
        QSKIP("The figure is for SQLite; the filters run on PostgreSQL in the other tests.");
    constexpr int kOrders = 100'000;
    const qint64 store = m_f.m_store;
    const qint64 vendor = m_f.m_vendorId;
    const qint64 mug = m_f.m_mug;
    const qint64 tea = m_f.m_tea;
    const qint64 clerk = m_f.m_clerk.userId;
    const qint64 ada = m_ada;
    QElapsedTimer fill;
    fill.start();
    Status filled = Database::wait(m_f.m_db->write([=](Connection &c) -> Status {
        // One order a minute over ten weeks; one in fifty holds the vendor's tea.
        if (Status ok = c.run(
                u"INSERT INTO orders (order_number, channel, status, customer_id, clerk_id, location_id, currency, "
                "subtotal_cents, tax_cents, total_cents, paid_cents, created_at, updated_at) "
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                "SELECT 'B-' || printf('%07d', i), CASE WHEN i % 3 = 0 THEN 'online' ELSE 'in_store' END, "
                "CASE i % 7 WHEN 0 THEN 'pending' WHEN 1 THEN 'shipped' ELSE 'delivered' END, "
                "CASE WHEN i % 11 = 0 THEN ? END, CASE WHEN i % 3 <> 0 THEN ? END, ?, 'USD', "
                "(i % 500) * 100 + 100, 0, (i % 500) * 100 + 100, (i % 500) * 100 + 100, "
                "strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' minutes'), "
                "strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' minutes') FROM n"_s,
                {kOrders, ada, clerk, store});
            !ok)
            return ok;
        if (Status ok = c.run(u"INSERT INTO order_items (order_id, product_id, variant_id, vendor_id, sku, name, "
                              "quantity, list_price_cents, unit_price_cents, subtotal_cents, tax_rate_bp, tax_cents, "
                              "total_cents) SELECT o.id, v.product_id, v.id, CASE WHEN v.id = ? THEN ? END, v.sku, "
                              "'Item', 1, o.total_cents, o.total_cents, o.total_cents, 0, 0, o.total_cents "
                              "FROM orders o JOIN product_variants v ON v.id = CASE WHEN o.id % 50 = 0 THEN ? "
                              "ELSE ? END WHERE o.order_number LIKE 'B-%'"_s,
                              {tea, vendor, tea, mug});
            !ok)
            return ok;
        return c.run(u"ANALYZE"_s);
    }));
    QVERIFY2(filled.ok(), qPrintable(why(filled)));
    qInfo() << kOrders << "orders written in" << fill.elapsed() << "ms";

    OrderQuery middle;
    middle.afterCreatedAt = QDateTime(QDate(2025, 2, 4), QTime(17, 20), Qt::UTC);
    middle.afterId = 1'000'000;
    struct Case {
        const char *name;
        OrderQuery query;
        Session actor;
        bool inDisplayOrder = true;   // walks orders_created, never sorts
    };
    QList<Case> cases;
    cases.append({"first page", OrderQuery(), m_f.m_admin});
    cases.append({"a page in the middle", middle, m_f.m_admin});
    OrderQuery pending = middle;
    pending.statuses = {OrderStatus::Pending};
    cases.append({"pending", pending, m_f.m_admin});
    OrderQuery online;
    online.channel = OrderChannel::Online;
    cases.append({"online", online, m_f.m_admin});
    OrderQuery lastWeek;
    lastWeek.createdFrom = QDateTime(QDate(2025, 3, 1), QTime(0, 0), Qt::UTC);
    lastWeek.createdBefore = lastWeek.createdFrom.addDays(7);
    cases.append({"a week", lastWeek, m_f.m_admin, false});
    OrderQuery byNumber;
    byNumber.search = u"b-00420"_s;
    cases.append({"order number prefix", byNumber, m_f.m_admin, false});
    cases.append({"vendor", OrderQuery(), m_f.m_vendor});
    cases.append({"vendor, a page in the middle", middle, m_f.m_vendor});
    OrderQuery expensive;
    expensive.minTotalCents = 49'000;
    cases.append({"amount at least 490.00", expensive, m_f.m_admin, false});

    for (const Case &c : std::as_const(cases)) {
        // Every plan starts from an index of orders; the common views walk
        // orders_created in display order and never sort every match.
        Result<QStringList> plan = Database::wait(m_f.m_db->read([c](Connection &connection) -> Result<QStringList> {
            Result<OrderStatement> statement = OrderSearch::pageStatement(connection, c.actor, c.query);
            if (!statement)
                return statement.error();
            Result<QSqlQuery> rows = connection.exec(u"EXPLAIN QUERY PLAN "_s + statement->sql, statement->values);
            if (!rows)
                return rows.error();
            QStringList lines;
            while (rows.value().next())
                lines.append(rows.value().value(3).toString());
            return lines;
        }));
        QVERIFY2(plan.ok(), qPrintable(why(plan)));
        const QString text = plan->join(u'\n');
        QVERIFY2(text.contains(u"INDEX orders_"_s), qPrintable(u"%1:\n%2"_s.arg(QLatin1StringView(c.name), text)));
        QVERIFY2(!c.inDisplayOrder || !text.contains(u"TEMP B-TREE FOR ORDER BY"_s),
                 qPrintable(u"%1:\n%2"_s.arg(QLatin1StringView(c.name), text)));

        QElapsedTimer timer;
        timer.start();
        Result<QList<OrderRow>> rows = Database::wait(m_search->page(c.actor, c.query));
        const qint64 ms = timer.elapsed();
        QVERIFY2(rows.ok(), qPrintable(why(rows)));
        QVERIFY2(!rows->isEmpty(), c.name);
        timer.restart();
        Result<qint64> count = Database::wait(m_search->count(c.actor, c.query));
        QVERIFY2(count.ok(), qPrintable(why(count)));
        qInfo().noquote() << u"%1: %2 rows in %3 ms; count %4 in %5 ms"_s.arg(QLatin1StringView(c.name))
                                 .arg(rows->size())
                                 .arg(ms)
                                 .arg(count.value())
                                 .arg(timer.elapsed());
        QVERIFY2(ms < 50, qPrintable(u"%1 took %2 ms"_s.arg(QLatin1StringView(c.name)).arg(ms)));
    }
}

QTEST_GUILESS_MAIN(TestOrderSearch)
#include "tst_ordersearch.moc"
