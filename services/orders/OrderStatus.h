#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <optional>

namespace sk {

// The original platform's order status machine, exactly:
//   pending -> confirmed | cancelled;  confirmed -> processing | cancelled;
//   processing -> shipped | cancelled; shipped -> delivered;
//   delivered -> refunded;             cancelled -> refunded;  refunded: final.
// In-store sales are paid and handed over at once: they are created
// 'delivered' (docs/orders.md), so a full return takes them to 'refunded'.
enum class OrderStatus { Pending, Confirmed, Processing, Shipped, Delivered, Cancelled, Refunded };

QString orderStatusName(OrderStatus status);            // stable identifier, e.g. "processing"
std::optional<OrderStatus> orderStatusFromName(const QString &name);
QString orderStatusTitle(OrderStatus status);           // translated
QList<OrderStatus> allowedNextStatuses(OrderStatus from);
bool canTransition(OrderStatus from, OrderStatus to);
// Ok, or a Conflict whose sentence names the allowed next states.
Status checkTransition(OrderStatus from, OrderStatus to);

} // namespace sk
