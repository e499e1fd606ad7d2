#include "SmtpTestServer.h"

#include "notifications/SmtpClient.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <QCoroTask>

using namespace Qt::StringLiterals;
using namespace sk;
using test::SmtpTestServer;

class TestSmtpClient : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void dotStuffing_data();
    void dotStuffing();
    void headersAreEncodedWhenNotAscii();
    void composesAUtf8PlainTextMessage();
    void deliversOverStartTls();
    void deliversOverImplicitTls();
    void signsInWithPlain();
    void wrongPasswordIsRefused();
    void refusalsNameTheStepAndKeepTheReply_data();
    void refusalsNameTheStepAndKeepTheReply();
    void aDroppedConnectionIsReported();
    void anUntrustedCertificateIsRefused();
    void noStartTlsOffered();
    void unreachableServer();

private:
    SmtpSettings settings(SmtpSettings::Security security) const;
    Status send(SmtpClient &client, const QString &body = u"Hello.\n.hidden line\nBye."_s);

    std::unique_ptr<SmtpTestServer> m_server;
};

void TestSmtpClient::init()
{
    m_server = std::make_unique<SmtpTestServer>();
    QVERIFY(m_server->listenOnLoopback());
}

void TestSmtpClient::cleanup()
{
    m_server.reset();
}

SmtpSettings TestSmtpClient::settings(SmtpSettings::Security security) const
{
    SmtpSettings s;
    s.enabled = true;
    s.host = u"localhost"_s;
    s.port = m_server->port();
    s.security = security;
    s.fromAddress = u"shop@corner.test"_s;
    s.fromName = u"Corner Shop"_s;
    s.timeout = std::chrono::milliseconds(5'000);
    return s;
}

Status TestSmtpClient::send(SmtpClient &client, const QString &body)
{
    SmtpMessage message{u"shop@corner.test"_s, u"Corner Shop"_s, u"jane@example.com"_s, u"Your order W-1"_s, body,
                        u"outbox.1.1700000000000@corner.test"_s, QDateTime::currentDateTimeUtc()};
    return QCoro::waitFor(client.send(message));
}

void TestSmtpClient::dotStuffing_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("plain") << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nb\r\n");
    QTest::newRow("leading dot") << QByteArray(".a\r\n") << QByteArray("..a\r\n");
    QTest::newRow("lone dot") << QByteArray("a\r\n.\r\nb\r\n") << QByteArray("a\r\n..\r\nb\r\n");
    QTest::newRow("dot inside") << QByteArray("a.b\r\n") << QByteArray("a.b\r\n");
}

void TestSmtpClient::dotStuffing()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QCOMPARE(SmtpClient::dotStuffed(in), out);
}

void TestSmtpClient::headersAreEncodedWhenNotAscii()
{
    QCOMPARE(SmtpClient::headerText(u"Your order W-1"_s), QByteArray("Your order W-1"));
    const QByteArray encoded = SmtpClient::headerText(u"Ihre Bestellung W-1 wurde verschickt – Grüße aus dem Laden"_s);
    QVERIFY2(encoded.startsWith("=?UTF-8?B?"), encoded.constData());
    QString decoded;
    for (const QByteArray &word : encoded.split('\n')) {
        const QByteArray trimmed = word.trimmed();
        QVERIFY(trimmed.startsWith("=?UTF-8?B?") && trimmed.endsWith("?="));
        QVERIFY(trimmed.size() <= 75);
        decoded += QString::fromUtf8(QByteArray::fromBase64(trimmed.mid(10, trimmed.size() - 12)));
    }
    QCOMPARE(decoded, u"Ihre Bestellung W-1 wurde verschickt – Grüße aus dem Laden"_s);
}

void TestSmtpClient::composesAUtf8PlainTextMessage()
{
    SmtpMessage message{u"shop@corner.test"_s, u"Café Corner"_s, u"jane@example.com"_s, u"Grüße"_s, u"Hallo\nZeile"_s,
                        u"outbox.7.1@corner.test"_s,
                        QDateTime(QDate(2026, 11, 26), QTime(9, 5, 3), QTimeZone::utc())};
    const QByteArray text = SmtpClient::compose(message, true);
    QVERIFY2(text.contains("Date: Thu, 26 Nov 2026 09:05:03 +0000\r\n"), text.constData());
    QVERIFY(text.contains("From: =?UTF-8?B?"));
    QVERIFY(text.contains("<shop@corner.test>\r\n"));
    QVERIFY(text.contains("To: <jane@example.com>\r\n"));
    QVERIFY(text.contains("Subject: =?UTF-8?B?" + u"Grüße"_s.toUtf8().toBase64() + "?=\r\n"));
    QVERIFY(text.contains("Message-ID: <outbox.7.1@corner.test>\r\n"));
    QVERIFY(text.contains("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    QVERIFY(text.contains("Content-Transfer-Encoding: 8bit\r\n\r\nHallo\r\nZeile\r\n"));
    const QByteArray seven = SmtpClient::compose(message, false);
    QVERIFY(seven.contains("Content-Transfer-Encoding: base64\r\n\r\n" + QByteArray("Hallo\nZeile").toBase64()));
}

void TestSmtpClient::deliversOverStartTls()
{
    m_server->setTls(SmtpTestServer::Tls::StartTls);
    SmtpClient client(settings(SmtpSettings::Security::StartTls));
    client.setExtraCaCertificates({m_server->certificate()});
    const Status sent = send(client);
    QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : sent.error().message + u" | "_s + sent.error().details));
    QCOMPARE(m_server->received().size(), 1);
    const SmtpTestServer::Received &got = m_server->received().first();
    QVERIFY(got.encrypted);
    QCOMPARE(got.from, u"shop@corner.test"_s);
    QCOMPARE(got.recipients, QStringList{u"jane@example.com"_s});
    QVERIFY2(got.data.contains("\r\n\r\nHello.\r\n.hidden line\r\nBye.\r\n"), got.data.constData());
    QVERIFY(got.data.contains("Subject: Your order W-1\r\n"));
    QVERIFY(got.data.contains("From: \"Corner Shop\" <shop@corner.test>\r\n"));
    QVERIFY(got.data.contains("Message-ID: <outbox.1.1700000000000@corner.test>\r\n"));
}

void TestSmtpClient::deliversOverImplicitTls()
{
    m_server->setTls(SmtpTestServer::Tls::Implicit);
    SmtpClient client(settings(SmtpSettings::Security::Tls));
    client.setExtraCaCertificates({m_server->certificate()});
    const Status sent = send(client);
    QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : sent.error().message + u" | "_s + sent.error().details));
    QCOMPARE(m_server->received().size(), 1);
    QVERIFY(m_server->received().first().encrypted);
}

void TestSmtpClient::signsInWithPlain()
{
    m_server->setCredentials(u"shop"_s, u"s3cret pass"_s);
    SmtpSettings s = settings(SmtpSettings::Security::StartTls);
    s.user = u"shop"_s;
    s.password = u"s3cret pass"_s;
    SmtpClient client(s);
    client.setExtraCaCertificates({m_server->certificate()});
    const Status sent = send(client);
    QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : sent.error().message + u" | "_s + sent.error().details));
    QCOMPARE(m_server->received().size(), 1);
    QCOMPARE(m_server->received().first().user, u"shop"_s);
}

void TestSmtpClient::wrongPasswordIsRefused()
{
    m_server->setCredentials(u"shop"_s, u"right"_s);
    SmtpSettings s = settings(SmtpSettings::Security::StartTls);
    s.user = u"shop"_s;
    s.password = u"wrong"_s;
    SmtpClient client(s);
    client.setExtraCaCertificates({m_server->certificate()});
    const Status sent = send(client);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().code, ErrorCode::PermissionDenied);
    QVERIFY(sent.error().message.contains(u"user name or password"_s));
    QVERIFY(sent.error().details.contains(u"535"_s));
    QCOMPARE(m_server->received().size(), 0);
}

void TestSmtpClient::refusalsNameTheStepAndKeepTheReply_data()
{
    QTest::addColumn<SmtpTestServer::Step>("step");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("greeting") << SmtpTestServer::Step::Greeting << QByteArray("421 4.3.2 busy") << ErrorCode::Unavailable << u"not taking mail"_s;
    QTest::newRow("sender") << SmtpTestServer::Step::MailFrom << QByteArray("550 5.7.1 not allowed") << ErrorCode::InvalidInput << u"sender address"_s;
    QTest::newRow("recipient later") << SmtpTestServer::Step::RcptTo << QByteArray("451 4.7.1 greylisted") << ErrorCode::Unavailable << u"recipient"_s;
    QTest::newRow("recipient unknown") << SmtpTestServer::Step::RcptTo << QByteArray("550 5.1.1 no such user") << ErrorCode::InvalidInput << u"recipient"_s;
    QTest::newRow("data") << SmtpTestServer::Step::Data << QByteArray("554 5.3.0 no") << ErrorCode::InvalidInput << u"refused the message"_s;
    QTest::newRow("end of data") << SmtpTestServer::Step::EndOfData << QByteArray("452 4.3.1 full") << ErrorCode::Unavailable << u"refused the message"_s;
}

void TestSmtpClient::refusalsNameTheStepAndKeepTheReply()
{
    QFETCH(SmtpTestServer::Step, step);
    QFETCH(QByteArray, reply);
    QFETCH(ErrorCode, code);
    QFETCH(QString, sentence);
    m_server->refuseAt(step, reply);
    SmtpClient client(settings(SmtpSettings::Security::StartTls));
    client.setExtraCaCertificates({m_server->certificate()});
    const Status sent = send(client);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().code, code);
    QVERIFY2(sent.error().message.contains(sentence), qPrintable(sent.error().message));
    QVERIFY2(sent.error().details.contains(QString::fromLatin1(reply.mid(4))), qPrintable(sent.error().details));
    QCOMPARE(m_server->received().size(), 0);
}

void TestSmtpClient::aDroppedConnectionIsReported()
{
    m_server->dropAt(SmtpTestServer::Step::RcptTo);
    SmtpClient client(settings(SmtpSettings::Security::StartTls));
    client.setExtraCaCertificates({m_server->certificate()});
    QElapsedTimer took;
    took.start();
    const Status sent = send(client);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().code, ErrorCode::Unavailable);
    QVERIFY2(sent.error().message.contains(u"closed the connection"_s), qPrintable(sent.error().message));
    QVERIFY2(took.elapsed() < 4'000, "a dropped connection must not wait for the timeout");
}

void TestSmtpClient::anUntrustedCertificateIsRefused()
{
    SmtpClient client(settings(SmtpSettings::Security::StartTls));
    const Status sent = send(client);
    QVERIFY(!sent.ok());
    QVERIFY2(sent.error().message.contains(u"secure connection"_s), qPrintable(sent.error().message));
    QVERIFY(!sent.error().details.isEmpty());
    QCOMPARE(m_server->received().size(), 0);
}

void TestSmtpClient::noStartTlsOffered()
{
    m_server->setTls(SmtpTestServer::Tls::None);
    SmtpClient client(settings(SmtpSettings::Security::StartTls));
    const Status sent = send(client);
    QVERIFY(!sent.ok());
    QVERIFY2(sent.error().message.contains(u"STARTTLS"_s), qPrintable(sent.error().message));
    SmtpClient plain(settings(SmtpSettings::Security::None));
    QVERIFY(send(plain).ok());
    QCOMPARE(m_server->received().size(), 1);
    QVERIFY(!m_server->received().first().encrypted);
}

void TestSmtpClient::unreachableServer()
{
    SmtpSettings s = settings(SmtpSettings::Security::None);
    const quint16 port = m_server->port();
    m_server.reset();
    s.port = port;
    s.host = u"127.0.0.1"_s;
    SmtpClient client(s);
    const Status sent = send(client);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().code, ErrorCode::Unavailable);
    QVERIFY2(sent.error().message.contains(u"cannot be reached"_s), qPrintable(sent.error().message));
    m_server = std::make_unique<SmtpTestServer>();
}

QTEST_GUILESS_MAIN(TestSmtpClient)
#include "tst_smtpclient.moc"
