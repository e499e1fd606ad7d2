#pragma once

#include "maintenance/IntegrityCheck.h"

namespace sk {

class Connection;

// The report summaries (ReportLedger) for IntegrityCheck: every row of
// every summary table equals what the orders, lines, payments and refunds
// add up to (docs/reports.md).
class ReportIntegrity {
public:
    // "reports.summaries": names the first table and row that differ.
    static IntegrityCheck::Finding summaries(Connection &connection);
};

} // namespace sk
