#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QList>
#include <QString>

namespace sk {

class Connection;

// The two transactions of a cancellation around the card refunds that go to
// the gateway between them (docs/orders.md, Cancelling).
class OrderCancellation {
public:
    // pending, confirmed or processing -> cancelled: the reservations
    // released, every completed payment refunded (card refunds written
    // pending with their keys, the others completed), refund_lines for what
    // was left of every line, the return recorded through OrderEvents. On an
    // order already cancelled with open card refunds, the declined ones get
    // a new key. Returns the card refunds to send.
    static Result<QList<qint64>> cancelInTransaction(Connection &connection, const Session &actor, qint64 orderId,
                                                     const QString &reason);
    // cancelled -> refunded once every refund is completed and everything
    // paid is back; true when the order is (now) refunded.
    static Result<bool> finishInTransaction(Connection &connection, const Session &actor, qint64 orderId);
};

} // namespace sk
