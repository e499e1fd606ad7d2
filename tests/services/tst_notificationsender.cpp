// storekeeper-test: postgres
#include "SmtpTestServer.h"
#include "TestDatabase.h"

#include "db/Database.h"
#include "notifications/NotificationOutbox.h"
#include "notifications/NotificationSender.h"
#include "notifications/SmtpSettingsStore.h"

#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <QCoroTask>

using namespace Qt::StringLiterals;
using namespace sk;
using test::SmtpTestServer;

class TestNotificationSender : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void backoffDoublesUpToAnHour();
    void deliversOverStartTlsAndMarksSent();
    void nothingIsSentWhileSendingIsOff();
    void aRefusalRetriesWithBackoffThenFails();
    void aPermanentRefusalFailsAtOnce();
    void aRestartDoesNotSendASentMessageAgain();
    void aMessageLeftSendingIsFailedForAPerson();
    void twoSendersSendEachMessageOnce();

private:
    QVariant scalar(const QString &sql, const QVariantList &values = {});
    bool run(const QString &sql, const QVariantList &values = {});
    qint64 queue(const QString &subject, const QString &to = u"jane@example.com"_s);
    void enableSmtp();
    std::unique_ptr<NotificationSender> sender(std::shared_ptr<Database> database, NotificationSender::Options options = {});
    NotificationSender::Round runOnce(NotificationSender &sender);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<SmtpTestServer> m_server;
};

QVariant TestNotificationSender::scalar(const QString &sql, const QVariantList &values)
{
    Result<QVariant> value =
        Database::wait(m_db->read([sql, values](Connection &connection) { return connection.scalar(sql, values); }));
    return value ? value.value() : QVariant();
}

bool TestNotificationSender::run(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->write([sql, values](Connection &connection) { return connection.run(sql, values); }))
        .ok();
}

qint64 TestNotificationSender::queue(const QString &subject, const QString &to)
{
    Result<bool> queued = Database::wait(m_db->write([subject, to](Connection &connection) {
        NotificationDraft draft;
        draft.kind = NotificationKind::OrderPlaced;
        draft.recipientEmail = to;
        draft.subject = subject;
        draft.body = u"Thank you.\n.\nA line that is only a dot came before this one."_s;
        draft.eventKey = u"test:"_s + subject;
        return NotificationOutbox::enqueueInTransaction(connection, draft);
    }));
    if (!queued || !queued.value())
        return 0;
    return scalar(u"SELECT id FROM outbox WHERE subject = ?"_s, {subject}).toLongLong();
}

void TestNotificationSender::enableSmtp()
{
    SmtpSettings s;
    s.enabled = true;
    s.host = u"localhost"_s;
    s.port = m_server->port();
    s.security = SmtpSettings::Security::StartTls;
    s.fromAddress = u"shop@corner.test"_s;
    Status saved = Database::wait(m_db->write(
        [s](Connection &connection) { return SmtpSettingsStore::saveInTransaction(connection, Session::system(), s); }));
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
}

std::unique_ptr<NotificationSender> TestNotificationSender::sender(std::shared_ptr<Database> database,
                                                                  NotificationSender::Options options)
{
    auto made = std::make_unique<NotificationSender>(std::move(database), options);
    made->setExtraCaCertificates({m_server->certificate()});
    return made;
}

NotificationSender::Round TestNotificationSender::runOnce(NotificationSender &sender)
{
    Result<NotificationSender::Round> round = QCoro::waitFor(sender.runOnce());
    if (!round) {
        qWarning() << round.error().message << round.error().details;
        return {-1, -1, -1, -1};
    }
    return round.value();
}

void TestNotificationSender::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_db = m_testDb->open();
    QVERIFY(m_db);
    m_server = std::make_unique<SmtpTestServer>();
    QVERIFY(m_server->listenOnLoopback());
}

void TestNotificationSender::cleanup()
{
    m_server.reset();
    m_db.reset();
    m_testDb.reset();
}

void TestNotificationSender::backoffDoublesUpToAnHour()
{
    const NotificationSender::Options options;
    const QList<qint64> minutes{1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (int attempts = 1; attempts <= minutes.size(); ++attempts)
        QCOMPARE(NotificationSender::backoff(attempts, options).count(), minutes.at(attempts - 1) * 60'000);
}

void TestNotificationSender::deliversOverStartTlsAndMarksSent()
{
    enableSmtp();
    const qint64 first = queue(u"First"_s);
    const qint64 second = queue(u"Second"_s, u"bob@example.com"_s);
    QVERIFY(first > 0 && second > 0);
    auto s = sender(m_db);
    const NotificationSender::Round round = runOnce(*s);
    QCOMPARE(round.sent, 2);
    QCOMPARE(round.failed, 0);
    QCOMPARE(m_server->received().size(), 2);
    const SmtpTestServer::Received &got = m_server->received().first();
    QVERIFY(got.encrypted);
    QCOMPARE(got.recipients, QStringList{u"jane@example.com"_s});
    QVERIFY2(got.data.contains("Message-ID: <outbox.%1."_ba.replace("%1", QByteArray::number(first))),
             got.data.constData());
    QVERIFY(got.data.contains("\r\nThank you.\r\n.\r\nA line"));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND sent_at IS NOT NULL AND attempts = 1"_s)
                 .toInt(),
             2);
    // Nothing is due any more.
    QCOMPARE(runOnce(*s).sent, 0);
    QCOMPARE(m_server->received().size(), 2);
}

void TestNotificationSender::nothingIsSentWhileSendingIsOff()
{
    QVERIFY(queue(u"Waiting"_s) > 0);
    auto s = sender(m_db);
    QCOMPARE(runOnce(*s).sent, 0);
    QCOMPARE(m_server->connections(), 0);
    QCOMPARE(scalar(u"SELECT status FROM outbox"_s).toString(), u"pending"_s);
}

void TestNotificationSender::aRefusalRetriesWithBackoffThenFails()
{
    enableSmtp();
    const qint64 id = queue(u"Greylisted"_s);
    m_server->refuseAt(SmtpTestServer::Step::RcptTo, "451 4.7.1 greylisted, come back later");
    NotificationSender::Options options;
    options.maxAttempts = 3;
    auto s = sender(m_db, options);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const NotificationSender::Round round = runOnce(*s);
        QCOMPARE(scalar(u"SELECT attempts FROM outbox WHERE id = ?"_s, {id}).toInt(), attempt);
        const QString error = scalar(u"SELECT last_error FROM outbox WHERE id = ?"_s, {id}).toString();
        QVERIFY2(error.contains(u"recipient"_s) && error.contains(u"451 4.7.1 greylisted"_s), qPrintable(error));
        if (attempt < 3) {
            QCOMPARE(round.retrying, 1);
            QCOMPARE(scalar(u"SELECT status FROM outbox WHERE id = ?"_s, {id}).toString(), u"pending"_s);
            QDateTime next = scalar(u"SELECT next_attempt_at FROM outbox WHERE id = ?"_s, {id}).toDateTime();
            next.setTimeZone(QTimeZone::utc());
            const qint64 waited = before.msecsTo(next);
            const qint64 expected = NotificationSender::backoff(attempt, options).count();
            QVERIFY2(waited >= expected - 1'000 && waited <= expected + 5'000, qPrintable(QString::number(waited)));
            // Not due yet: the next round leaves it alone.
            QCOMPARE(runOnce(*s).retrying, 0);
            QVERIFY(run(u"UPDATE outbox SET next_attempt_at = ? WHERE id = ?"_s,
                        {QDateTime::currentDateTimeUtc().addSecs(-1), id}));
        } else {
            QCOMPARE(round.failed, 1);
            QCOMPARE(scalar(u"SELECT status FROM outbox WHERE id = ?"_s, {id}).toString(), u"failed"_s);
        }
    }
    QCOMPARE(m_server->received().size(), 0);
    QCOMPARE(m_server->connections(), 3);
}

void TestNotificationSender::aPermanentRefusalFailsAtOnce()
{
    enableSmtp();
    const qint64 id = queue(u"Unknown"_s);
    m_server->refuseAt(SmtpTestServer::Step::RcptTo, "550 5.1.1 no such mailbox");
    auto s = sender(m_db);
    QCOMPARE(runOnce(*s).failed, 1);
    QCOMPARE(scalar(u"SELECT status FROM outbox WHERE id = ?"_s, {id}).toString(), u"failed"_s);
    QVERIFY(scalar(u"SELECT last_error FROM outbox WHERE id = ?"_s, {id}).toString().contains(u"no such mailbox"_s));
}

void TestNotificationSender::aRestartDoesNotSendASentMessageAgain()
{
    enableSmtp();
    QVERIFY(queue(u"Once"_s) > 0);
    {
        auto first = sender(m_db);
        QCOMPARE(runOnce(*first).sent, 1);
    }
    // A new process: its own database connections and sender.
    m_db.reset();
    m_db = m_testDb->open();
    QVERIFY(m_db);
    auto second = sender(m_db);
    const NotificationSender::Round round = runOnce(*second);
    QCOMPARE(round.sent, 0);
    QCOMPARE(round.abandoned, 0);
    QCOMPARE(m_server->received().size(), 1);
}

void TestNotificationSender::aMessageLeftSendingIsFailedForAPerson()
{
    enableSmtp();
    const qint64 stale = queue(u"Interrupted"_s);
    const qint64 busy = queue(u"Being sent elsewhere"_s);
    // A sender stopped after claiming `stale` an hour ago; another one is
    // sending `busy` right now.
    QVERIFY(run(u"UPDATE outbox SET status = 'sending', attempts = 1, claimed_by = 'gone', claimed_at = ? WHERE id = ?"_s,
                {QDateTime::currentDateTimeUtc().addSecs(-3600), stale}));
    QVERIFY(run(u"UPDATE outbox SET status = 'sending', attempts = 1, claimed_by = 'alive', claimed_at = ? WHERE id = ?"_s,
                {QDateTime::currentDateTimeUtc(), busy}));
    auto s = sender(m_db);
    const NotificationSender::Round round = runOnce(*s);
    QCOMPARE(round.abandoned, 1);
    QCOMPARE(round.sent, 0);
    QCOMPARE(m_server->received().size(), 0);
    QCOMPARE(scalar(u"SELECT status FROM outbox WHERE id = ?"_s, {stale}).toString(), u"failed"_s);
    QVERIFY(scalar(u"SELECT last_error FROM outbox WHERE id = ?"_s, {stale}).toString().contains(u"may have been delivered"_s));
    QCOMPARE(scalar(u"SELECT status FROM outbox WHERE id = ?"_s, {busy}).toString(), u"sending"_s);
}

void TestNotificationSender::twoSendersSendEachMessageOnce()
{
    enableSmtp();
    constexpr int Messages = 24;
    for (int i = 0; i < Messages; ++i)
        QVERIFY(queue(u"Message %1"_s.arg(i)) > 0);
    std::shared_ptr<Database> other = m_testDb->open();
    QVERIFY(other);
    NotificationSender::Options options;
    options.batchSize = 4;
    auto a = sender(m_db, options);
    auto b = sender(other, options);
    int sentA = 0;
    int sentB = 0;
    for (int round = 0; round < Messages && sentA + sentB < Messages; ++round) {
        QCoro::Task<Result<NotificationSender::Round>> runningA = a->runOnce();
        QCoro::Task<Result<NotificationSender::Round>> runningB = b->runOnce();
        Result<NotificationSender::Round> roundA = QCoro::waitFor(runningA);
        Result<NotificationSender::Round> roundB = QCoro::waitFor(runningB);
        QVERIFY2(roundA.ok() && roundB.ok(), "both senders finish their rounds");
        sentA += roundA->sent;
        sentB += roundB->sent;
    }
    QCOMPARE(sentA + sentB, Messages);
    QCOMPARE(m_server->received().size(), Messages);
    QSet<QByteArray> subjects;
    for (const SmtpTestServer::Received &got : m_server->received()) {
        const qsizetype at = got.data.indexOf("Subject: ");
        subjects.insert(got.data.mid(at, got.data.indexOf('\r', at) - at));
    }
    QCOMPARE(subjects.size(), Messages);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 1"_s).toInt(), Messages);
    qInfo("sender A sent %d, sender B %d", sentA, sentB);
}

QTEST_GUILESS_MAIN(TestNotificationSender)
#include "tst_notificationsender.moc"
