#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sk {

// One summary table of migration 0012 with the query that computes its
// rows from the orders, lines, payments and refunds (report_product_month:
// from report_product_day, listed before it). ReportLedger's rebuild
// inserts what the query returns; `storekeeper check` compares the table
// with it (ReportIntegrity), so both always agree on what a row means.
struct ReportSummaryTable {
    QString table;
    QStringList keys;      // the primary key, in order
    QStringList values;    // the counters, in order
    // SELECT keys..., values... FROM ... GROUP BY keys (no ORDER BY).
    QString expectedSql;

    QString columnList() const;
};

// In the order the write path touches them (docs/reports.md).
const QList<ReportSummaryTable> &reportSummaryTables();

} // namespace sk
