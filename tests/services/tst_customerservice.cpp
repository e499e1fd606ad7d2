// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "customers/CustomerService.h"
#include "orders/ReturnService.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QCoroTask>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

QStringList emailsOf(const QList<CustomerSummary> &rows)
{
    QStringList emails;
    for (const CustomerSummary &row : rows)
        emails.append(row.customer.email);
    return emails;
}

CustomerAddress address(const QString &street, AddressType type, bool isDefault, qint64 id = 0)
{
    CustomerAddress a;
    a.id = id;
    a.streetAddress = street;
    a.city = u"Springfield"_s;
    a.state = u"IL"_s;
    a.postalCode = u"62704"_s;
    a.country = u"US"_s;
    a.type = type;
    a.isDefault = isDefault;
    return a;
}

} // namespace

class TestCustomerService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void searchFindsCustomersOnlyByNameEmailAndPhone_data();
    void searchFindsCustomersOnlyByNameEmailAndPhone();
    void pagesByKeyWithoutRepeatsOrGaps();
    void lifetimeValueIsExactAfterSalesAndARefund();
    void orderHistoryIsNewestFirstByKey();
    void profileHasAddressesDefaultFirst();
    void updateSavesProfileAndAddresses();
    void badEditsAreRefusedAndWriteNothing_data();
    void badEditsAreRefusedAndWriteNothing();
    void anAddressOnAnOrderStays();
    void mergeMovesEverythingAndResolvesReviewClashes();
    void mergeCombinesTheTwoOpenOnlineCarts();
    void theSurvivorMayTakeTheMergedAccountsEmail();
    void refusedMergesChangeNothing_data();
    void refusedMergesChangeNothing();
    void exportHoldsExactlyTheCustomersDataAndNoCardNumbers();
    void aFailedExportLeavesNoFile();
    void onlyThoseWhoManageCustomersMayUseIt();

private:
    qint64 addCustomer(const QString &first, const QString &last, const QString &email, const QString &phone = {});
    qint64 addOrder(qint64 customerId, qint64 totalCents, const QDateTime &at, qint64 refundedCents = 0);
    qint64 addAddress(qint64 userId, const QString &street, const QString &type, bool isDefault);
    qint64 addReview(qint64 customerId, qint64 orderId, qint64 productId, int rating, const QString &status);
    qint64 productOf(qint64 variantId);
    CompletedSale sell(qint64 customerId, const QList<QPair<QString, qint64>> &lines);
    QString snapshot();
    QList<CustomerSummary> search(const CustomerQuery &query);

    test::InventoryFixture m_f;
    std::unique_ptr<CustomerService> m_service;
    qint64 m_register = 0;
    int m_orders = 0;
    int m_keys = 0;
};

void TestCustomerService::init()
{
    m_orders = 0;
    m_keys = 0;
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_service = std::make_unique<CustomerService>(m_f.m_db);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
}

void TestCustomerService::cleanup()
{
    m_service.reset();
    m_f.tearDown();
}

qint64 TestCustomerService::addCustomer(const QString &first, const QString &last, const QString &email,
                                        const QString &phone)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return m_f.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, phone, role, created_at, "
                      "updated_at) VALUES (?, 'x', ?, ?, ?, 'customer', ?, ?) RETURNING id"_s,
                      {email, first, last,
                       phone.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(phone), now, now});
}

qint64 TestCustomerService::addOrder(qint64 customerId, qint64 totalCents, const QDateTime &at, qint64 refundedCents)
{
    return m_f.insert(u"INSERT INTO orders (order_number, channel, status, customer_id, location_id, currency, "
                      "subtotal_cents, tax_cents, total_cents, paid_cents, refunded_cents, created_at, updated_at) "
                      "VALUES (?, 'online', 'delivered', ?, ?, 'USD', ?, 0, ?, ?, ?, ?, ?) RETURNING id"_s,
                      {u"W-%1"_s.arg(++m_orders, 6, 10, QChar(u'0')), customerId, m_f.m_store, totalCents,
                       totalCents, totalCents, refundedCents, at, at});
}

qint64 TestCustomerService::addAddress(qint64 userId, const QString &street, const QString &type, bool isDefault)
{
    return m_f.insert(u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, country, "
                      "is_default, address_type) VALUES (?, ?, 'Springfield', 'IL', '62704', 'US', ?, ?) "
                      "RETURNING id"_s,
                      {userId, street, isDefault ? 1 : 0, type});
}

qint64 TestCustomerService::addReview(qint64 customerId, qint64 orderId, qint64 productId, int rating,
                                      const QString &status)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return m_f.insert(u"INSERT INTO reviews (product_id, customer_id, order_id, rating, title, status, created_at, "
                      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                      {productId, customerId, orderId, rating, u"%1 stars"_s.arg(rating), status, now, now});
}

qint64 TestCustomerService::productOf(qint64 variantId)
{
    return m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {variantId}).toLongLong();
}

// A sale through the register's own services, paid in cash.
CompletedSale TestCustomerService::sell(qint64 customerId, const QList<QPair<QString, qint64>> &lines)
{
    CartService carts(m_f.m_db);
    Result<Cart> cart = Database::wait(carts.current(m_f.m_clerk, m_register));
    if (!cart) {
        qWarning() << why(cart);
        return {};
    }
    for (const auto &[sku, quantity] : lines)
        cart = Database::wait(carts.addByCode(m_f.m_clerk, cart->id, sku, quantity));
    cart = Database::wait(carts.attachCustomer(m_f.m_clerk, cart->id, customerId));
    if (!cart) {
        qWarning() << why(cart);
        return {};
    }
    const qint64 total = cart->priced.total.minorUnits();
    m_f.insert(u"INSERT INTO payments (cart_id, register_id, user_id, tender, status, currency, amount_cents, "
               "tendered_cents, idempotency_key, gateway_reference, card_brand, card_last4, created_at) VALUES "
               "(?, ?, ?, 'card', 'completed', 'USD', ?, NULL, ?, 'pan-4111111111111111', 'visa', '1111', ?) "
               "RETURNING id"_s,
               {cart->id, m_register, m_f.m_clerk.userId, total, u"customer-test-%1"_s.arg(++m_keys),
                QDateTime::currentDateTimeUtc()});
    Result<CompletedSale> sale = Database::wait(CheckoutService(m_f.m_db, nullptr).complete(m_f.m_clerk, cart->id));
    if (!sale)
        qWarning() << why(sale);
    return sale.ok() ? sale.value() : CompletedSale();
}

// Every row the customer calls may touch, in a fixed order: a refused call
// must leave it exactly as it was.
QString TestCustomerService::snapshot()
{
    QStringList parts;
    const QStringList queries{
        u"SELECT id, email, first_name, last_name, COALESCE(phone, ''), is_active, COALESCE(merged_into_id, 0) FROM "
        "users ORDER BY id"_s,
        u"SELECT id, user_id, street_address, is_default, address_type FROM addresses ORDER BY id"_s,
        u"SELECT id, COALESCE(customer_id, 0) FROM orders ORDER BY id"_s,
        u"SELECT id, COALESCE(owner_user_id, 0), COALESCE(customer_id, 0) FROM carts ORDER BY id"_s,
        u"SELECT id, customer_id, product_id, order_id FROM reviews ORDER BY id"_s,
        u"SELECT id, average_rating, review_count FROM products ORDER BY id"_s,
        u"SELECT COUNT(*) FROM audit_log"_s};
    for (const QString &sql : queries) {
        Result<QStringList> rows = Database::wait(m_f.m_db->read([sql](Connection &c) -> Result<QStringList> {
            Result<QSqlQuery> q = c.exec(sql);
            if (!q)
                return q.error();
            QStringList out;
            while (q.value().next()) {
                QStringList fields;
                for (int i = 0; i < q.value().record().count(); ++i)
                    fields.append(q.value().value(i).toString());
                out.append(fields.join(u'|'));
            }
            return out;
        }));
        parts.append(rows.ok() ? rows->join(u'\n') : why(rows));
    }
    return parts.join(u"\n--\n"_s);
}

QList<CustomerSummary> TestCustomerService::search(const CustomerQuery &query)
{
    Result<QList<CustomerSummary>> found = Database::wait(m_service->search(m_f.m_clerk, query));
    if (!found)
        qWarning() << why(found);
    return found.ok() ? found.value() : QList<CustomerSummary>();
}

void TestCustomerService::searchFindsCustomersOnlyByNameEmailAndPhone_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("includeMerged");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("everyone") << u""_s << false
                              << QStringList{u"grace@example.test"_s, u"ada@example.test"_s, u"alan@example.test"_s};
    QTest::newRow("merged too") << u""_s << true
                                << QStringList{u"grace@example.test"_s, u"ada@example.test"_s,
                                               u"ada.old@example.test"_s, u"alan@example.test"_s};
    QTest::newRow("last name prefix, any case") << u"LOVE"_s << false << QStringList{u"ada@example.test"_s};
    QTest::newRow("first name prefix") << u"gra"_s << false << QStringList{u"grace@example.test"_s};
    QTest::newRow("first and last name") << u"ada lov"_s << false << QStringList{u"ada@example.test"_s};
    QTest::newRow("e-mail prefix") << u"Alan@"_s << false << QStringList{u"alan@example.test"_s};
    QTest::newRow("phone prefix") << u"+44 20"_s << false << QStringList{u"ada@example.test"_s};
    QTest::newRow("staff are not customers") << u"staff"_s << false << QStringList{};
    QTest::newRow("middle of a name") << u"velace"_s << false << QStringList{};
}

void TestCustomerService::searchFindsCustomersOnlyByNameEmailAndPhone()
{
    QFETCH(QString, text);
    QFETCH(bool, includeMerged);
    QFETCH(QStringList, expected);
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s, u"+44 20 7946 0018"_s);
    addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s);
    addCustomer(u"Alan"_s, u"Turing"_s, u"alan@example.test"_s, u"+1 555 0100"_s);
    const qint64 old = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada.old@example.test"_s);
    m_f.addUser(u"staff@shop.test"_s, u"clerk"_s, {});
    QVERIFY(m_f.run(u"UPDATE users SET is_active = 0, merged_into_id = ? WHERE id = ?"_s, {ada, old}).ok());
    CustomerQuery query;
    query.search = text;
    query.includeMerged = includeMerged;
    QCOMPARE(emailsOf(search(query)), expected);
}

void TestCustomerService::pagesByKeyWithoutRepeatsOrGaps()
{
    // Equal names across page boundaries, and a name SQLite's lower() and
    // PostgreSQL's lower() fold differently: the keys come from the database.
    const QStringList lastNames{u"Smith"_s, u"smith"_s, u"Smith"_s, u"Émile"_s, u"Zola"_s, u"adams"_s, u"Brown"_s};
    QStringList all;
    for (int i = 0; i < lastNames.size(); ++i) {
        const QString email = u"c%1@example.test"_s.arg(i);
        QVERIFY(addCustomer(i % 2 ? u"Bo"_s : u"Al"_s, lastNames[i], email) > 0);
        all.append(email);
    }
    CustomerQuery query;
    const QStringList everything = emailsOf(search(query));
    QCOMPARE(everything.size(), lastNames.size());
    for (int pageSize : {1, 2, 3}) {
        CustomerQuery paged;
        paged.limit = pageSize;
        QStringList seen;
        for (int guard = 0; guard < 20; ++guard) {
            const QList<CustomerSummary> page = search(paged);
            seen.append(emailsOf(page));
            if (page.size() < pageSize)
                break;
            paged.continueAfter(page.constLast());
        }
        QCOMPARE(seen, everything);
    }
    CustomerQuery smiths;
    smiths.search = u"smi"_s;
    smiths.limit = 2;
    QList<CustomerSummary> first = search(smiths);
    QCOMPARE(first.size(), 2);
    smiths.continueAfter(first.constLast());
    const QList<CustomerSummary> second = search(smiths);
    QCOMPARE(second.size(), 1);
    QVERIFY(!emailsOf(first).contains(second.first().customer.email));
}

void TestCustomerService::lifetimeValueIsExactAfterSalesAndARefund()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 grace = addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s);
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    m_f.receive(m_f.m_mug, m_f.m_store, 10);
    Result<Shift> shift = Database::wait(ShiftService(m_f.m_db).open(m_f.m_clerk, m_register, usd(10000)));
    QVERIFY2(shift.ok(), qPrintable(why(shift)));

    // 2 × 10.00 + 10.00 + 8 % tax = 32.40; then 10.00 + 8 % = 10.80.
    const CompletedSale first = sell(ada, {{u"SHIRT-1"_s, 2}, {u"MUG-1"_s, 1}});
    QCOMPARE(first.total, usd(3240));
    const CompletedSale second = sell(ada, {{u"MUG-1"_s, 1}});
    QCOMPARE(second.total, usd(1080));
    QVERIFY(sell(grace, {{u"SHIRT-1"_s, 1}}).orderId > 0);

    const qint64 shirtLine = m_f.scalar(u"SELECT id FROM order_items WHERE order_id = ? AND variant_id = ?"_s,
                                        {first.orderId, m_f.m_shirt})
                                 .toLongLong();
    ReturnRequest giveBack;
    giveBack.orderId = first.orderId;
    giveBack.lines = {{shirtLine, 1, ReturnDisposition::Restock, {}}};
    giveBack.destination = RefundDestination::Cash;
    giveBack.reason = u"Too small"_s;
    giveBack.registerId = m_register;
    Result<ReturnResult> returned = QCoro::waitFor(ReturnService(m_f.m_db, nullptr).giveBack(m_f.m_clerk, giveBack));
    QVERIFY2(returned.ok(), qPrintable(why(returned)));
    QCOMPARE(returned->amount, usd(1080));

    Result<CustomerProfile> profile = Database::wait(m_service->profile(m_f.m_clerk, ada));
    QVERIFY2(profile.ok(), qPrintable(why(profile)));
    QCOMPARE(profile->lifetime.orderCount, 2);
    QCOMPARE(profile->lifetime.paid, usd(4320));
    QCOMPARE(profile->lifetime.refunded, usd(1080));
    QCOMPARE(profile->lifetime.value, usd(3240));
    QVERIFY(profile->lifetime.firstOrderAt.isValid());
    QVERIFY(profile->lifetime.firstOrderAt <= profile->lifetime.lastOrderAt);
    QCOMPARE(profile->lifetime.value.minorUnits(),
             m_f.scalar(u"SELECT SUM(paid_cents - refunded_cents) FROM orders WHERE customer_id = ?"_s, {ada})
                 .toLongLong());

    CustomerQuery query;
    const QList<CustomerSummary> rows = search(query);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].customer.id, grace);
    QCOMPARE(rows[0].lifetime.value, usd(1080));
    QCOMPARE(rows[0].lifetime.orderCount, 1);
    QCOMPARE(rows[1].customer.id, ada);
    QCOMPARE(rows[1].lifetime.value, usd(3240));
    QCOMPARE(rows[1].lifetime.lastOrderAt, profile->lifetime.lastOrderAt);

    const qint64 nobody = addCustomer(u"Nobody"_s, u"Yet"_s, u"nobody@example.test"_s);
    Result<CustomerProfile> empty = Database::wait(m_service->profile(m_f.m_clerk, nobody));
    QVERIFY2(empty.ok(), qPrintable(why(empty)));
    QCOMPARE(empty->lifetime.orderCount, 0);
    QCOMPARE(empty->lifetime.value, usd(0));
    QVERIFY(!empty->lifetime.lastOrderAt.isValid());
}

void TestCustomerService::orderHistoryIsNewestFirstByKey()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 grace = addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s);
    // Stored as Storekeeper stores every time: UTC, ISO 8601 with "Z".
    const QDateTime start = QDateTime(QDate(2026, 3, 1), QTime(9, 0), QTimeZone::utc()).toUTC();
    QList<qint64> expected;
    // Two orders in the same millisecond: the higher id is the newer.
    for (int day : {0, 3, 3, 7, 12})
        expected.prepend(addOrder(ada, 1000 + day, start.addDays(day)));
    addOrder(grace, 500, start.addDays(5));
    OrderHistoryPage page;
    page.customerId = ada;
    page.limit = 2;
    QList<qint64> seen;
    for (int guard = 0; guard < 10; ++guard) {
        Result<QList<OrderHistoryEntry>> orders = Database::wait(m_service->orders(m_f.m_clerk, page));
        QVERIFY2(orders.ok(), qPrintable(why(orders)));
        for (const OrderHistoryEntry &order : orders.value())
            seen.append(order.id);
        if (orders->size() < page.limit)
            break;
        page.continueAfter(orders->constLast());
    }
    QCOMPARE(seen, expected);
    Result<QList<OrderHistoryEntry>> newest = Database::wait(m_service->orders(m_f.m_clerk, {ada, {}, 0, 1}));
    QVERIFY(newest.ok());
    QCOMPARE(newest->first().total, usd(1012));
    QCOMPARE(newest->first().createdAt, start.addDays(12));
    QCOMPARE(newest->first().status, u"delivered"_s);
}

void TestCustomerService::profileHasAddressesDefaultFirst()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    addAddress(ada, u"1 Billing Road"_s, u"billing"_s, true);
    addAddress(ada, u"2 Side Street"_s, u"shipping"_s, false);
    addAddress(ada, u"3 Main Street"_s, u"shipping"_s, true);
    Result<CustomerProfile> profile = Database::wait(m_service->profile(m_f.m_clerk, ada));
    QVERIFY2(profile.ok(), qPrintable(why(profile)));
    QCOMPARE(profile->addresses.size(), 3);
    QCOMPARE(profile->addresses[0].streetAddress, u"3 Main Street"_s);
    QVERIFY(profile->addresses[0].isDefault);
    QCOMPARE(profile->addresses[1].streetAddress, u"2 Side Street"_s);
    QCOMPARE(profile->addresses[2].type, AddressType::Billing);
    QCOMPARE(profile->addresses[0].oneLine(), u"3 Main Street, 62704 Springfield, IL, US"_s);

    const qint64 staff = m_f.addUser(u"staff@shop.test"_s, u"clerk"_s, {});
    Result<CustomerProfile> notACustomer = Database::wait(m_service->profile(m_f.m_clerk, staff));
    QVERIFY(!notACustomer.ok());
    QCOMPARE(notACustomer.error().code, ErrorCode::InvalidInput);
    Result<CustomerProfile> missing = Database::wait(m_service->profile(m_f.m_clerk, 999999));
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestCustomerService::updateSavesProfileAndAddresses()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 kept = addAddress(ada, u"3 Main Street"_s, u"shipping"_s, true);
    addAddress(ada, u"9 Gone Lane"_s, u"shipping"_s, false);
    CustomerEdit edit;
    edit.customerId = ada;
    edit.firstName = u" Augusta Ada "_s;
    edit.lastName = u"King"_s;
    edit.email = u"Ada.King@Example.TEST"_s;
    edit.phone = u"+44 20 7946 0000"_s;
    CustomerAddress moved = address(u"4 Main Street"_s, AddressType::Shipping, false, kept);
    CustomerAddress noState = address(u"1 Billing Road"_s, AddressType::Billing, false);
    noState.state = u"  "_s;   // optional
    edit.addresses = {moved, address(u"5 New Street"_s, AddressType::Shipping, true), noState};
    Result<CustomerProfile> saved = Database::wait(m_service->update(m_f.m_clerk, edit));
    QVERIFY2(saved.ok(), qPrintable(why(saved)));
    QCOMPARE(saved->customer.firstName, u"Augusta Ada"_s);
    QCOMPARE(saved->customer.email, u"ada.king@example.test"_s);
    QCOMPARE(saved->addresses.size(), 3);
    // The one marked default is the default; billing had none, so its only
    // address became it.
    QCOMPARE(m_f.scalar(u"SELECT street_address FROM addresses WHERE user_id = ? AND address_type = 'shipping' AND "
                        "is_default = 1"_s,
                        {ada})
                 .toString(),
             u"5 New Street"_s);
    QCOMPARE(m_f.scalar(u"SELECT is_default FROM addresses WHERE user_id = ? AND address_type = 'billing'"_s, {ada})
                 .toInt(),
             1);
    QCOMPARE(m_f.scalar(u"SELECT state FROM addresses WHERE address_type = 'billing'"_s).toString(), u""_s);
    QCOMPARE(m_f.scalar(u"SELECT street_address FROM addresses WHERE id = ?"_s, {kept}).toString(),
             u"4 Main Street"_s);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM addresses WHERE street_address = '9 Gone Lane'"_s).toInt(), 0);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'customer.updated' AND subject = ?"_s,
                        {u"user:%1"_s.arg(ada)})
                 .toInt(),
             1);
}

void TestCustomerService::badEditsAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("code");
    QTest::newRow("no first name") << u"first"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("bad e-mail") << u"email"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("bad phone") << u"phone"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("e-mail of another account") << u"taken"_s << int(ErrorCode::Conflict);
    QTest::newRow("address without a city") << u"city"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("address without a street") << u"street"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("two default shipping addresses") << u"defaults"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("someone else's address") << u"foreign"_s << int(ErrorCode::Conflict);
    QTest::newRow("a merged customer") << u"merged"_s << int(ErrorCode::Conflict);
    QTest::newRow("a staff account") << u"staff"_s << int(ErrorCode::InvalidInput);
}

void TestCustomerService::badEditsAreRefusedAndWriteNothing()
{
    QFETCH(QString, what);
    QFETCH(int, code);
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 grace = addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s);
    const qint64 graces = addAddress(grace, u"7 Navy Yard"_s, u"shipping"_s, true);
    CustomerEdit edit;
    edit.customerId = ada;
    edit.firstName = u"Ada"_s;
    edit.lastName = u"Lovelace"_s;
    edit.email = u"ada@example.test"_s;
    edit.addresses = {address(u"3 Main Street"_s, AddressType::Shipping, true)};
    if (what == u"first"_s)
        edit.firstName = u"  "_s;
    else if (what == u"email"_s)
        edit.email = u"ada.example.test"_s;
    else if (what == u"phone"_s)
        edit.phone = u"call me"_s;
    else if (what == u"taken"_s)
        edit.email = u"GRACE@example.test"_s;
    else if (what == u"city"_s)
        edit.addresses.first().city = u" "_s;
    else if (what == u"street"_s)
        edit.addresses.first().streetAddress.clear();
    else if (what == u"defaults"_s)
        edit.addresses.append(address(u"4 Main Street"_s, AddressType::Shipping, true));
    else if (what == u"foreign"_s)
        edit.addresses.append(address(u"7 Navy Yard"_s, AddressType::Shipping, false, graces));
    else if (what == u"merged"_s)
        QVERIFY(m_f.run(u"UPDATE users SET is_active = 0, merged_into_id = ? WHERE id = ?"_s, {grace, ada}).ok());
    else if (what == u"staff"_s)
        edit.customerId = m_f.m_clerk.userId;
    const QString before = snapshot();
    Result<CustomerProfile> saved = Database::wait(m_service->update(m_f.m_clerk, edit));
    QVERIFY(!saved.ok());
    QCOMPARE(int(saved.error().code), code);
    QVERIFY(!saved.error().message.isEmpty());
    QVERIFY2(saved.error().message.endsWith(u'.'), qPrintable(saved.error().message));
    QCOMPARE(snapshot(), before);
}

void TestCustomerService::anAddressOnAnOrderStays()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 home = addAddress(ada, u"3 Main Street"_s, u"shipping"_s, true);
    const qint64 order = addOrder(ada, 1000, QDateTime::currentDateTimeUtc());
    QVERIFY(m_f.run(u"UPDATE orders SET shipping_address_id = ? WHERE id = ?"_s, {home, order}).ok());
    CustomerEdit edit;
    edit.customerId = ada;
    edit.firstName = u"Ada"_s;
    edit.lastName = u"Lovelace"_s;
    edit.email = u"ada@example.test"_s;
    edit.addresses = {address(u"5 New Street"_s, AddressType::Shipping, true)};
    const QString before = snapshot();
    Result<CustomerProfile> saved = Database::wait(m_service->update(m_f.m_clerk, edit));
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code, ErrorCode::Conflict);
    QVERIFY2(saved.error().message.contains(u"W-000001"_s), qPrintable(saved.error().message));
    QCOMPARE(snapshot(), before);
}

void TestCustomerService::mergeCombinesTheTwoOpenOnlineCarts()
{
    const qint64 keep = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 dup = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada.l@example.test"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto cartOf = [&](qint64 customer) {
        return m_f.insert(u"INSERT INTO carts (owner_user_id, customer_id, created_at, updated_at) VALUES "
                          "(?, ?, ?, ?) RETURNING id"_s,
                          {customer, customer, now, now});
    };
    const auto addLine = [&](qint64 cart, qint64 variant, qint64 quantity, qint64 price, int position) {
        return m_f.insert(u"INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, "
                          "position, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                          {cart, productOf(variant), variant, quantity, price, position, now});
    };
    // The duplicate's cart is the older one: the shop would read it first.
    const qint64 dupCart = cartOf(dup);
    const qint64 keepCart = cartOf(keep);
    QVERIFY(dupCart > 0 && keepCart > dupCart);
    QVERIFY(addLine(dupCart, m_f.m_shirt, 2, 900, 1) > 0);
    QVERIFY(addLine(dupCart, m_f.m_mug, 1, 1000, 2) > 0);
    QVERIFY(addLine(dupCart, m_f.m_tea, 998, 500, 3) > 0);
    const qint64 keptShirt = addLine(keepCart, m_f.m_shirt, 1, 1000, 1);
    QVERIFY(addLine(keepCart, m_f.m_tea, 5, 500, 2) > 0);
    QVERIFY(keptShirt > 0);

    Result<MergeOutcome> merged = Database::wait(m_service->merge(m_f.m_clerk, dup, keep));
    QVERIFY2(merged.ok(), qPrintable(why(merged)));
    QCOMPARE(merged->cartLinesCombined, 3);
    QCOMPARE(merged->cartsMoved, 1);

    // One open online cart, holding both: the survivor's lines first, with
    // their prices; quantities added, up to the most a line holds.
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM carts WHERE owner_user_id = ? AND status = 'open'"_s, {keep}).toInt(),
             1);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {dupCart}).toString(), u"voided"_s);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM cart_items WHERE cart_id = ?"_s, {dupCart}).toInt(), 0);
    QStringList lines;
    const Result<QList<QVariantList>> rows = Database::wait(m_f.m_db->read([keepCart](Connection &c) -> Result<QList<QVariantList>> {
        Result<CachedQuery> q = c.prepared(u"SELECT variant_id, quantity, unit_price_cents FROM cart_items WHERE cart_id = ? "
                                     "ORDER BY position, id"_s,
                                     {keepCart});
        if (!q)
            return q.error();
        QList<QVariantList> out;
        while (q->next())
            out.append({q->value(0), q->value(1), q->value(2)});
        return out;
    }));
    QVERIFY2(rows.ok(), qPrintable(why(rows)));
    for (const QVariantList &row : rows.value())
        lines.append(u"%1x%2@%3"_s.arg(row.at(0).toLongLong()).arg(row.at(1).toLongLong()).arg(row.at(2).toLongLong()));
    QCOMPARE(lines.join(u' '), u"%1x3@1000 %2x999@500 %3x1@1000"_s.arg(m_f.m_shirt).arg(m_f.m_tea).arg(m_f.m_mug));
    QCOMPARE(m_f.scalar(u"SELECT id FROM cart_items WHERE cart_id = ? AND variant_id = ?"_s, {keepCart, m_f.m_shirt})
                 .toLongLong(),
             keptShirt);
    QVERIFY(m_f.scalar(u"SELECT details FROM audit_log WHERE action = 'customer.merged'"_s)
                .toString()
                .contains(u"\"cart_lines_combined\":3"_s));
}

void TestCustomerService::theSurvivorMayTakeTheMergedAccountsEmail()
{
    const qint64 keep = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 dup = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada.new@example.test"_s);
    const qint64 other = addCustomer(u"Bea"_s, u"Other"_s, u"bea@example.test"_s);
    QVERIFY(keep && dup && other);
    Result<MergeOutcome> merged = Database::wait(m_service->merge(m_f.m_clerk, dup, keep));
    QVERIFY2(merged.ok(), qPrintable(why(merged)));

    CustomerEdit edit;
    edit.customerId = keep;
    edit.firstName = u"Ada"_s;
    edit.lastName = u"Lovelace"_s;
    // Another live customer's address is still refused, and nothing changes.
    edit.email = u"bea@example.test"_s;
    Result<CustomerProfile> refused = Database::wait(m_service->update(m_f.m_clerk, edit));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.scalar(u"SELECT email FROM users WHERE id = ?"_s, {dup}).toString(), u"ada.new@example.test"_s);

    // The address of the account merged into this customer is theirs to take.
    edit.email = u" Ada.New@Example.test "_s;
    Result<CustomerProfile> saved = Database::wait(m_service->update(m_f.m_clerk, edit));
    QVERIFY2(saved.ok(), qPrintable(why(saved)));
    QCOMPARE(saved->customer.email, u"ada.new@example.test"_s);
    QCOMPARE(m_f.scalar(u"SELECT email FROM users WHERE id = ?"_s, {dup}).toString(),
             u"merged-%1@merged.invalid"_s.arg(dup));
    QCOMPARE(m_f.scalar(u"SELECT merged_into_id FROM users WHERE id = ?"_s, {dup}).toLongLong(), keep);
    QVERIFY(m_f.scalar(u"SELECT details FROM audit_log WHERE action = 'customer.updated'"_s)
                .toString()
                .contains(u"\"email_taken_from\":%1"_s.arg(dup)));
}

void TestCustomerService::mergeMovesEverythingAndResolvesReviewClashes()
{
    const qint64 keep = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 dup = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada.l@example.test"_s);
    const qint64 older = addCustomer(u"A."_s, u"Lovelace"_s, u"al@example.test"_s);
    QVERIFY(m_f.run(u"UPDATE users SET is_active = 0, merged_into_id = ? WHERE id = ?"_s, {dup, older}).ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 keepOrder = addOrder(keep, 2000, now.addDays(-3));
    const qint64 dupOrder1 = addOrder(dup, 1500, now.addDays(-2));
    const qint64 dupOrder2 = addOrder(dup, 700, now.addDays(-1), 200);
    const qint64 shirt = productOf(m_f.m_shirt);
    const qint64 mug = productOf(m_f.m_mug);
    // The survivor reviewed the shirt on the duplicate's first order (a
    // shared household order): the duplicate's review of it clashes.
    const qint64 keptReview = addReview(keep, dupOrder1, shirt, 5, u"approved"_s);
    const qint64 clashing = addReview(dup, dupOrder1, shirt, 1, u"approved"_s);
    const qint64 movedReview = addReview(dup, dupOrder2, mug, 4, u"pending"_s);
    const qint64 ownReview = addReview(keep, keepOrder, mug, 3, u"approved"_s);
    QVERIFY(keptReview && clashing && movedReview && ownReview);
    QVERIFY(m_f.run(u"UPDATE products SET average_rating = 300, review_count = 2 WHERE id = ?"_s, {shirt}).ok());
    const qint64 keepHome = addAddress(keep, u"3 Main Street"_s, u"shipping"_s, true);
    const qint64 dupHome = addAddress(dup, u"8 Other Road"_s, u"shipping"_s, true);
    const qint64 dupBilling = addAddress(dup, u"1 Billing Road"_s, u"billing"_s, true);
    const qint64 cart = m_f.insert(u"INSERT INTO carts (owner_user_id, customer_id, created_at, updated_at) VALUES "
                                   "(?, ?, ?, ?) RETURNING id"_s,
                                   {dup, dup, now, now});
    QVERIFY(cart > 0);

    Result<MergeOutcome> merged = Database::wait(m_service->merge(m_f.m_clerk, dup, keep));
    QVERIFY2(merged.ok(), qPrintable(why(merged)));
    QCOMPARE(merged->ordersMoved, 2);
    QCOMPARE(merged->cartsMoved, 1);
    QCOMPARE(merged->addressesMoved, 2);
    QCOMPARE(merged->reviewsMoved, 1);
    QCOMPARE(merged->reviewsDropped, 1);

    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM orders WHERE customer_id = ?"_s, {keep}).toInt(), 3);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM orders WHERE customer_id = ?"_s, {dup}).toInt(), 0);
    QCOMPARE(m_f.scalar(u"SELECT customer_id FROM orders WHERE id = ?"_s, {dupOrder2}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT owner_user_id FROM carts WHERE id = ?"_s, {cart}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT customer_id FROM carts WHERE id = ?"_s, {cart}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM addresses WHERE user_id = ?"_s, {keep}).toInt(), 3);
    // The survivor's default shipping address stays the default; the
    // duplicate's billing address is the only one of its kind and stays one.
    QCOMPARE(m_f.scalar(u"SELECT is_default FROM addresses WHERE id = ?"_s, {keepHome}).toInt(), 1);
    QCOMPARE(m_f.scalar(u"SELECT is_default FROM addresses WHERE id = ?"_s, {dupHome}).toInt(), 0);
    QCOMPARE(m_f.scalar(u"SELECT is_default FROM addresses WHERE id = ?"_s, {dupBilling}).toInt(), 1);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM reviews WHERE id = ?"_s, {clashing}).toInt(), 0);
    QCOMPARE(m_f.scalar(u"SELECT customer_id FROM reviews WHERE id = ?"_s, {keptReview}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT rating FROM reviews WHERE id = ?"_s, {keptReview}).toInt(), 5);
    QCOMPARE(m_f.scalar(u"SELECT customer_id FROM reviews WHERE id = ?"_s, {movedReview}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM reviews WHERE customer_id = ?"_s, {dup}).toInt(), 0);
    // The dropped approved 1-star review no longer counts for the shirt.
    QCOMPARE(m_f.scalar(u"SELECT average_rating FROM products WHERE id = ?"_s, {shirt}).toInt(), 500);
    QCOMPARE(m_f.scalar(u"SELECT review_count FROM products WHERE id = ?"_s, {shirt}).toInt(), 1);

    QCOMPARE(m_f.scalar(u"SELECT is_active FROM users WHERE id = ?"_s, {dup}).toInt(), 0);
    QCOMPARE(m_f.scalar(u"SELECT merged_into_id FROM users WHERE id = ?"_s, {dup}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT merged_into_id FROM users WHERE id = ?"_s, {older}).toLongLong(), keep);
    QCOMPARE(m_f.scalar(u"SELECT is_active FROM users WHERE id = ?"_s, {keep}).toInt(), 1);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merged' AND subject = ?"_s,
                        {u"user:%1"_s.arg(dup)})
                 .toInt(),
             1);

    Result<CustomerProfile> survivor = Database::wait(m_service->profile(m_f.m_clerk, keep));
    QVERIFY2(survivor.ok(), qPrintable(why(survivor)));
    QCOMPARE(survivor->lifetime.orderCount, 3);
    QCOMPARE(survivor->lifetime.value, usd(2000 + 1500 + 700 - 200));
    CustomerQuery query;
    QCOMPARE(emailsOf(search(query)), QStringList{u"ada@example.test"_s});
}

void TestCustomerService::refusedMergesChangeNothing_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("code");
    QTest::newRow("into itself") << u"self"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("into a merged customer") << u"into merged"_s << int(ErrorCode::Conflict);
    QTest::newRow("a merged customer") << u"from merged"_s << int(ErrorCode::Conflict);
    QTest::newRow("into a staff account") << u"into staff"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("a staff account") << u"from staff"_s << int(ErrorCode::InvalidInput);
    QTest::newRow("into nobody") << u"into nobody"_s << int(ErrorCode::NotFound);
    QTest::newRow("by a vendor") << u"vendor"_s << int(ErrorCode::PermissionDenied);
}

void TestCustomerService::refusedMergesChangeNothing()
{
    QFETCH(QString, what);
    QFETCH(int, code);
    const qint64 keep = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const qint64 dup = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada.l@example.test"_s);
    const qint64 gone = addCustomer(u"Gone"_s, u"Away"_s, u"gone@example.test"_s);
    QVERIFY(m_f.run(u"UPDATE users SET is_active = 0, merged_into_id = ? WHERE id = ?"_s, {keep, gone}).ok());
    const qint64 order = addOrder(dup, 1500, QDateTime::currentDateTimeUtc());
    addReview(dup, order, productOf(m_f.m_shirt), 4, u"approved"_s);
    addAddress(dup, u"8 Other Road"_s, u"shipping"_s, true);
    qint64 from = dup;
    qint64 into = keep;
    Session actor = m_f.m_clerk;
    if (what == u"self"_s)
        into = dup;
    else if (what == u"into merged"_s)
        into = gone;
    else if (what == u"from merged"_s)
        from = gone;
    else if (what == u"into staff"_s)
        into = m_f.m_adminUser;
    else if (what == u"from staff"_s)
        from = m_f.m_adminUser;
    else if (what == u"into nobody"_s)
        into = 999999;
    else if (what == u"vendor"_s)
        actor = m_f.m_vendor;
    const QString before = snapshot();
    Result<MergeOutcome> merged = Database::wait(m_service->merge(actor, from, into));
    QVERIFY(!merged.ok());
    QCOMPARE(int(merged.error().code), code);
    QVERIFY2(merged.error().message.endsWith(u'.'), qPrintable(merged.error().message));
    QCOMPARE(snapshot(), before);
}

void TestCustomerService::exportHoldsExactlyTheCustomersDataAndNoCardNumbers()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s, u"+44 20 7946 0018"_s);
    const qint64 grace = addCustomer(u"Grace"_s, u"Hopper"_s, u"grace@example.test"_s);
    addAddress(ada, u"3 Main Street"_s, u"shipping"_s, true);
    addAddress(grace, u"7 Navy Yard"_s, u"shipping"_s, true);
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    m_f.receive(m_f.m_mug, m_f.m_store, 10);
    Result<Shift> shift = Database::wait(ShiftService(m_f.m_db).open(m_f.m_clerk, m_register, usd(10000)));
    QVERIFY2(shift.ok(), qPrintable(why(shift)));
    const CompletedSale adas = sell(ada, {{u"SHIRT-1"_s, 1}, {u"MUG-1"_s, 2}});
    const CompletedSale graces = sell(grace, {{u"MUG-1"_s, 1}});
    QVERIFY(adas.orderId > 0 && graces.orderId > 0);
    addReview(ada, adas.orderId, productOf(m_f.m_shirt), 4, u"approved"_s);
    addReview(grace, graces.orderId, productOf(m_f.m_mug), 2, u"pending"_s);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"ada.json"_s);
    const Status exported = Database::wait(m_service->exportData(m_f.m_clerk, ada, path));
    QVERIFY2(exported.ok(), qPrintable(why(exported)));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QJsonObject doc = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(doc.value(u"customer"_s).toObject().value(u"email"_s).toString(), u"ada@example.test"_s);
    QCOMPARE(doc.value(u"customer"_s).toObject().value(u"phone"_s).toString(), u"+44 20 7946 0018"_s);
    const QJsonArray addresses = doc.value(u"addresses"_s).toArray();
    QCOMPARE(addresses.size(), 1);
    QCOMPARE(addresses[0].toObject().value(u"street_address"_s).toString(), u"3 Main Street"_s);
    const QJsonArray orders = doc.value(u"orders"_s).toArray();
    QCOMPARE(orders.size(), 1);
    const QJsonObject order = orders[0].toObject();
    QCOMPARE(order.value(u"order_number"_s).toString(), adas.orderNumber);
    QCOMPARE(order.value(u"total_cents"_s).toInteger(), adas.total.minorUnits());
    QCOMPARE(order.value(u"lines"_s).toArray().size(), 2);
    const QJsonArray payments = order.value(u"payments"_s).toArray();
    QCOMPARE(payments.size(), 1);
    QCOMPARE(payments[0].toObject().value(u"card_last4"_s).toString(), u"1111"_s);
    QCOMPARE(payments[0].toObject().value(u"card_brand"_s).toString(), u"visa"_s);
    QVERIFY(order.value(u"refunds"_s).toArray().isEmpty());
    const QJsonArray reviews = doc.value(u"reviews"_s).toArray();
    QCOMPARE(reviews.size(), 1);
    QCOMPARE(reviews[0].toObject().value(u"rating"_s).toInt(), 4);
    QCOMPARE(doc.value(u"lifetime_value"_s).toObject().value(u"value_cents"_s).toInteger(), adas.total.minorUnits());
    // Nothing of the other customer, and no card number in any field.
    QVERIFY(!bytes.contains("grace"));
    QVERIFY(!bytes.contains("Navy Yard"));
    QVERIFY(!bytes.contains(graces.orderNumber.toUtf8()));
    QVERIFY(!bytes.contains("4111111111111111"));
    QVERIFY(!bytes.contains("password"));
    QVERIFY(!bytes.contains("idempotency"));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'customer.exported' AND subject = ?"_s,
                        {u"user:%1"_s.arg(ada)})
                 .toInt(),
             1);
}

void TestCustomerService::aFailedExportLeavesNoFile()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"missing-folder/ada.json"_s);
    const Status exported = Database::wait(m_service->exportData(m_f.m_clerk, ada, path));
    QVERIFY(!exported.ok());
    QVERIFY2(exported.error().message.contains(u"cannot be written"_s), qPrintable(exported.error().message));
    QVERIFY(!QFile::exists(path));
    const Status staff = Database::wait(m_service->exportData(m_f.m_clerk, m_f.m_adminUser, dir.filePath(u"x.json"_s)));
    QVERIFY(!staff.ok());
    QVERIFY(!QFile::exists(dir.filePath(u"x.json"_s)));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'customer.exported'"_s).toInt(), 0);
}

void TestCustomerService::onlyThoseWhoManageCustomersMayUseIt()
{
    const qint64 ada = addCustomer(u"Ada"_s, u"Lovelace"_s, u"ada@example.test"_s);
    const Session vendor = m_f.m_vendor;
    Result<QList<CustomerSummary>> found = Database::wait(m_service->search(vendor, CustomerQuery()));
    QCOMPARE(found.error().code, ErrorCode::PermissionDenied);
    QVERIFY(!found.error().message.isEmpty());
    QCOMPARE(Database::wait(m_service->profile(vendor, ada)).error().code, ErrorCode::PermissionDenied);
    QCOMPARE(Database::wait(m_service->orders(vendor, {ada, {}, 0, 10})).error().code, ErrorCode::PermissionDenied);
    CustomerEdit edit;
    edit.customerId = ada;
    QCOMPARE(Database::wait(m_service->update(vendor, edit)).error().code, ErrorCode::PermissionDenied);
    QTemporaryDir dir;
    QCOMPARE(Database::wait(m_service->exportData(vendor, ada, dir.filePath(u"a.json"_s))).error().code,
             ErrorCode::PermissionDenied);
    QVERIFY(!QFile::exists(dir.filePath(u"a.json"_s)));
    QCOMPARE(Database::wait(m_service->search(Session(), CustomerQuery())).error().code, ErrorCode::Unauthenticated);
    QVERIFY(Database::wait(m_service->search(m_f.m_admin, CustomerQuery())).ok());
    QVERIFY(Database::wait(m_service->search(m_f.m_clerk, CustomerQuery())).ok());
}

QTEST_GUILESS_MAIN(TestCustomerService)
#include "tst_customerservice.moc"
