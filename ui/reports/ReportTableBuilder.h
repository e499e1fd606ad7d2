#pragma once

#include "reports/ReportTable.h"
#include "reports/ReportTypes.h"

#include <QCoreApplication>

namespace sk {

struct LowStockPage;

// Words the figures of ReportService and LowStock as the Reports page's
// tables and charts. Amounts go through Money::toString; the charts get the
// same amounts in major units.
class ReportTableBuilder {
    Q_DECLARE_TR_FUNCTIONS(ReportTableBuilder)

public:
    // What a sales report is looked at for: the same rows, other columns.
    enum class SalesView { Sales, Refunds, Tax, Discounts };

    static ReportTable sales(const SalesReport &report, SalesView view);
    static ReportTable inventoryValue(const InventoryValueReport &report);
    static ReportTable lowStock(const LowStockPage &page);
    // A chart shows at most this many rows (the largest); the table shows all.
    static constexpr int kMaxChartRows = 12;
    // Days drawn as bars; more become a line.
    static constexpr int kMaxDayBars = 31;
};

} // namespace sk
