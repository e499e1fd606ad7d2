// storekeeper-test: postgres
// A register killed in the middle of a card payment loses no sale and
// charges no card twice. The register is this executable run again as a
// child (--register-child): it rings up a sale and takes a card payment
// from the gateway simulator running in this process, and is killed with
// SIGKILL (a crash, a power cut) either while the gateway holds the request
// or before the gateway heard of it. Recovery then runs here as the next
// start-up would.
#include "tst_inventory_fixture.h"

#include "GatewaySimulator.h"
#include "maintenance/IntegrityCheck.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>
#include <QThread>
#include <cstdio>

#include <QCoroTask>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

constexpr char kChildFlag[] = "--register-child";
constexpr auto kGatewayHold = std::chrono::seconds(120);
constexpr int kChildTimeoutMs = 60'000;

// Child modes: "charge" sends the payment to the gateway; "begin" stops
// right after the pending payment and its key are committed, before any
// request leaves.
int runRegisterChild(const QStringList &arguments)
{
    // --register-child DATABASE GATEWAY CLERK REGISTER MODE
    if (arguments.size() != 7)
        return 2;
    const auto say = [](const QByteArray &line) {
        std::fputs(line.constData(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    };
    Result<DatabaseUrl> url = DatabaseUrl::parse(arguments.at(2));
    if (!url)
        return 3;
    Result<std::shared_ptr<Database>> database = Database::open(url.value());
    if (!database) {
        say("error " + database.error().message.toUtf8());
        return 3;
    }
    const Session clerk = test::sessionFor(arguments.at(4).toLongLong(), Role::Clerk);
    const qint64 registerId = arguments.at(5).toLongLong();
    const bool charge = arguments.at(6) == u"charge"_s;

    CartService carts(database.value());
    Result<Cart> cart = Database::wait(carts.current(clerk, registerId));
    if (cart)
        cart = Database::wait(carts.addByCode(clerk, cart->id, u"SHIRT-1"_s, 2));
    if (cart)
        cart = Database::wait(carts.addByCode(clerk, cart->id, u"MUG-1"_s, 1));
    if (!cart) {
        say("error " + cart.error().message.toUtf8());
        return 4;
    }

    GatewaySettings settings;
    settings.baseUrl = QUrl(arguments.at(3));
    settings.requestTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(kGatewayHold);
    GatewayClient gateway(settings);
    PaymentService payments(database.value(), &gateway);
    Result<Payment> begun = Database::wait(payments.beginCard(clerk, cart->id, cart->priced.total));
    if (!begun) {
        say("error " + begun.error().message.toUtf8());
        return 5;
    }
    say("begun " + QByteArray::number(begun->id));
    if (!charge) {
        for (;;)
            QThread::sleep(1);
    }
    Result<Payment> charged = QCoro::waitFor(payments.chargeCard(clerk, begun->id));
    say(charged ? QByteArrayLiteral("charged") : "error " + charged.error().message.toUtf8());
    return 6;   // the test kills the register before it gets here
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

class TestSaleKill : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void killedWhileTheGatewayHoldsThePayment();
    void killedBeforeTheGatewayHeardOfIt();

private:
    // Starts the register process and waits until it has said `begun`.
    bool startRegister(QProcess &child, const QString &mode);
    void kill(QProcess &child);
    Result<InterruptedSales> recover(GatewaySimulator &gateway);
    void verifyIntegrity();

    test::InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_gateway;
    qint64 m_register = 0;
    qint64 m_shift = 0;
};

void TestSaleKill::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    m_f.receive(m_f.m_shirt, m_f.m_store, 10);
    m_f.receive(m_f.m_mug, m_f.m_store, 10);
    Result<Shift> shift = Database::wait(ShiftService(m_f.m_db).open(m_f.m_clerk, m_register, Money(10000, u"USD")));
    QVERIFY2(shift.ok(), qPrintable(why(shift)));
    m_shift = shift->id;
    m_gateway = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_gateway->listen(), qPrintable(m_gateway->errorString()));
}

void TestSaleKill::cleanup()
{
    m_gateway.reset();
    m_f.tearDown();
}

bool TestSaleKill::startRegister(QProcess &child, const QString &mode)
{
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                {QString::fromLatin1(kChildFlag), m_f.m_testDb->url().toString(), m_gateway->url().toString(),
                 QString::number(m_f.m_clerk.userId), QString::number(m_register), mode});
    if (!child.waitForStarted(kChildTimeoutMs))
        return false;
    // Spins this thread's event loop meanwhile: the simulator lives here.
    QByteArray said;
    const bool begun = QTest::qWaitFor(
        [&] {
            said += child.readAllStandardOutput();
            return said.contains("begun") || said.contains("error") || child.state() == QProcess::NotRunning;
        },
        kChildTimeoutMs);
    if (!begun || !said.contains("begun"))
        qWarning() << "the register said:" << said;
    return begun && said.contains("begun");
}

void TestSaleKill::kill(QProcess &child)
{
    child.kill();   // SIGKILL: nothing of the register runs any more
    QVERIFY(child.waitForFinished(kChildTimeoutMs));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
}

Result<InterruptedSales> TestSaleKill::recover(GatewaySimulator &gateway)
{
    GatewaySettings settings;
    settings.baseUrl = gateway.url();
    GatewayClient client(settings);
    auto payments = std::make_shared<PaymentService>(m_f.m_db, &client);
    CheckoutService checkout(m_f.m_db, payments);
    return QCoro::waitFor(checkout.recoverInterruptedSales(Session::system()));
}

void TestSaleKill::verifyIntegrity()
{
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QVERIFY2(report->passed(), qPrintable(describe(report.value())));
}

void TestSaleKill::killedWhileTheGatewayHoldsThePayment()
{
    // The gateway charges at once but holds its answer: the register dies
    // waiting for it.
    m_gateway->setBehaviour(GatewaySimulator::Mode::Slow, 1,
                            std::chrono::duration_cast<std::chrono::milliseconds>(kGatewayHold));
    QProcess child;
    QVERIFY(startRegister(child, u"charge"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_gateway->payments().size() == 1, kChildTimeoutMs);
    kill(child);
    QCOMPARE(m_f.scalar(u"SELECT status FROM payments"_s).toString(), u"pending"_s);
    QCOMPARE(m_f.count(u"orders"_s), 0);

    Result<InterruptedSales> recovered = recover(*m_gateway);
    QVERIFY2(recovered.ok(), qPrintable(why(recovered)));
    QCOMPARE(recovered->completed.size(), 1);
    QCOMPARE(recovered->paymentsFailed, 0);
    QCOMPARE(recovered->paymentsStillPending, 0);
    QVERIFY(recovered->cartsWithPayments.isEmpty());
    const CompletedSale &sale = recovered->completed.first();
    QCOMPARE(sale.orderNumber, u"R1-000001"_s);
    // 2 x 10.00 + 10.00, 8 % tax.
    QCOMPARE(sale.total, Money(3240, u"USD"));
    QCOMPARE(sale.paid, sale.total);

    QCOMPARE(m_gateway->payments().size(), 1);   // one charge
    QCOMPARE(m_gateway->payments().first().amount, 3240);
    QCOMPARE(m_f.count(u"orders"_s), 1);
    QCOMPARE(m_f.scalar(u"SELECT status FROM payments"_s).toString(), u"completed"_s);
    QCOMPARE(m_f.scalar(u"SELECT order_id FROM payments"_s).toLongLong(), sale.orderId);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 8);
    QCOMPARE(m_f.scalar(u"SELECT next_receipt_number FROM registers WHERE id = ?"_s, {m_register}).toLongLong(), 2);
    QCOMPARE(m_f.scalar(u"SELECT sales_cents FROM shifts WHERE id = ?"_s, {m_shift}).toLongLong(), 3240);
    verifyIntegrity();

    // The next start finds nothing left to do, and the card is still charged once.
    Result<InterruptedSales> again = recover(*m_gateway);
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QVERIFY(again->completed.isEmpty());
    QCOMPARE(m_gateway->payments().size(), 1);
    QCOMPARE(m_f.count(u"orders"_s), 1);
}

void TestSaleKill::killedBeforeTheGatewayHeardOfIt()
{
    QProcess child;
    QVERIFY(startRegister(child, u"begin"_s));
    kill(child);
    QCOMPARE(m_gateway->requestsReceived(), 0);
    QCOMPARE(m_f.scalar(u"SELECT status FROM payments"_s).toString(), u"pending"_s);

    Result<InterruptedSales> recovered = recover(*m_gateway);
    QVERIFY2(recovered.ok(), qPrintable(why(recovered)));
    QVERIFY(recovered->completed.isEmpty());
    QCOMPARE(recovered->paymentsFailed, 1);
    QCOMPARE(recovered->paymentsStillPending, 0);

    QVERIFY(m_gateway->payments().isEmpty());   // no charge
    QCOMPARE(m_f.scalar(u"SELECT status FROM payments"_s).toString(), u"failed"_s);
    QCOMPARE(m_f.count(u"orders"_s), 0);
    QCOMPARE(m_f.scalar(u"SELECT status FROM carts"_s).toString(), u"open"_s);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM cart_items"_s).toLongLong(), 2);
    QCOMPARE(m_f.onHand(m_f.m_shirt, m_f.m_store), 10);
    QCOMPARE(m_f.scalar(u"SELECT next_receipt_number FROM registers WHERE id = ?"_s, {m_register}).toLongLong(), 1);
    verifyIntegrity();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], kChildFlag) == 0)
        return runRegisterChild(app.arguments());
    TestSaleKill test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_salekill.moc"
