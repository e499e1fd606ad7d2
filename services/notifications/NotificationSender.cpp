#include "notifications/NotificationSender.h"

#include <QPointer>

#include "db/Database.h"
#include "notifications/NotificationOutbox.h"
#include "notifications/SmtpClient.h"
#include "notifications/SmtpSettingsStore.h"

#include <QCoreApplication>
#include <QUuid>

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr qsizetype MaxErrorLength = 2000;

struct Setup {
    SmtpSettings smtp;
    QString shopName;
};

QString errorText(const Error &error)
{
    QString text = error.details.isEmpty() ? error.message : error.message + u" ("_s + error.details + u')';
    return text.left(MaxErrorLength);
}

bool isPermanent(const Error &error)
{
    return error.code == ErrorCode::InvalidInput;
}

QString messageId(const OutboxMessage &message, const QString &fromAddress)
{
    const QString domain = fromAddress.section(u'@', 1).trimmed();
    return u"outbox.%1.%2@%3"_s.arg(message.id)
        .arg(message.createdAt.toMSecsSinceEpoch())
        .arg(domain.isEmpty() ? u"storekeeper.invalid"_s : domain);
}

} // namespace

NotificationSender::NotificationSender(std::shared_ptr<Database> database, Options options, QObject *parent)
    : QObject(parent), m_database(std::move(database)), m_options(options),
      m_token(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_timer.setInterval(m_options.pollInterval);
    connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
}

NotificationSender::NotificationSender(std::shared_ptr<Database> database, QObject *parent)
    : NotificationSender(std::move(database), Options{}, parent)
{
}

NotificationSender::~NotificationSender() = default;

void NotificationSender::start()
{
    m_timer.start();
    poll();
}

void NotificationSender::stop()
{
    m_timer.stop();
}

QCoro::Task<> NotificationSender::poll()
{
    if (m_busy)
        co_return;
    m_busy = true;
    // The sender may be gone when the round ends (the window closed).
    QPointer<NotificationSender> self = this;
    QCoro::Task<Result<Round>> running = runOnce();
    Result<Round> round = co_await running;
    if (!self)
        co_return;
    m_busy = false;
    if (round)
        emit roundFinished(round->sent, round->failed);
}

std::chrono::milliseconds NotificationSender::backoff(int attempts, const Options &options)
{
    std::chrono::milliseconds wait = options.firstBackoff;
    for (int i = 1; i < attempts && wait < options.maxBackoff; ++i)
        wait *= 2;
    return std::min(wait, options.maxBackoff);
}

QCoro::Task<Result<NotificationSender::Round>> NotificationSender::runOnce()
{
    // Copies: the round goes on to its end even when the sender is deleted
    // while it waits, and must not touch the sender's members then.
    const std::shared_ptr<Database> database = m_database;
    const Options options = m_options;
    const QString token = m_token;
    const QList<QSslCertificate> extraCas = m_extraCas;
    Round round;
    QFuture<Result<Setup>> loading = database->read([](Connection &connection) -> Result<Setup> {
        Result<SmtpSettings> smtp = SmtpSettingsStore::loadInTransaction(connection);
        if (!smtp)
            return smtp.error();
        Result<QVariant> shop = connection.scalar(u"SELECT value FROM settings WHERE key = ?"_s, {u"shop.name"_s});
        if (!shop)
            return shop.error();
        return Setup{smtp.value(), shop->toString().trimmed()};
    });
    Result<Setup> setup = co_await loading;
    if (!setup)
        co_return setup.error();
    if (!setup->smtp.enabled || setup->smtp.host.trimmed().isEmpty())
        co_return round;

    const QString abandonedError = QCoreApplication::translate(
        "NotificationSender", "Sending stopped while this message was with the mail server, so it may have been "
                              "delivered. Ask the recipient, or press Retry to send it again.");
    QFuture<Result<int>> abandoning = database->write([options, abandonedError](Connection &connection) -> Result<int> {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<CachedQuery> stale = connection.prepared(
            u"UPDATE outbox SET status = 'failed', last_error = ?, claimed_by = '' "
            "WHERE status = 'sending' AND claimed_at < ?"_s,
            {abandonedError, now.addMSecs(-options.staleClaim.count())});
        if (!stale)
            return stale.error();
        return stale->numRowsAffected();
    });
    Result<int> abandoned = co_await abandoning;
    if (!abandoned)
        co_return abandoned.error();
    round.abandoned = abandoned.value();

    QFuture<Result<QList<OutboxMessage>>> claiming =
        database->write([options, token](Connection &connection) -> Result<QList<OutboxMessage>> {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            QList<qint64> due;
            {
                Result<CachedQuery> candidates = connection.prepared(
                    u"SELECT id FROM outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR "
                    "next_attempt_at <= ?) ORDER BY id LIMIT ?"_s,
                    {now, options.batchSize});
                if (!candidates)
                    return candidates.error();
                while (candidates->next())
                    due.append(candidates->value(0).toLongLong());
            }
            QList<OutboxMessage> claimed;
            for (qint64 id : std::as_const(due)) {
                // Conditional on 'pending': another sender that claimed the
                // row first makes this UPDATE change nothing.
                Result<CachedQuery> claim = connection.prepared(
                    u"UPDATE outbox SET status = 'sending', claimed_at = ?, claimed_by = ?, attempts = attempts + 1 "
                    "WHERE id = ? AND status = 'pending'"_s,
                    {now, token, id});
                if (!claim)
                    return claim.error();
                if (claim->numRowsAffected() != 1)
                    continue;
                claim->finish();
                Result<OutboxMessage> message = NotificationOutbox::messageInTransaction(connection, id);
                if (!message)
                    return message.error();
                claimed.append(message.value());
            }
            return claimed;
        });
    Result<QList<OutboxMessage>> claimed = co_await claiming;
    if (!claimed)
        co_return claimed.error();

    SmtpClient client(setup->smtp);
    client.setExtraCaCertificates(extraCas);
    const QString fromName = setup->smtp.fromName.trimmed().isEmpty() ? setup->shopName : setup->smtp.fromName;
    for (const OutboxMessage &message : std::as_const(claimed.value())) {
        SmtpMessage mail{setup->smtp.fromAddress.trimmed(), fromName, message.recipientEmail, message.subject,
                         message.body, messageId(message, setup->smtp.fromAddress), message.createdAt};
        QCoro::Task<Status> sending = client.send(mail);
        Status sent = co_await sending;
        const qint64 id = message.id;
        const bool giveUp = !sent && (isPermanent(sent.error()) || message.attempts >= options.maxAttempts);
        const QString lastError = sent ? QString() : errorText(sent.error());
        const QDateTime nextAttempt =
            QDateTime::currentDateTimeUtc().addMSecs(backoff(message.attempts, options).count());
        QFuture<Status> marking = database->write([id, token, sent, giveUp, lastError, nextAttempt](
                                                        Connection &connection) -> Status {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (sent)
                return connection.run(u"UPDATE outbox SET status = 'sent', sent_at = ?, last_error = '', "
                                      "claimed_by = '' WHERE id = ? AND status = 'sending' AND claimed_by = ?"_s,
                                      {now, id, token});
            if (giveUp)
                return connection.run(u"UPDATE outbox SET status = 'failed', last_error = ?, claimed_by = '' "
                                      "WHERE id = ? AND status = 'sending' AND claimed_by = ?"_s,
                                      {lastError, id, token});
            return connection.run(u"UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ?, "
                                  "claimed_at = NULL, claimed_by = '' WHERE id = ? AND status = 'sending' "
                                  "AND claimed_by = ?"_s,
                                  {lastError, nextAttempt, id, token});
        });
        Status marked = co_await marking;
        if (!marked)
            co_return marked.error();
        if (sent)
            ++round.sent;
        else if (giveUp)
            ++round.failed;
        else
            ++round.retrying;
    }
    co_return round;
}

} // namespace sk
