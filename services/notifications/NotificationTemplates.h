#pragma once

#include "core/Money.h"

#include <QString>

namespace sk {

// The subjects and bodies of the messages, translated with the context
// "NotificationTemplates". Plain text; every body ends with the shop's name.
namespace NotificationTemplates {

struct Text {
    QString subject;
    QString body;
};

Text orderPlaced(const QString &shop, const QString &firstName, const QString &orderNumber, const Money &total);
Text orderStatusChanged(const QString &shop, const QString &firstName, const QString &orderNumber,
                        const QString &statusTitle);
Text orderShipped(const QString &shop, const QString &firstName, const QString &orderNumber, const QString &carrier,
                  const QString &trackingNumber);
Text refund(const QString &shop, const QString &firstName, const QString &orderNumber, const Money &amount);
Text passwordReset(const QString &shop, const QString &firstName, const QString &email);

} // namespace NotificationTemplates

} // namespace sk
