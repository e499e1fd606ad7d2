#include "notifications/NotificationTypes.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

QString notificationKindName(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::OrderPlaced: return u"order_placed"_s;
    case NotificationKind::OrderStatusChanged: return u"order_status_changed"_s;
    case NotificationKind::OrderShipped: return u"order_shipped"_s;
    case NotificationKind::Refund: return u"refund"_s;
    case NotificationKind::LowStock: return u"low_stock"_s;
    case NotificationKind::PasswordReset: return u"password_reset"_s;
    }
    return {};
}

std::optional<NotificationKind> notificationKindFromName(const QString &name)
{
    for (NotificationKind kind : allNotificationKinds())
        if (notificationKindName(kind) == name)
            return kind;
    return std::nullopt;
}

QString notificationKindTitle(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::OrderPlaced: return QCoreApplication::translate("Notifications", "Order placed");
    case NotificationKind::OrderStatusChanged: return QCoreApplication::translate("Notifications", "Order status");
    case NotificationKind::OrderShipped: return QCoreApplication::translate("Notifications", "Order shipped");
    case NotificationKind::Refund: return QCoreApplication::translate("Notifications", "Refund");
    case NotificationKind::LowStock: return QCoreApplication::translate("Notifications", "Low stock");
    case NotificationKind::PasswordReset: return QCoreApplication::translate("Notifications", "Password reset");
    }
    return {};
}

QList<NotificationKind> allNotificationKinds()
{
    return {NotificationKind::OrderPlaced, NotificationKind::OrderStatusChanged, NotificationKind::OrderShipped,
            NotificationKind::Refund, NotificationKind::LowStock, NotificationKind::PasswordReset};
}

QString notificationStatusName(NotificationStatus status)
{
    switch (status) {
    case NotificationStatus::Pending: return u"pending"_s;
    case NotificationStatus::Sending: return u"sending"_s;
    case NotificationStatus::Sent: return u"sent"_s;
    case NotificationStatus::Failed: return u"failed"_s;
    }
    return {};
}

std::optional<NotificationStatus> notificationStatusFromName(const QString &name)
{
    for (NotificationStatus status : allNotificationStatuses())
        if (notificationStatusName(status) == name)
            return status;
    return std::nullopt;
}

QString notificationStatusTitle(NotificationStatus status)
{
    switch (status) {
    case NotificationStatus::Pending: return QCoreApplication::translate("Notifications", "Waiting");
    case NotificationStatus::Sending: return QCoreApplication::translate("Notifications", "Sending");
    case NotificationStatus::Sent: return QCoreApplication::translate("Notifications", "Sent");
    case NotificationStatus::Failed: return QCoreApplication::translate("Notifications", "Failed");
    }
    return {};
}

QList<NotificationStatus> allNotificationStatuses()
{
    return {NotificationStatus::Pending, NotificationStatus::Sending, NotificationStatus::Sent,
            NotificationStatus::Failed};
}

} // namespace sk
