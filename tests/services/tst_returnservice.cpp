// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "GatewaySimulator.h"
#include "orders/ReturnService.h"
#include "payments/GatewayClient.h"
#include "maintenance/SalesIntegrity.h"
#include "payments/PaymentService.h"
#include "receipts/ReceiptService.h"
#include "receipts/ReceiptSettingsStore.h"
#include "sales/ShiftService.h"

#include <QCoroTask>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;
using namespace std::chrono_literals;

namespace {

struct SaleLine {
    qint64 variantId = 0;
    qint64 quantity = 0;
    qint64 unitCents = 0;
    qint64 discountCents = 0;
    qint64 taxCents = 0;
};

struct SaleTender {
    QString tender;
    qint64 cents = 0;
};

} // namespace

// Sales are written as rows, exactly as checkout leaves them (a delivered
// in-store order with its lines, completed payments and sale movements), so
// these tests pin the return rules on their own.
class TestReturnService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void findsASaleByReceiptAsPrintedTypedOrScanned_data();
    void findsASaleByReceiptAsPrintedTypedOrScanned();
    void anUnknownReceiptSaysSo();
    void partialReturnsGiveBackTheirShareToTheCent();
    void aFullReturnGivesBackExactlyWhatWasPaidAndRefundsTheOrder();
    void restockedGoodsComeBackWrittenOffDoNot();
    void badReturnsAreRefusedAndWriteNothing_data();
    void badReturnsAreRefusedAndWriteNothing();
    void neverMoreThanWasPaid();
    void cashDestinationGivesEverythingFromTheDrawer();
    void originalTenderRefundsCashPaymentsToThem();
    void shiftTotalsFollowTheRefund();
    void cashNeedsAnOpenShift();
    void customersMayNotGiveBack();
    void cardRefundsGoThroughTheGatewayOnce();
    void originalTenderRefundsTheCardFirst();
    void aDeclinedCardRefundStaysVisibleAndIsSettledInCash();
    void aDeclinedCardRefundMayBeTriedAgainOnTheCard();
    void aRefundInterruptedAfterTheGatewayPaidIsNeverPaidTwice();
    void receiptsOfTheSaleAndOfItsRefund();
    void printerSettingsAreKeptPerRegister();

private:
    qint64 addSale(const QList<SaleLine> &lines, const QList<SaleTender> &tenders, qint64 receiptNumber);
    Result<ReturnResult> giveBack(const ReturnRequest &request);
    ReturnRequest request(qint64 orderId, QList<ReturnLineRequest> lines,
                          RefundDestination destination = RefundDestination::OriginalTender);
    qint64 itemOf(qint64 orderId, qint64 variantId);
    qint64 cents(const QString &sql, const QVariantList &values = {});
    void verifyTheBooksAddUp();

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<GatewayClient> m_gateway;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<ReturnService> m_returns;
    qint64 m_register = 0;
    qint64 m_shift = 0;
};

void TestReturnService::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_simulator = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_simulator->listen(), qPrintable(m_simulator->errorString()));
    GatewaySettings settings;
    settings.baseUrl = m_simulator->url();
    settings.apiKey = u"test-key"_s;
    settings.requestTimeout = 500ms;
    settings.maxAttempts = 2;
    settings.firstBackoff = 10ms;
    settings.pendingPollInterval = 10ms;
    settings.pendingPollLimit = 1s;
    m_gateway = std::make_unique<GatewayClient>(settings);
    m_payments = std::make_shared<PaymentService>(m_f.m_db, m_gateway.get());
    m_returns = std::make_unique<ReturnService>(m_f.m_db, m_payments);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
    m_shift = m_f.insert(u"INSERT INTO shifts (register_id, currency, opened_by, opened_at, opening_float_cents) "
                         "VALUES (?, 'USD', ?, ?, 10000) RETURNING id"_s,
                         {m_register, m_f.m_clerk.userId, QDateTime::currentDateTimeUtc()});
    QVERIFY(m_shift > 0);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
}

void TestReturnService::cleanup()
{
    m_returns.reset();
    m_payments.reset();
    m_gateway.reset();
    m_simulator.reset();
    m_f.tearDown();
}

qint64 TestReturnService::addSale(const QList<SaleLine> &lines, const QList<SaleTender> &tenders,
                                  qint64 receiptNumber)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 subtotal = 0, discount = 0, tax = 0;
    for (const SaleLine &line : lines) {
        subtotal += line.unitCents * line.quantity;
        discount += line.discountCents;
        tax += line.taxCents;
    }
    const qint64 total = subtotal - discount + tax;
    qint64 paid = 0;
    for (const SaleTender &tender : tenders)
        paid += tender.cents;
    const qint64 orderId = m_f.insert(
        u"INSERT INTO orders (order_number, channel, status, clerk_id, register_id, shift_id, location_id, "
        "receipt_number, currency, subtotal_cents, discount_cents, tax_cents, total_cents, paid_cents, created_at, "
        "updated_at) VALUES (?, 'in_store', 'delivered', ?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {u"R1-%1"_s.arg(receiptNumber, 6, 10, QLatin1Char('0')), m_f.m_clerk.userId, m_register, m_shift, m_f.m_store,
         receiptNumber, subtotal, discount, tax, total, paid, now, now});
    QList<StockLine> sold;
    for (const SaleLine &line : lines) {
        const qint64 productId =
            m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {line.variantId}).toLongLong();
        m_f.insert(u"INSERT INTO order_items (order_id, product_id, variant_id, sku, name, quantity, list_price_cents, "
                   "unit_price_cents, subtotal_cents, discount_cents, tax_rate_bp, tax_cents, total_cents) "
                   "SELECT ?, ?, v.id, v.sku, p.name, ?, ?, ?, ?, ?, 800, ?, ? FROM product_variants v "
                   "JOIN products p ON p.id = v.product_id WHERE v.id = ? RETURNING id"_s,
                   {orderId, productId, line.quantity, line.unitCents, line.unitCents,
                    line.unitCents * line.quantity, line.discountCents, line.taxCents,
                    line.unitCents * line.quantity - line.discountCents + line.taxCents, line.variantId});
        sold.append(StockLine{line.variantId, line.quantity, {}});
    }
    int key = 0;
    for (const SaleTender &tender : tenders) {
        // A card sale is charged at the gateway, so that it can be refunded there.
        QString reference = u""_s;
        if (tender.tender == u"card"_s) {
            const Result<GatewayPayment> charged = QCoro::waitFor(
                m_gateway->createPayment(PaymentService::newIdempotencyKey(), Money(tender.cents, u"USD"), u"test"_s));
            if (!charged || charged->outcome != GatewayOutcome::Approved)
                qWarning() << "the simulator did not approve the sale";
            else
                reference = charged->reference;
        }
        m_f.insert(u"INSERT INTO payments (order_id, register_id, shift_id, user_id, tender, status, currency, "
                   "amount_cents, idempotency_key, gateway_reference, card_brand, card_last4, created_at, "
                   "processed_at) VALUES (?, ?, ?, ?, ?, 'completed', 'USD', ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                   {orderId, m_register, m_shift, m_f.m_clerk.userId, tender.tender, tender.cents,
                    u"sale-%1-%2"_s.arg(orderId).arg(++key), reference,
                    tender.tender == u"card"_s ? u"Visa"_s : u""_s, tender.tender == u"card"_s ? u"4242"_s : u""_s,
                    now, now});
    }
    if (Status ok = m_f.sell(m_f.m_store, sold, orderId); !ok)
        qWarning() << why(ok);
    // The shift's running totals, as checkout keeps them.
    const Status counted = Database::wait(m_f.m_db->write([this, total, tax, discount, tenders](Connection &c) {
        if (Status ok = ShiftService::recordSaleInTransaction(c, m_shift, Money(total, u"USD"), Money(tax, u"USD"),
                                                              Money(discount, u"USD"));
            !ok)
            return ok;
        for (const SaleTender &tender : tenders)
            if (Status ok = ShiftService::recordTenderInTransaction(c, m_shift, tender.tender,
                                                                    Money(tender.cents, u"USD"), Money(0, u"USD"));
                !ok)
                return ok;
        return Status::success();
    }));
    if (!counted)
        qWarning() << why(counted);
    return orderId;
}

Result<ReturnResult> TestReturnService::giveBack(const ReturnRequest &request)
{
    return QCoro::waitFor(m_returns->giveBack(m_f.m_clerk, request));
}

ReturnRequest TestReturnService::request(qint64 orderId, QList<ReturnLineRequest> lines,
                                         RefundDestination destination)
{
    ReturnRequest r;
    r.orderId = orderId;
    r.lines = std::move(lines);
    r.destination = destination;
    r.reason = u"Customer changed their mind"_s;
    r.registerId = m_register;
    return r;
}

qint64 TestReturnService::itemOf(qint64 orderId, qint64 variantId)
{
    return m_f.scalar(u"SELECT id FROM order_items WHERE order_id = ? AND variant_id = ?"_s, {orderId, variantId})
        .toLongLong();
}

qint64 TestReturnService::cents(const QString &sql, const QVariantList &values)
{
    return m_f.scalar(sql, values).toLongLong();
}

// What storekeeper check verifies of orders, payments, refunds and shifts.
void TestReturnService::verifyTheBooksAddUp()
{
    const auto findings = Database::wait(m_f.m_db->read([](Connection &c) -> Result<QList<IntegrityCheck::Finding>> {
        return QList<IntegrityCheck::Finding>{SalesIntegrity::orderTotals(c), SalesIntegrity::orderPayments(c),
                                              SalesIntegrity::shiftTotals(c)};
    }));
    QVERIFY2(findings.ok(), qPrintable(why(findings)));
    for (const IntegrityCheck::Finding &finding : findings.value())
        QVERIFY2(finding.passed, qPrintable(finding.check + u": "_s + finding.message));
}

void TestReturnService::findsASaleByReceiptAsPrintedTypedOrScanned_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("printed") << u"R1-000042"_s;
    QTest::newRow("scanned with Enter") << u"R1-000042\r\n"_s;
    QTest::newRow("Code 39 delimiters") << u"*R1-000042*"_s;
    QTest::newRow("lower case") << u" r1-000042 "_s;
    QTest::newRow("without zeros") << u"R1-42"_s;
}

void TestReturnService::findsASaleByReceiptAsPrintedTypedOrScanned()
{
    QFETCH(QString, text);
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"cash"_s, 2160}}, 42);
    Result<ReturnableOrder> found = Database::wait(m_returns->findByReceipt(m_f.m_clerk, text));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(found->orderId, orderId);
    QCOMPARE(found->orderNumber, u"R1-000042"_s);
    QCOMPARE(found->receiptNumber, 42);
    QCOMPARE(found->status, u"delivered"_s);
    QCOMPARE(found->total, Money(2160, u"USD"));
    QCOMPARE(found->paid, Money(2160, u"USD"));
    QCOMPARE(found->lines.size(), 1);
    QCOMPARE(found->lines.first().returnable(), 2);
    QCOMPARE(found->lines.first().name, u"Linen shirt"_s);
    QCOMPARE(found->payments.size(), 1);
    QCOMPARE(found->payments.first().tender, Tender::Cash);
}

void TestReturnService::anUnknownReceiptSaysSo()
{
    addSale({{m_f.m_shirt, 1, 1000, 0, 80}}, {{u"cash"_s, 1080}}, 1);
    Result<ReturnableOrder> found = Database::wait(m_returns->findByReceipt(m_f.m_clerk, u"R1-000099"_s));
    QVERIFY(!found.ok());
    QCOMPARE(found.error().code, ErrorCode::NotFound);
    QVERIFY2(found.error().message.contains(u"R1-000099"_s), qPrintable(found.error().message));
    Result<ReturnableOrder> empty = Database::wait(m_returns->findByReceipt(m_f.m_clerk, u"  "_s));
    QCOMPARE(empty.error().code, ErrorCode::InvalidInput);
}

void TestReturnService::partialReturnsGiveBackTheirShareToTheCent()
{
    // 3 x 3.33 = 9.99, tax 8 % = 0.80, total 10.79: no unit is worth a whole cent.
    const qint64 orderId = addSale({{m_f.m_mug, 3, 333, 0, 80}}, {{u"cash"_s, 1079}}, 7);
    const qint64 item = itemOf(orderId, m_f.m_mug);
    const qint64 expectedAmounts[] = {360, 359, 360};  // 10.79 x 1/3 = 3.5967; x 2/3 = 7.1933; the rest
    const qint64 expectedTax[] = {27, 26, 27};         // 0.80 x 1/3 = 0.2667; x 2/3 = 0.5333; the rest
    for (int i = 0; i < 3; ++i) {
        Result<ReturnResult> done = giveBack(request(orderId, {{item, 1, ReturnDisposition::Restock, {}}}));
        QVERIFY2(done.ok(), qPrintable(why(done)));
        QCOMPARE(done->amount, Money(expectedAmounts[i], u"USD"));
        QCOMPARE(done->tax, Money(expectedTax[i], u"USD"));
        QCOMPARE(done->cash, done->amount);
        QCOMPARE(done->orderFullyRefunded, i == 2);
    }
    QCOMPARE(cents(u"SELECT SUM(amount_cents) FROM refund_lines"_s), 1079);
    QCOMPARE(cents(u"SELECT SUM(tax_cents) FROM refunds"_s), 80);
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 1079);
    verifyTheBooksAddUp();
}

void TestReturnService::aFullReturnGivesBackExactlyWhatWasPaidAndRefundsTheOrder()
{
    // 7 x 2.99 = 20.93 less 1.00 discount = 19.93, tax 1.59, total 21.52; and a shirt 10.00 + 0.80.
    const qint64 orderId =
        addSale({{m_f.m_mug, 7, 299, 100, 159}, {m_f.m_shirt, 1, 1000, 0, 80}}, {{u"cash"_s, 3232}}, 8);
    const qint64 mug = itemOf(orderId, m_f.m_mug);
    const qint64 shirt = itemOf(orderId, m_f.m_shirt);

    Result<ReturnResult> first = giveBack(request(orderId, {{mug, 2, ReturnDisposition::Restock, {}}}));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    QCOMPARE(first->amount, Money(615, u"USD"));  // 21.52 x 2/7 = 6.1486
    QCOMPARE(first->tax, Money(45, u"USD"));      // 1.59 x 2/7 = 0.4543
    QVERIFY(!first->orderFullyRefunded);
    QCOMPARE(m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString(), u"delivered"_s);

    Result<ReturnResult> rest = giveBack(
        request(orderId, {{mug, 5, ReturnDisposition::Restock, {}}, {shirt, 1, ReturnDisposition::Restock, {}}}));
    QVERIFY2(rest.ok(), qPrintable(why(rest)));
    QCOMPARE(rest->amount, Money(2152 - 615 + 1080, u"USD"));
    QCOMPARE(rest->tax, Money(159 - 45 + 80, u"USD"));
    QVERIFY(rest->orderFullyRefunded);

    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 3232);
    QCOMPARE(cents(u"SELECT refunded_cents FROM payments WHERE order_id = ?"_s, {orderId}), 3232);
    QCOMPARE(m_f.scalar(u"SELECT status FROM payments WHERE order_id = ?"_s, {orderId}).toString(), u"refunded"_s);
    QCOMPARE(m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString(), u"refunded"_s);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM order_status_history WHERE order_id = ? AND from_status = 'delivered' "
                   "AND to_status = 'refunded'"_s,
                   {orderId}),
             1);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM audit_log WHERE action = 'order.returned'"_s), 2);

    Result<ReturnResult> again = giveBack(request(orderId, {{shirt, 1, ReturnDisposition::Restock, {}}}));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::InvalidInput);
    QVERIFY2(again.error().message.contains(u"Only 0"_s), qPrintable(again.error().message));
    verifyTheBooksAddUp();
}

void TestReturnService::restockedGoodsComeBackWrittenOffDoNot()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}, {m_f.m_mug, 3, 500, 0, 120}},
                                   {{u"cash"_s, 3780}}, 9);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 18);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 17);
    Result<ReturnResult> done = giveBack(request(
        orderId, {{itemOf(orderId, m_f.m_shirt), 2, ReturnDisposition::Restock, {}},
                  {itemOf(orderId, m_f.m_mug), 1, ReturnDisposition::WriteOff, u"Chipped rim"_s}}));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 20);
    QCOMPARE(m_f.onHand(m_f.m_mug, m_f.m_store), 17);
    QCOMPARE(m_f.movementSum(m_f.m_shirt, m_f.m_store), 20);
    const qint64 refundId = done->refundIds.first();
    QCOMPARE(cents(u"SELECT COUNT(*) FROM stock_movements WHERE reason = 'return' AND reference_type = 'refund' "
                   "AND reference_id = ?"_s,
                   {refundId}),
             1);
    QCOMPARE(m_f.scalar(u"SELECT write_off_reason FROM refund_lines WHERE disposition = 'write_off'"_s).toString(),
             u"Chipped rim"_s);
    QCOMPARE(cents(u"SELECT refunded_quantity FROM order_items WHERE id = ?"_s, {itemOf(orderId, m_f.m_mug)}), 1);
}

void TestReturnService::badReturnsAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("too many") << 0 << u"Only 2 of Linen shirt can still be returned"_s;
    QTest::newRow("zero") << 1 << u"at least 1"_s;
    QTest::newRow("write-off without reason") << 2 << u"written off"_s;
    QTest::newRow("another order's line") << 3 << u"not on this receipt"_s;
    QTest::newRow("nothing chosen") << 4 << u"at least one line"_s;
    QTest::newRow("the same line twice") << 5 << u"chosen twice"_s;
}

void TestReturnService::badReturnsAreRefusedAndWriteNothing()
{
    QFETCH(int, which);
    QFETCH(QString, sentence);
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"cash"_s, 2160}}, 10);
    const qint64 other = addSale({{m_f.m_mug, 1, 500, 0, 40}}, {{u"cash"_s, 540}}, 11);
    const qint64 shirt = itemOf(orderId, m_f.m_shirt);
    QList<ReturnLineRequest> lines;
    switch (which) {
    case 0: lines = {{shirt, 3, ReturnDisposition::Restock, {}}}; break;
    case 1: lines = {{shirt, 0, ReturnDisposition::Restock, {}}}; break;
    case 2: lines = {{shirt, 1, ReturnDisposition::WriteOff, u"  "_s}}; break;
    case 3: lines = {{itemOf(other, m_f.m_mug), 1, ReturnDisposition::Restock, {}}}; break;
    case 4: break;
    case 5: lines = {{shirt, 1, ReturnDisposition::Restock, {}}, {shirt, 1, ReturnDisposition::Restock, {}}}; break;
    }
    const qint64 movements = m_f.count(u"stock_movements"_s);
    const qint64 audits = m_f.count(u"audit_log"_s);
    Result<ReturnResult> refused = giveBack(request(orderId, lines));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
    QVERIFY2(refused.error().message.contains(sentence), qPrintable(refused.error().message));
    QCOMPARE(m_f.count(u"refunds"_s), 0);
    QCOMPARE(m_f.count(u"refund_lines"_s), 0);
    QCOMPARE(m_f.count(u"stock_movements"_s), movements);
    QCOMPARE(m_f.count(u"audit_log"_s), audits);
    QCOMPARE(cents(u"SELECT SUM(refunded_quantity) FROM order_items"_s), 0);
    QCOMPARE(cents(u"SELECT SUM(refunded_cents) FROM orders"_s), 0);
}

void TestReturnService::neverMoreThanWasPaid()
{
    // A sale settled for less than its total (an online order paid in part):
    // the lines are worth 21.60, only 15.00 came in.
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"cash"_s, 1500}}, 12);
    const qint64 shirt = itemOf(orderId, m_f.m_shirt);
    Result<ReturnResult> one = giveBack(request(orderId, {{shirt, 1, ReturnDisposition::Restock, {}}}));
    QVERIFY2(one.ok(), qPrintable(why(one)));
    QCOMPARE(one->amount, Money(1080, u"USD"));
    Result<ReturnResult> two = giveBack(request(orderId, {{shirt, 1, ReturnDisposition::Restock, {}}}));
    QVERIFY(!two.ok());
    QCOMPARE(two.error().code, ErrorCode::Conflict);
    QVERIFY2(two.error().message.contains(u"4.20"_s), qPrintable(two.error().message));
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 1080);
    QCOMPARE(m_f.count(u"refunds"_s), 1);
}

void TestReturnService::cashDestinationGivesEverythingFromTheDrawer()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"card"_s, 2160}}, 13);
    Result<ReturnResult> done = giveBack(
        request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}, RefundDestination::Cash));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(done->cash, Money(1080, u"USD"));
    QCOMPARE(done->refundIds.size(), 1);
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status FROM refunds"_s).toString(), u"cash/completed"_s);
    QVERIFY(m_f.scalar(u"SELECT payment_id FROM refunds"_s).isNull());
    // The card was not touched: a later return to the card may still use it.
    QCOMPARE(cents(u"SELECT refunded_cents FROM payments WHERE order_id = ?"_s, {orderId}), 0);
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 1080);
}

void TestReturnService::originalTenderRefundsCashPaymentsToThem()
{
    // Two cash payments: the first is refunded up to its amount, then the second.
    const qint64 orderId =
        addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"cash"_s, 1000}, {u"cash"_s, 1160}}, 14);
    Result<ReturnResult> done =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 2, ReturnDisposition::Restock, {}}}));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(done->refundIds.size(), 2);
    QCOMPARE(done->cash, Money(2160, u"USD"));
    QCOMPARE(cents(u"SELECT amount_cents FROM refunds WHERE id = ?"_s, {done->refundIds.at(0)}), 1000);
    QCOMPARE(cents(u"SELECT amount_cents FROM refunds WHERE id = ?"_s, {done->refundIds.at(1)}), 1160);
    QCOMPARE(cents(u"SELECT SUM(tax_cents) FROM refunds"_s), 160);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM payments WHERE status = 'refunded' AND refunded_cents = amount_cents"_s), 2);
}

void TestReturnService::shiftTotalsFollowTheRefund()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"cash"_s, 2160}}, 15);
    Result<ReturnResult> done =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(cents(u"SELECT refunds_cents FROM shifts WHERE id = ?"_s, {m_shift}), 1080);
    QCOMPARE(cents(u"SELECT refunded_tax_cents FROM shifts WHERE id = ?"_s, {m_shift}), 80);
    QCOMPARE(cents(u"SELECT refunded_cents FROM shift_tender_totals WHERE shift_id = ? AND tender = 'cash'"_s,
                   {m_shift}),
             1080);
    QCOMPARE(cents(u"SELECT shift_id FROM refunds"_s), m_shift);
}

void TestReturnService::cashNeedsAnOpenShift()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 1, 1000, 0, 80}}, {{u"cash"_s, 1080}}, 16);
    ReturnRequest noRegister =
        request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}});
    noRegister.registerId = 0;
    Result<ReturnResult> refused = giveBack(noRegister);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(u"open shift"_s), qPrintable(refused.error().message));

    QVERIFY(m_f.run(u"UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ?"_s,
                    {QDateTime::currentDateTimeUtc(), m_shift}));
    Result<ReturnResult> closed =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY(!closed.ok());
    QCOMPARE(m_f.count(u"refunds"_s), 0);
}

void TestReturnService::customersMayNotGiveBack()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 1, 1000, 0, 80}}, {{u"cash"_s, 1080}}, 17);
    const Session customer = test::sessionFor(m_f.m_clerk.userId, Role::Customer);
    Result<ReturnResult> refused = QCoro::waitFor(m_returns->giveBack(
        customer, request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}})));
    QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
    Result<ReturnableOrder> found = Database::wait(m_returns->findByReceipt(customer, u"R1-000017"_s));
    QCOMPARE(found.error().code, ErrorCode::PermissionDenied);
}

void TestReturnService::cardRefundsGoThroughTheGatewayOnce()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"card"_s, 2160}}, 20);
    Result<ReturnResult> done =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(done->amount, Money(1080, u"USD"));
    QCOMPARE(done->cash, Money(0, u"USD"));
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status FROM refunds"_s).toString(), u"card/completed"_s);
    QVERIFY(m_f.scalar(u"SELECT gateway_reference FROM refunds"_s).toString().startsWith(u"re_"_s));
    QCOMPARE(cents(u"SELECT refunded_cents FROM payments WHERE order_id = ?"_s, {orderId}), 1080);
    QCOMPARE(cents(u"SELECT refunded_cents FROM shift_tender_totals WHERE shift_id = ? AND tender = 'card'"_s,
                   {m_shift}),
             1080);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 1080);

    // Nothing open and nothing chosen: nothing is sent again.
    Result<ReturnResult> again = giveBack(request(orderId, {}));
    QVERIFY(!again.ok());
    QCOMPARE(m_simulator->refunds().size(), 1);
}

void TestReturnService::originalTenderRefundsTheCardFirst()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"cash"_s, 1160}, {u"card"_s, 1000}}, 21);
    Result<ReturnResult> done =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    // 10.80 back: the card's 10.00 first, then 0.80 in cash.
    QCOMPARE(done->refundIds.size(), 2);
    QCOMPARE(done->cash, Money(80, u"USD"));
    QCOMPARE(cents(u"SELECT amount_cents FROM refunds WHERE tender = 'card' AND status = 'completed'"_s), 1000);
    QCOMPARE(cents(u"SELECT amount_cents FROM refunds WHERE tender = 'cash' AND status = 'completed'"_s), 80);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 1000);
    verifyTheBooksAddUp();
}

void TestReturnService::aDeclinedCardRefundStaysVisibleAndIsSettledInCash()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"card"_s, 2160}}, 22);
    m_simulator->setBehaviour(GatewaySimulator::Mode::Decline);
    Result<ReturnResult> declined =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY(!declined.ok());
    QCOMPARE(declined.error().code, ErrorCode::Conflict);
    QVERIFY2(declined.error().message.contains(u"declined"_s), qPrintable(declined.error().message));
    QVERIFY2(declined.error().message.contains(u"Cash"_s), qPrintable(declined.error().message));
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"failed"_s);
    QVERIFY(!m_f.scalar(u"SELECT failure_message FROM refunds"_s).toString().isEmpty());
    // The goods are back and the money is owed.
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 19);
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 1080);

    Result<ReturnResult> settled = giveBack(request(orderId, {}, RefundDestination::Cash));
    QVERIFY2(settled.ok(), qPrintable(why(settled)));
    QCOMPARE(settled->cash, Money(1080, u"USD"));
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status FROM refunds"_s).toString(), u"cash/completed"_s);
    QVERIFY(m_f.scalar(u"SELECT payment_id FROM refunds"_s).isNull());
    QCOMPARE(m_f.count(u"refunds"_s), 1);
    QCOMPARE(cents(u"SELECT refunded_cents FROM payments WHERE order_id = ?"_s, {orderId}), 0);
    QCOMPARE(cents(u"SELECT refunded_cents FROM orders WHERE id = ?"_s, {orderId}), 1080);
    QCOMPARE(cents(u"SELECT refunded_cents FROM shift_tender_totals WHERE shift_id = ? AND tender = 'card'"_s,
                   {m_shift}),
             0);
    QCOMPARE(cents(u"SELECT refunded_cents FROM shift_tender_totals WHERE shift_id = ? AND tender = 'cash'"_s,
                   {m_shift}),
             1080);
    QCOMPARE(cents(u"SELECT COUNT(*) FROM audit_log WHERE action = 'refund.settled_in_cash'"_s), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 0);
    verifyTheBooksAddUp();
}

void TestReturnService::aDeclinedCardRefundMayBeTriedAgainOnTheCard()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 0, 160}}, {{u"card"_s, 2160}}, 23);
    m_simulator->setBehaviour(GatewaySimulator::Mode::Decline);
    QVERIFY(!giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 2, ReturnDisposition::Restock, {}}})).ok());
    const QString firstKey = m_f.scalar(u"SELECT idempotency_key FROM refunds"_s).toString();

    Result<ReturnResult> retried = giveBack(request(orderId, {}));
    QVERIFY2(retried.ok(), qPrintable(why(retried)));
    QVERIFY(retried->orderFullyRefunded);
    QCOMPARE(m_f.scalar(u"SELECT tender || '/' || status FROM refunds"_s).toString(), u"card/completed"_s);
    QVERIFY(m_f.scalar(u"SELECT idempotency_key FROM refunds"_s).toString() != firstKey);
    QCOMPARE(m_simulator->refunds().size(), 2);  // the declined one and the one paid
    QCOMPARE(m_simulator->payments().constFirst().refunded, 2160);
    QCOMPARE(m_f.scalar(u"SELECT status FROM orders WHERE id = ?"_s, {orderId}).toString(), u"refunded"_s);
    verifyTheBooksAddUp();
}

void TestReturnService::aRefundInterruptedAfterTheGatewayPaidIsNeverPaidTwice()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 1, 1000, 0, 80}}, {{u"card"_s, 1080}}, 24);
    // The gateway pays the refund but every answer is lost, as when the
    // register loses power right after sending it.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop, 100);
    Result<ReturnResult> lost =
        giveBack(request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY(!lost.ok());
    QCOMPARE(lost.error().code, ErrorCode::Unavailable);
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"pending"_s);
    const QString key = m_f.scalar(u"SELECT idempotency_key FROM refunds"_s).toString();
    QCOMPARE(m_simulator->refunds().size(), 1);

    // The same lines again (after a restart): the open refund is finished
    // under its own key first; the line, already given back, is refused.
    m_simulator->setBehaviour(GatewaySimulator::Mode::Approve, 100);
    ReturnService restarted(m_f.m_db, m_payments);
    Result<ReturnResult> again = QCoro::waitFor(restarted.giveBack(
        m_f.m_clerk, request(orderId, {{itemOf(orderId, m_f.m_shirt), 1, ReturnDisposition::Restock, {}}})));
    QVERIFY(!again.ok());
    QVERIFY2(again.error().message.contains(u"Only 0"_s), qPrintable(again.error().message));
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"completed"_s);
    QCOMPARE(m_f.scalar(u"SELECT idempotency_key FROM refunds"_s).toString(), key);
    QCOMPARE(m_f.count(u"refunds"_s), 1);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 1080);
    verifyTheBooksAddUp();
}

void TestReturnService::receiptsOfTheSaleAndOfItsRefund()
{
    const qint64 orderId = addSale({{m_f.m_shirt, 2, 1000, 100, 152}, {m_f.m_mug, 1, 500, 0, 40}},
                                   {{u"card"_s, 1000}, {u"cash"_s, 1592}}, 25);
    ReceiptService receipts(m_f.m_db);
    const Result<ReceiptData> sale = Database::wait(receipts.saleReceipt(m_f.m_clerk, orderId));
    QVERIFY2(sale.ok(), qPrintable(why(sale)));
    QCOMPARE(sale->orderNumber, u"R1-000025"_s);
    QCOMPARE(sale->registerName, u"Register 1"_s);
    QCOMPARE(sale->clerkName, u"Test User"_s);
    QCOMPARE(sale->lines.size(), 2);
    QCOMPARE(sale->lines.first().name, u"Linen shirt"_s);
    QCOMPARE(sale->lines.first().discount, Money(100, u"USD"));
    QCOMPARE(sale->taxes.size(), 1);
    QCOMPARE(sale->taxes.first().base, Money(2400, u"USD"));
    QCOMPARE(sale->taxes.first().amount, Money(192, u"USD"));
    QCOMPARE(sale->total, Money(2592, u"USD"));
    QCOMPARE(sale->tenders.size(), 2);
    QCOMPARE(sale->tenders.first().cardLast4, u"4242"_s);
    QVERIFY(sale->paidInCash);

    Result<ReturnResult> done = giveBack(request(orderId, {{itemOf(orderId, m_f.m_mug), 1, ReturnDisposition::Restock, {}}}));
    QVERIFY2(done.ok(), qPrintable(why(done)));
    const Result<ReceiptData> refund = Database::wait(receipts.refundReceipt(m_f.m_clerk, done->refundIds));
    QVERIFY2(refund.ok(), qPrintable(why(refund)));
    QCOMPARE(refund->kind, ReceiptData::Kind::Refund);
    QCOMPARE(refund->lines.size(), 1);
    QCOMPARE(refund->lines.first().total, Money(540, u"USD"));
    QCOMPARE(refund->total, Money(540, u"USD"));
    QCOMPARE(refund->tax, Money(40, u"USD"));
    QCOMPARE(refund->reason, u"Customer changed their mind"_s);

    const Result<ReceiptData> missing = Database::wait(receipts.saleReceipt(m_f.m_clerk, orderId + 1000));
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestReturnService::printerSettingsAreKeptPerRegister()
{
    ReceiptSettingsStore store(m_f.m_db);
    const Result<ReceiptSettings> defaults = Database::wait(store.load(m_register));
    QVERIFY2(defaults.ok(), qPrintable(why(defaults)));
    QCOMPARE(defaults.value(), ReceiptSettings{});

    ReceiptSettings printer;
    printer.printerHost = u"192.168.1.50"_s;
    printer.columns = 48;
    printer.drawerKickOnCash = false;
    printer.codePage = PrinterCodePage::Cp437;
    QCOMPARE(Database::wait(store.save(m_f.m_clerk, m_register, printer)).error().code, ErrorCode::PermissionDenied);
    const Status saved = Database::wait(store.save(m_f.m_admin, m_register, printer));
    QVERIFY2(saved.ok(), qPrintable(why(saved)));
    QCOMPARE(Database::wait(store.load(m_register)).value(), printer);
    QCOMPARE(Database::wait(store.load(m_register + 1)).value(), ReceiptSettings{});

    ReceiptSettings bad = printer;
    bad.printerHost = u"not a host!"_s;
    QCOMPARE(Database::wait(store.save(m_f.m_admin, m_register, bad)).error().code, ErrorCode::InvalidInput);
    bad = printer;
    bad.columns = 12;
    QVERIFY(Database::wait(store.save(m_f.m_admin, m_register, bad)).error().message.contains(u"32"_s));
    QCOMPARE(Database::wait(store.load(m_register)).value(), printer);
}

QTEST_GUILESS_MAIN(TestReturnService)
#include "tst_returnservice.moc"
