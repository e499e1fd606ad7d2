// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "catalog/ProductService.h"
#include "maintenance/IntegrityCheck.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QTest>

#include <QCoroTask>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

QString describe(const IntegrityCheck::Report &report)
{
    QStringList lines;
    for (const IntegrityCheck::Finding &finding : report.findings)
        if (!finding.passed)
            lines.append(u"%1: %2"_s.arg(finding.check, finding.message));
    return lines.join(u"\n"_s);
}

} // namespace

class TestCheckout : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void wholeSaleWithExactCents();
    void refusedWithoutAShift();
    void refusedWhenTooLittleIsPaid();
    void refusedWhenOverpaid();
    void refusedWhileACardPaymentIsPending();
    void stockTakenMeanwhileWritesNothing();
    void receiptNumbersStayGaplessAfterAFailedSale();
    void emptyParkedAndCompletedCartsAreRefused();
    void shiftFiguresAfterSalesRefundsAndCash();
    void voidCartNeedsThePaymentsGivenBack();
    void recoveryCompletesFullyPaidCartsOnly();
    void vendorsCannotSell();

private:
    qint64 addProduct(const QString &name, const QString &sku, const QString &price, const QString &taxClass,
                      std::optional<qint64> vendorId = {});
    qint64 openShift(qint64 floatCents = 10000);
    Cart currentCart();
    Cart add(qint64 cartId, const QString &sku, qint64 quantity);
    qint64 pay(qint64 cartId, const QString &tender, qint64 amountCents, qint64 changeCents = 0,
               const QString &status = u"completed"_s);
    Result<CompletedSale> complete(qint64 cartId, const Session *actor = nullptr);
    qint64 nextReceipt();
    void verifyIntegrity();

    test::InventoryFixture m_f;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<ShiftService> m_shifts;
    qint64 m_register = 0;
    qint64 m_shirt = 0;   // 19.99, standard 8 %
    qint64 m_tea = 0;     // 4.35, reduced 5 %, a vendor's
    qint64 m_mug = 0;     // 10.00, standard 8 %
    int m_keys = 0;
};

void TestCheckout::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_carts = std::make_unique<CartService>(m_f.m_db);
    m_checkout = std::make_unique<CheckoutService>(m_f.m_db, nullptr);
    m_shifts = std::make_unique<ShiftService>(m_f.m_db);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
    m_shirt = addProduct(u"Oxford shirt"_s, u"OX-1"_s, u"19.99"_s, u"standard"_s);
    m_tea = addProduct(u"Gyokuro tea"_s, u"GYO-1"_s, u"4.35"_s, u"reduced"_s, m_f.m_vendorId);
    m_mug = m_f.m_mug;
    QVERIFY(m_shirt > 0 && m_tea > 0 && m_mug > 0);
    m_f.receive(m_shirt, m_f.m_store, 10);
    m_f.receive(m_tea, m_f.m_store, 10);
    m_f.receive(m_mug, m_f.m_store, 10);
}

void TestCheckout::cleanup()
{
    m_checkout.reset();
    m_carts.reset();
    m_shifts.reset();
    m_f.tearDown();
}

qint64 TestCheckout::addProduct(const QString &name, const QString &sku, const QString &price,
                                const QString &taxClass, std::optional<qint64> vendorId)
{
    ProductDraft draft;
    draft.name = name;
    draft.vendorId = vendorId;
    draft.taxClass = taxClass;
    VariantDraft variant;
    variant.sku = sku;
    variant.price = price;
    draft.variants.append(variant);
    Result<Product> created = Database::wait(ProductService(m_f.m_db).create(m_f.m_admin, draft));
    if (!created) {
        qWarning() << why(created);
        return 0;
    }
    return created->variants.first().id;
}

qint64 TestCheckout::openShift(qint64 floatCents)
{
    Result<Shift> shift = Database::wait(m_shifts->open(m_f.m_clerk, m_register, usd(floatCents)));
    if (!shift)
        qWarning() << why(shift);
    return shift.ok() ? shift->id : 0;
}

Cart TestCheckout::currentCart()
{
    Result<Cart> cart = Database::wait(m_carts->current(m_f.m_clerk, m_register));
    if (!cart)
        qWarning() << why(cart);
    return cart.ok() ? cart.value() : Cart();
}

Cart TestCheckout::add(qint64 cartId, const QString &sku, qint64 quantity)
{
    Result<Cart> cart = Database::wait(m_carts->addByCode(m_f.m_clerk, cartId, sku, quantity));
    if (!cart)
        qWarning() << why(cart);
    return cart.ok() ? cart.value() : Cart();
}

// A payment as PaymentService leaves it once taken: the tests of checkout
// do not need a gateway.
qint64 TestCheckout::pay(qint64 cartId, const QString &tender, qint64 amountCents, qint64 changeCents,
                         const QString &status)
{
    const bool cash = tender == u"cash"_s;
    return m_f.insert(u"INSERT INTO payments (cart_id, register_id, user_id, tender, status, currency, amount_cents, "
                      "tendered_cents, change_cents, idempotency_key, card_brand, card_last4, created_at) "
                      "VALUES (?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                      {cartId, m_register, m_f.m_clerk.userId, tender, status, amountCents,
                       cash ? QVariant(amountCents + changeCents) : QVariant(QMetaType::fromType<qint64>(), nullptr),
                       changeCents, u"test-key-%1"_s.arg(++m_keys), cash ? u""_s : u"visa"_s,
                       cash ? u""_s : u"4242"_s, QDateTime::currentDateTimeUtc()});
}

Result<CompletedSale> TestCheckout::complete(qint64 cartId, const Session *actor)
{
    return Database::wait(m_checkout->complete(actor ? *actor : m_f.m_clerk, cartId));
}

qint64 TestCheckout::nextReceipt()
{
    return m_f.scalar(u"SELECT next_receipt_number FROM registers WHERE id = ?"_s, {m_register}).toLongLong();
}

void TestCheckout::verifyIntegrity()
{
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QVERIFY2(report->passed(), qPrintable(describe(report.value())));
}

void TestCheckout::wholeSaleWithExactCents()
{
    const qint64 shift = openShift(15000);
    QVERIFY(shift > 0);
    Cart cart = currentCart();
    add(cart.id, u"OX-1"_s, 2);
    add(cart.id, u"GYO-1"_s, 3);
    cart = add(cart.id, u"MUG-1"_s, 1);
    QCOMPARE(cart.lines.size(), 3);
    const qint64 mugLine = cart.lines[2].id;
    Result<Cart> discounted = Database::wait(m_carts->setLineDiscount(
        m_f.m_clerk, cart.id, mugLine, Discount{DiscountKind::Percent, 500, u"Display model"_s, 0}));
    QVERIFY2(discounted.ok(), qPrintable(why(discounted)));
    discounted = Database::wait(m_carts->setCartDiscount(
        m_f.m_clerk, cart.id, Discount{DiscountKind::Percent, 500, u"Regular customer"_s, 0}));
    QVERIFY2(discounted.ok(), qPrintable(why(discounted)));
    // Subtotal 39.98 + 13.05 + 10.00 = 63.03. Mug 5 % = 0.50. Cart 5 % of
    // 62.53 = 3.13, split 2.00 / 0.65 / 0.48. Tax 8 % of 37.98 = 3.04,
    // 5 % of 12.40 = 0.62, 8 % of 9.02 = 0.72. Total 63.03 - 3.63 + 4.38.
    QCOMPARE(discounted->priced.total, usd(6378));

    // Split tender: 30.00 cash from 40.00 (10.00 change), 33.78 on a card.
    QVERIFY(pay(cart.id, u"cash"_s, 3000, 1000) > 0);
    QVERIFY(pay(cart.id, u"card"_s, 3378) > 0);

    Result<CompletedSale> sale = complete(cart.id);
    QVERIFY2(sale.ok(), qPrintable(why(sale)));
    QCOMPARE(sale->orderNumber, u"R1-000001"_s);
    QCOMPARE(sale->receiptNumber, 1);
    QCOMPARE(sale->registerId, m_register);
    QCOMPARE(sale->total, usd(6378));
    QCOMPARE(sale->paid, usd(6378));
    QCOMPARE(sale->change, usd(1000));
    QCOMPARE(sale->payments.size(), 2);
    QCOMPARE(sale->payments[0].tender, Tender::Cash);
    QCOMPARE(sale->payments[0].orderId, std::optional<qint64>(sale->orderId));
    QCOMPARE(sale->payments[1].cardLast4, u"4242"_s);
    QCOMPARE(nextReceipt(), 2);

    Result<QSqlQuery> order = Database::wait(m_f.m_db->read([id = sale->orderId](Connection &c) {
        Result<QSqlQuery> q = c.exec(u"SELECT channel, status, subtotal_cents, discount_cents, tax_cents, "
                                     "shipping_cents, total_cents, paid_cents, refunded_cents, clerk_id, register_id, "
                                     "shift_id, location_id, receipt_number, currency, discount_reason "
                                     "FROM orders WHERE id = ?"_s,
                                     {id});
        if (q)
            q.value().next();
        return q;
    }));
    QVERIFY2(order.ok(), qPrintable(why(order)));
    const QSqlQuery &o = order.value();
    QCOMPARE(o.value(0).toString(), u"in_store"_s);
    QCOMPARE(o.value(1).toString(), u"delivered"_s);
    QCOMPARE(o.value(2).toLongLong(), 6303);
    QCOMPARE(o.value(3).toLongLong(), 363);
    QCOMPARE(o.value(4).toLongLong(), 438);
    QCOMPARE(o.value(5).toLongLong(), 0);
    QCOMPARE(o.value(6).toLongLong(), 6378);
    QCOMPARE(o.value(7).toLongLong(), 6378);
    QCOMPARE(o.value(8).toLongLong(), 0);
    QCOMPARE(o.value(9).toLongLong(), m_f.m_clerk.userId);
    QCOMPARE(o.value(10).toLongLong(), m_register);
    QCOMPARE(o.value(11).toLongLong(), shift);
    QCOMPARE(o.value(12).toLongLong(), m_f.m_store);
    QCOMPARE(o.value(13).toLongLong(), 1);
    QCOMPARE(o.value(14).toString(), u"USD"_s);
    QCOMPARE(o.value(15).toString(), u"Regular customer"_s);

    // The lines' snapshots, exactly.
    struct Expected {
        QString sku, name, taxClass;
        qint64 quantity, list, unit, subtotal, discount;
        int rate;
        qint64 tax, total;
        bool vendor;
    };
    const QList<Expected> expected{
        {u"OX-1"_s, u"Oxford shirt"_s, u"standard"_s, 2, 1999, 1999, 3998, 200, 800, 304, 4102, false},
        {u"GYO-1"_s, u"Gyokuro tea"_s, u"reduced"_s, 3, 435, 435, 1305, 65, 500, 62, 1302, true},
        {u"MUG-1"_s, u"Tea mug"_s, u"standard"_s, 1, 1000, 1000, 1000, 98, 800, 72, 974, false},
    };
    for (const Expected &line : expected) {
        Result<QSqlQuery> item = Database::wait(m_f.m_db->read([id = sale->orderId, sku = line.sku](Connection &c) {
            Result<QSqlQuery> q = c.exec(u"SELECT name, tax_class, quantity, list_price_cents, unit_price_cents, "
                                         "subtotal_cents, discount_cents, tax_rate_bp, tax_cents, total_cents, "
                                         "vendor_id, refunded_quantity FROM order_items WHERE order_id = ? AND sku = ?"_s,
                                         {id, sku});
            if (q)
                q.value().next();
            return q;
        }));
        QVERIFY2(item.ok(), qPrintable(why(item)));
        const QSqlQuery &i = item.value();
        QCOMPARE(i.value(0).toString(), line.name);
        QCOMPARE(i.value(1).toString(), line.taxClass);
        QCOMPARE(i.value(2).toLongLong(), line.quantity);
        QCOMPARE(i.value(3).toLongLong(), line.list);
        QCOMPARE(i.value(4).toLongLong(), line.unit);
        QCOMPARE(i.value(5).toLongLong(), line.subtotal);
        QCOMPARE(i.value(6).toLongLong(), line.discount);
        QCOMPARE(i.value(7).toInt(), line.rate);
        QCOMPARE(i.value(8).toLongLong(), line.tax);
        QCOMPARE(i.value(9).toLongLong(), line.total);
        QCOMPARE(i.value(10).isNull(), !line.vendor);
        QCOMPARE(i.value(11).toLongLong(), 0);
    }

    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ? AND from_status IS NULL "
                        "AND to_status = 'delivered'"_s,
                        {sale->orderId})
                 .toLongLong(),
             1);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM payments WHERE order_id = ? AND shift_id = ?"_s,
                        {sale->orderId, shift})
                 .toLongLong(),
             2);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {cart.id}).toString(), u"checked_out"_s);
    QCOMPARE(m_f.scalar(u"SELECT order_id FROM carts WHERE id = ?"_s, {cart.id}).toLongLong(), sale->orderId);
    QCOMPARE(m_f.onHand(m_shirt, m_f.m_store), 8);
    QCOMPARE(m_f.onHand(m_tea, m_f.m_store), 7);
    QCOMPARE(m_f.onHand(m_mug, m_f.m_store), 9);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM stock_movements WHERE reason = 'sale' AND reference_type = 'order' "
                        "AND reference_id = ?"_s,
                        {sale->orderId})
                 .toLongLong(),
             3);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'sale.completed' AND subject = ?"_s,
                        {u"order:%1"_s.arg(sale->orderId)})
                 .toLongLong(),
             1);

    Result<ShiftReport> x = Database::wait(m_shifts->xReport(m_f.m_clerk, shift));
    QVERIFY2(x.ok(), qPrintable(why(x)));
    QCOMPARE(x->salesCount, 1);
    QCOMPARE(x->sales, usd(6378));
    QCOMPARE(x->tax, usd(438));
    QCOMPARE(x->discounts, usd(363));
    QCOMPARE(x->tenders.size(), 2);
    QCOMPARE(x->tenders[0].tender, u"card"_s);
    QCOMPARE(x->tenders[0].taken, usd(3378));
    QCOMPARE(x->tenders[1].tender, u"cash"_s);
    QCOMPARE(x->tenders[1].taken, usd(3000));
    QCOMPARE(x->expectedCash, usd(18000));

    // The register's next sale starts with an empty cart.
    const Cart next = currentCart();
    QVERIFY(next.id != cart.id);
    QVERIFY(next.isEmpty());
    verifyIntegrity();
}

void TestCheckout::refusedWithoutAShift()
{
    Cart cart = currentCart();
    add(cart.id, u"MUG-1"_s, 1);
    QVERIFY(pay(cart.id, u"cash"_s, 1080) > 0);
    const qint64 audited = m_f.count(u"audit_log"_s);

    Result<CompletedSale> sale = complete(cart.id);
    QVERIFY(!sale.ok());
    QCOMPARE(sale.error().code, ErrorCode::NotFound);
    QCOMPARE(sale.error().message, u"Register 1 has no open shift. Open a shift with the cash float first."_s);
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.count(u"audit_log"_s), audited);
    QCOMPARE(nextReceipt(), 1);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {cart.id}).toString(), u"open"_s);
    QCOMPARE(m_f.onHand(m_mug, m_f.m_store), 10);

    QVERIFY(openShift() > 0);
    sale = complete(cart.id);
    QVERIFY2(sale.ok(), qPrintable(why(sale)));
    QCOMPARE(sale->receiptNumber, 1);
}

void TestCheckout::refusedWhenTooLittleIsPaid()
{
    QVERIFY(openShift() > 0);
    Cart cart = currentCart();
    cart = add(cart.id, u"OX-1"_s, 1);
    QCOMPARE(cart.priced.total, usd(2159));   // 19.99 + 1.60
    QVERIFY(pay(cart.id, u"cash"_s, 2000) > 0);

    Result<CompletedSale> sale = complete(cart.id);
    QVERIFY(!sale.ok());
    QCOMPARE(sale.error().code, ErrorCode::Conflict);
    QVERIFY2(sale.error().message.contains(usd(159).toString()), qPrintable(sale.error().message));
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.count(u"order_items"_s), 0);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM payments WHERE order_id IS NOT NULL"_s).toLongLong(), 0);
    QCOMPARE(nextReceipt(), 1);
    QCOMPARE(m_f.onHand(m_shirt, m_f.m_store), 10);
    QCOMPARE(m_f.scalar(u"SELECT sales_count FROM shifts"_s).toLongLong(), 0);

    QVERIFY(pay(cart.id, u"card"_s, 159) > 0);
    sale = complete(cart.id);
    QVERIFY2(sale.ok(), qPrintable(why(sale)));
    verifyIntegrity();
}

void TestCheckout::refusedWhenOverpaid()
{
    QVERIFY(openShift() > 0);
    Cart cart = currentCart();
    add(cart.id, u"MUG-1"_s, 1);
    QVERIFY(pay(cart.id, u"card"_s, 1100) > 0);
    Result<CompletedSale> sale = complete(cart.id);
    QVERIFY(!sale.ok());
    QCOMPARE(sale.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.count(u"orders"_s), 0);
}

void TestCheckout::refusedWhileACardPaymentIsPending()
{
    QVERIFY(openShift() > 0);
    Cart cart = currentCart();
    add(cart.id, u"MUG-1"_s, 1);
    QVERIFY(pay(cart.id, u"cash"_s, 1080) > 0);
    QVERIFY(pay(cart.id, u"card"_s, 500, 0, u"pending"_s) > 0);
    Result<CompletedSale> sale = complete(cart.id);
    QVERIFY(!sale.ok());
    QCOMPARE(sale.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.count(u"orders"_s), 0);
}

void TestCheckout::stockTakenMeanwhileWritesNothing()
{
    QVERIFY(openShift() > 0);
    Cart cart = currentCart();
    add(cart.id, u"MUG-1"_s, 1);
    cart = add(cart.id, u"OX-1"_s, 9);
    QVERIFY(pay(cart.id, u"card"_s, cart.priced.total.minorUnits()) > 0);
    // Another register sells two shirts in between: one short.
    QVERIFY(m_f.sell(m_f.m_store, {StockLine{m_shirt, 2, {}}}, 999).ok());
    const qint64 movements = m_f.count(u"stock_movements"_s);
    const qint64 audited = m_f.count(u"audit_log"_s);

    Result<CompletedSale> sale = complete(cart.id);
    QVERIFY(!sale.ok());
    QCOMPARE(sale.error().code, ErrorCode::Conflict);
    QVERIFY2(sale.error().message.contains(u"OX-1"_s) || sale.error().message.contains(u"Oxford shirt"_s),
             qPrintable(sale.error().message));
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.count(u"order_items"_s), 0);
    QCOMPARE(m_f.count(u"order_status_history"_s), 0);
    QCOMPARE(m_f.count(u"stock_movements"_s), movements);
    QCOMPARE(m_f.count(u"audit_log"_s), audited);
    QCOMPARE(m_f.onHand(m_shirt, m_f.m_store), 8);
    QCOMPARE(m_f.onHand(m_mug, m_f.m_store), 10);
    QCOMPARE(nextReceipt(), 1);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM payments WHERE order_id IS NOT NULL"_s).toLongLong(), 0);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {cart.id}).toString(), u"open"_s);
    QCOMPARE(m_f.scalar(u"SELECT sales_count FROM shifts"_s).toLongLong(), 0);
    QCOMPARE(m_f.count(u"shift_tender_totals"_s), 0);
}

void TestCheckout::receiptNumbersStayGaplessAfterAFailedSale()
{
    QVERIFY(openShift() > 0);
    Cart first = currentCart();
    first = add(first.id, u"MUG-1"_s, 1);
    QVERIFY(pay(first.id, u"cash"_s, first.priced.total.minorUnits()) > 0);
    Result<CompletedSale> one = complete(first.id);
    QVERIFY2(one.ok(), qPrintable(why(one)));
    QCOMPARE(one->orderNumber, u"R1-000001"_s);

    Cart second = currentCart();
    second = add(second.id, u"OX-1"_s, 1);
    QVERIFY(pay(second.id, u"cash"_s, 100) > 0);
    QVERIFY(!complete(second.id).ok());
    QVERIFY(pay(second.id, u"card"_s, second.priced.total.minorUnits() - 100) > 0);
    Result<CompletedSale> two = complete(second.id);
    QVERIFY2(two.ok(), qPrintable(why(two)));
    QCOMPARE(two->orderNumber, u"R1-000002"_s);
    QCOMPARE(two->receiptNumber, 2);
    QCOMPARE(nextReceipt(), 3);
    verifyIntegrity();
}

void TestCheckout::emptyParkedAndCompletedCartsAreRefused()
{
    QVERIFY(openShift() > 0);
    Cart cart = currentCart();
    Result<CompletedSale> empty = complete(cart.id);
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {cart.id}).toString(), u"open"_s);

    cart = add(cart.id, u"MUG-1"_s, 1);
    Result<Cart> parked = Database::wait(m_carts->park(m_f.m_clerk, cart.id, u"Blue coat lady"_s));
    QVERIFY2(parked.ok(), qPrintable(why(parked)));
    Result<CompletedSale> fromPark = complete(cart.id);
    QCOMPARE(fromPark.error().code, ErrorCode::Conflict);
    QCOMPARE(fromPark.error().message, u"This sale is parked. Recall it first."_s);

    Cart other = currentCart();
    other = add(other.id, u"OX-1"_s, 1);
    QVERIFY(pay(other.id, u"cash"_s, other.priced.total.minorUnits()) > 0);
    QVERIFY(complete(other.id).ok());
    Result<CompletedSale> twice = complete(other.id);
    QCOMPARE(twice.error().code, ErrorCode::Conflict);
    QCOMPARE(twice.error().message, u"This sale is already completed. Start the next sale."_s);
    QCOMPARE(m_f.count(u"orders"_s), 1);

    Result<CompletedSale> missing = complete(99999);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestCheckout::shiftFiguresAfterSalesRefundsAndCash()
{
    const qint64 shift = openShift(20000);
    QVERIFY(shift > 0);
    // Sale 1: two mugs, 21.60 in cash from 25.00.
    Cart cart = currentCart();
    cart = add(cart.id, u"MUG-1"_s, 2);
    QCOMPARE(cart.priced.total, usd(2160));
    QVERIFY(pay(cart.id, u"cash"_s, 2160, 340) > 0);
    Result<CompletedSale> one = complete(cart.id);
    QVERIFY2(one.ok(), qPrintable(why(one)));
    QCOMPARE(one->change, usd(340));
    // Sale 2: a shirt and a tea, 21.59 + 4.57 = 26.16, split cash and card.
    cart = currentCart();
    add(cart.id, u"OX-1"_s, 1);
    cart = add(cart.id, u"GYO-1"_s, 1);
    QCOMPARE(cart.priced.total, usd(2616));
    QVERIFY(pay(cart.id, u"cash"_s, 616) > 0);
    QVERIFY(pay(cart.id, u"card"_s, 2000) > 0);
    QVERIFY(complete(cart.id).ok());

    // A refund of one mug (10.80, tax 0.80) in cash, as returns record it.
    QVERIFY(Database::wait(m_f.m_db->write([shift](Connection &c) -> Status {
                if (Status ok = ShiftService::recordRefundInTransaction(c, shift, usd(1080), usd(80)); !ok)
                    return ok;
                return ShiftService::recordTenderInTransaction(c, shift, u"cash"_s, usd(0), usd(1080));
            })).ok());
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, shift, true, usd(5000), u"Change from the bank"_s)).ok());
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, shift, false, usd(2500), u"Flowers"_s)).ok());

    Result<ShiftReport> x = Database::wait(m_shifts->xReport(m_f.m_clerk, shift));
    QVERIFY2(x.ok(), qPrintable(why(x)));
    QCOMPARE(x->salesCount, 2);
    QCOMPARE(x->sales, usd(4776));
    QCOMPARE(x->tax, usd(160 + 160 + 22));
    QCOMPARE(x->discounts, usd(0));
    QCOMPARE(x->refundsCount, 1);
    QCOMPARE(x->refunds, usd(1080));
    QCOMPARE(x->refundedTax, usd(80));
    QCOMPARE(x->cashIn, usd(5000));
    QCOMPARE(x->cashOut, usd(2500));
    QCOMPARE(x->tenders.size(), 2);
    QCOMPARE(x->tenders[1].tender, u"cash"_s);
    QCOMPARE(x->tenders[1].count, 2);
    QCOMPARE(x->tenders[1].taken, usd(2776));
    QCOMPARE(x->tenders[1].refunded, usd(1080));
    QCOMPARE(x->tenders[0].count, 1);
    QCOMPARE(x->tenders[0].taken, usd(2000));
    // 200.00 float + 27.76 cash - 10.80 refunded + 50.00 in - 25.00 out.
    QCOMPARE(x->expectedCash, usd(24196));

    // Counted 241.46: fifty cents short.
    Result<ShiftReport> z = Database::wait(m_shifts->close(m_f.m_clerk, shift, usd(24146), u"Short"_s));
    QVERIFY2(z.ok(), qPrintable(why(z)));
    QCOMPARE(z->expectedCash, usd(24196));
    QCOMPARE(z->difference, std::optional<Money>(usd(-50)));
    QCOMPARE(z->sales, usd(4776));

    // Sales need the next shift now.
    cart = currentCart();
    cart = add(cart.id, u"MUG-1"_s, 1);
    QVERIFY(pay(cart.id, u"cash"_s, 1080) > 0);
    Result<CompletedSale> afterClose = complete(cart.id);
    QCOMPARE(afterClose.error().code, ErrorCode::NotFound);
}

void TestCheckout::voidCartNeedsThePaymentsGivenBack()
{
    Cart cart = currentCart();
    cart = add(cart.id, u"MUG-1"_s, 1);
    const qint64 payment = pay(cart.id, u"cash"_s, 1080);
    QVERIFY(payment > 0);
    Status noReason = Database::wait(m_checkout->voidCart(m_f.m_clerk, cart.id, u" "_s));
    QCOMPARE(noReason.error().code, ErrorCode::InvalidInput);
    Status paid = Database::wait(m_checkout->voidCart(m_f.m_clerk, cart.id, u"Changed her mind"_s));
    QCOMPARE(paid.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {cart.id}).toString(), u"open"_s);

    QVERIFY(m_f.run(u"UPDATE payments SET status = 'voided' WHERE id = ?"_s, {payment}).ok());
    Status voided = Database::wait(m_checkout->voidCart(m_f.m_clerk, cart.id, u"Changed her mind"_s));
    QVERIFY2(voided.ok(), qPrintable(why(voided)));
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {cart.id}).toString(), u"voided"_s);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'sale.voided'"_s).toLongLong(), 1);
    Status again = Database::wait(m_checkout->voidCart(m_f.m_clerk, cart.id, u"Twice"_s));
    QCOMPARE(again.error().code, ErrorCode::Conflict);

    // A parked sale gives its reserved stock back.
    cart = currentCart();
    cart = add(cart.id, u"OX-1"_s, 3);
    QVERIFY(Database::wait(m_carts->park(m_f.m_clerk, cart.id, u"Later"_s)).ok());
    QCOMPARE(m_f.reserved(m_shirt, m_f.m_store), 3);
    QVERIFY(Database::wait(m_checkout->voidCart(m_f.m_clerk, cart.id, u"Never came back"_s)).ok());
    QCOMPARE(m_f.reserved(m_shirt, m_f.m_store), 0);
    verifyIntegrity();
}

void TestCheckout::recoveryCompletesFullyPaidCartsOnly()
{
    QVERIFY(openShift() > 0);
    // A sale paid in full whose completion never ran (the crash).
    Cart paid = currentCart();
    paid = add(paid.id, u"MUG-1"_s, 1);
    QVERIFY(pay(paid.id, u"card"_s, paid.priced.total.minorUnits()) > 0);
    // Another register's partly paid sale.
    const qint64 register2 =
        m_f.insert(u"INSERT INTO registers (code, name, location_id, created_at) VALUES ('R2', 'Register 2', ?, ?) "
                   "RETURNING id"_s,
                   {m_f.m_store, QDateTime::currentDateTimeUtc()});
    Result<Cart> partly = Database::wait(m_carts->current(m_f.m_clerk, register2));
    QVERIFY2(partly.ok(), qPrintable(why(partly)));
    add(partly->id, u"OX-1"_s, 1);
    QVERIFY(pay(partly->id, u"cash"_s, 500) > 0);

    QCoro::Task<Result<InterruptedSales>> recovering = m_checkout->recoverInterruptedSales(Session::system());
    Result<InterruptedSales> recovered = QCoro::waitFor(std::move(recovering));
    QVERIFY2(recovered.ok(), qPrintable(why(recovered)));
    QCOMPARE(recovered->completed.size(), 1);
    QCOMPARE(recovered->completed[0].orderNumber, u"R1-000001"_s);
    QCOMPARE(recovered->cartsWithPayments, QList<qint64>{partly->id});
    QCOMPARE(m_f.scalar(u"SELECT clerk_id FROM orders"_s).isNull(), true);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts WHERE id = ?"_s, {partly->id}).toString(), u"open"_s);

    // Running it again changes nothing.
    QCoro::Task<Result<InterruptedSales>> again = m_checkout->recoverInterruptedSales(Session::system());
    Result<InterruptedSales> second = QCoro::waitFor(std::move(again));
    QVERIFY(second.ok());
    QCOMPARE(second->completed.size(), 0);
    QCOMPARE(m_f.count(u"orders"_s), 1);
    verifyIntegrity();
}

void TestCheckout::vendorsCannotSell()
{
    QVERIFY(openShift() > 0);
    Cart cart = currentCart();
    add(cart.id, u"MUG-1"_s, 1);
    QVERIFY(pay(cart.id, u"cash"_s, 1080) > 0);
    Result<CompletedSale> sale = complete(cart.id, &m_f.m_vendor);
    QCOMPARE(sale.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(m_f.count(u"orders"_s), 0);
}

QTEST_GUILESS_MAIN(TestCheckout)
#include "tst_checkout.moc"
