#pragma once

#include "core/Result.h"

#include <QList>

namespace sk {

class Connection;

// The report summary tables (migration 0012, docs/reports.md), kept by the
// write path in the sale's own transaction; called through OrderEvents.
// Upserts touch their rows in key order, so concurrent registers never wait
// on each other in a cycle.
namespace ReportLedger {

// Adds a placed order (business_day and order_items.category_id stamped)
// to report_day, _category_day, _vendor_day, _product_day, _product_month,
// _clerk_day and the tender rows of its completed payments.
Status addSaleInTransaction(Connection &connection, qint64 orderId);
// Adds a return's refunds (business_day stamped) to the refund columns.
Status addReturnInTransaction(Connection &connection, qint64 orderId, const QList<qint64> &refundIds);
// Adds one completed refund to report_tender_day.
Status addCompletedRefundInTransaction(Connection &connection, qint64 refundId);

// Empties the summary tables and fills them again from the orders, lines,
// payments and refunds (bulk-loaded data, or a repair after `storekeeper
// check` found a difference). One statement per table.
Status rebuildInTransaction(Connection &connection);

} // namespace ReportLedger

} // namespace sk
