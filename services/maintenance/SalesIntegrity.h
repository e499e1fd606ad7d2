#pragma once

#include "maintenance/IntegrityCheck.h"

namespace sk {

class Connection;

// The register's invariants, for IntegrityCheck (docs/cli.md lists them).
// Each reads inside the check's one snapshot and names the first row that
// is wrong.
class SalesIntegrity {
public:
    // total = subtotal - discount + tax + shipping, and the lines add up to
    // the order's subtotal, discount and tax.
    static IntegrityCheck::Finding orderTotals(Connection &connection);
    // paid = the order's completed (or since refunded) payments; in-store
    // sales are paid in full; refunded = the order's refunds.
    static IntegrityCheck::Finding orderPayments(Connection &connection);
    // Per register: receipt numbers 1..n without a gap, next number n + 1.
    static IntegrityCheck::Finding receiptNumbers(Connection &connection);
    // Every shift's running totals equal what its orders, payments,
    // refunds and cash movements add up to.
    static IntegrityCheck::Finding shiftTotals(Connection &connection);
};

} // namespace sk
