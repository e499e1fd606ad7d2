#pragma once

#include "core/Money.h"

#include <QDate>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

// How a sales report breaks its date range down (docs/reports.md).
enum class ReportGrouping { Day, Week, Month, Category, Vendor, Clerk, Tender, Channel, Product };

QString reportGroupingName(ReportGrouping grouping);     // "day", "week", ... for the CLI and CSV
std::optional<ReportGrouping> reportGroupingFromName(const QString &name);
QString reportGroupingTitle(ReportGrouping grouping);    // translated

// A date range, both ends included, in the shop's business days.
struct ReportRange {
    QDate from;
    QDate to;
};

// One row of a sales report. Every grouping fills the same fields, so the
// totals agree across groupings (docs/reports.md says which fields a
// grouping cannot know and leaves at zero, e.g. orders by category).
//   net = subtotal - discount, before tax; total = net + tax (+ shipping by
//   day/channel); refunds = money given back (with tax) on returns of the
//   row's days; netAfterRefunds = total - refunds.
struct SalesReportRow {
    QString key;              // stable: "2026-11-26", "2026-W48", "2026-11", an id, "card", "online"
    QString label;            // for people: a date, a category path, a vendor, clerk or product name
    QDate periodStart;        // Day/Week/Month rows: the first day of the period
    qint64 orders = 0;
    qint64 units = 0;
    Money net;
    Money discount;
    Money tax;
    Money shipping;
    Money total;
    qint64 refundedUnits = 0;
    Money refunds;
    Money refundTax;
    Money netAfterRefunds;
};

struct SalesReport {
    ReportGrouping grouping = ReportGrouping::Day;
    ReportRange range;
    QString currency;
    QList<SalesReportRow> rows;   // in the grouping's natural order (time, or total descending)
    SalesReportRow totals;        // the sum of the rows
};

// Stock on hand valued at cost and at the selling price, by category.
struct InventoryValueRow {
    qint64 categoryId = 0;        // 0: no category
    QString category;
    qint64 variants = 0;
    qint64 units = 0;
    Money costValue;              // variants without a cost count as zero, and are counted below
    Money retailValue;
    qint64 unitsWithoutCost = 0;
};

struct InventoryValueReport {
    QString currency;
    QList<InventoryValueRow> rows;
    InventoryValueRow totals;
};

} // namespace sk
