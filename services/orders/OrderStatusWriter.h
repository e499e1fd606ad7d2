#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "orders/OrderStatus.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace sk {

class Connection;

// An order's status as stored, and the one way it changes: checked against
// the machine (checkTransition), claimed with a conditional UPDATE so two
// people changing the same order cannot both win, recorded in
// order_status_history and in the audit journal, all in the caller's
// transaction.
class OrderStatusWriter {
public:
    struct Current {
        OrderStatus status = OrderStatus::Pending;
        QString orderNumber;
        QString channel;
    };

    static Result<Current> currentInTransaction(Connection &connection, qint64 orderId);
    // from must be what currentInTransaction read in the same transaction.
    static Status moveInTransaction(Connection &connection, const Session &actor, qint64 orderId, OrderStatus from,
                                    OrderStatus to, const QString &note, QJsonObject auditDetails = {});
    static Status appendHistoryInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                             std::optional<OrderStatus> from, OrderStatus to, const QString &note);
};

} // namespace sk
