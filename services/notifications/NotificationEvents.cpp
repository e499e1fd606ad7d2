#include "notifications/NotificationEvents.h"

#include "db/Connection.h"
#include "notifications/NotificationOutbox.h"
#include "notifications/NotificationTemplates.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sk::NotificationEvents {

namespace {

// The order and the customer it would be written to; none for in-store
// orders and customers without an address.
struct OrderRecipient {
    qint64 userId = 0;
    QString email;
    QString firstName;
    QString orderNumber;
    QString currency;
    qint64 totalCents = 0;
};

Result<std::optional<OrderRecipient>> orderRecipient(Connection &connection, qint64 orderId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT u.id, u.email, u.first_name, o.order_number, o.currency, o.total_cents FROM orders o "
        "JOIN users u ON u.id = o.customer_id WHERE o.id = ? AND o.channel = 'online'"_s,
        {orderId});
    if (!row)
        return row.error();
    if (!row->next() || row->value(1).toString().isEmpty())
        return std::optional<OrderRecipient>();
    return std::optional<OrderRecipient>(OrderRecipient{row->value(0).toLongLong(), row->value(1).toString(),
                                                        row->value(2).toString(), row->value(3).toString(),
                                                        row->value(4).toString(), row->value(5).toLongLong()});
}

Result<QString> shopName(Connection &connection)
{
    Result<QVariant> name = connection.scalar(u"SELECT value FROM settings WHERE key = ?"_s, {u"shop.name"_s});
    if (!name)
        return name.error();
    const QString text = name->toString().trimmed();
    return text.isEmpty() ? QCoreApplication::translate("NotificationTemplates", "Storekeeper") : text;
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

Status queue(Connection &connection, const NotificationDraft &draft)
{
    Result<bool> queued = NotificationOutbox::enqueueInTransaction(connection, draft);
    return queued ? Status::success() : Status(queued.error());
}

} // namespace

Status orderPlacedInTransaction(Connection &connection, qint64 orderId)
{
    Result<std::optional<OrderRecipient>> recipient = orderRecipient(connection, orderId);
    if (!recipient || !recipient.value())
        return recipient ? Status::success() : Status(recipient.error());
    Result<QString> shop = shopName(connection);
    if (!shop)
        return shop.error();
    const OrderRecipient &r = *recipient.value();
    const NotificationTemplates::Text text = NotificationTemplates::orderPlaced(
        shop.value(), r.firstName, r.orderNumber, Money(r.totalCents, r.currency));
    return queue(connection, {NotificationKind::OrderPlaced, r.userId, r.email, text.subject, text.body,
                              json({{u"order_id"_s, orderId}, {u"order_number"_s, r.orderNumber}}),
                              u"order_placed:%1"_s.arg(orderId)});
}

Status orderStatusChangedInTransaction(Connection &connection, qint64 orderId, OrderStatus to,
                                       const QJsonObject &details)
{
    if (to == OrderStatus::Pending || to == OrderStatus::Confirmed)
        return Status::success();
    Result<std::optional<OrderRecipient>> recipient = orderRecipient(connection, orderId);
    if (!recipient || !recipient.value())
        return recipient ? Status::success() : Status(recipient.error());
    Result<QString> shop = shopName(connection);
    if (!shop)
        return shop.error();
    const OrderRecipient &r = *recipient.value();
    QJsonObject payload{{u"order_id"_s, orderId}, {u"order_number"_s, r.orderNumber}, {u"status"_s, orderStatusName(to)}};
    // The order moves through each status once, so order and status name the event.
    const QString key = u"order_status:%1:%2"_s.arg(orderId).arg(orderStatusName(to));
    if (to == OrderStatus::Shipped) {
        const QString carrier = details.value(u"carrier"_s).toString();
        const QString tracking = details.value(u"tracking_number"_s).toString();
        payload.insert(u"carrier"_s, carrier);
        payload.insert(u"tracking_number"_s, tracking);
        const NotificationTemplates::Text text =
            NotificationTemplates::orderShipped(shop.value(), r.firstName, r.orderNumber, carrier, tracking);
        return queue(connection, {NotificationKind::OrderShipped, r.userId, r.email, text.subject, text.body,
                                  json(payload), key});
    }
    const NotificationTemplates::Text text =
        NotificationTemplates::orderStatusChanged(shop.value(), r.firstName, r.orderNumber, orderStatusTitle(to));
    return queue(connection, {NotificationKind::OrderStatusChanged, r.userId, r.email, text.subject, text.body,
                              json(payload), key});
}

Status refundCompletedInTransaction(Connection &connection, qint64 refundId)
{
    Result<CachedQuery> refund = connection.prepared(
        u"SELECT order_id, amount_cents, currency FROM refunds WHERE id = ? AND status = 'completed'"_s, {refundId});
    if (!refund)
        return refund.error();
    if (!refund->next())
        return Status::success();
    const qint64 orderId = refund->value(0).toLongLong();
    const Money amount(refund->value(1).toLongLong(), refund->value(2).toString());
    refund->finish();
    Result<std::optional<OrderRecipient>> recipient = orderRecipient(connection, orderId);
    if (!recipient || !recipient.value())
        return recipient ? Status::success() : Status(recipient.error());
    Result<QString> shop = shopName(connection);
    if (!shop)
        return shop.error();
    const OrderRecipient &r = *recipient.value();
    const NotificationTemplates::Text text =
        NotificationTemplates::refund(shop.value(), r.firstName, r.orderNumber, amount);
    return queue(connection, {NotificationKind::Refund, r.userId, r.email, text.subject, text.body,
                              json({{u"order_id"_s, orderId}, {u"order_number"_s, r.orderNumber},
                                    {u"refund_id"_s, refundId}, {u"amount_cents"_s, amount.minorUnits()},
                                    {u"currency"_s, amount.currency()}}),
                              u"refund:%1"_s.arg(refundId)});
}

Status passwordResetInTransaction(Connection &connection, qint64 userId, const QString &eventId)
{
    Result<CachedQuery> user =
        connection.prepared(u"SELECT email, first_name FROM users WHERE id = ?"_s, {userId});
    if (!user)
        return user.error();
    if (!user->next())
        return Status::success();
    const QString email = user->value(0).toString();
    const QString firstName = user->value(1).toString();
    user->finish();
    Result<QString> shop = shopName(connection);
    if (!shop)
        return shop.error();
    const NotificationTemplates::Text text = NotificationTemplates::passwordReset(shop.value(), firstName, email);
    return queue(connection, {NotificationKind::PasswordReset, userId, email, text.subject, text.body,
                              json({{u"user_id"_s, userId}}), u"password_reset:%1:%2"_s.arg(userId).arg(eventId)});
}

} // namespace sk::NotificationEvents
