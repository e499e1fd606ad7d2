#include "reports/ReportLedger.h"

#include "db/Connection.h"
#include "orders/OrderEvents.h"
#include "reports/ReportSummaries.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace sk::ReportLedger {

namespace {

// INSERT INTO table (keys, counters) <select> ON CONFLICT (keys) DO UPDATE
// adding each counter: one statement per table whatever a sale holds, and
// each select is ordered by the key, so two registers touch the rows of a
// table in the same order and never wait on each other in a cycle.
QString upsert(const QString &table, const QStringList &keys, const QStringList &counters, const QString &select)
{
    QStringList additions;
    for (const QString &counter : counters)
        additions.append(u"%2 = %1.%2 + excluded.%2"_s.arg(table, counter));
    return u"INSERT INTO %1 (%2) %3 ON CONFLICT (%4) DO UPDATE SET %5"_s.arg(
        table, (keys + counters).join(u", "_s), select, keys.join(u", "_s), additions.join(u", "_s));
}

const QStringList kLineCounters{u"units"_s, u"net_cents"_s, u"discount_cents"_s, u"tax_cents"_s};
const QStringList kLineRefundCounters{u"refunded_units"_s, u"refund_cents"_s, u"refund_tax_cents"_s};

// The period a row counts in: the business day, or its month 'YYYY-MM'.
enum class Period { Day, Month };

QString periodKey(Period period)
{
    return period == Period::Day ? u"day"_s : u"month"_s;
}

QString periodOf(Period period, const QString &businessDay)
{
    return period == Period::Day ? businessDay : u"SUBSTR(%1, 1, 7)"_s.arg(businessDay);
}

// One order's lines, grouped by the table's keys (line expressions).
QString saleLines(const QString &table, const QStringList &keys, const QStringList &keyExpressions,
                  Period period = Period::Day)
{
    const QString grouped = keyExpressions.join(u", "_s);
    return upsert(table, QStringList{periodKey(period)} + keys, kLineCounters,
                  u"SELECT %2, %1, SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents), "
                  "SUM(i.discount_cents), SUM(i.tax_cents) FROM order_items i JOIN orders o ON o.id = i.order_id "
                  "WHERE i.order_id = ? GROUP BY %2, %1 ORDER BY %1"_s.arg(grouped,
                                                                          periodOf(period, u"o.business_day"_s)));
}

// One refund's lines (none for the other refunds of a return).
QString refundLines(const QString &table, const QStringList &keys, const QStringList &keyExpressions,
                    Period period = Period::Day)
{
    const QString grouped = keyExpressions.join(u", "_s);
    return upsert(table, QStringList{periodKey(period)} + keys, kLineRefundCounters,
                  u"SELECT %2, %1, SUM(rl.quantity), SUM(rl.amount_cents), SUM(rl.tax_cents) "
                  "FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id "
                  "JOIN order_items i ON i.id = rl.order_item_id WHERE rl.refund_id = ? "
                  "GROUP BY %2, %1 ORDER BY %1"_s.arg(grouped, periodOf(period, u"r.business_day"_s)));
}

const QStringList kCategoryKey{u"category_id"_s};
const QStringList kCategoryLine{u"COALESCE(i.category_id, 0)"_s};
const QStringList kVendorKey{u"vendor_id"_s};
const QStringList kVendorLine{u"COALESCE(i.vendor_id, 0)"_s};
const QStringList kProductKey{u"product_id"_s, u"category_id"_s, u"vendor_id"_s};
const QStringList kProductLine{u"i.product_id"_s, u"COALESCE(i.category_id, 0)"_s, u"COALESCE(i.vendor_id, 0)"_s};

// The statements of a sale, in table order (report_day first, as everywhere).
const QStringList &saleStatements()
{
    static const QStringList statements{
        upsert(u"report_day"_s, {u"day"_s, u"channel"_s},
               {u"orders"_s, u"units"_s, u"subtotal_cents"_s, u"discount_cents"_s, u"tax_cents"_s,
                u"shipping_cents"_s, u"total_cents"_s},
               u"SELECT o.business_day, o.channel, 1, (SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i "
               "WHERE i.order_id = o.id), o.subtotal_cents, o.discount_cents, o.tax_cents, o.shipping_cents, "
               "o.total_cents FROM orders o WHERE o.id = ?"_s),
        saleLines(u"report_category_day"_s, kCategoryKey, kCategoryLine),
        saleLines(u"report_vendor_day"_s, kVendorKey, kVendorLine),
        saleLines(u"report_product_day"_s, kProductKey, kProductLine),
        saleLines(u"report_product_month"_s, kProductKey, kProductLine, Period::Month),
        upsert(u"report_clerk_day"_s, {u"day"_s, u"clerk_id"_s},
               {u"orders"_s, u"units"_s, u"net_cents"_s, u"discount_cents"_s, u"tax_cents"_s, u"total_cents"_s},
               u"SELECT o.business_day, COALESCE(o.clerk_id, 0), 1, (SELECT COALESCE(SUM(i.quantity), 0) "
               "FROM order_items i WHERE i.order_id = o.id), o.subtotal_cents - o.discount_cents, o.discount_cents, "
               "o.tax_cents, o.total_cents FROM orders o WHERE o.id = ?"_s),
        upsert(u"report_tender_day"_s, {u"day"_s, u"tender"_s}, {u"payments"_s, u"amount_cents"_s},
               u"SELECT o.business_day, p.tender, COUNT(*), SUM(p.amount_cents) FROM payments p "
               "JOIN orders o ON o.id = p.order_id WHERE p.order_id = ? AND p.status IN ('completed', 'refunded') "
               "GROUP BY o.business_day, p.tender ORDER BY p.tender"_s),
    };
    return statements;
}

// A return's refund: its lines (none for the other refunds of a return)
// and the shipping it gave back (a cancellation's), on the refund's day.
const QStringList &returnStatements()
{
    static const QString refundWithLines =
        u"FROM refunds r JOIN orders o ON o.id = r.order_id LEFT JOIN refund_lines rl ON rl.refund_id = r.id "
        "WHERE r.id = ? "_s;
    static const QStringList statements{
        upsert(u"report_day"_s, {u"day"_s, u"channel"_s},
               QStringList{u"refunds"_s} + kLineRefundCounters + QStringList{u"refund_shipping_cents"_s},
               u"SELECT r.business_day, o.channel, 1, COALESCE(SUM(rl.quantity), 0), COALESCE(SUM(rl.amount_cents), 0), "
               "COALESCE(SUM(rl.tax_cents), 0), r.shipping_cents "_s
                   + refundWithLines + u"GROUP BY r.business_day, o.channel, r.shipping_cents"_s),
        refundLines(u"report_category_day"_s, kCategoryKey, kCategoryLine),
        refundLines(u"report_vendor_day"_s, kVendorKey, kVendorLine),
        refundLines(u"report_product_day"_s, kProductKey, kProductLine),
        refundLines(u"report_product_month"_s, kProductKey, kProductLine, Period::Month),
        upsert(u"report_clerk_day"_s, {u"day"_s, u"clerk_id"_s},
               {u"refunds"_s, u"refund_cents"_s, u"refund_shipping_cents"_s},
               u"SELECT r.business_day, COALESCE(o.clerk_id, 0), 1, COALESCE(SUM(rl.amount_cents), 0), "
               "r.shipping_cents "_s
                   + refundWithLines + u"GROUP BY r.business_day, COALESCE(o.clerk_id, 0), r.shipping_cents"_s),
    };
    return statements;
}

} // namespace

Status addSaleInTransaction(Connection &connection, qint64 orderId)
{
    for (const QString &sql : saleStatements())
        if (Status ok = connection.run(sql, {orderId}); !ok)
            return ok;
    return Status::success();
}

Status addReturnInTransaction(Connection &connection, qint64 orderId, const QList<qint64> &refundIds)
{
    Q_UNUSED(orderId);
    for (qint64 refundId : refundIds) {
        // A return counts once: on the refund that carries its lines, or the
        // shipping a cancellation gave back; the other refunds move money
        // alone, which the tender summary counts on completion. A sale the
        // reports never counted (paid in part) has no return to count.
        Result<QVariant> counts = connection.scalar(
            u"SELECT CASE WHEN o.business_day IS NOT NULL AND (r.shipping_cents > 0 OR EXISTS (SELECT 1 FROM "
            "refund_lines rl WHERE rl.refund_id = r.id)) THEN 1 ELSE 0 END FROM refunds r "
            "JOIN orders o ON o.id = r.order_id WHERE r.id = ?"_s,
            {refundId});
        if (!counts)
            return counts.error();
        if (counts.value().toLongLong() == 0)
            continue;
        for (const QString &sql : returnStatements())
            if (Status ok = connection.run(sql, {refundId}); !ok)
                return ok;
    }
    return Status::success();
}

Status addCompletedRefundInTransaction(Connection &connection, qint64 refundId)
{
    // A refund that completes without having been recorded as a return
    // still needs a day to count on: today's, kept on the row so that a
    // rebuild counts it on the same day. The refund of a sale the reports
    // never counted (paid in part) is not counted either.
    if (Status ok = connection.run(u"UPDATE refunds SET business_day = ? WHERE id = ? AND business_day IS NULL"_s,
                                   {OrderEvents::businessDayText(QDateTime::currentDateTimeUtc()), refundId});
        !ok)
        return ok;
    static const QString sql =
        upsert(u"report_tender_day"_s, {u"day"_s, u"tender"_s}, {u"refunds"_s, u"refund_cents"_s},
               u"SELECT r.business_day, r.tender, 1, r.amount_cents FROM refunds r JOIN orders o ON o.id = r.order_id "
               "WHERE r.id = ? AND r.status = 'completed' AND o.business_day IS NOT NULL"_s);
    return connection.run(sql, {refundId});
}

Status rebuildInTransaction(Connection &connection)
{
    for (const ReportSummaryTable &summary : reportSummaryTables()) {
        if (Status ok = connection.run(u"DELETE FROM "_s + summary.table); !ok)
            return ok;
        // Key order, as the write path inserts.
        if (Status ok = connection.run(u"INSERT INTO %1 (%2) %3 ORDER BY %4"_s.arg(
                summary.table, summary.columnList(), summary.expectedSql, summary.keys.join(u", "_s)));
            !ok)
            return ok;
    }
    return Status::success();
}

} // namespace sk::ReportLedger
