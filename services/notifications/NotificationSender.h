#pragma once

#include "core/Result.h"
#include "notifications/NotificationTypes.h"
#include "notifications/SmtpSettings.h"

#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <chrono>
#include <memory>

#include <QCoroTask>

namespace sk {

class Database;

// Delivers the outbox by SMTP (docs/notifications.md, "Sending"). A message
// is claimed (pending -> sending, with this sender's token and the time) in
// a transaction of its own with a conditional UPDATE, so of several senders
// on one database (the desktop and `storekeeper serve` on PostgreSQL) one
// wins; it is marked sent right after the server's 250 to its data. A failure
// puts it back to pending after a backoff (1 min, 2, 4 ... at most 1 h) or,
// after maxAttempts or a permanent refusal (5xx), marks it failed. A message
// left `sending` longer than staleClaim was held by a sender that stopped,
// maybe after the server took it: it is marked failed for a person to look
// at (Retry on the Notifications page), never sent again on its own.
class NotificationSender : public QObject {
    Q_OBJECT
public:
    struct Options {
        int batchSize = 10;
        int maxAttempts = 8;
        std::chrono::milliseconds firstBackoff{60'000};
        std::chrono::milliseconds maxBackoff{3'600'000};
        std::chrono::milliseconds staleClaim{600'000};
        std::chrono::milliseconds pollInterval{15'000};
    };
    struct Round {
        int sent = 0;
        int retrying = 0;       // back to pending for a later attempt
        int failed = 0;
        int abandoned = 0;      // found `sending` past staleClaim
    };

    NotificationSender(std::shared_ptr<Database> database, Options options, QObject *parent = nullptr);
    explicit NotificationSender(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~NotificationSender() override;

    void setExtraCaCertificates(const QList<QSslCertificate> &certificates) { m_extraCas = certificates; }
    const QString &claimToken() const { return m_token; }

    // Runs a round now and then every pollInterval; rounds never overlap.
    void start();
    void stop();

    // One round: gives up stale claims, claims up to batchSize due messages
    // and sends them one by one. Does nothing while sending is turned off.
    QCoro::Task<Result<Round>> runOnce();

    // The wait after the given number of failed attempts.
    static std::chrono::milliseconds backoff(int attempts, const Options &options);

signals:
    void roundFinished(int sent, int failed);

private:
    QCoro::Task<> poll();

    std::shared_ptr<Database> m_database;
    Options m_options;
    QString m_token;
    QList<QSslCertificate> m_extraCas;
    QTimer m_timer;
    bool m_busy = false;
};

} // namespace sk
