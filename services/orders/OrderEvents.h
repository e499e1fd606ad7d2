#pragma once

#include "core/Result.h"

#include <QDate>
#include <QDateTime>
#include <QList>

namespace sk {

class Connection;

// What the rest of the shop learns when money moves on an order, inside the
// transaction that moved it: the report summaries and the recommendations
// are kept here, never recomputed (docs/reports.md). Every write path that
// completes a sale or records a return calls these, before its commit.
namespace OrderEvents {

// The shop's day for a moment: its local date (docs/reports.md).
QDate businessDay(const QDateTime &at);
QString businessDayText(const QDateTime &at);

// An order's sale counts from now (in-store at checkout, online when its
// payment is taken): stamps orders.business_day and the lines' category,
// and adds the order to the summaries and the recommendations.
Status salePlacedInTransaction(Connection &connection, qint64 orderId);

// Goods and money given back on an order (a return or a cancellation): the
// refunds of one return, the first carrying its refund_lines. Stamps their
// business day and adds them to the summaries' refund columns.
Status returnRecordedInTransaction(Connection &connection, qint64 orderId, const QList<qint64> &refundIds);

// One refund's money has gone back through its tender (cash at once, a
// card when the gateway approves it): the tender summary counts it now.
Status refundCompletedInTransaction(Connection &connection, qint64 refundId);

} // namespace OrderEvents

} // namespace sk
