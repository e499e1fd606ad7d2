// storekeeper-test: postgres
#include "TestDatabase.h"
#include "db/Database.h"
#include "maintenance/DemoShop.h"
#include "maintenance/IntegrityCheck.h"
#include "reports/ReportService.h"

#include <QElapsedTimer>
#include <QMap>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher fastHasher({10, 8, 1});

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}
constexpr int kDays = 10;

DemoShop::Options historyOptions()
{
    DemoShop::Options options;
    options.products = 200;
    options.historyDays = kDays;
    return options;
}

} // namespace

// The demo shop's past: days of register sales, returns, online orders and
// reviews made through the services, then moved back to their days.
class TestDemoHistory : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void makesDaysOfTradingThatAgreeWithTheReports();
    void aForcedFillAddsNoSecondHistory();
    void stoppingKeepsTheDaysMade();

private:
    Result<DemoShop::Summary> fill(DemoShop::Options options);
    qint64 number(const QString &sql, const QVariantList &values = {});
    void verifyIntegrity();
    void verifyOrdersSpreadOverTheirDay();

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
};

void TestDemoHistory::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
}

void TestDemoHistory::cleanup()
{
    m_db.reset();
    m_testDb.reset();
}

Result<DemoShop::Summary> TestDemoHistory::fill(DemoShop::Options options)
{
    return Database::wait(DemoShop(m_db, fastHasher).fill(std::move(options)));
}

qint64 TestDemoHistory::number(const QString &sql, const QVariantList &values)
{
    const Result<QVariant> value =
        Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
    if (!value)
        qWarning() << why(value);
    return value.ok() ? value.value().toLongLong() : -1;
}

void TestDemoHistory::verifyIntegrity()
{
    const Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    for (const IntegrityCheck::Finding &finding : report->findings)
        QVERIFY2(finding.passed, qPrintable(finding.check + u": "_s + finding.message));
}

void TestDemoHistory::makesDaysOfTradingThatAgreeWithTheReports()
{
    QElapsedTimer timer;
    timer.start();
    const Result<DemoShop::Summary> summary = fill(historyOptions());
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    qDebug() << "demo with" << kDays << "days of history filled in" << timer.elapsed() << "ms:" << summary->sales
             << "sales," << summary->returns << "returns," << summary->onlineOrders << "online orders,"
             << summary->reviews << "reviews";
    QCOMPARE(summary->historyDays, kDays);
    QVERIFY(!summary->historyCancelled);
    QVERIFY(summary->sales >= 8 * kDays);
    QCOMPARE(number(u"SELECT COUNT(*) FROM orders WHERE channel = 'in_store'"_s), qint64(summary->sales));
    QCOMPARE(number(u"SELECT COUNT(*) FROM orders WHERE channel = 'online'"_s), qint64(summary->onlineOrders));

    // Ten past days, yesterday the last, none today.
    const QDate today = QDate::currentDate();
    QCOMPARE(number(u"SELECT COUNT(DISTINCT business_day) FROM orders"_s), qint64(kDays));
    QCOMPARE(number(u"SELECT COUNT(*) FROM orders WHERE business_day IS NOT NULL AND (business_day < ? OR "
                    "business_day > ?)"_s,
                    {today.addDays(-kDays).toString(Qt::ISODate), today.addDays(-1).toString(Qt::ISODate)}),
             0);
    QCOMPARE(number(u"SELECT COUNT(DISTINCT opened_at) FROM shifts"_s), qint64(kDays));
    QCOMPARE(number(u"SELECT COUNT(*) FROM shifts WHERE closed_at IS NULL"_s), 0);
    // Every row of a day's work moved with it.
    QCOMPARE(number(u"SELECT COUNT(*) FROM orders o WHERE o.business_day IS NOT NULL AND o.business_day <> "
                    "(SELECT MIN(r.business_day) FROM orders r WHERE r.id = o.id)"_s),
             0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM payments WHERE created_at > ?"_s,
                    {QDateTime(today, QTime(0, 0)).addSecs(-60)}),
             0);

    // Returns, restocked and written off; online orders delivered and a few
    // cancelled; reviews mostly approved.
    QVERIFY(summary->returns > 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM refunds"_s) >= summary->returns, true);
    QVERIFY(number(u"SELECT COUNT(*) FROM refunds WHERE business_day IS NULL"_s) == 0);
    QVERIFY(number(u"SELECT COUNT(*) FROM orders WHERE channel = 'online' AND status = 'delivered' AND "
                   "tracking_number <> ''"_s)
            > 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM reviews"_s), qint64(summary->reviews));
    QVERIFY(summary->reviews > 0);
    QVERIFY(number(u"SELECT COUNT(*) FROM reviews WHERE status = 'approved'"_s) * 2 > summary->reviews);

    // The report by day: one row per day, each the sum of its orders.
    const qint64 admin = number(u"SELECT id FROM users WHERE email = ?"_s, {QString::fromLatin1(DemoShop::AdminEmail)});
    Session owner;
    owner.userId = admin;
    owner.role = Role::Admin;
    const Result<SalesReport> report = Database::wait(
        ReportService(m_db).sales(owner, ReportRange{today.addDays(-kDays - 5), today}, ReportGrouping::Day));
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->rows.size(), kDays);
    qint64 reportTotal = 0;
    for (const SalesReportRow &row : report->rows) {
        const qint64 orders = number(u"SELECT COALESCE(SUM(total_cents), 0) FROM orders WHERE business_day = ?"_s,
                                     {row.periodStart.toString(Qt::ISODate)});
        QCOMPARE(row.total.minorUnits(), orders);
        QCOMPARE(row.orders, number(u"SELECT COUNT(*) FROM orders WHERE business_day = ?"_s,
                                    {row.periodStart.toString(Qt::ISODate)}));
        reportTotal += row.total.minorUnits();
    }
    QCOMPARE(reportTotal, number(u"SELECT SUM(total_cents) FROM orders WHERE business_day IS NOT NULL"_s));
    QVERIFY(number(u"SELECT COUNT(*) FROM product_pairs"_s) > 0);
    verifyOrdersSpreadOverTheirDay();
    verifyIntegrity();
}

void TestDemoHistory::verifyOrdersSpreadOverTheirDay()
{
    struct Stamp {
        QString day;
        QDateTime at;
        bool inStore = false;
    };
    const Result<QList<Stamp>> read = Database::wait(m_db->read([](Connection &c) -> Result<QList<Stamp>> {
        Result<QSqlQuery> rows = c.exec(u"SELECT business_day, created_at, channel FROM orders ORDER BY id"_s);
        if (!rows)
            return rows.error();
        QList<Stamp> stamps;
        QSqlQuery &query = rows.value();
        while (query.next())
            stamps.append({query.value(0).toString(), query.value(1).toDateTime(),
                           query.value(2).toString() == u"in_store"_s});
        return stamps;
    }));
    QVERIFY2(read.ok(), qPrintable(why(read)));
    QMap<QString, QList<Stamp>> byDay;
    for (const Stamp &stamp : read.value())
        if (!stamp.day.isEmpty())
            byDay[stamp.day].append(stamp);
    QCOMPARE(byDay.size(), kDays);
    for (auto day = byDay.cbegin(); day != byDay.cend(); ++day) {
        QSet<QTime> minutes;
        QDateTime last;
        for (const Stamp &stamp : day.value()) {
            const QDateTime local = stamp.at.toLocalTime();
            QCOMPARE(local.date().toString(Qt::ISODate), day.key());
            // In the order they were made.
            QVERIFY2(!last.isValid() || last <= stamp.at, qPrintable(day.key()));
            last = stamp.at;
            if (stamp.inStore) {
                QVERIFY2(local.time() >= QTime(9, 0) && local.time() < QTime(18, 0),
                         qPrintable(local.toString(Qt::ISODate)));
                minutes.insert(QTime(local.time().hour(), local.time().minute()));
            }
        }
        // Eight or more sales a day over nine hours: not all in one minute.
        QVERIFY2(minutes.size() >= 4, qPrintable(day.key()));
    }
}

void TestDemoHistory::aForcedFillAddsNoSecondHistory()
{
    QVERIFY(fill(historyOptions()).ok());
    const qint64 orders = number(u"SELECT COUNT(*) FROM orders"_s);
    const qint64 reviews = number(u"SELECT COUNT(*) FROM reviews"_s);
    DemoShop::Options options = historyOptions();
    options.force = true;
    const Result<DemoShop::Summary> again = fill(options);
    QVERIFY2(again.ok(), qPrintable(why(again)));
    QCOMPARE(again->historyDays, 0);
    QCOMPARE(number(u"SELECT COUNT(*) FROM orders"_s), orders);
    QCOMPARE(number(u"SELECT COUNT(*) FROM reviews"_s), reviews);
    verifyIntegrity();
}

void TestDemoHistory::stoppingKeepsTheDaysMade()
{
    DemoShop::Options options = historyOptions();
    int lastTotal = 0;
    int calls = 0;
    options.progress = [&](int done, int total) {
        lastTotal = total;
        ++calls;
        // Stop after the history's third day (the last four steps are days).
        return done < total - kDays - 1 + 3;
    };
    const Result<DemoShop::Summary> summary = fill(options);
    QVERIFY2(summary.ok(), qPrintable(why(summary)));
    QVERIFY(summary->historyCancelled);
    QCOMPARE(summary->historyDays, 3);
    QCOMPARE(number(u"SELECT COUNT(DISTINCT business_day) FROM orders"_s), 3);
    QVERIFY(summary->products > 0);
    verifyIntegrity();
}

QTEST_GUILESS_MAIN(TestDemoHistory)
#include "tst_demohistory.moc"
