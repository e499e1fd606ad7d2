#pragma once

#include "core/Result.h"
#include "orders/OrderStatus.h"

#include <QJsonObject>
#include <QString>

namespace sk {

class Connection;

// The events that write to a customer or a user, each queued in the
// transaction of the change it tells about (docs/notifications.md). Online
// orders only: in-store customers got their receipt at the counter. An event
// without an address to write to queues nothing and never fails the change.
namespace NotificationEvents {

// An order's sale counts (OrderEvents::salePlacedInTransaction): "thank you
// for your order".
Status orderPlacedInTransaction(Connection &connection, qint64 orderId);
// After OrderStatusWriter moved the order; details carry carrier and
// tracking_number for shipped. Pending and confirmed say nothing more than
// the order-placed message did.
Status orderStatusChangedInTransaction(Connection &connection, qint64 orderId, OrderStatus to,
                                       const QJsonObject &details);
// A refund's money went back (OrderEvents::refundCompletedInTransaction).
Status refundCompletedInTransaction(Connection &connection, qint64 refundId);
// An administrator set a new password for the user (never the password
// itself in the message); eventId tells this reset from earlier ones.
Status passwordResetInTransaction(Connection &connection, qint64 userId, const QString &eventId);

} // namespace NotificationEvents

} // namespace sk
