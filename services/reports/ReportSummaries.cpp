#include "reports/ReportSummaries.h"

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// PostgreSQL sums BIGINT into NUMERIC; the comparison and the driver want
// integers back.
QString sums(const QStringList &columns)
{
    QStringList out;
    for (const QString &column : columns)
        out.append(u"CAST(SUM(%1) AS BIGINT) AS %1"_s.arg(column));
    return out.join(u", "_s);
}

// A return counts once, on the business day of its refund that carries its
// lines or the shipping a cancellation gave back, when the reports counted
// its sale (ReportLedger::addReturnInTransaction).
const QString kCountedReturns =
    u"FROM refunds r JOIN orders o ON o.id = r.order_id LEFT JOIN refund_lines rl ON rl.refund_id = r.id "
    "WHERE r.business_day IS NOT NULL AND o.business_day IS NOT NULL "_s;
const QString kCountedReturnsHaving = u"HAVING COUNT(rl.refund_id) > 0 OR r.shipping_cents > 0"_s;

// A sale counts on its order's business day, a return's lines on the
// business day of the refund that carries them. Orders without a business
// day have not been placed yet (an online order before its payment).
ReportSummaryTable lineTable(const QString &table, const QStringList &keys, const QStringList &keyExpressions)
{
    const QStringList values{u"units"_s,          u"net_cents"_s,    u"discount_cents"_s,  u"tax_cents"_s,
                             u"refunded_units"_s, u"refund_cents"_s, u"refund_tax_cents"_s};
    QStringList saleKeys;
    for (qsizetype i = 0; i < keys.size(); ++i)
        saleKeys.append(u"%1 AS %2"_s.arg(keyExpressions.at(i), keys.at(i)));
    const QString sql =
        u"SELECT day, %1, %2 FROM ("
        "SELECT o.business_day AS day, %3, i.quantity AS units, i.subtotal_cents - i.discount_cents AS net_cents, "
        "i.discount_cents AS discount_cents, i.tax_cents AS tax_cents, 0 AS refunded_units, 0 AS refund_cents, "
        "0 AS refund_tax_cents FROM order_items i JOIN orders o ON o.id = i.order_id "
        "WHERE o.business_day IS NOT NULL "
        "UNION ALL "
        "SELECT r.business_day, %4, 0, 0, 0, 0, rl.quantity, rl.amount_cents, rl.tax_cents "
        "FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id JOIN order_items i ON i.id = rl.order_item_id "
        "JOIN orders o ON o.id = i.order_id WHERE r.business_day IS NOT NULL AND o.business_day IS NOT NULL) s "
        "GROUP BY day, %1"_s.arg(keys.join(u", "_s), sums(values),
                                                                      saleKeys.join(u", "_s),
                                                                      keyExpressions.join(u", "_s));
    return {table, QStringList{u"day"_s} + keys, values, sql};
}

ReportSummaryTable dayTable()
{
    const QStringList values{u"orders"_s,       u"units"_s,          u"subtotal_cents"_s, u"discount_cents"_s,
                             u"tax_cents"_s,    u"shipping_cents"_s, u"total_cents"_s,    u"refunds"_s,
                             u"refunded_units"_s, u"refund_cents"_s, u"refund_tax_cents"_s,
                             u"refund_shipping_cents"_s};
    const QString sql =
        QString(u"SELECT day, channel, %1 FROM ("
        "SELECT o.business_day AS day, o.channel AS channel, 1 AS orders, COALESCE(u.units, 0) AS units, "
        "o.subtotal_cents AS subtotal_cents, o.discount_cents AS discount_cents, o.tax_cents AS tax_cents, "
        "o.shipping_cents AS shipping_cents, o.total_cents AS total_cents, 0 AS refunds, 0 AS refunded_units, "
        "0 AS refund_cents, 0 AS refund_tax_cents, 0 AS refund_shipping_cents FROM orders o LEFT JOIN (SELECT order_id, "
        "SUM(quantity) AS units FROM order_items GROUP BY order_id) u ON u.order_id = o.id "
        "WHERE o.business_day IS NOT NULL "
        "UNION ALL "
        "SELECT r.business_day, o.channel, 0, 0, 0, 0, 0, 0, 0, 1, COALESCE(SUM(rl.quantity), 0), "
        "COALESCE(SUM(rl.amount_cents), 0), COALESCE(SUM(rl.tax_cents), 0), r.shipping_cents "_s
        + kCountedReturns + u"GROUP BY r.id, r.business_day, o.channel, r.shipping_cents "_s + kCountedReturnsHaving
        + u") s GROUP BY day, channel"_s).arg(sums(values));
    return {u"report_day"_s, {u"day"_s, u"channel"_s}, values, sql};
}

// Whole months of report_product_day, so a long range reads one row per
// product and month. Computed from the day table, which comes before it in
// the list: a rebuild fills the days first, and the check has compared the
// days with the lines before it compares the months with the days.
ReportSummaryTable productMonthTable()
{
    const QStringList keys{u"month"_s, u"product_id"_s, u"category_id"_s, u"vendor_id"_s};
    const QStringList values{u"units"_s,          u"net_cents"_s,    u"discount_cents"_s,  u"tax_cents"_s,
                             u"refunded_units"_s, u"refund_cents"_s, u"refund_tax_cents"_s};
    const QString sql = u"SELECT %1, %2 FROM (SELECT SUBSTR(day, 1, 7) AS month, product_id, category_id, vendor_id, "
                        "%3 FROM report_product_day) d GROUP BY %1"_s.arg(keys.join(u", "_s), sums(values),
                                                                           values.join(u", "_s));
    return {u"report_product_month"_s, keys, values, sql};
}

ReportSummaryTable clerkTable()
{
    const QStringList values{u"orders"_s,    u"units"_s,       u"net_cents"_s, u"discount_cents"_s,
                             u"tax_cents"_s, u"total_cents"_s, u"refunds"_s,   u"refund_cents"_s,
                             u"refund_shipping_cents"_s};
    const QString sql =
        QString(u"SELECT day, clerk_id, %1 FROM ("
        "SELECT o.business_day AS day, COALESCE(o.clerk_id, 0) AS clerk_id, 1 AS orders, COALESCE(u.units, 0) AS "
        "units, o.subtotal_cents - o.discount_cents AS net_cents, o.discount_cents AS discount_cents, "
        "o.tax_cents AS tax_cents, o.total_cents AS total_cents, 0 AS refunds, 0 AS refund_cents, "
        "0 AS refund_shipping_cents FROM orders o LEFT JOIN (SELECT order_id, SUM(quantity) AS units FROM order_items GROUP BY order_id) u "
        "ON u.order_id = o.id WHERE o.business_day IS NOT NULL "
        "UNION ALL "
        "SELECT r.business_day, COALESCE(o.clerk_id, 0), 0, 0, 0, 0, 0, 0, 1, COALESCE(SUM(rl.amount_cents), 0), "
        "r.shipping_cents "_s
        + kCountedReturns + u"GROUP BY r.id, r.business_day, COALESCE(o.clerk_id, 0), r.shipping_cents "_s
        + kCountedReturnsHaving + u") s GROUP BY day, clerk_id"_s).arg(sums(values));
    return {u"report_clerk_day"_s, {u"day"_s, u"clerk_id"_s}, values, sql};
}

// Money per tender: a sale's payments on its business day; a refund once
// it has completed (a card refund when the gateway approved it), on the
// business day of its return.
ReportSummaryTable tenderTable()
{
    const QStringList values{u"payments"_s, u"amount_cents"_s, u"refunds"_s, u"refund_cents"_s};
    const QString sql =
        u"SELECT day, tender, %1 FROM ("
        "SELECT o.business_day AS day, p.tender AS tender, 1 AS payments, p.amount_cents AS amount_cents, "
        "0 AS refunds, 0 AS refund_cents FROM payments p JOIN orders o ON o.id = p.order_id "
        "WHERE o.business_day IS NOT NULL AND p.status IN ('completed', 'refunded') "
        "UNION ALL "
        "SELECT r.business_day, r.tender, 0, 0, 1, r.amount_cents FROM refunds r JOIN orders o ON o.id = r.order_id "
        "WHERE r.status = 'completed' AND r.business_day IS NOT NULL AND o.business_day IS NOT NULL) s GROUP BY day, tender"_s.arg(sums(values));
    return {u"report_tender_day"_s, {u"day"_s, u"tender"_s}, values, sql};
}

} // namespace

QString ReportSummaryTable::columnList() const
{
    return (keys + values).join(u", "_s);
}

const QList<ReportSummaryTable> &reportSummaryTables()
{
    static const QList<ReportSummaryTable> tables{
        dayTable(),
        lineTable(u"report_category_day"_s, {u"category_id"_s}, {u"COALESCE(i.category_id, 0)"_s}),
        lineTable(u"report_vendor_day"_s, {u"vendor_id"_s}, {u"COALESCE(i.vendor_id, 0)"_s}),
        lineTable(u"report_product_day"_s, {u"product_id"_s, u"category_id"_s, u"vendor_id"_s},
                  {u"i.product_id"_s, u"COALESCE(i.category_id, 0)"_s, u"COALESCE(i.vendor_id, 0)"_s}),
        productMonthTable(),
        clerkTable(),
        tenderTable(),
    };
    return tables;
}

} // namespace sk
