// storekeeper-test: postgres
// The register's invariants in `storekeeper check`: a shop with sales, a
// return and cash movements passes; each invariant broken on purpose is
// named by its check.
#include "tst_inventory_fixture.h"

#include "maintenance/IntegrityCheck.h"
#include "orders/ReturnService.h"
#include "payments/PaymentService.h"
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
        lines.append(u"%1 %2: %3"_s.arg(finding.passed ? u"ok"_s : u"FAILED"_s, finding.check, finding.message));
    return lines.join(u"\n"_s);
}

} // namespace

class TestIntegritySales : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void passesAfterSalesAReturnAndCash();
    void brokenInvariantIsNamed_data();
    void brokenInvariantIsNamed();

private:
    CompletedSale sell(const QString &sku, qint64 quantity, bool splitWithCard);
    IntegrityCheck::Report check();

    test::InventoryFixture m_f;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<ShiftService> m_shifts;
    qint64 m_register = 0;
    qint64 m_shift = 0;
    int m_keys = 0;
};

void TestIntegritySales::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_payments = std::make_shared<PaymentService>(m_f.m_db, nullptr);
    m_carts = std::make_unique<CartService>(m_f.m_db);
    m_checkout = std::make_unique<CheckoutService>(m_f.m_db, m_payments);
    m_shifts = std::make_unique<ShiftService>(m_f.m_db);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    Result<Shift> shift = Database::wait(m_shifts->open(m_f.m_clerk, m_register, usd(10000)));
    QVERIFY2(shift.ok(), qPrintable(why(shift)));
    m_shift = shift->id;
    // Three sales: receipts 1..3, cash and card.
    QCOMPARE(sell(u"SHIRT-1"_s, 2, true).receiptNumber, 1);
    QCOMPARE(sell(u"MUG-1"_s, 1, false).receiptNumber, 2);
    QCOMPARE(sell(u"MUG-1"_s, 3, true).receiptNumber, 3);
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, m_shift, true, usd(2000), u"Change"_s)).ok());
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, m_shift, false, usd(500), u"Stamps"_s)).ok());
}

void TestIntegritySales::cleanup()
{
    m_checkout.reset();
    m_carts.reset();
    m_shifts.reset();
    m_payments.reset();
    m_f.tearDown();
}

CompletedSale TestIntegritySales::sell(const QString &sku, qint64 quantity, bool splitWithCard)
{
    Result<Cart> cart = Database::wait(m_carts->current(m_f.m_clerk, m_register));
    if (!cart)
        return {};
    cart = Database::wait(m_carts->addByCode(m_f.m_clerk, cart->id, sku, quantity));
    if (!cart) {
        qWarning() << why(cart);
        return {};
    }
    const qint64 total = cart->priced.total.minorUnits();
    const qint64 card = splitWithCard ? total / 2 : 0;
    const auto pay = [&](const QString &tender, qint64 amount) {
        m_f.insert(u"INSERT INTO payments (cart_id, register_id, tender, status, currency, amount_cents, "
                   "idempotency_key, created_at) VALUES (?, ?, ?, 'completed', 'USD', ?, ?, ?) RETURNING id"_s,
                   {cart->id, m_register, tender, amount, u"integrity-%1"_s.arg(++m_keys),
                    QDateTime::currentDateTimeUtc()});
    };
    pay(u"cash"_s, total - card);
    if (card > 0)
        pay(u"card"_s, card);
    Result<CompletedSale> sale = Database::wait(m_checkout->complete(m_f.m_clerk, cart->id));
    if (!sale) {
        qWarning() << why(sale);
        return {};
    }
    return sale.value();
}

IntegrityCheck::Report TestIntegritySales::check()
{
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    if (!report)
        return IntegrityCheck::Report{{IntegrityCheck::Finding{u"test"_s, false, why(report)}}};
    return report.value();
}

void TestIntegritySales::passesAfterSalesAReturnAndCash()
{
    IntegrityCheck::Report before = check();
    QVERIFY2(before.passed(), qPrintable(describe(before)));
    for (const QString &name : {u"orders.totals"_s, u"orders.payments"_s, u"receipts.gapless"_s, u"shifts.totals"_s})
        QVERIFY2(std::any_of(before.findings.cbegin(), before.findings.cend(),
                             [&](const IntegrityCheck::Finding &f) { return f.check == name; }),
                 qPrintable(name));

    // One mug of receipt 2 comes back, money in cash, as the returns
    // screen does it.
    const qint64 orderId = m_f.scalar(u"SELECT id FROM orders WHERE receipt_number = 2"_s).toLongLong();
    const qint64 item = m_f.scalar(u"SELECT id FROM order_items WHERE order_id = ?"_s, {orderId}).toLongLong();
    ReturnService returns(m_f.m_db, m_payments);
    ReturnRequest request;
    request.orderId = orderId;
    request.lines = {ReturnLineRequest{item, 1, ReturnDisposition::Restock, {}}};
    request.destination = RefundDestination::Cash;
    request.reason = u"Wrong colour"_s;
    request.registerId = m_register;
    Result<ReturnResult> returned = QCoro::waitFor(returns.giveBack(m_f.m_clerk, request));
    QVERIFY2(returned.ok(), qPrintable(why(returned)));

    IntegrityCheck::Report after = check();
    QVERIFY2(after.passed(), qPrintable(describe(after)));

    Result<ShiftReport> z = Database::wait(m_shifts->close(m_f.m_clerk, m_shift, usd(12345), {}));
    QVERIFY2(z.ok(), qPrintable(why(z)));
    IntegrityCheck::Report closed = check();
    QVERIFY2(closed.passed(), qPrintable(describe(closed)));
}

void TestIntegritySales::brokenInvariantIsNamed_data()
{
    QTest::addColumn<QStringList>("corruption");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("says");

    // Each keeps the tables' own CHECK constraints, as a bad program (or a
    // hand edit) that knew them would.
    QTest::newRow("line tax changed") << QStringList{
        u"UPDATE order_items SET tax_cents = tax_cents + 1, total_cents = total_cents + 1 WHERE id = "
        "(SELECT MIN(id) FROM order_items)"_s}
                                      << u"orders.totals"_s << u"R1-000001"_s;
    QTest::newRow("order subtotal changed") << QStringList{
        u"UPDATE orders SET subtotal_cents = subtotal_cents + 5, total_cents = total_cents + 5, "
        "paid_cents = paid_cents + 5 WHERE receipt_number = 2"_s,
        u"UPDATE payments SET amount_cents = amount_cents + 5 WHERE order_id = "
        "(SELECT id FROM orders WHERE receipt_number = 2)"_s}
                                            << u"orders.totals"_s << u"R1-000002"_s;
    QTest::newRow("lines deleted") << QStringList{
        u"DELETE FROM order_items WHERE order_id = (SELECT id FROM orders WHERE receipt_number = 3)"_s}
                                   << u"orders.totals"_s << u"R1-000003 has no lines"_s;
    QTest::newRow("payment changed") << QStringList{
        u"UPDATE payments SET amount_cents = amount_cents - 1 WHERE id = (SELECT MIN(id) FROM payments)"_s}
                                     << u"orders.payments"_s << u"R1-000001"_s;
    QTest::newRow("payment lost") << QStringList{
        u"UPDATE payments SET status = 'voided' WHERE id = (SELECT MAX(id) FROM payments)"_s}
                                  << u"orders.payments"_s << u"R1-000003"_s;
    QTest::newRow("sale paid short") << QStringList{
        u"UPDATE orders SET paid_cents = paid_cents - 1 WHERE receipt_number = 2"_s,
        u"UPDATE payments SET amount_cents = amount_cents - 1 WHERE order_id = "
        "(SELECT id FROM orders WHERE receipt_number = 2)"_s}
                                     << u"orders.payments"_s << u"paid in full"_s;
    QTest::newRow("refund not booked") << QStringList{
        u"INSERT INTO refunds (order_id, tender, status, currency, amount_cents, idempotency_key, created_at) "
        "SELECT id, 'cash', 'completed', 'USD', 100, 'forged-refund', created_at FROM orders WHERE receipt_number = 1"_s}
                                       << u"orders.payments"_s << u"refunded"_s;
    QTest::newRow("receipt number skipped") << QStringList{
        u"UPDATE registers SET next_receipt_number = next_receipt_number + 1"_s}
                                            << u"receipts.gapless"_s << u"next receipt number is 5 instead of 4"_s;
    QTest::newRow("receipt number gap") << QStringList{
        u"UPDATE orders SET receipt_number = 5 WHERE receipt_number = 2"_s,
        u"UPDATE registers SET next_receipt_number = 6"_s}
                                        << u"receipts.gapless"_s << u"no receipt number 2"_s;
    QTest::newRow("first receipt missing") << QStringList{
        u"UPDATE orders SET receipt_number = 4 WHERE receipt_number = 1"_s,
        u"UPDATE registers SET next_receipt_number = 5"_s}
                                           << u"receipts.gapless"_s << u"no receipt number 1"_s;
    QTest::newRow("shift sales changed") << QStringList{u"UPDATE shifts SET sales_cents = sales_cents + 1"_s}
                                         << u"shifts.totals"_s << u"sales_cents"_s;
    QTest::newRow("shift sale lost") << QStringList{u"UPDATE shifts SET sales_count = sales_count - 1"_s}
                                     << u"shifts.totals"_s << u"sales_count"_s;
    QTest::newRow("cash movement deleted") << QStringList{
        u"DELETE FROM shift_cash_movements WHERE kind = 'out'"_s}
                                           << u"shifts.totals"_s << u"cash_out_cents"_s;
    QTest::newRow("tender total changed") << QStringList{
        u"UPDATE shift_tender_totals SET taken_cents = taken_cents + 100 WHERE tender = 'card'"_s}
                                          << u"shifts.totals"_s << u"card"_s;
    QTest::newRow("tender total missing") << QStringList{u"DELETE FROM shift_tender_totals WHERE tender = 'cash'"_s}
                                          << u"shifts.totals"_s << u"cash"_s;
    QTest::newRow("refund outside the totals") << QStringList{
        u"UPDATE orders SET refunded_cents = 100 WHERE receipt_number = 1"_s,
        u"INSERT INTO refunds (order_id, shift_id, tender, status, currency, amount_cents, idempotency_key, "
        "created_at) SELECT id, shift_id, 'cash', 'completed', 'USD', 100, 'forged-refund', created_at "
        "FROM orders WHERE receipt_number = 1"_s}
                                               << u"shifts.totals"_s << u"refunds_cents"_s;
}

void TestIntegritySales::brokenInvariantIsNamed()
{
    QFETCH(QStringList, corruption);
    QFETCH(QString, name);
    QFETCH(QString, says);

    for (const QString &sql : corruption) {
        Status done = m_f.run(sql);
        QVERIFY2(done.ok(), qPrintable(why(done)));
    }
    const IntegrityCheck::Report report = check();
    QVERIFY(!report.passed());
    const auto found = std::find_if(report.findings.cbegin(), report.findings.cend(),
                                    [&](const IntegrityCheck::Finding &f) { return f.check == name; });
    QVERIFY2(found != report.findings.cend(), qPrintable(describe(report)));
    QVERIFY2(!found->passed, qPrintable(describe(report)));
    QVERIFY2(found->message.contains(says), qPrintable(found->message));
    QVERIFY2(found->message.endsWith(u'.'), qPrintable(found->message));
}

QTEST_GUILESS_MAIN(TestIntegritySales)
#include "tst_integrity_sales.moc"
