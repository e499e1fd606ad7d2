#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "reports/ReportTypes.h"

#include <QFuture>
#include <memory>

namespace sk {

class Connection;
class Database;

// The figures of the Reports page and `storekeeper report`, read from the
// summary tables (ReportLedger), so every report takes the same time at ten
// thousand order lines or ten million (docs/reports.md). Admins see the
// whole shop; a vendor sees their own products only (day, week, month,
// category and product groupings; the others are refused with a sentence).
// Requires Permission::ViewAllReports, or ViewOwnVendorReports for a vendor.
class ReportService {
public:
    explicit ReportService(std::shared_ptr<Database> database);

    QFuture<Result<SalesReport>> sales(const Session &actor, ReportRange range, ReportGrouping grouping) const;
    // Products by net sales in the range, best first.
    QFuture<Result<SalesReport>> topProducts(const Session &actor, ReportRange range, int limit) const;
    QFuture<Result<InventoryValueReport>> inventoryValue(const Session &actor) const;

    static Result<SalesReport> salesInTransaction(Connection &connection, const Session &actor, ReportRange range,
                                                  ReportGrouping grouping);
    static Result<SalesReport> topProductsInTransaction(Connection &connection, const Session &actor,
                                                        ReportRange range, int limit);
    static Result<InventoryValueReport> inventoryValueInTransaction(Connection &connection, const Session &actor);

    // Longest range a report covers, so a typo in a year cannot scan decades.
    static constexpr int kMaxRangeDays = 3660;

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
