#pragma once

#include "reports/ReportTypes.h"

#include <QByteArray>
#include <QStringList>

namespace sk {

// A sales report as CSV, the same bytes from `storekeeper report sales
// --format csv` and the Reports page's export: a header of key, label,
// orders, units, net, discount, tax, shipping, total, refunded_units,
// refunds, refund_tax, net_after_refunds (amounts as decimals in the shop's
// currency), a record a row, then the totals row with its key and label as
// the service gives them.
class SalesReportCsv {
public:
    static QStringList header();
    static QStringList fields(const SalesReportRow &row);
    static QByteArray write(const SalesReport &report);
};

} // namespace sk
