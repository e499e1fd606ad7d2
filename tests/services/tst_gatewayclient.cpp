#include "GatewaySimulator.h"
#include "payments/GatewayClient.h"

#include <QCoreApplication>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <QCoroTask>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace sk;

namespace {

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

template<typename T>
T await(QCoro::Task<T> task)
{
    return QCoro::waitFor(task);
}

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

// A server that answers every request with the same bytes: for answers the
// simulator would never give.
class FixedAnswerServer : public QObject {
public:
    explicit FixedAnswerServer(QByteArray answer) : m_answer(std::move(answer))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received.append(socket->readAll());
                    if (m_received.contains("\r\n\r\n")) {
                        m_received.clear();
                        ++m_requests;
                        socket->write(m_answer);
                        socket->disconnectFromHost();
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    int requests() const { return m_requests; }

private:
    QTcpServer m_server;
    QByteArray m_answer;
    QByteArray m_received;
    int m_requests = 0;
};

QByteArray httpAnswer(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
           + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

class TestGatewayClient : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void approves();
    void declinesWithTheIssuersReason();
    void slowAnswerIsRetriedWithTheSameKey();
    void answerThatNeverComesIsTimedOut();
    void droppedConnectionIsRetriedWithTheSameKey();
    void answerSentTwiceChargesOnce();
    void unavailableGatewayIsRetried();
    void pendingIsPolledUntilApproved();
    void pendingBeyondTheLimitStaysPending();
    void unreachableGatewaySaysWhatToDo();
    void noGatewayConfigured();
    void wrongApiKeyIsRefusedWithoutRetrying();
    void keyReusedForAnotherAmountIsAConflict();
    void malformedAnswersAreErrorsNeverCrashes_data();
    void malformedAnswersAreErrorsNeverCrashes();
    void looksUpByKey();
    void refundIsIdempotent();
    void refundBeyondThePaymentIsDeclined();
    void looksUpRefundByKey();
    void simulatorKeepsItsStateAcrossARestart();

private:
    GatewaySettings settings() const;

    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<GatewayClient> m_client;
};

GatewaySettings TestGatewayClient::settings() const
{
    GatewaySettings s;
    s.baseUrl = m_simulator->url();
    s.apiKey = u"test-key"_s;
    s.terminalId = u"T1"_s;
    s.requestTimeout = 400ms;
    s.maxAttempts = 4;
    s.firstBackoff = 20ms;
    s.pendingPollInterval = 20ms;
    s.pendingPollLimit = 2s;
    return s;
}

void TestGatewayClient::init()
{
    m_simulator = std::make_unique<GatewaySimulator>();
    QVERIFY2(m_simulator->listen(), qPrintable(m_simulator->errorString()));
    m_simulator->setApiKey(u"test-key"_s);
    m_client = std::make_unique<GatewayClient>(settings());
}

void TestGatewayClient::cleanup()
{
    m_client.reset();
    m_simulator.reset();
}

void TestGatewayClient::approves()
{
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-approve"_s, usd(1728), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Approved);
    QVERIFY(payment->reference.startsWith(u"pay_"_s));
    QCOMPARE(payment->amount, usd(1728));
    QVERIFY(!payment->cardBrand.isEmpty());
    QCOMPARE(payment->cardLast4.size(), 4);
    QCOMPARE(m_simulator->payments().size(), 1);
    const GatewaySimulator::SimulatedPayment charged = m_simulator->payments().constFirst();
    QCOMPARE(charged.idempotencyKey, u"key-approve"_s);
    QCOMPARE(charged.terminal, u"T1"_s);
    QCOMPARE(charged.reference, u"cart-1"_s);
    QCOMPARE(charged.amount, 1728);
}

void TestGatewayClient::declinesWithTheIssuersReason()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Decline);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-decline"_s, usd(500), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Declined);
    QCOMPARE(payment->declineReason, u"Insufficient funds"_s);
    QCOMPARE(m_simulator->requestsReceived(), 1);
}

void TestGatewayClient::slowAnswerIsRetriedWithTheSameKey()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Slow, 1, 1500ms);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-slow"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Approved);
    QCOMPARE(m_simulator->requestsReceived(), 2);
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::answerThatNeverComesIsTimedOut()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Slow, 100, 3000ms);
    GatewaySettings s = settings();
    s.maxAttempts = 3;
    m_client->setSettings(s);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-never"_s, usd(1000), u"cart-1"_s));
    QVERIFY(!payment.ok());
    QCOMPARE(payment.error().code, ErrorCode::Unavailable);
    QCOMPARE(payment.error().message,
             QCoreApplication::translate("GatewayClient", "The payment service did not answer in time. Press Retry to ask again: the card will not be charged twice."));
    QCOMPARE(m_simulator->requestsReceived(), 3);
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::droppedConnectionIsRetriedWithTheSameKey()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-drop"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Approved);
    QVERIFY(m_simulator->requestsReceived() >= 2);
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::answerSentTwiceChargesOnce()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Twice);
    const Result<GatewayPayment> first = await(m_client->createPayment(u"key-twice"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    QCOMPARE(first->outcome, GatewayOutcome::Approved);
    QCOMPARE(m_simulator->payments().size(), 1);
    // The stray second answer must not be taken for the next request's.
    const Result<GatewayPayment> second = await(m_client->createPayment(u"key-after-twice"_s, usd(2000), u"cart-2"_s));
    QVERIFY2(second.ok(), qPrintable(why(second)));
    QCOMPARE(second->amount, usd(2000));
    QVERIFY(second->reference != first->reference);
    QCOMPARE(m_simulator->payments().size(), 2);
}

void TestGatewayClient::unavailableGatewayIsRetried()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 2);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-503"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Approved);
    QCOMPARE(m_simulator->requestsReceived(), 3);
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::pendingIsPolledUntilApproved()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Pending, 1, {}, 3);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-pending"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Approved);
    QCOMPARE(m_simulator->requestsReceived(), 4); // the POST and three polls
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::pendingBeyondTheLimitStaysPending()
{
    m_simulator->setBehaviour(GatewaySimulator::Mode::Pending, 1, {}, 1000);
    GatewaySettings s = settings();
    s.pendingPollLimit = 200ms;
    m_client->setSettings(s);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-long"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    QCOMPARE(payment->outcome, GatewayOutcome::Pending);
    QVERIFY(!payment->reference.isEmpty());
}

void TestGatewayClient::unreachableGatewaySaysWhatToDo()
{
    const QUrl url = m_simulator->url();
    m_simulator->close();
    GatewaySettings s = settings();
    s.baseUrl = url;
    m_client->setSettings(s);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-unreachable"_s, usd(1000), u"cart-1"_s));
    QVERIFY(!payment.ok());
    QCOMPARE(payment.error().code, ErrorCode::Unavailable);
    QCOMPARE(payment.error().message,
             QCoreApplication::translate("GatewayClient", "The payment service cannot be reached. Check the network, or take cash."));
    const Result<GatewayPayment> lookup = await(m_client->lookupPayment(u"key-unreachable"_s));
    QVERIFY(!lookup.ok());
    QCOMPARE(lookup.error().code, ErrorCode::Unavailable);
}

void TestGatewayClient::noGatewayConfigured()
{
    GatewaySettings s = settings();
    s.baseUrl = QUrl();
    m_client->setSettings(s);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-none"_s, usd(1000), u"cart-1"_s));
    QVERIFY(!payment.ok());
    QCOMPARE(payment.error().code, ErrorCode::Unavailable);
    QVERIFY(payment.error().message.contains(u"Settings"_s));
}

void TestGatewayClient::wrongApiKeyIsRefusedWithoutRetrying()
{
    m_simulator->setApiKey(u"another-key"_s);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-401"_s, usd(1000), u"cart-1"_s));
    QVERIFY(!payment.ok());
    QCOMPARE(payment.error().code, ErrorCode::PermissionDenied);
    QVERIFY(payment.error().message.contains(u"API key"_s));
    QCOMPARE(m_simulator->requestsReceived(), 1);
    QVERIFY(m_simulator->payments().isEmpty());
}

void TestGatewayClient::keyReusedForAnotherAmountIsAConflict()
{
    const Result<GatewayPayment> first = await(m_client->createPayment(u"key-reused"_s, usd(1000), u"cart-1"_s));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    const Result<GatewayPayment> second = await(m_client->createPayment(u"key-reused"_s, usd(1001), u"cart-1"_s));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, ErrorCode::Conflict);
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::malformedAnswersAreErrorsNeverCrashes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("lookupTrusts");  // a lookup knows no amount to compare with
    QTest::newRow("not json") << QByteArray("<html>proxy error</html>") << false;
    QTest::newRow("an array") << QByteArray("[1, 2]") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("no id") << QByteArray(R"({"status": "approved", "amount": 1000, "currency": "USD"})") << false;
    QTest::newRow("unknown status") << QByteArray(R"({"id": "p1", "status": "maybe", "amount": 1000, "currency": "USD"})") << false;
    QTest::newRow("amount as text") << QByteArray(R"({"id": "p1", "status": "approved", "amount": "1000", "currency": "USD"})") << false;
    QTest::newRow("fractional amount") << QByteArray(R"({"id": "p1", "status": "approved", "amount": 10.5, "currency": "USD"})") << false;
    QTest::newRow("another amount") << QByteArray(R"({"id": "p1", "status": "approved", "amount": 999, "currency": "USD"})") << true;
    QTest::newRow("another currency") << QByteArray(R"({"id": "p1", "status": "approved", "amount": 1000, "currency": "EUR"})") << true;
    QTest::newRow("another key") << QByteArray(R"({"id": "p1", "idempotency_key": "other", "status": "approved", "amount": 1000, "currency": "USD"})") << false;
    QTest::newRow("card number") << QByteArray(R"({"id": "p1", "status": "approved", "amount": 1000, "currency": "USD", "card": {"brand": "visa", "last4": "4242424242424242"}})") << false;
    QTest::newRow("card not an object") << QByteArray(R"({"id": "p1", "status": "approved", "amount": 1000, "currency": "USD", "card": 7})") << false;
}

void TestGatewayClient::malformedAnswersAreErrorsNeverCrashes()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, lookupTrusts);
    FixedAnswerServer server(httpAnswer(body));
    GatewaySettings s = settings();
    s.baseUrl = server.url();
    s.maxAttempts = 2;
    m_client->setSettings(s);
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-malformed"_s, usd(1000), u"cart-1"_s));
    QVERIFY(!payment.ok());
    QCOMPARE(payment.error().code, ErrorCode::Unavailable);
    QCOMPARE(payment.error().message,
             QCoreApplication::translate("GatewayClient", "The payment service sent an answer Storekeeper does not understand. Press Retry; if it happens again, take another way to pay."));
    QCOMPARE(server.requests(), 2);
    const Result<GatewayPayment> lookup = await(m_client->lookupPayment(u"key-malformed"_s));
    QCOMPARE(lookup.ok(), lookupTrusts);
}

void TestGatewayClient::looksUpByKey()
{
    const Result<GatewayPayment> created = await(m_client->createPayment(u"key-lookup"_s, usd(4321), u"cart-1"_s));
    QVERIFY2(created.ok(), qPrintable(why(created)));
    const Result<GatewayPayment> found = await(m_client->lookupPayment(u"key-lookup"_s));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(found->outcome, GatewayOutcome::Approved);
    QCOMPARE(found->reference, created->reference);
    QCOMPARE(found->amount, usd(4321));
    QCOMPARE(found->cardLast4, created->cardLast4);

    const Result<GatewayPayment> unknown = await(m_client->lookupPayment(u"key never sent & odd=chars"_s));
    QVERIFY2(unknown.ok(), qPrintable(why(unknown)));
    QCOMPARE(unknown->outcome, GatewayOutcome::NotFound);
    QCOMPARE(m_simulator->payments().size(), 1);
}

void TestGatewayClient::refundIsIdempotent()
{
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-paid"_s, usd(2500), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    m_simulator->setBehaviour(GatewaySimulator::Mode::Drop);
    const Result<GatewayPayment> refund = await(m_client->refund(payment->reference, u"refund-1"_s, usd(1000)));
    QVERIFY2(refund.ok(), qPrintable(why(refund)));
    QCOMPARE(refund->outcome, GatewayOutcome::Approved);
    QVERIFY(refund->reference.startsWith(u"re_"_s));
    const Result<GatewayPayment> again = await(m_client->refund(payment->reference, u"refund-1"_s, usd(1000)));
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again->reference, refund->reference);
    QCOMPARE(m_simulator->refunds().size(), 1);
    QCOMPARE(m_simulator->payments().constFirst().refunded, 1000);
}

void TestGatewayClient::refundBeyondThePaymentIsDeclined()
{
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-small"_s, usd(500), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    const Result<GatewayPayment> refund = await(m_client->refund(payment->reference, u"refund-big"_s, usd(501)));
    QVERIFY2(refund.ok(), qPrintable(why(refund)));
    QCOMPARE(refund->outcome, GatewayOutcome::Declined);
    QVERIFY(!refund->declineReason.isEmpty());
    QCOMPARE(m_simulator->payments().constFirst().refunded, 0);
}

void TestGatewayClient::looksUpRefundByKey()
{
    const Result<GatewayPayment> payment = await(m_client->createPayment(u"key-r"_s, usd(900), u"cart-1"_s));
    QVERIFY2(payment.ok(), qPrintable(why(payment)));
    m_simulator->setBehaviour(GatewaySimulator::Mode::Pending, 1, {}, 2);
    const Result<GatewayPayment> refund = await(m_client->refund(payment->reference, u"refund-pending"_s, usd(900)));
    QVERIFY2(refund.ok(), qPrintable(why(refund)));
    QCOMPARE(refund->outcome, GatewayOutcome::Approved);
    const Result<GatewayPayment> found = await(m_client->lookupRefund(u"refund-pending"_s));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(found->outcome, GatewayOutcome::Approved);
    QCOMPARE(found->reference, refund->reference);
    const Result<GatewayPayment> unknown = await(m_client->lookupRefund(u"refund-never"_s));
    QVERIFY2(unknown.ok(), qPrintable(why(unknown)));
    QCOMPARE(unknown->outcome, GatewayOutcome::NotFound);
}

void TestGatewayClient::simulatorKeepsItsStateAcrossARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString stateFile = dir.filePath(u"gateway.json"_s);
    QVERIFY(m_simulator->setStateFile(stateFile));
    const Result<GatewayPayment> created = await(m_client->createPayment(u"key-state"_s, usd(777), u"cart-1"_s));
    QVERIFY2(created.ok(), qPrintable(why(created)));

    m_simulator = std::make_unique<GatewaySimulator>();
    QString problem;
    QVERIFY2(m_simulator->setStateFile(stateFile, &problem), qPrintable(problem));
    QVERIFY(m_simulator->listen());
    GatewaySettings s = settings();
    s.baseUrl = m_simulator->url();
    m_client->setSettings(s);
    const Result<GatewayPayment> found = await(m_client->lookupPayment(u"key-state"_s));
    QVERIFY2(found.ok(), qPrintable(why(found)));
    QCOMPARE(found->outcome, GatewayOutcome::Approved);
    QCOMPARE(found->reference, created->reference);
    const Result<GatewayPayment> next = await(m_client->createPayment(u"key-after-restart"_s, usd(100), u"cart-2"_s));
    QVERIFY2(next.ok(), qPrintable(why(next)));
    QVERIFY(next->reference != created->reference);
}

QTEST_GUILESS_MAIN(TestGatewayClient)
#include "tst_gatewayclient.moc"
