// reports: every report of the Reports page over two years of a shop's
// history (--lines order lines), through ReportService (the summary tables
// the write path keeps), against the raw SQL aggregate over the order lines
// through the sqlite3 C API in the same run; and "often bought together"
// for a product at a million lines, against the co-occurrence counted from
// the lines.
#include "CheckoutRawStatements.h"
#include "MetricWriter.h"
#include "ReportsGenerator.h"
#include "Scenario.h"
#include "ScenarioOutput.h"
#include "Statistics.h"

#include "db/Connection.h"
#include "db/Database.h"
#include "db/DatabaseUrl.h"
#include "maintenance/IntegrityCheck.h"
#include "recommendations/RecommendationLedger.h"
#include "recommendations/Recommendations.h"
#include "reports/ReportLedger.h"
#include "reports/ReportService.h"

#include <sqlite3.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstring>
#include <functional>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"reports"};

constexpr qint64 kDefaultLines = 10'000'000;
constexpr qint64 kMinLines = 1000;
constexpr qint64 kMaxLines = 100'000'000;
constexpr qint64 kRecommendAtLines = 1'000'000;
constexpr int kRecommendProducts = 20;
constexpr int kSuggestions = 5;
constexpr int kTopProducts = 10;
constexpr quint64 kSeed = 7;

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        u"lines"_s, u"Order lines over two years (default %1)."_s.arg(kDefaultLines), u"N"_s));
    parser.addOption(QCommandLineOption(
        u"database"_s, u"SQLite file to fill (default: a temporary file); with --reuse, one filled before."_s,
        u"FILE"_s));
    parser.addOption(QCommandLineOption(
        u"reuse"_s, u"Measure the database named by --database, filled by an earlier run, without filling it."_s));
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// One report both ways: Storekeeper's call and the raw aggregate, taking
// turns at going first (the second finds the pages the first one read).
struct Measured {
    QList<double> ours;
    QList<double> raw;
};

bool measure(int runs, const std::function<bool()> &service, const std::function<bool()> &raw, Measured &into)
{
    // Warm-up, unmeasured: statements prepared, pages read.
    if (!service() || !raw())
        return false;
    for (int run = 0; run < runs; ++run) {
        for (int turn = 0; turn < 2; ++turn) {
            const bool ourTurn = (turn == 0) == (run % 2 == 0);
            QElapsedTimer timer;
            timer.start();
            if (!(ourTurn ? service() : raw()))
                return false;
            (ourTurn ? into.ours : into.raw).append(elapsedMs(timer));
        }
    }
    return true;
}

void writeTimes(MetricWriter &out, const QString &name, const Measured &times)
{
    out.write({name, median(times.ours), u"ms"_s, median(times.raw), Metric::Kind::Time, int(times.ours.size())});
}

struct RawReport {
    const char *metric;
    std::optional<ReportGrouping> grouping;   // nullopt: top products or inventory value
    const char *sql;                           // ?1, ?2: the range's first and last day
    const char *refundsSql;                    // the refund side of the same report, or nullptr
};

// The figures each report shows, computed from the lines. Week: the Monday
// the day falls in.
const QList<RawReport> &rawReports()
{
    static const QList<RawReport> all{
        {"sales_by_day_ms", ReportGrouping::Day,
         "SELECT o.business_day, COUNT(DISTINCT o.id), SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents), "
         "SUM(i.discount_cents), SUM(i.tax_cents) FROM orders o JOIN order_items i ON i.order_id = o.id "
         "WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY o.business_day ORDER BY o.business_day",
         "SELECT business_day, COUNT(*), SUM(amount_cents), SUM(tax_cents) FROM refunds "
         "WHERE business_day BETWEEN ?1 AND ?2 GROUP BY business_day"},
        {"sales_by_week_ms", ReportGrouping::Week,
         "SELECT date(o.business_day, '-' || ((CAST(strftime('%w', o.business_day) AS INTEGER) + 6) % 7) || ' days') "
         "AS week, COUNT(DISTINCT o.id), SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents), "
         "SUM(i.discount_cents), SUM(i.tax_cents) FROM orders o JOIN order_items i ON i.order_id = o.id "
         "WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY week ORDER BY week",
         "SELECT date(business_day, '-' || ((CAST(strftime('%w', business_day) AS INTEGER) + 6) % 7) || ' days') "
         "AS week, COUNT(*), SUM(amount_cents), SUM(tax_cents) FROM refunds WHERE business_day BETWEEN ?1 AND ?2 "
         "GROUP BY week"},
        {"sales_by_month_ms", ReportGrouping::Month,
         "SELECT substr(o.business_day, 1, 7) AS month, COUNT(DISTINCT o.id), SUM(i.quantity), "
         "SUM(i.subtotal_cents - i.discount_cents), SUM(i.discount_cents), SUM(i.tax_cents) FROM orders o "
         "JOIN order_items i ON i.order_id = o.id WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY month "
         "ORDER BY month",
         "SELECT substr(business_day, 1, 7) AS month, COUNT(*), SUM(amount_cents), SUM(tax_cents) FROM refunds "
         "WHERE business_day BETWEEN ?1 AND ?2 GROUP BY month"},
        {"sales_by_category_ms", ReportGrouping::Category,
         "SELECT COALESCE(i.category_id, 0), SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents), "
         "SUM(i.discount_cents), SUM(i.tax_cents) FROM orders o JOIN order_items i ON i.order_id = o.id "
         "WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 3 DESC",
         "SELECT COALESCE(i.category_id, 0), SUM(l.quantity), SUM(l.amount_cents), SUM(l.tax_cents) FROM refunds r "
         "JOIN refund_lines l ON l.refund_id = r.id JOIN order_items i ON i.id = l.order_item_id "
         "WHERE r.business_day BETWEEN ?1 AND ?2 GROUP BY 1"},
        {"sales_by_vendor_ms", ReportGrouping::Vendor,
         "SELECT COALESCE(i.vendor_id, 0), SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents), "
         "SUM(i.discount_cents), SUM(i.tax_cents) FROM orders o JOIN order_items i ON i.order_id = o.id "
         "WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 3 DESC",
         "SELECT COALESCE(i.vendor_id, 0), SUM(l.quantity), SUM(l.amount_cents), SUM(l.tax_cents) FROM refunds r "
         "JOIN refund_lines l ON l.refund_id = r.id JOIN order_items i ON i.id = l.order_item_id "
         "WHERE r.business_day BETWEEN ?1 AND ?2 GROUP BY 1"},
        {"sales_by_clerk_ms", ReportGrouping::Clerk,
         "SELECT COALESCE(o.clerk_id, 0), COUNT(DISTINCT o.id), SUM(i.quantity), "
         "SUM(i.subtotal_cents - i.discount_cents), SUM(i.discount_cents), SUM(i.tax_cents) FROM orders o "
         "JOIN order_items i ON i.order_id = o.id WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 4 DESC",
         "SELECT COALESCE(o.clerk_id, 0), COUNT(*), SUM(r.amount_cents) FROM refunds r JOIN orders o "
         "ON o.id = r.order_id WHERE r.business_day BETWEEN ?1 AND ?2 GROUP BY 1"},
        {"sales_by_tender_ms", ReportGrouping::Tender,
         "SELECT p.tender, COUNT(*), SUM(p.amount_cents) FROM orders o JOIN payments p ON p.order_id = o.id "
         "WHERE o.business_day BETWEEN ?1 AND ?2 AND p.status IN ('completed', 'refunded') GROUP BY p.tender "
         "ORDER BY 3 DESC",
         "SELECT tender, COUNT(*), SUM(amount_cents) FROM refunds WHERE business_day BETWEEN ?1 AND ?2 "
         "AND status = 'completed' GROUP BY tender"},
        {"top_products_ms", std::nullopt,
         "SELECT i.product_id, SUM(i.quantity), SUM(i.subtotal_cents - i.discount_cents) AS net FROM orders o "
         "JOIN order_items i ON i.order_id = o.id WHERE o.business_day BETWEEN ?1 AND ?2 GROUP BY i.product_id "
         "ORDER BY net DESC LIMIT 10",
         nullptr},
        {"inventory_value_ms", std::nullopt,
         "SELECT COALESCE(p.category_id, 0), COUNT(*), SUM(s.on_hand), SUM(s.on_hand * COALESCE(v.cost_cents, 0)), "
         "SUM(s.on_hand * v.price_cents) FROM stock_levels s JOIN product_variants v ON v.id = s.variant_id "
         "JOIN products p ON p.id = v.product_id GROUP BY 1",
         nullptr},
    };
    return all;
}

// Reads every row and column, as a report would.
bool runRaw(RawStatements &raw, const char *sql, const QByteArray &from, const QByteArray &to)
{
    qint64 cells = 0;
    const auto read = [&cells](sqlite3_stmt *row) { cells += sqlite3_data_count(row); };
    if (std::strstr(sql, "?1") == nullptr)
        return raw.run(sql, {}, read);
    return raw.run(sql, {from, to}, read);
}

struct Shop {
    Session admin;
    QDate firstDay;
    QDate lastDay;
};

std::optional<Shop> existingShop(const std::shared_ptr<Database> &database)
{
    Result<Shop> shop = Database::wait(database->read([](Connection &connection) -> Result<Shop> {
        Shop found;
        Result<QVariant> admin =
            connection.scalar(u"SELECT id FROM users WHERE email = ?"_s, {u"reports-admin@bench.shop"_s});
        if (!admin)
            return admin.error();
        found.admin.userId = admin->toLongLong();
        found.admin.email = u"reports-admin@bench.shop"_s;
        found.admin.role = Role::Admin;
        Result<QSqlQuery> days = connection.exec(u"SELECT MIN(business_day), MAX(business_day) FROM orders"_s);
        if (!days)
            return days.error();
        if (days.value().next()) {
            found.firstDay = QDate::fromString(days.value().value(0).toString(), Qt::ISODate);
            found.lastDay = QDate::fromString(days.value().value(1).toString(), Qt::ISODate);
        }
        return found;
    }));
    if (!shop || shop->admin.userId <= 0 || !shop->firstDay.isValid()) {
        kOutput.fail(u"the database has no reports benchmark shop; fill one first with --database FILE --keep."_s);
        return std::nullopt;
    }
    return shop.value();
}

bool rebuildSummaries(MetricWriter &out, const std::shared_ptr<Database> &database, bool reports)
{
    QElapsedTimer timer;
    if (reports) {
        timer.start();
        const Status rebuilt = Database::wait(
            database->write([](Connection &connection) { return ReportLedger::rebuildInTransaction(connection); }));
        if (!rebuilt) {
            kOutput.failWith(rebuilt.error());
            return false;
        }
        ScenarioOutput::writeCount(out, u"report_rebuild_s"_s, elapsedMs(timer) / 1000.0, u"s"_s);
    }
    timer.start();
    const Status rebuilt = Database::wait(database->write(
        [](Connection &connection) { return RecommendationLedger::rebuildInTransaction(connection); }));
    if (!rebuilt) {
        kOutput.failWith(rebuilt.error());
        return false;
    }
    if (reports)
        ScenarioOutput::writeCount(out, u"recommend_rebuild_s"_s, elapsedMs(timer) / 1000.0, u"s"_s);
    return true;
}

// forCart on one product at a time, the best sellers and the long tail,
// against the co-occurrence counted from the lines.
bool measureRecommend(MetricWriter &out, const std::shared_ptr<Database> &database, RawStatements &raw,
                      const Session &actor, int runs, qint64 lines)
{
    Result<QList<qint64>> sold = Database::wait(database->read([](Connection &connection) -> Result<QList<qint64>> {
        Result<QSqlQuery> rows =
            connection.exec(u"SELECT product_id FROM product_sales ORDER BY units DESC, product_id"_s);
        if (!rows)
            return rows.error();
        QList<qint64> ids;
        while (rows.value().next())
            ids.append(rows.value().value(0).toLongLong());
        return ids;
    }));
    if (!sold || sold->isEmpty()) {
        kOutput.fail(u"no products were sold, so nothing can be recommended."_s);
        return false;
    }
    QList<qint64> products{sold->constFirst()};
    std::mt19937_64 random(kSeed);
    while (products.size() < std::max(runs, kRecommendProducts))
        products.append(sold->at(qsizetype(random() % quint64(sold->size()))));

    Recommendations recommendations(database);
    Measured times;
    for (qint64 productId : std::as_const(products)) {
        const auto service = [&] {
            const Result<QList<Recommendation>> found =
                Database::wait(recommendations.forCart(actor, {productId}, kSuggestions));
            if (!found)
                kOutput.failWith(found.error());
            return found.ok();
        };
        const auto counted = [&] {
            return raw.run("SELECT b.product_id, COUNT(*) AS together FROM order_items a "
                           "JOIN orders o ON o.id = a.order_id AND o.business_day IS NOT NULL "
                           "JOIN order_items b ON b.order_id = a.order_id AND b.product_id <> a.product_id "
                           "WHERE a.product_id = ?1 GROUP BY b.product_id ORDER BY together DESC, b.product_id "
                           "LIMIT 5",
                           {productId});
        };
        if (!measure(1, service, counted, times))
            return false;
    }
    kOutput.progress(u"recommendations measured at %1 lines"_s.arg(lines));
    writeTimes(out, u"recommend_ms"_s, times);
    return true;
}

// The day report's totals against the lines: the summaries must say what
// the orders say.
bool totalsAgree(const SalesReport &report, RawStatements &raw, const QByteArray &from, const QByteArray &to)
{
    qint64 units = 0, net = 0, tax = 0;
    if (!raw.run("SELECT COALESCE(SUM(i.quantity), 0), COALESCE(SUM(i.subtotal_cents - i.discount_cents), 0), "
                 "COALESCE(SUM(i.tax_cents), 0) FROM orders o JOIN order_items i ON i.order_id = o.id "
                 "WHERE o.business_day BETWEEN ?1 AND ?2",
                 {from, to}, [&](sqlite3_stmt *row) {
                     units = sqlite3_column_int64(row, 0);
                     net = sqlite3_column_int64(row, 1);
                     tax = sqlite3_column_int64(row, 2);
                 }))
        return false;
    if (report.totals.units == units && report.totals.net.minorUnits() == net
        && report.totals.tax.minorUnits() == tax)
        return true;
    kOutput.fail(u"the day report says %1 units, %2 net, %3 tax; the lines say %4, %5, %6."_s.arg(report.totals.units)
             .arg(report.totals.net.minorUnits())
             .arg(report.totals.tax.minorUnits())
             .arg(units)
             .arg(net)
             .arg(tax));
    return false;
}

int run(const BenchContext &context, MetricWriter &out)
{
    const QCommandLineParser &parser = *context.parser;
    const std::optional<qint64> lineOption =
        kOutput.numberOption(parser, u"lines"_s, kDefaultLines, kMinLines, kMaxLines);
    if (!lineOption)
        return 2;
    const qint64 lines = *lineOption;
    const bool reuse = parser.isSet(u"reuse"_s);
    if (reuse && !parser.isSet(u"database"_s)) {
        kOutput.fail(u"--reuse needs --database FILE."_s);
        return 2;
    }
    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    const QString path = parser.isSet(u"database"_s) ? QFileInfo(parser.value(u"database"_s)).absoluteFilePath()
                                                     : folder.filePath(u"reports.db"_s);
    if (!reuse && QFileInfo::exists(path)) {
        kOutput.fail(u"%1 exists; name a new file, or measure it with --reuse."_s.arg(path));
        return 2;
    }
    Result<DatabaseUrl> url = DatabaseUrl::parse(path);
    if (!url) {
        kOutput.failWith(url.error());
        return 2;
    }
    if (context.keepFiles)
        kOutput.progress(u"database kept in "_s + path);
    Result<std::shared_ptr<Database>> opened = Database::open(url.value());
    if (!opened) {
        kOutput.failWith(opened.error());
        return 1;
    }
    const std::shared_ptr<Database> database = opened.value();
    RawStatements raw(path);
    if (!raw.isOpen())
        return 1;

    Shop shop;
    bool recommendMeasured = false;
    if (reuse) {
        const std::optional<Shop> existing = existingShop(database);
        if (!existing)
            return 1;
        shop = *existing;
    } else {
        ReportsGenerator generator(database, lines, kSeed);
        QElapsedTimer timer;
        timer.start();
        const Result<ReportsShop> made = generator.addShop();
        if (!made) {
            kOutput.failWith(made.error());
            return 1;
        }
        shop = {made->admin, made->firstDay, made->lastDay};
        // Bulk work: the file is thrown away if the machine stops, so the
        // loader does not wait for the disk at every commit.
        if (!raw.exec("PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144"))
            return 1;
        double loadMs = 0;
        if (lines > kRecommendAtLines) {
            kOutput.progress(u"writing the first %1 order lines"_s.arg(kRecommendAtLines));
            if (!generator.addOrders(raw, kRecommendAtLines))
                return 1;
            loadMs += elapsedMs(timer);
            if (!rebuildSummaries(out, database, false)
                || !measureRecommend(out, database, raw, shop.admin, context.runs, generator.lines()))
                return 1;
            recommendMeasured = true;
            timer.start();
        }
        kOutput.progress(u"writing %1 order lines over %2 days"_s.arg(lines).arg(ReportsGenerator::kDays));
        if (!generator.addOrders(raw, lines))
            return 1;
        loadMs += elapsedMs(timer);
        if (!raw.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_checkpoint(TRUNCATE)"))
            return 1;
        kOutput.progress(u"%1 orders, %2 lines, %3 returns"_s.arg(generator.orders()).arg(generator.lines())
                     .arg(generator.refunds()));
        ScenarioOutput::writeCount(out, u"lines"_s, double(generator.lines()), u"lines"_s);
        ScenarioOutput::writeCount(out, u"orders"_s, double(generator.orders()), u"orders"_s);
        ScenarioOutput::writeCount(out, u"generate_s"_s, loadMs / 1000.0, u"s"_s);
        kOutput.progress(u"filling the summaries"_s);
        if (!rebuildSummaries(out, database, true))
            return 1;
    }
    if (!recommendMeasured && !measureRecommend(out, database, raw, shop.admin, context.runs, lines))
        return 1;

    const ReportRange range{shop.firstDay, shop.lastDay};
    const QByteArray from = shop.firstDay.toString(Qt::ISODate).toLatin1();
    const QByteArray to = shop.lastDay.toString(Qt::ISODate).toLatin1();
    ReportService reports(database);
    const Result<SalesReport> byDay = Database::wait(reports.sales(shop.admin, range, ReportGrouping::Day));
    if (!byDay) {
        kOutput.failWith(byDay.error());
        return 1;
    }
    const bool agree = totalsAgree(byDay.value(), raw, from, to);
    kOutput.progress(u"reports from %1 to %2"_s.arg(QString::fromLatin1(from), QString::fromLatin1(to)));
    for (const RawReport &report : rawReports()) {
        const QString metric = QString::fromLatin1(report.metric);
        const auto service = [&]() -> bool {
            if (report.grouping) {
                const Result<SalesReport> figures =
                    Database::wait(reports.sales(shop.admin, range, *report.grouping));
                if (!figures) {
                    kOutput.failWith(figures.error());
                    return false;
                }
                return true;
            }
            if (metric == u"top_products_ms"_s) {
                const Result<SalesReport> figures = Database::wait(reports.topProducts(shop.admin, range, kTopProducts));
                if (!figures)
                    kOutput.failWith(figures.error());
                return figures.ok();
            }
            const Result<InventoryValueReport> figures = Database::wait(reports.inventoryValue(shop.admin));
            if (!figures)
                kOutput.failWith(figures.error());
            return figures.ok();
        };
        const auto aggregate = [&]() -> bool {
            return runRaw(raw, report.sql, from, to) && (!report.refundsSql || runRaw(raw, report.refundsSql, from, to));
        };
        Measured times;
        if (!measure(context.runs, service, aggregate, times))
            return 1;
        writeTimes(out, metric, times);
    }
    ScenarioOutput::writeCount(out, u"totals_agree"_s, agree ? 1 : 0, u"bool"_s);
    kOutput.progress(u"storekeeper check"_s);
    const bool checked = kOutput.reportCheck(out, database);
    return agree && checked ? 0 : 1;
}

} // namespace

Scenario reportsScenario()
{
    return {"reports",
            "Every report of the Reports page over two years of orders through ReportService against the raw "
            "aggregate over the order lines through sqlite3; recommendations at a million lines.",
            addOptions, run};
}

} // namespace sk::bench
