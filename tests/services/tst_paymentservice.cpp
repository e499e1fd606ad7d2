// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "GatewaySimulator.h"
#include "payments/GatewayClient.h"
#include "payments/GatewaySettingsStore.h"
#include "payments/PaymentService.h"

#include <QCoroTask>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace sk;
using test::why;

namespace {

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

template<typename T>
T await(QCoro::Task<T> task)
{
    return QCoro::waitFor(task);
}

} // namespace

// A register cart of one shirt and one mug at 10.00 each, 8 % tax: 21.60 due.
// Carts are written as rows, as CartService leaves them; the card gateway is
// the simulator, in-process on a free loopback port.
class TestPaymentService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void cashGivesChangeToTheCent_data();
    void cashGivesChangeToTheCent();
    void cashAfterAPartPaymentTakesOnlyTheRest();
    void cashRefusesBadAmountsAndWritesNothing_data();
    void cashRefusesBadAmountsAndWritesNothing();
    void nothingDueIsRefused();
    void cardIsWrittenPendingBeforeTheGatewayIsAsked();
    void cardAboveWhatIsDueIsRefused();
    void declinedCardFailsWithTheClerksSentence();
    void unreachableGatewayLeavesThePaymentPendingAndRetryReusesTheKey();
    void splitTenderCashAndCard();
    void voidingCashGivesTheDueBack();
    void voidingACardRefundsItOnce();
    void voidingACardNeverSentChargesNothing();
    void recoveryCompletesAPaymentTheGatewayApproved();
    void recoveryFailsAPaymentTheGatewayNeverSaw();
    void recoveryLeavesPaymentsPendingWhileTheGatewayIsDown();
    void sendRefundAsksTheGatewayOnce();
    void recoveryResolvesPendingRefunds();
    void customersMayNotTakePayments();
    void gatewaySettingsAreKeptAndOnlyAdminsChangeThem();
    void aClientTakesTheStoredSettingsAndMayGoBeforeThem();
    void gatewaySettingsRefuseBadValues_data();
    void gatewaySettingsRefuseBadValues();

private:
    qint64 addCart(const QList<QPair<qint64, qint64>> &variantsAndQuantities);
    qint64 addCardSale(qint64 cents, QString *gatewayReference);
    qint64 paymentCount();
    QString statusOf(qint64 paymentId);
    Result<Payment> charge(qint64 paymentId);

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<GatewayClient> m_gateway;
    std::unique_ptr<PaymentService> m_payments;
    qint64 m_register = 0;
    qint64 m_shift = 0;
    qint64 m_cart = 0;
};

void TestPaymentService::init()
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
    m_payments = std::make_unique<PaymentService>(m_f.m_db, m_gateway.get());

    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
    m_shift = m_f.insert(u"INSERT INTO shifts (register_id, currency, opened_by, opened_at, opening_float_cents) "
                         "VALUES (?, 'USD', ?, ?, 10000) RETURNING id"_s,
                         {m_register, m_f.m_clerk.userId, QDateTime::currentDateTimeUtc()});
    QVERIFY(m_shift > 0);
    m_f.receive(m_f.m_shirt, m_f.m_store, 20);
    m_f.receive(m_f.m_mug, m_f.m_store, 20);
    m_cart = addCart({{m_f.m_shirt, 1}, {m_f.m_mug, 1}});
    QVERIFY(m_cart > 0);
}

void TestPaymentService::cleanup()
{
    m_payments.reset();
    m_gateway.reset();
    m_simulator.reset();
    m_f.tearDown();
}

qint64 TestPaymentService::addCart(const QList<QPair<qint64, qint64>> &variantsAndQuantities)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 cartId = m_f.insert(u"INSERT INTO carts (register_id, status, created_by, created_at, updated_at) "
                                     "VALUES (?, 'open', ?, ?, ?) RETURNING id"_s,
                                     {m_register, m_f.m_clerk.userId, now, now});
    int position = 0;
    for (const auto &[variantId, quantity] : variantsAndQuantities)
        m_f.insert(u"INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, position, "
                   "added_at) SELECT ?, product_id, id, ?, 1000, ?, ? FROM product_variants WHERE id = ? RETURNING id"_s,
                   {cartId, quantity, ++position, now, variantId});
    return cartId;
}

// A finished sale paid by card at the gateway: the order and its payment.
qint64 TestPaymentService::addCardSale(qint64 cents, QString *gatewayReference)
{
    const QString key = PaymentService::newIdempotencyKey();
    const Result<GatewayPayment> charged = await(m_gateway->createPayment(key, usd(cents), u"sale"_s));
    if (!charged || charged->outcome != GatewayOutcome::Approved) {
        qWarning() << why(charged);
        return 0;
    }
    *gatewayReference = charged->reference;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 orderId = m_f.insert(
        u"INSERT INTO orders (order_number, channel, status, clerk_id, register_id, shift_id, location_id, "
        "receipt_number, currency, subtotal_cents, tax_cents, total_cents, paid_cents, created_at, updated_at) "
        "VALUES ('R1-000001', 'in_store', 'delivered', ?, ?, ?, ?, 1, 'USD', ?, 0, ?, ?, ?, ?) RETURNING id"_s,
        {m_f.m_clerk.userId, m_register, m_shift, m_f.m_store, cents, cents, cents, now, now});
    m_f.insert(u"INSERT INTO payments (order_id, register_id, shift_id, user_id, tender, status, currency, amount_cents, "
               "idempotency_key, gateway_reference, card_brand, card_last4, created_at, processed_at) "
               "VALUES (?, ?, ?, ?, 'card', 'completed', 'USD', ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
               {orderId, m_register, m_shift, m_f.m_clerk.userId, cents, key, charged->reference, charged->cardBrand,
                charged->cardLast4, now, now});
    return orderId;
}

qint64 TestPaymentService::paymentCount()
{
    return m_f.count(u"payments"_s);
}

QString TestPaymentService::statusOf(qint64 paymentId)
{
    return m_f.scalar(u"SELECT status FROM payments WHERE id = ?"_s, {paymentId}).toString();
}

Result<Payment> TestPaymentService::charge(qint64 paymentId)
{
    return await(m_payments->chargeCard(m_f.m_clerk, paymentId));
}

void TestPaymentService::cashGivesChangeToTheCent_data()
{
    QTest::addColumn<qint64>("tendered");
    QTest::addColumn<qint64>("applied");
    QTest::addColumn<qint64>("change");
    QTest::newRow("a twenty and a five") << qint64(2500) << qint64(2160) << qint64(340);
    QTest::newRow("exact") << qint64(2160) << qint64(2160) << qint64(0);
    QTest::newRow("one cent over") << qint64(2161) << qint64(2160) << qint64(1);
    QTest::newRow("a fifty") << qint64(5000) << qint64(2160) << qint64(2840);
    QTest::newRow("part of it") << qint64(1000) << qint64(1000) << qint64(0);
    QTest::newRow("one cent") << qint64(1) << qint64(1) << qint64(0);
}

void TestPaymentService::cashGivesChangeToTheCent()
{
    QFETCH(qint64, tendered);
    QFETCH(qint64, applied);
    QFETCH(qint64, change);
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(tendered)));
    QVERIFY2(cash.ok(), qPrintable(why(cash)));
    QCOMPARE(cash->tender, Tender::Cash);
    QCOMPARE(cash->status, PaymentStatus::Completed);
    QCOMPARE(cash->amount, usd(applied));
    QCOMPARE(cash->tendered, std::optional<Money>(usd(tendered)));
    QCOMPARE(cash->change, usd(change));
    QCOMPARE(cash->cartId, std::optional<qint64>(m_cart));
    QCOMPARE(cash->registerId, std::optional<qint64>(m_register));
    QCOMPARE(cash->shiftId, std::optional<qint64>(m_shift));
    QVERIFY(!cash->idempotencyKey.isEmpty());
    QCOMPARE(m_f.scalar(u"SELECT change_cents FROM payments WHERE id = ?"_s, {cash->id}).toLongLong(), change);
}

void TestPaymentService::cashAfterAPartPaymentTakesOnlyTheRest()
{
    const Result<Payment> first = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(1000)));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    const Result<Payment> second = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(2000)));
    QVERIFY2(second.ok(), qPrintable(why(second)));
    QCOMPARE(second->amount, usd(1160));
    QCOMPARE(second->change, usd(840));
    const Result<Payment> third = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(100)));
    QVERIFY(!third.ok());
    QCOMPARE(third.error().code, ErrorCode::Conflict);
    QCOMPARE(paymentCount(), 2);
    const Result<QList<Payment>> payments = Database::wait(m_payments->paymentsForCart(m_f.m_clerk, m_cart));
    QVERIFY2(payments.ok(), qPrintable(why(payments)));
    QCOMPARE(payments->size(), 2);
    QCOMPARE(payments->at(0).amount + payments->at(1).amount, usd(2160));
}

void TestPaymentService::cashRefusesBadAmountsAndWritesNothing_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<QString>("currency");  // empty: no currency at all
    QTest::newRow("zero") << qint64(0) << u"USD"_s;
    QTest::newRow("negative") << qint64(-500) << u"USD"_s;
    QTest::newRow("no currency") << qint64(2500) << QString();
    QTest::newRow("another currency") << qint64(2500) << u"EUR"_s;
}

void TestPaymentService::cashRefusesBadAmountsAndWritesNothing()
{
    QFETCH(qint64, cents);
    QFETCH(QString, currency);
    const Money tendered = currency.isEmpty() ? Money() : Money(cents, currency);
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, tendered));
    QVERIFY(!cash.ok());
    QCOMPARE(cash.error().code, ErrorCode::InvalidInput);
    QVERIFY(cash.error().message.endsWith(u'.'));
    QCOMPARE(paymentCount(), 0);
}

void TestPaymentService::nothingDueIsRefused()
{
    const qint64 empty = addCart({});
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, empty, usd(500)));
    QVERIFY(!cash.ok());
    QCOMPARE(cash.error().code, ErrorCode::Conflict);
    const Result<Payment> card = Database::wait(m_payments->beginCard(m_f.m_clerk, empty, usd(500)));
    QVERIFY(!card.ok());
    QCOMPARE(paymentCount(), 0);
}

void TestPaymentService::cardIsWrittenPendingBeforeTheGatewayIsAsked()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    QCOMPARE(begun->status, PaymentStatus::Pending);
    QCOMPARE(begun->tender, Tender::Card);
    QVERIFY(!begun->idempotencyKey.isEmpty());
    QCOMPARE(statusOf(begun->id), u"pending"_s);
    QVERIFY(m_simulator->payments().isEmpty());

    const Result<Payment> charged = charge(begun->id);
    QVERIFY2(charged.ok(), qPrintable(why(charged)));
    QCOMPARE(charged->status, PaymentStatus::Completed);
    QCOMPARE(charged->amount, usd(2160));
    QCOMPARE(charged->attempts, 1);
    QCOMPARE(m_simulator->payments().size(), 1);
    const GatewaySimulator::SimulatedPayment atGateway = m_simulator->payments().constFirst();
    QCOMPARE(atGateway.idempotencyKey, begun->idempotencyKey);
    QCOMPARE(charged->gatewayReference, atGateway.id);
    QCOMPARE(charged->cardBrand, atGateway.cardBrand);
    QCOMPARE(charged->cardLast4, atGateway.cardLast4);
    QVERIFY(charged->processedAt.isValid());

    // Charging it again asks nothing: it is already completed.
    const Result<Payment> again = charge(begun->id);
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(m_simulator->requestsReceived(), 1);
}

void TestPaymentService::cardAboveWhatIsDueIsRefused()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2161)));
    QVERIFY(!begun.ok());
    QCOMPARE(begun.error().code, ErrorCode::InvalidInput);
    QVERIFY(begun.error().message.contains(u"21.60"_s));
    const Result<Payment> zero = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(0)));
    QVERIFY(!zero.ok());
    QCOMPARE(paymentCount(), 0);
}

void TestPaymentService::declinedCardFailsWithTheClerksSentence()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Decline);
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    const Result<Payment> charged = charge(begun->id);
    QVERIFY(!charged.ok());
    QCOMPARE(charged.error().code, ErrorCode::Conflict);
    const QString sentence = QCoreApplication::translate(
        "PaymentService", "The card was declined: %1. Ask for another card or another way to pay.").arg(u"Insufficient funds"_s);
    QCOMPARE(charged.error().message, sentence);
    QCOMPARE(statusOf(begun->id), u"failed"_s);
    QCOMPARE(m_f.scalar(u"SELECT failure_message FROM payments WHERE id = ?"_s, {begun->id}).toString(), sentence);

    // A failed card leaves the whole amount due for another card.
    const Result<Payment> another = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(another.ok(), qPrintable(why(another)));
    QVERIFY(another->idempotencyKey != begun->idempotencyKey);
    const Result<Payment> retried = charge(begun->id);
    QVERIFY(!retried.ok());
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestPaymentService::unreachableGatewayLeavesThePaymentPendingAndRetryReusesTheKey()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 2);
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    const Result<Payment> failed = charge(begun->id);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Unavailable);
    QCOMPARE(statusOf(begun->id), u"pending"_s);
    QCOMPARE(m_f.scalar(u"SELECT failure_message FROM payments WHERE id = ?"_s, {begun->id}).toString(),
             failed.error().message);
    // Nothing else may be taken for what the pending card may still pay.
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(500)));
    QVERIFY(!cash.ok());

    const Result<Payment> retried = charge(begun->id);
    QVERIFY2(retried.ok(), qPrintable(why(retried)));
    QCOMPARE(retried->status, PaymentStatus::Completed);
    QCOMPARE(retried->attempts, 2);
    QCOMPARE(retried->failureMessage, QString());
    QCOMPARE(m_simulator->payments().size(), 1);
    QCOMPARE(m_simulator->payments().constFirst().idempotencyKey, begun->idempotencyKey);
}

void TestPaymentService::splitTenderCashAndCard()
{
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(1000)));
    QVERIFY2(cash.ok(), qPrintable(why(cash)));
    const Result<Payment> tooMuch = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(1161)));
    QVERIFY(!tooMuch.ok());
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(1160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    const Result<Payment> charged = charge(begun->id);
    QVERIFY2(charged.ok(), qPrintable(why(charged)));
    QCOMPARE(m_simulator->payments().constFirst().amount, 1160);
    const Result<Payment> more = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(100)));
    QVERIFY(!more.ok());
    QCOMPARE(m_f.scalar(u"SELECT SUM(amount_cents) FROM payments WHERE cart_id = ? AND status = 'completed'"_s, {m_cart})
                 .toLongLong(),
             2160);
}

void TestPaymentService::voidingCashGivesTheDueBack()
{
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(2500)));
    QVERIFY2(cash.ok(), qPrintable(why(cash)));
    const Status voided = await(m_payments->voidPayment(m_f.m_clerk, cash->id));
    QVERIFY2(voided.ok(), qPrintable(why(voided)));
    QCOMPARE(statusOf(cash->id), u"voided"_s);
    const Result<Payment> again = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again->amount, usd(2160));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'payment.voided'"_s).toLongLong(), 1);
}

void TestPaymentService::voidingACardRefundsItOnce()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    QVERIFY2(charge(begun->id).ok(), "charged");
    const Status voided = await(m_payments->voidPayment(m_f.m_clerk, begun->id));
    QVERIFY2(voided.ok(), qPrintable(why(voided)));
    QCOMPARE(statusOf(begun->id), u"voided"_s);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->refunds().constFirst().amount, 2160);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 2160);
    const Status again = await(m_payments->voidPayment(m_f.m_clerk, begun->id));
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(m_simulator->refunds().size(), 1);
}

void TestPaymentService::voidingACardNeverSentChargesNothing()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    const Status voided = await(m_payments->voidPayment(m_f.m_clerk, begun->id));
    QVERIFY2(voided.ok(), qPrintable(why(voided)));
    QCOMPARE(statusOf(begun->id), u"voided"_s);
    QVERIFY(m_simulator->payments().isEmpty());
    QVERIFY(m_simulator->refunds().isEmpty());
}

void TestPaymentService::recoveryCompletesAPaymentTheGatewayApproved()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    // The register died after the gateway charged the card and before the
    // answer was written: the gateway has the payment, the row is pending.
    const Result<GatewayPayment> atGateway = await(m_gateway->createPayment(begun->idempotencyKey, usd(2160), u"cart"_s));
    QVERIFY2(atGateway.ok(), qPrintable(why(atGateway)));
    QCOMPARE(statusOf(begun->id), u"pending"_s);

    const Result<RecoveryReport> report = await(m_payments->recoverPending(m_f.m_clerk));
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->completed, 1);
    QCOMPARE(report->failed, 0);
    QCOMPARE(report->stillPending, 0);
    QCOMPARE(report->cartsWithPayments, QList<qint64>{m_cart});
    QCOMPARE(statusOf(begun->id), u"completed"_s);
    QCOMPARE(m_f.scalar(u"SELECT gateway_reference FROM payments WHERE id = ?"_s, {begun->id}).toString(),
             atGateway->reference);
    QCOMPARE(m_f.scalar(u"SELECT card_last4 FROM payments WHERE id = ?"_s, {begun->id}).toString(), atGateway->cardLast4);
    QCOMPARE(m_simulator->payments().size(), 1);

    const Result<RecoveryReport> nothingLeft = await(m_payments->recoverPending(m_f.m_clerk));
    QVERIFY2(nothingLeft.ok(), qPrintable(why(nothingLeft)));
    QCOMPARE(nothingLeft->completed, 0);
}

void TestPaymentService::recoveryFailsAPaymentTheGatewayNeverSaw()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    const Result<RecoveryReport> report = await(m_payments->recoverPending(m_f.m_clerk));
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->completed, 0);
    QCOMPARE(report->failed, 1);
    QCOMPARE(report->cartsWithPayments, QList<qint64>{m_cart});
    QCOMPARE(statusOf(begun->id), u"failed"_s);
    QVERIFY(!m_f.scalar(u"SELECT failure_message FROM payments WHERE id = ?"_s, {begun->id}).toString().isEmpty());
    QVERIFY(m_simulator->payments().isEmpty());
    // The whole amount is due again.
    const Result<Payment> cash = Database::wait(m_payments->addCash(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(cash.ok(), qPrintable(why(cash)));
    QCOMPARE(cash->amount, usd(2160));
}

void TestPaymentService::recoveryLeavesPaymentsPendingWhileTheGatewayIsDown()
{
    const Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, m_cart, usd(2160)));
    QVERIFY2(begun.ok(), qPrintable(why(begun)));
    m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 100);
    const Result<RecoveryReport> report = await(m_payments->recoverPending(m_f.m_clerk));
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->stillPending, 1);
    QCOMPARE(report->completed + report->failed, 0);
    QCOMPARE(statusOf(begun->id), u"pending"_s);
}

void TestPaymentService::sendRefundAsksTheGatewayOnce()
{
    QString reference;
    const qint64 orderId = addCardSale(2160, &reference);
    QVERIFY(orderId > 0);
    const qint64 paymentId = m_f.scalar(u"SELECT id FROM payments WHERE order_id = ?"_s, {orderId}).toLongLong();
    const qint64 refundId = m_f.insert(
        u"INSERT INTO refunds (order_id, payment_id, shift_id, tender, status, currency, amount_cents, idempotency_key, "
        "user_id, created_at) VALUES (?, ?, ?, 'card', 'pending', 'USD', 1000, ?, ?, ?) RETURNING id"_s,
        {orderId, paymentId, m_shift, PaymentService::newIdempotencyKey(), m_f.m_clerk.userId,
         QDateTime::currentDateTimeUtc()});
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop);
    const Status sent = await(m_payments->sendRefund(m_f.m_clerk, refundId));
    QVERIFY2(sent.ok(), qPrintable(why(sent)));
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds WHERE id = ?"_s, {refundId}).toString(), u"completed"_s);
    QVERIFY(m_f.scalar(u"SELECT gateway_reference FROM refunds WHERE id = ?"_s, {refundId}).toString().startsWith(u"re_"_s));
    const Status again = await(m_payments->sendRefund(m_f.m_clerk, refundId));
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 1000);

    // More than is left at the gateway: declined, the refund fails.
    const qint64 tooMuch = m_f.insert(
        u"INSERT INTO refunds (order_id, payment_id, shift_id, tender, status, currency, amount_cents, idempotency_key, "
        "user_id, created_at) VALUES (?, ?, ?, 'card', 'pending', 'USD', 1500, ?, ?, ?) RETURNING id"_s,
        {orderId, paymentId, m_shift, PaymentService::newIdempotencyKey(), m_f.m_clerk.userId,
         QDateTime::currentDateTimeUtc()});
    const Status declined = await(m_payments->sendRefund(m_f.m_clerk, tooMuch));
    QVERIFY(!declined.ok());
    QCOMPARE(declined.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds WHERE id = ?"_s, {tooMuch}).toString(), u"failed"_s);
    QVERIFY(!m_f.scalar(u"SELECT failure_message FROM refunds WHERE id = ?"_s, {tooMuch}).toString().isEmpty());
}

void TestPaymentService::recoveryResolvesPendingRefunds()
{
    QString reference;
    const qint64 orderId = addCardSale(3000, &reference);
    QVERIFY(orderId > 0);
    const qint64 paymentId = m_f.scalar(u"SELECT id FROM payments WHERE order_id = ?"_s, {orderId}).toLongLong();
    const QString sentKey = PaymentService::newIdempotencyKey();
    auto addRefund = [&](const QString &key) {
        return m_f.insert(u"INSERT INTO refunds (order_id, payment_id, shift_id, tender, status, currency, amount_cents, "
                          "idempotency_key, user_id, created_at) VALUES (?, ?, ?, 'card', 'pending', 'USD', 1000, ?, ?, ?) "
                          "RETURNING id"_s,
                          {orderId, paymentId, m_shift, key, m_f.m_clerk.userId, QDateTime::currentDateTimeUtc()});
    };
    const qint64 sent = addRefund(sentKey);
    const qint64 neverSent = addRefund(PaymentService::newIdempotencyKey());
    // Crashed after the gateway refunded: the row is still pending.
    const Result<GatewayPayment> refunded = await(m_gateway->refund(reference, sentKey, usd(1000)));
    QVERIFY2(refunded.ok(), qPrintable(why(refunded)));

    const Result<RecoveryReport> report = await(m_payments->recoverPending(m_f.m_clerk));
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds WHERE id = ?"_s, {sent}).toString(), u"completed"_s);
    QCOMPARE(m_f.scalar(u"SELECT gateway_reference FROM refunds WHERE id = ?"_s, {sent}).toString(), refunded->reference);
    QCOMPARE(m_f.scalar(u"SELECT status FROM refunds WHERE id = ?"_s, {neverSent}).toString(), u"failed"_s);
    QCOMPARE(m_simulator->refunds().size(), 1);
}

void TestPaymentService::customersMayNotTakePayments()
{
    const Session customer = test::sessionFor(m_f.addUser(u"shopper@mail.test"_s, u"customer"_s, {}), Role::Customer);
    const Result<Payment> cash = Database::wait(m_payments->addCash(customer, m_cart, usd(2500)));
    QVERIFY(!cash.ok());
    QCOMPARE(cash.error().code, ErrorCode::PermissionDenied);
    const Result<Payment> card = Database::wait(m_payments->beginCard(customer, m_cart, usd(2160)));
    QVERIFY(!card.ok());
    const Result<RecoveryReport> recovery = await(m_payments->recoverPending(customer));
    QVERIFY(!recovery.ok());
    QCOMPARE(paymentCount(), 0);
}

void TestPaymentService::gatewaySettingsAreKeptAndOnlyAdminsChangeThem()
{
    GatewaySettingsStore store(m_f.m_db);
    const Result<GatewaySettings> empty = Database::wait(store.load());
    QVERIFY2(empty.ok(), qPrintable(why(empty)));
    QVERIFY(empty->baseUrl.isEmpty());
    QCOMPARE(empty->terminalId, u"R1"_s);

    GatewaySettings settings;
    settings.baseUrl = QUrl(u"https://gateway.example.com/api"_s);
    settings.apiKey = u"sk_live_secret42"_s;
    settings.terminalId = u"T7"_s;
    settings.requestTimeout = 15s;
    const Status refused = Database::wait(store.save(m_f.m_clerk, settings));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM settings WHERE key LIKE 'payments.%'"_s).toLongLong(), 0);

    const Status saved = Database::wait(store.save(m_f.m_admin, settings));
    QVERIFY2(saved.ok(), qPrintable(why(saved)));
    const Result<GatewaySettings> loaded = Database::wait(store.load());
    QVERIFY2(loaded.ok(), qPrintable(why(loaded)));
    QCOMPARE(loaded->baseUrl, settings.baseUrl);
    QCOMPARE(loaded->apiKey, settings.apiKey);
    QCOMPARE(loaded->terminalId, u"T7"_s);
    QCOMPARE(loaded->requestTimeout, 15000ms);

    // The journal says the key changed, never what it is.
    Result<QStringList> details = Database::wait(m_f.m_db->read([](Connection &connection) -> Result<QStringList> {
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT subject, details FROM audit_log WHERE action = 'settings.changed' ORDER BY id"_s);
        if (!rows)
            return rows.error();
        QStringList all;
        while (rows.value().next())
            all.append(rows.value().value(0).toString() + u" "_s + rows.value().value(1).toString());
        return all;
    }));
    QVERIFY2(details.ok(), qPrintable(why(details)));
    QCOMPARE(details->size(), 4);
    QVERIFY(details->join(u'\n').contains(u"setting:payments.gateway_api_key"_s));
    QVERIFY(!details->join(u'\n').contains(u"secret42"_s));

    // Saving the same again changes and audits nothing.
    QVERIFY(Database::wait(store.save(m_f.m_admin, settings)).ok());
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'settings.changed'"_s).toLongLong(), 4);
}

void TestPaymentService::gatewaySettingsRefuseBadValues_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QString>("terminal");
    QTest::addColumn<int>("timeoutMs");
    QTest::newRow("not a web address") << u"ftp://gateway.example.com"_s << u"k"_s << u"R1"_s << 10000;
    QTest::newRow("no host") << u"http://"_s << u"k"_s << u"R1"_s << 10000;
    QTest::newRow("key with a space") << u"https://gw.example.com"_s << u"a key"_s << u"R1"_s << 10000;
    QTest::newRow("no terminal") << u"https://gw.example.com"_s << u"k"_s << u" "_s << 10000;
    QTest::newRow("timeout too short") << u"https://gw.example.com"_s << u"k"_s << u"R1"_s << 10;
    QTest::newRow("timeout too long") << u"https://gw.example.com"_s << u"k"_s << u"R1"_s << 600000;
}

void TestPaymentService::gatewaySettingsRefuseBadValues()
{
    QFETCH(QString, url);
    QFETCH(QString, apiKey);
    QFETCH(QString, terminal);
    QFETCH(int, timeoutMs);
    GatewaySettings settings;
    settings.baseUrl = QUrl(url);
    settings.apiKey = apiKey;
    settings.terminalId = terminal;
    settings.requestTimeout = std::chrono::milliseconds(timeoutMs);
    const Status saved = Database::wait(GatewaySettingsStore(m_f.m_db).save(m_f.m_admin, settings));
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code, ErrorCode::InvalidInput);
    QVERIFY(saved.error().message.endsWith(u'.'));
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM settings WHERE key LIKE 'payments.%'"_s).toLongLong(), 0);
}

void TestPaymentService::aClientTakesTheStoredSettingsAndMayGoBeforeThem()
{
    GatewaySettingsStore store(m_f.m_db);
    GatewaySettings settings;
    settings.baseUrl = QUrl(u"https://gateway.example.com/api"_s);
    settings.apiKey = u"sk_live_secret42"_s;
    QVERIFY(Database::wait(store.save(m_f.m_admin, settings)).ok());
    // Clients dropped before their settings are read (a server stopped at
    // once): the answers must find nothing to write into.
    for (int round = 0; round < 20; ++round)
        store.makeClient().reset();
    QVERIFY(Database::wait(store.load()).ok());
    QTest::qWait(50);
    // One that lives takes them; one given a gateway meanwhile keeps it.
    const std::shared_ptr<GatewayClient> client = store.makeClient();
    const std::shared_ptr<GatewayClient> chosen = store.makeClient();
    GatewaySettings simulator;
    simulator.baseUrl = m_simulator->url();
    chosen->setSettings(simulator);
    QTRY_COMPARE_WITH_TIMEOUT(client->settings().baseUrl, settings.baseUrl, 5'000);
    QCOMPARE(client->settings().apiKey, settings.apiKey);
    QTest::qWait(50);
    QCOMPARE(chosen->settings().baseUrl, m_simulator->url());
}

QTEST_GUILESS_MAIN(TestPaymentService)
#include "tst_paymentservice.moc"
