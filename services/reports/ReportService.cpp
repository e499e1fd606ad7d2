#include "reports/ReportService.h"

#include "auth/Permissions.h"
#include "db/Database.h"
#include "payments/PaymentTypes.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

constexpr int kMaxTopProducts = 1000;

// Whose figures a report shows: the whole shop, or one vendor's products.
struct ReportScope {
    std::optional<qint64> vendorId;
};

Result<ReportScope> scopeFor(const Session &actor)
{
    if (actor.isSystem())
        return ReportScope{};
    if (isAllowed(actor.role, Permission::ViewAllReports)) {
        if (Status allowed = require(actor, Permission::ViewAllReports); !allowed)
            return allowed.error();
        return ReportScope{};
    }
    if (Status allowed = require(actor, Permission::ViewOwnVendorReports); !allowed)
        return allowed.error();
    if (!actor.vendorId)
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("ReportService", "Your account belongs to no vendor, so it has "
                                                                        "no figures of its own. Ask an administrator."));
    return ReportScope{actor.vendorId};
}

Status validateRange(const ReportRange &range)
{
    if (!range.from.isValid() || !range.to.isValid())
        return invalid(QCoreApplication::translate("ReportService",
                                                   "Give both the first and the last day of the report as dates "
                                                   "(YYYY-MM-DD)."));
    if (range.from > range.to)
        return invalid(QCoreApplication::translate("ReportService",
                                                   "The report starts on %1, after its last day %2. Swap the dates.")
                           .arg(range.from.toString(Qt::ISODate), range.to.toString(Qt::ISODate)));
    if (range.from.daysTo(range.to) + 1 > ReportService::kMaxRangeDays)
        return invalid(QCoreApplication::translate("ReportService",
                                                   "A report covers at most %1 days; %2 to %3 is %4 days. Choose a "
                                                   "shorter range.")
                           .arg(ReportService::kMaxRangeDays)
                           .arg(range.from.toString(Qt::ISODate), range.to.toString(Qt::ISODate))
                           .arg(range.from.daysTo(range.to) + 1));
    return Status::success();
}

Result<QString> shopCurrency(Connection &connection)
{
    Result<QVariant> stored =
        connection.scalar(u"SELECT value FROM settings WHERE key = ?"_s, {SettingsService::currencyKey()});
    if (!stored)
        return stored.error();
    const QString code = stored.value().toString().trimmed().toUpper();
    return Money::isValidCurrencyCode(code) ? code : u"USD"_s;
}

// The counters every source yields, in this order, so one reader fills a
// SalesReportRow from any summary table (docs/reports.md: which grouping
// leaves which field at zero).
enum class Source { Day, Lines, Clerk, Tender };

QString counters(Source source)
{
    QStringList columns;
    switch (source) {
    case Source::Day:
        columns = {u"orders"_s,      u"units"_s,        u"subtotal_cents - discount_cents"_s, u"discount_cents"_s,
                   u"tax_cents"_s,   u"shipping_cents"_s, u"total_cents"_s,  u"refunded_units"_s,
                   u"refund_cents + refund_shipping_cents"_s, u"refund_tax_cents"_s};
        break;
    case Source::Lines:
        columns = {u"0"_s,         u"units"_s, u"net_cents"_s,      u"discount_cents"_s, u"tax_cents"_s,
                   u"0"_s,         u"net_cents + tax_cents"_s,       u"refunded_units"_s, u"refund_cents"_s,
                   u"refund_tax_cents"_s};
        break;
    case Source::Clerk:
        columns = {u"orders"_s, u"units"_s, u"net_cents"_s, u"discount_cents"_s, u"tax_cents"_s,
                   u"total_cents - net_cents - tax_cents"_s, u"total_cents"_s, u"0"_s,
                   u"refund_cents + refund_shipping_cents"_s, u"0"_s};
        break;
    case Source::Tender:
        columns = {u"payments"_s, u"0"_s, u"0"_s, u"0"_s, u"0"_s, u"0"_s, u"amount_cents"_s, u"0"_s,
                   u"refund_cents"_s, u"0"_s};
        break;
    }
    QStringList summed;
    for (qsizetype i = 0; i < columns.size(); ++i)
        summed.append(u"CAST(SUM(%1) AS BIGINT) AS c%2"_s.arg(columns.at(i)).arg(i));
    return summed.join(u", "_s);
}

struct Query {
    QString table;
    Source source = Source::Day;
    QString key;                // expression grouped by
    QString labelJoin;          // LEFT JOIN ... ON ... = s.k, or empty
    QString label = u"NULL"_s;  // expression over the join
    bool byTime = false;        // else by total, best first
    std::optional<qint64> vendorId;
    int limit = 0;              // 0: every row
    bool orderByNet = false;
};

struct RawRow {
    QString key;
    QString label;
    std::array<qint64, 10> values{};
};

QString isoDay(const QDate &day)
{
    return day.toString(Qt::ISODate);
}

// The rows a query sums. A long range over report_product_day reads its
// whole months from report_product_month (one row per product and month
// instead of per day) and only the days before the first and after the last
// whole month from the day table; both tables hold the same counters, so
// the sums are equal. An empty edge is a range that ends before it starts.
std::pair<QString, QVariantList> sourceRows(const Query &query, const ReportRange &range)
{
    QString vendorFilter;
    QVariantList vendorValue;
    if (query.vendorId) {
        vendorFilter = u" AND vendor_id = ?"_s;
        vendorValue.append(*query.vendorId);
    }
    const QDate firstMonthStart =
        range.from.day() == 1 ? range.from : QDate(range.from.year(), range.from.month(), 1).addMonths(1);
    const QDate lastMonthEnd =
        range.to == QDate(range.to.year(), range.to.month(), range.to.daysInMonth())
            ? range.to
            : QDate(range.to.year(), range.to.month(), 1).addDays(-1);
    if (query.table != u"report_product_day"_s || query.byTime || firstMonthStart > lastMonthEnd)
        return {u"%1 WHERE day >= ? AND day <= ?%2"_s.arg(query.table, vendorFilter),
                QVariantList{isoDay(range.from), isoDay(range.to)} + vendorValue};
    const QString columns = u"product_id, category_id, vendor_id, units, net_cents, discount_cents, tax_cents, "
                            "refunded_units, refund_cents, refund_tax_cents"_s;
    const QString sql = u"(SELECT %1 FROM report_product_day WHERE day >= ? AND day <= ?%2 "
                        "UNION ALL SELECT %1 FROM report_product_month WHERE month >= ? AND month <= ?%2 "
                        "UNION ALL SELECT %1 FROM report_product_day WHERE day >= ? AND day <= ?%2) r"_s.arg(
                            columns, vendorFilter);
    QVariantList values;
    values << isoDay(range.from) << isoDay(firstMonthStart.addDays(-1)) << vendorValue;
    values << firstMonthStart.toString(u"yyyy-MM"_s) << lastMonthEnd.toString(u"yyyy-MM"_s) << vendorValue;
    values << isoDay(lastMonthEnd.addDays(1)) << isoDay(range.to) << vendorValue;
    return {sql, values};
}

Result<QList<RawRow>> runQuery(Connection &connection, const Query &query, const ReportRange &range)
{
    auto [source, values] = sourceRows(query, range);
    QString sql = u"SELECT s.k, %1, s.c0, s.c1, s.c2, s.c3, s.c4, s.c5, s.c6, s.c7, s.c8, s.c9 FROM (SELECT %2 AS k, "
                  "%3 FROM %4"_s.arg(query.label, query.key, counters(query.source), source);
    sql += u" GROUP BY %1) s %2"_s.arg(query.key, query.labelJoin);
    if (query.byTime)
        sql += u" ORDER BY s.k"_s;
    else
        sql += query.orderByNet ? u" ORDER BY s.c2 DESC, s.k"_s : u" ORDER BY s.c6 DESC, s.k"_s;
    if (query.limit > 0) {
        sql += u" LIMIT ?"_s;
        values.append(query.limit);
    }
    Result<CachedQuery> rows = connection.prepared(sql, values);
    if (!rows)
        return rows.error();
    QList<RawRow> out;
    while (rows->next()) {
        RawRow row;
        row.key = rows->value(0).toString();
        row.label = rows->value(1).toString();
        for (int i = 0; i < 10; ++i)
            row.values[size_t(i)] = rows->value(2 + i).toLongLong();
        out.append(row);
    }
    return out;
}

void addTo(SalesReportRow &sum, const SalesReportRow &row)
{
    sum.orders += row.orders;
    sum.units += row.units;
    sum.net += row.net;
    sum.discount += row.discount;
    sum.tax += row.tax;
    sum.shipping += row.shipping;
    sum.total += row.total;
    sum.refundedUnits += row.refundedUnits;
    sum.refunds += row.refunds;
    sum.refundTax += row.refundTax;
    sum.netAfterRefunds += row.netAfterRefunds;
}

SalesReportRow emptyRow(const QString &currency)
{
    SalesReportRow row;
    const Money zero = Money::zero(currency);
    row.net = row.discount = row.tax = row.shipping = row.total = row.refunds = row.refundTax =
        row.netAfterRefunds = zero;
    return row;
}

SalesReportRow rowFrom(const RawRow &raw, const QString &currency)
{
    SalesReportRow row = emptyRow(currency);
    row.key = raw.key;
    row.label = raw.label;
    const auto &v = raw.values;
    row.orders = v[0];
    row.units = v[1];
    row.net = Money(v[2], currency);
    row.discount = Money(v[3], currency);
    row.tax = Money(v[4], currency);
    row.shipping = Money(v[5], currency);
    row.total = Money(v[6], currency);
    row.refundedUnits = v[7];
    row.refunds = Money(v[8], currency);
    row.refundTax = Money(v[9], currency);
    row.netAfterRefunds = row.total - row.refunds;
    return row;
}

// "Clothing › Shirts": categories are few, so the whole tree is read once.
Result<QHash<qint64, QString>> categoryPaths(Connection &connection)
{
    Result<CachedQuery> rows = connection.prepared(u"SELECT id, COALESCE(parent_id, 0), name FROM categories"_s);
    if (!rows)
        return rows.error();
    QHash<qint64, std::pair<qint64, QString>> tree;
    while (rows->next())
        tree.insert(rows->value(0).toLongLong(), {rows->value(1).toLongLong(), rows->value(2).toString()});
    QHash<qint64, QString> paths;
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        QStringList names{it.value().second};
        qint64 parent = it.value().first;
        QSet<qint64> seen{it.key()};
        while (parent != 0 && tree.contains(parent) && !seen.contains(parent)) {
            seen.insert(parent);
            names.prepend(tree.value(parent).second);
            parent = tree.value(parent).first;
        }
        paths.insert(it.key(), names.join(u" › "_s));
    }
    return paths;
}

QString channelTitle(const QString &channel)
{
    if (channel == u"in_store"_s)
        return QCoreApplication::translate("ReportService", "In store");
    if (channel == u"online"_s)
        return QCoreApplication::translate("ReportService", "Online");
    return channel;
}

// Day rows into weeks (ISO 8601: weeks start on Monday, week 1 holds the
// year's first Thursday) or months.
QList<SalesReportRow> byPeriod(const QList<SalesReportRow> &days, ReportGrouping grouping, const QString &currency)
{
    QList<SalesReportRow> periods;
    const QLocale locale;
    for (const SalesReportRow &day : days) {
        QDate start;
        QString key;
        QString label;
        if (grouping == ReportGrouping::Week) {
            int year = 0;
            const int week = day.periodStart.weekNumber(&year);
            start = day.periodStart.addDays(1 - day.periodStart.dayOfWeek());
            key = u"%1-W%2"_s.arg(year).arg(week, 2, 10, QChar(u'0'));
            label = QCoreApplication::translate("ReportService", "Week %1 of %2 (from %3)")
                        .arg(week)
                        .arg(year)
                        .arg(locale.toString(start, QLocale::ShortFormat));
        } else {
            start = QDate(day.periodStart.year(), day.periodStart.month(), 1);
            key = start.toString(u"yyyy-MM"_s);
            label = locale.standaloneMonthName(start.month()) + u' ' + QString::number(start.year());
        }
        if (periods.isEmpty() || periods.last().key != key) {
            SalesReportRow period = emptyRow(currency);
            period.key = key;
            period.label = label;
            period.periodStart = start;
            periods.append(period);
        }
        addTo(periods.last(), day);
    }
    return periods;
}

Result<SalesReport> buildSales(Connection &connection, const ReportScope &scope, const ReportRange &range,
                               ReportGrouping grouping, int limit)
{
    if (scope.vendorId && grouping != ReportGrouping::Day && grouping != ReportGrouping::Week
        && grouping != ReportGrouping::Month && grouping != ReportGrouping::Category
        && grouping != ReportGrouping::Product)
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("ReportService",
                                                       "Vendors see the figures of their own products by day, week, "
                                                       "month, category or product. Choose one of these."));
    Result<QString> currency = shopCurrency(connection);
    if (!currency)
        return currency.error();

    Query query;
    query.vendorId = scope.vendorId;
    query.limit = limit;
    const bool byTime = grouping == ReportGrouping::Day || grouping == ReportGrouping::Week
                        || grouping == ReportGrouping::Month;
    query.byTime = byTime;
    if (scope.vendorId) {
        // A vendor's figures come from their products' rows alone.
        query.table = u"report_product_day"_s;
        query.source = Source::Lines;
        query.key = byTime ? u"day"_s : grouping == ReportGrouping::Category ? u"category_id"_s : u"product_id"_s;
    } else {
        switch (grouping) {
        case ReportGrouping::Day:
        case ReportGrouping::Week:
        case ReportGrouping::Month:
            query.table = u"report_day"_s;
            query.key = u"day"_s;
            break;
        case ReportGrouping::Channel:
            query.table = u"report_day"_s;
            query.key = u"channel"_s;
            break;
        case ReportGrouping::Category:
            query.table = u"report_category_day"_s;
            query.source = Source::Lines;
            query.key = u"category_id"_s;
            break;
        case ReportGrouping::Vendor:
            query.table = u"report_vendor_day"_s;
            query.source = Source::Lines;
            query.key = u"vendor_id"_s;
            break;
        case ReportGrouping::Product:
            query.table = u"report_product_day"_s;
            query.source = Source::Lines;
            query.key = u"product_id"_s;
            break;
        case ReportGrouping::Clerk:
            query.table = u"report_clerk_day"_s;
            query.source = Source::Clerk;
            query.key = u"clerk_id"_s;
            break;
        case ReportGrouping::Tender:
            query.table = u"report_tender_day"_s;
            query.source = Source::Tender;
            query.key = u"tender"_s;
            break;
        }
    }
    if (query.key == u"product_id"_s) {
        query.labelJoin = u"LEFT JOIN products p ON p.id = s.k"_s;
        query.label = u"p.name"_s;
    } else if (query.key == u"vendor_id"_s) {
        query.labelJoin = u"LEFT JOIN vendors v ON v.id = s.k"_s;
        query.label = u"v.name"_s;
    } else if (query.key == u"clerk_id"_s) {
        query.labelJoin = u"LEFT JOIN users u ON u.id = s.k"_s;
        query.label = u"u.first_name || ' ' || u.last_name"_s;
    }
    query.orderByNet = limit > 0;

    Result<QList<RawRow>> raw = runQuery(connection, query, range);
    if (!raw)
        return raw.error();
    QHash<qint64, QString> categories;
    if (grouping == ReportGrouping::Category) {
        Result<QHash<qint64, QString>> paths = categoryPaths(connection);
        if (!paths)
            return paths.error();
        categories = paths.value();
    }

    SalesReport report;
    report.grouping = grouping;
    report.range = range;
    report.currency = currency.value();
    const QLocale locale;
    for (const RawRow &rawRow : raw.value()) {
        SalesReportRow row = rowFrom(rawRow, report.currency);
        switch (grouping) {
        case ReportGrouping::Day:
        case ReportGrouping::Week:
        case ReportGrouping::Month:
            row.periodStart = QDate::fromString(row.key, Qt::ISODate);
            row.label = locale.toString(row.periodStart, QLocale::ShortFormat);
            break;
        case ReportGrouping::Category:
            row.label = row.key == u"0"_s ? QCoreApplication::translate("ReportService", "No category")
                                          : categories.value(row.key.toLongLong(),
                                                             QCoreApplication::translate("ReportService",
                                                                                         "Category %1")
                                                                 .arg(row.key));
            break;
        case ReportGrouping::Vendor:
            if (row.key == u"0"_s)
                row.label = QCoreApplication::translate("ReportService", "The shop's own products");
            else if (row.label.isEmpty())
                row.label = QCoreApplication::translate("ReportService", "Vendor %1").arg(row.key);
            break;
        case ReportGrouping::Product:
            if (row.label.isEmpty())
                row.label = QCoreApplication::translate("ReportService", "Product %1 (deleted)").arg(row.key);
            break;
        case ReportGrouping::Clerk:
            if (row.key == u"0"_s)
                row.label = QCoreApplication::translate("ReportService", "Online or completed by Storekeeper");
            else if (row.label.trimmed().isEmpty())
                row.label = QCoreApplication::translate("ReportService", "User %1").arg(row.key);
            break;
        case ReportGrouping::Tender:
            if (const std::optional<Tender> tender = tenderFromName(row.key))
                row.label = tenderTitle(*tender);
            break;
        case ReportGrouping::Channel:
            row.label = channelTitle(row.key);
            break;
        }
        report.rows.append(row);
    }
    if (grouping == ReportGrouping::Week || grouping == ReportGrouping::Month)
        report.rows = byPeriod(report.rows, grouping, report.currency);

    // Shipping belongs to an order, not to its lines: the line groupings
    // show it on a row of its own, with the shipping cancellations gave
    // back, so their totals are the shop's totals.
    const bool lineGrouping = grouping == ReportGrouping::Category || grouping == ReportGrouping::Vendor
                              || grouping == ReportGrouping::Product;
    if (lineGrouping && !scope.vendorId && limit == 0) {
        Result<CachedQuery> shipping = connection.prepared(
            u"SELECT CAST(COALESCE(SUM(shipping_cents), 0) AS BIGINT), "
            "CAST(COALESCE(SUM(refund_shipping_cents), 0) AS BIGINT) FROM report_day WHERE day >= ? AND day <= ?"_s,
            {range.from.toString(Qt::ISODate), range.to.toString(Qt::ISODate)});
        if (!shipping)
            return shipping.error();
        const qint64 charged = shipping->next() ? shipping->value(0).toLongLong() : 0;
        const qint64 givenBack = shipping->value(1).toLongLong();
        shipping->finish();
        if (charged != 0 || givenBack != 0) {
            SalesReportRow row = emptyRow(report.currency);
            row.key = u"shipping"_s;
            row.label = QCoreApplication::translate("ReportService", "Shipping");
            row.shipping = row.total = Money(charged, report.currency);
            row.refunds = Money(givenBack, report.currency);
            row.netAfterRefunds = row.total - row.refunds;
            report.rows.append(row);
        }
    }

    report.totals = emptyRow(report.currency);
    report.totals.key = u"total"_s;
    report.totals.label = QCoreApplication::translate("ReportService", "Total");
    report.totals.periodStart = range.from;
    for (const SalesReportRow &row : std::as_const(report.rows))
        addTo(report.totals, row);
    return report;
}

} // namespace

ReportService::ReportService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<SalesReport>> ReportService::sales(const Session &actor, ReportRange range,
                                                  ReportGrouping grouping) const
{
    if (Result<ReportScope> scope = scopeFor(actor); !scope)
        return QtFuture::makeReadyFuture(Result<SalesReport>(scope.error()));
    if (Status valid = validateRange(range); !valid)
        return QtFuture::makeReadyFuture(Result<SalesReport>(valid.error()));
    return m_database->read([actor, range, grouping](Connection &connection) {
        return salesInTransaction(connection, actor, range, grouping);
    });
}

QFuture<Result<SalesReport>> ReportService::topProducts(const Session &actor, ReportRange range, int limit) const
{
    if (Result<ReportScope> scope = scopeFor(actor); !scope)
        return QtFuture::makeReadyFuture(Result<SalesReport>(scope.error()));
    return m_database->read([actor, range, limit](Connection &connection) {
        return topProductsInTransaction(connection, actor, range, limit);
    });
}

QFuture<Result<InventoryValueReport>> ReportService::inventoryValue(const Session &actor) const
{
    if (Result<ReportScope> scope = scopeFor(actor); !scope)
        return QtFuture::makeReadyFuture(Result<InventoryValueReport>(scope.error()));
    return m_database->read(
        [actor](Connection &connection) { return inventoryValueInTransaction(connection, actor); });
}

Result<SalesReport> ReportService::salesInTransaction(Connection &connection, const Session &actor,
                                                      ReportRange range, ReportGrouping grouping)
{
    Result<ReportScope> scope = scopeFor(actor);
    if (!scope)
        return scope.error();
    if (Status valid = validateRange(range); !valid)
        return valid.error();
    return buildSales(connection, scope.value(), range, grouping, 0);
}

Result<SalesReport> ReportService::topProductsInTransaction(Connection &connection, const Session &actor,
                                                            ReportRange range, int limit)
{
    Result<ReportScope> scope = scopeFor(actor);
    if (!scope)
        return scope.error();
    if (Status valid = validateRange(range); !valid)
        return valid.error();
    if (limit < 1 || limit > kMaxTopProducts)
        return invalid(QCoreApplication::translate("ReportService", "Ask for between 1 and %1 top products.")
                           .arg(kMaxTopProducts));
    return buildSales(connection, scope.value(), range, ReportGrouping::Product, limit);
}

Result<InventoryValueReport> ReportService::inventoryValueInTransaction(Connection &connection,
                                                                        const Session &actor)
{
    Result<ReportScope> scope = scopeFor(actor);
    if (!scope)
        return scope.error();
    Result<QString> currency = shopCurrency(connection);
    if (!currency)
        return currency.error();
    Result<QHash<qint64, QString>> paths = categoryPaths(connection);
    if (!paths)
        return paths.error();
    // Vendor 0 matches no product: the whole shop passes -1 and no filter.
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT COALESCE(p.category_id, 0), COUNT(DISTINCT v.id), CAST(SUM(sl.on_hand) AS BIGINT), "
        "CAST(SUM(sl.on_hand * COALESCE(v.cost_cents, 0)) AS BIGINT), CAST(SUM(sl.on_hand * v.price_cents) AS BIGINT), "
        "CAST(SUM(CASE WHEN v.cost_cents IS NULL THEN sl.on_hand ELSE 0 END) AS BIGINT) "
        "FROM stock_levels sl JOIN product_variants v ON v.id = sl.variant_id JOIN products p ON p.id = v.product_id "
        "WHERE sl.on_hand > 0 AND (CAST(? AS BIGINT) < 0 OR p.vendor_id = ?) GROUP BY COALESCE(p.category_id, 0) "
        "ORDER BY 4 DESC, 1"_s,
        {scope->vendorId.value_or(-1), scope->vendorId.value_or(-1)});
    if (!rows)
        return rows.error();
    InventoryValueReport report;
    report.currency = currency.value();
    const Money zero = Money::zero(report.currency);
    report.totals.costValue = report.totals.retailValue = zero;
    report.totals.category = QCoreApplication::translate("ReportService", "Total");
    while (rows->next()) {
        InventoryValueRow row;
        row.categoryId = rows->value(0).toLongLong();
        row.category = row.categoryId == 0 ? QCoreApplication::translate("ReportService", "No category")
                                           : paths->value(row.categoryId);
        row.variants = rows->value(1).toLongLong();
        row.units = rows->value(2).toLongLong();
        row.costValue = Money(rows->value(3).toLongLong(), report.currency);
        row.retailValue = Money(rows->value(4).toLongLong(), report.currency);
        row.unitsWithoutCost = rows->value(5).toLongLong();
        report.totals.variants += row.variants;
        report.totals.units += row.units;
        report.totals.costValue += row.costValue;
        report.totals.retailValue += row.retailValue;
        report.totals.unitsWithoutCost += row.unitsWithoutCost;
        report.rows.append(row);
    }
    return report;
}

} // namespace sk
