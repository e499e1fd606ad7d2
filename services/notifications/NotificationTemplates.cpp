#include "notifications/NotificationTemplates.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk::NotificationTemplates {

namespace {

QString greeting(const QString &firstName)
{
    if (firstName.trimmed().isEmpty())
        return QCoreApplication::translate("NotificationTemplates", "Hello,");
    return QCoreApplication::translate("NotificationTemplates", "Hello %1,").arg(firstName.trimmed());
}

QString signature(const QString &shop)
{
    return QCoreApplication::translate("NotificationTemplates", "Kind regards,\n%1").arg(shop);
}

QString compose(const QString &shop, const QString &firstName, const QString &text)
{
    return greeting(firstName) + u"\n\n"_s + text + u"\n\n"_s + signature(shop) + u'\n';
}

} // namespace

Text orderPlaced(const QString &shop, const QString &firstName, const QString &orderNumber, const Money &total)
{
    return {QCoreApplication::translate("NotificationTemplates", "Your order %1 at %2").arg(orderNumber, shop),
            compose(shop, firstName,
                    QCoreApplication::translate("NotificationTemplates",
                                                "Thank you for your order %1 of %2. We will write again when "
                                                "it is on its way.")
                        .arg(orderNumber, total.toString()))};
}

Text orderStatusChanged(const QString &shop, const QString &firstName, const QString &orderNumber,
                        const QString &statusTitle)
{
    return {QCoreApplication::translate("NotificationTemplates", "Your order %1: %2").arg(orderNumber, statusTitle),
            compose(shop, firstName,
                    QCoreApplication::translate("NotificationTemplates", "Your order %1 is now: %2.")
                        .arg(orderNumber, statusTitle))};
}

Text orderShipped(const QString &shop, const QString &firstName, const QString &orderNumber, const QString &carrier,
                  const QString &trackingNumber)
{
    QString text = QCoreApplication::translate("NotificationTemplates", "Your order %1 is on its way.").arg(orderNumber);
    if (!carrier.isEmpty() || !trackingNumber.isEmpty())
        text += u"\n\n"_s
                + QCoreApplication::translate("NotificationTemplates", "Carrier: %1\nTracking number: %2")
                      .arg(carrier, trackingNumber);
    return {QCoreApplication::translate("NotificationTemplates", "Your order %1 has shipped").arg(orderNumber),
            compose(shop, firstName, text)};
}

Text refund(const QString &shop, const QString &firstName, const QString &orderNumber, const Money &amount)
{
    return {QCoreApplication::translate("NotificationTemplates", "Refund for your order %1").arg(orderNumber),
            compose(shop, firstName,
                    QCoreApplication::translate("NotificationTemplates",
                                                "We have refunded %1 for your order %2. Depending on your bank, "
                                                "it can take a few days to appear.")
                        .arg(amount.toString(), orderNumber))};
}

Text passwordReset(const QString &shop, const QString &firstName, const QString &email)
{
    return {QCoreApplication::translate("NotificationTemplates", "Your password at %1 was reset").arg(shop),
            compose(shop, firstName,
                    QCoreApplication::translate("NotificationTemplates",
                                                "An administrator has set a new password for your account %1. "
                                                "If you did not ask for this, contact us at once.")
                        .arg(email))};
}

} // namespace sk::NotificationTemplates
