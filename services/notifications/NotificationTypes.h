#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

// What a message in the outbox is about (docs/notifications.md). The names
// are stored in outbox.kind.
enum class NotificationKind { OrderPlaced, OrderStatusChanged, OrderShipped, Refund, LowStock, PasswordReset };

// pending: waits for next_attempt_at; sending: one sender holds it; sent: the
// server took it (250 after DATA); failed: given up, waits for a person.
enum class NotificationStatus { Pending, Sending, Sent, Failed };

QString notificationKindName(NotificationKind kind);
std::optional<NotificationKind> notificationKindFromName(const QString &name);
QString notificationKindTitle(NotificationKind kind); // translated
QList<NotificationKind> allNotificationKinds();

QString notificationStatusName(NotificationStatus status);
std::optional<NotificationStatus> notificationStatusFromName(const QString &name);
QString notificationStatusTitle(NotificationStatus status); // translated
QList<NotificationStatus> allNotificationStatuses();

// A message to queue: the event's unique key makes queuing it twice a no-op.
struct NotificationDraft {
    NotificationKind kind = NotificationKind::OrderPlaced;
    qint64 recipientUserId = 0;     // 0: an address without an account
    QString recipientEmail;
    QString subject;
    QString body;                   // plain text
    QString payload = QStringLiteral("{}"); // JSON for the API and for people looking
    QString eventKey;
};

// One outbox row as the Notifications page and the sender see it.
struct OutboxMessage {
    qint64 id = 0;
    QString kindName;               // as stored (a kind this version may not know)
    std::optional<NotificationKind> kind;
    QString recipientEmail;
    QString subject;
    QString body;
    NotificationStatus status = NotificationStatus::Pending;
    int attempts = 0;
    QString lastError;
    QString eventKey;
    QDateTime createdAt;
    QDateTime nextAttemptAt;
    QDateTime sentAt;
    QDateTime claimedAt;
};

struct OutboxFilter {
    std::optional<NotificationStatus> status;
    std::optional<NotificationKind> kind;
    QString recipient;              // part of the address, case-insensitive
};

struct OutboxPage {
    QList<OutboxMessage> messages;  // newest first
    bool hasMore = false;
};

} // namespace sk
