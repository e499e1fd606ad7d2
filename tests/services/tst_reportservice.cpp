// storekeeper-test: postgres
#include "tst_report_fixture.h"

#include "orders/OrderEvents.h"
#include "reports/ReportService.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

Q_DECLARE_METATYPE(sk::ReportGrouping)

namespace {

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

} // namespace

// The figures of the Reports page and `storekeeper report`, read from the
// summaries: exact cents per grouping, the same totals in every grouping and
// in the orders themselves, a vendor's own figures, ISO weeks, validation.
class TestReportService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void totalsAgreeAcrossGroupingsAndWithTheOrders_data();
    void totalsAgreeAcrossGroupingsAndWithTheOrders();
    void rowsByCategoryVendorClerkAndTenderToTheCent();
    void vendorsSeeTheirOwnProductsOnly();
    void badRangesAreRefused_data();
    void badRangesAreRefused();
    void weeksAreIsoWeeksAndMonthsCalendarMonths();
    void shippingHasARowOfItsOwnByCategory();
    void topProductsBestFirst();
    void longRangesAddWholeMonthsToTheEdgeDays_data();
    void longRangesAddWholeMonthsToTheEdgeDays();
    void inventoryValueByCategory();

private:
    void sellAndReturn();
    void fillProductHistory();
    Result<SalesReport> sales(ReportGrouping grouping, const Session *actor = nullptr);
    ReportRange today() const { return {m_today, m_today}; }

    test::ReportFixture m_r;
    std::unique_ptr<ReportService> m_reports;
    QDate m_today;
};

void TestReportService::init()
{
    QVERIFY2(m_r.setUp(), qPrintable(m_r.m_f.m_testDb ? m_r.m_f.m_testDb->problem() : QString()));
    m_reports = std::make_unique<ReportService>(m_r.m_f.m_db);
    m_today = OrderEvents::businessDay(QDateTime::currentDateTimeUtc());
}

void TestReportService::cleanup()
{
    m_reports.reset();
    m_r.tearDown();
}

Result<SalesReport> TestReportService::sales(ReportGrouping grouping, const Session *actor)
{
    return Database::wait(m_reports->sales(actor ? *actor : m_r.m_f.m_admin, today(), grouping));
}

// Three sales (cash, card, cash) and two returns, one written off.
void TestReportService::sellAndReturn()
{
    const qint64 basket = m_r.sell({{u"OX-1"_s, 2}, {u"GYO-1"_s, 3}, {u"MUG-1"_s, 1}});
    const qint64 card = m_r.sell({{u"OX-1"_s, 1}, {u"GYO-1"_s, 5}}, u"card"_s);
    QVERIFY(basket > 0 && card > 0);
    QVERIFY(m_r.sell({{u"MUG-1"_s, 3}}) > 0);
    Result<ReturnResult> back =
        m_r.giveBack(basket, {{m_r.itemOf(basket, m_r.m_tea), 1, ReturnDisposition::WriteOff, u"Broken seal"_s}});
    QVERIFY2(back.ok(), qPrintable(why(back)));
    back = m_r.giveBack(card, {{m_r.itemOf(card, m_r.m_shirt), 1, ReturnDisposition::Restock, {}}});
    QVERIFY2(back.ok(), qPrintable(why(back)));
}

void TestReportService::totalsAgreeAcrossGroupingsAndWithTheOrders_data()
{
    QTest::addColumn<ReportGrouping>("grouping");
    for (ReportGrouping grouping : {ReportGrouping::Day, ReportGrouping::Week, ReportGrouping::Month,
                                    ReportGrouping::Category, ReportGrouping::Vendor, ReportGrouping::Clerk,
                                    ReportGrouping::Product, ReportGrouping::Channel})
        QTest::newRow(qPrintable(reportGroupingName(grouping))) << grouping;
}

void TestReportService::totalsAgreeAcrossGroupingsAndWithTheOrders()
{
    QFETCH(ReportGrouping, grouping);
    sellAndReturn();
    Result<SalesReport> report = sales(grouping);
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->currency, u"USD"_s);
    QVERIFY(!report->rows.isEmpty());

    // Straight from the orders, lines and refund lines.
    const qint64 net = m_r.cents(u"SELECT SUM(subtotal_cents - discount_cents) FROM orders"_s);
    QCOMPARE(report->totals.net, usd(net));
    QCOMPARE(report->totals.tax, usd(m_r.cents(u"SELECT SUM(tax_cents) FROM orders"_s)));
    QCOMPARE(report->totals.total, usd(m_r.cents(u"SELECT SUM(total_cents) FROM orders"_s)));
    QCOMPARE(report->totals.discount, usd(m_r.cents(u"SELECT SUM(discount_cents) FROM orders"_s)));
    QCOMPARE(report->totals.units, m_r.cents(u"SELECT SUM(quantity) FROM order_items"_s));
    QCOMPARE(report->totals.refunds, usd(m_r.cents(u"SELECT SUM(amount_cents) FROM refund_lines"_s)));
    QCOMPARE(report->totals.netAfterRefunds, report->totals.total - report->totals.refunds);
    // 2 x 19.99 + 3 x 4.35 + 10.00, 19.99 + 5 x 4.35, 3 x 10.00.
    QCOMPARE(report->totals.net, usd(6303 + 4174 + 3000));

    // The totals row is the sum of the rows.
    SalesReportRow sum;
    sum.net = sum.tax = sum.total = sum.refunds = sum.discount = sum.shipping = sum.refundTax = usd(0);
    for (const SalesReportRow &row : std::as_const(report->rows)) {
        sum.orders += row.orders;
        sum.units += row.units;
        sum.net += row.net;
        sum.tax += row.tax;
        sum.total += row.total;
        sum.refunds += row.refunds;
        sum.refundTax += row.refundTax;
        sum.refundedUnits += row.refundedUnits;
        QCOMPARE(row.netAfterRefunds, row.total - row.refunds);
    }
    QCOMPARE(sum.orders, report->totals.orders);
    QCOMPARE(sum.units, report->totals.units);
    QCOMPARE(sum.net, report->totals.net);
    QCOMPARE(sum.tax, report->totals.tax);
    QCOMPARE(sum.total, report->totals.total);
    QCOMPARE(sum.refunds, report->totals.refunds);
    QCOMPARE(sum.refundTax, report->totals.refundTax);
    QCOMPARE(sum.refundedUnits, report->totals.refundedUnits);
    if (grouping != ReportGrouping::Category && grouping != ReportGrouping::Vendor
        && grouping != ReportGrouping::Product)
        QCOMPARE(report->totals.orders, 3);
    if (grouping != ReportGrouping::Clerk) {
        QCOMPARE(report->totals.refundTax, usd(m_r.cents(u"SELECT SUM(tax_cents) FROM refund_lines"_s)));
        QCOMPARE(report->totals.refundedUnits, 2);
    }
}

void TestReportService::rowsByCategoryVendorClerkAndTenderToTheCent()
{
    sellAndReturn();
    // Shirts: 3 x 19.99 = 59.97, tax 3.20 + 1.60; one returned from the card
    // sale: 19.99 + 1.60 = 21.59. No category: tea 8 x 4.35 = 34.80, tax
    // 0.65 + 1.09 (5 % of 21.75 = 1.0875); mugs 4 x 10.00, tax 0.80 + 2.40.
    Result<SalesReport> report = sales(ReportGrouping::Category);
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->rows.size(), 2);
    const SalesReportRow &none = report->rows.at(0);
    const SalesReportRow &shirts = report->rows.at(1);
    QCOMPARE(none.key, u"0"_s);
    QCOMPARE(none.label, u"No category"_s);
    QCOMPARE(none.units, 12);
    QCOMPARE(none.net, usd(3480 + 4000));
    QCOMPARE(none.tax, usd(65 + 109 + 80 + 240));
    QCOMPARE(none.total, none.net + none.tax);
    QCOMPARE(none.orders, 0);
    QCOMPARE(none.refundedUnits, 1);
    QCOMPARE(none.refunds, usd(457));
    QCOMPARE(shirts.key, QString::number(m_r.m_shirts));
    QCOMPARE(shirts.label, u"Clothing › Shirts"_s);
    QCOMPARE(shirts.units, 3);
    QCOMPARE(shirts.net, usd(5997));
    QCOMPARE(shirts.tax, usd(480));
    QCOMPARE(shirts.refunds, usd(2159));
    QCOMPARE(shirts.refundTax, usd(160));

    report = sales(ReportGrouping::Vendor);
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->rows.size(), 2);
    QCOMPARE(report->rows.at(0).label, u"The shop's own products"_s);
    QCOMPARE(report->rows.at(0).net, usd(5997 + 4000));
    QCOMPARE(report->rows.at(1).label, u"Acme"_s);
    QCOMPARE(report->rows.at(1).net, usd(3480));
    QCOMPARE(report->rows.at(1).tax, usd(174));
    QCOMPARE(report->rows.at(1).refunds, usd(457));

    report = sales(ReportGrouping::Clerk);
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->rows.size(), 1);
    QCOMPARE(report->rows.at(0).key, QString::number(m_r.m_f.m_clerk.userId));
    QCOMPARE(report->rows.at(0).label, u"Test User"_s);
    QCOMPARE(report->rows.at(0).orders, 3);
    QCOMPARE(report->rows.at(0).refunds, usd(457 + 2159));

    // Per tender: the money that moved (the card refund completed at once).
    report = sales(ReportGrouping::Tender);
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->rows.size(), 2);
    QCOMPARE(report->rows.at(0).key, u"cash"_s);
    QCOMPARE(report->rows.at(0).orders, 2);
    QCOMPARE(report->rows.at(0).total, usd(6768 + 3240));
    QCOMPARE(report->rows.at(0).refunds, usd(457));
    QCOMPARE(report->rows.at(1).key, u"card"_s);
    QCOMPARE(report->rows.at(1).total, usd(1999 + 160 + 2175 + 109));
    QCOMPARE(report->rows.at(1).refunds, usd(2159));

    report = sales(ReportGrouping::Channel);
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QCOMPARE(report->rows.size(), 1);
    QCOMPARE(report->rows.at(0).label, u"In store"_s);
}

void TestReportService::vendorsSeeTheirOwnProductsOnly()
{
    sellAndReturn();
    const Session &vendor = m_r.m_f.m_vendor;
    for (ReportGrouping grouping : {ReportGrouping::Day, ReportGrouping::Week, ReportGrouping::Month,
                                    ReportGrouping::Category, ReportGrouping::Product}) {
        Result<SalesReport> report = sales(grouping, &vendor);
        QVERIFY2(report.ok(), qPrintable(why(report)));
        QCOMPARE(report->rows.size(), 1);
        QCOMPARE(report->totals.units, 8);
        QCOMPARE(report->totals.net, usd(3480));
        QCOMPARE(report->totals.tax, usd(174));
        QCOMPARE(report->totals.total, usd(3654));
        QCOMPARE(report->totals.refunds, usd(457));
        QCOMPARE(report->totals.shipping, usd(0));
    }
    for (ReportGrouping grouping :
         {ReportGrouping::Vendor, ReportGrouping::Clerk, ReportGrouping::Tender, ReportGrouping::Channel}) {
        Result<SalesReport> report = sales(grouping, &vendor);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, ErrorCode::PermissionDenied);
    }
    Result<SalesReport> top = Database::wait(m_reports->topProducts(vendor, today(), 10));
    QVERIFY2(top.ok(), qPrintable(why(top)));
    QCOMPARE(top->rows.size(), 1);
    QCOMPARE(top->rows.at(0).label, u"Gyokuro tea"_s);

    Result<SalesReport> clerk = sales(ReportGrouping::Day, &m_r.m_f.m_clerk);
    QVERIFY(!clerk.ok());
    QCOMPARE(clerk.error().code, ErrorCode::PermissionDenied);
}

void TestReportService::badRangesAreRefused_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<QString>("words");
    QTest::newRow("from after to") << QDate(2026, 11, 2) << QDate(2026, 11, 1) << u"Swap the dates"_s;
    QTest::newRow("too long") << QDate(2000, 1, 1) << QDate(2026, 1, 1) << u"at most 3660 days"_s;
    QTest::newRow("no start") << QDate() << QDate(2026, 1, 1) << u"YYYY-MM-DD"_s;
}

void TestReportService::badRangesAreRefused()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(QString, words);
    Result<SalesReport> report =
        Database::wait(m_reports->sales(m_r.m_f.m_admin, ReportRange{from, to}, ReportGrouping::Day));
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, ErrorCode::InvalidInput);
    QVERIFY2(report.error().message.contains(words), qPrintable(report.error().message));
    // The longest range allowed is fine.
    const QDate start(2020, 1, 1);
    report = Database::wait(m_reports->sales(
        m_r.m_f.m_admin, ReportRange{start, start.addDays(ReportService::kMaxRangeDays - 1)}, ReportGrouping::Day));
    QVERIFY2(report.ok(), qPrintable(why(report)));
}

void TestReportService::weeksAreIsoWeeksAndMonthsCalendarMonths()
{
    // Summary rows as the write path leaves them; 2026 has 53 ISO weeks.
    const QStringList days{u"2026-12-28"_s, u"2026-12-31"_s, u"2027-01-01"_s, u"2027-01-04"_s, u"2027-02-01"_s};
    qint64 cents = 100;
    for (const QString &day : days) {
        QVERIFY(m_r.m_f.run(u"INSERT INTO report_day (day, channel, orders, units, subtotal_cents, tax_cents, "
                            "total_cents) VALUES (?, 'in_store', 1, 1, ?, 0, ?)"_s,
                            {day, cents, cents})
                    .ok());
        cents *= 2;
    }
    const ReportRange range{QDate(2026, 12, 1), QDate(2027, 2, 28)};
    Result<SalesReport> weeks = Database::wait(m_reports->sales(m_r.m_f.m_admin, range, ReportGrouping::Week));
    QVERIFY2(weeks.ok(), qPrintable(why(weeks)));
    QCOMPARE(weeks->rows.size(), 3);
    QCOMPARE(weeks->rows.at(0).key, u"2026-W53"_s);
    QCOMPARE(weeks->rows.at(0).periodStart, QDate(2026, 12, 28));
    QCOMPARE(weeks->rows.at(0).orders, 3);
    QCOMPARE(weeks->rows.at(0).total, usd(100 + 200 + 400));
    QCOMPARE(weeks->rows.at(1).key, u"2027-W01"_s);
    QCOMPARE(weeks->rows.at(1).periodStart, QDate(2027, 1, 4));
    QCOMPARE(weeks->rows.at(2).key, u"2027-W05"_s);
    QCOMPARE(weeks->totals.total, usd(3100));

    Result<SalesReport> months = Database::wait(m_reports->sales(m_r.m_f.m_admin, range, ReportGrouping::Month));
    QVERIFY2(months.ok(), qPrintable(why(months)));
    QCOMPARE(months->rows.size(), 3);
    QCOMPARE(months->rows.at(0).key, u"2026-12"_s);
    QCOMPARE(months->rows.at(0).total, usd(300));
    QCOMPARE(months->rows.at(1).key, u"2027-01"_s);
    QCOMPARE(months->rows.at(1).periodStart, QDate(2027, 1, 1));
    QCOMPARE(months->rows.at(1).total, usd(1200));
    QCOMPARE(months->rows.at(2).key, u"2027-02"_s);
    QCOMPARE(months->totals.total, usd(3100));

    // Both ends of the range are included, nothing outside it.
    Result<SalesReport> days2 = Database::wait(m_reports->sales(
        m_r.m_f.m_admin, ReportRange{QDate(2026, 12, 31), QDate(2027, 1, 1)}, ReportGrouping::Day));
    QVERIFY2(days2.ok(), qPrintable(why(days2)));
    QCOMPARE(days2->rows.size(), 2);
    QCOMPARE(days2->rows.at(0).periodStart, QDate(2026, 12, 31));
    QCOMPARE(days2->totals.total, usd(600));
}

void TestReportService::shippingHasARowOfItsOwnByCategory()
{
    // An online order of 40.00 + 3.20 tax + 5.99 shipping, as summarised.
    QVERIFY(m_r.m_f.run(u"INSERT INTO report_day (day, channel, orders, units, subtotal_cents, tax_cents, "
                        "shipping_cents, total_cents) VALUES ('2026-11-20', 'online', 1, 4, 4000, 320, 599, 4919)"_s)
                .ok());
    QVERIFY(m_r.m_f.run(u"INSERT INTO report_category_day (day, category_id, units, net_cents, tax_cents) "
                        "VALUES ('2026-11-20', 0, 4, 4000, 320)"_s)
                .ok());
    const ReportRange range{QDate(2026, 11, 1), QDate(2026, 11, 30)};
    Result<SalesReport> byDay = Database::wait(m_reports->sales(m_r.m_f.m_admin, range, ReportGrouping::Day));
    Result<SalesReport> byCategory =
        Database::wait(m_reports->sales(m_r.m_f.m_admin, range, ReportGrouping::Category));
    QVERIFY(byDay.ok() && byCategory.ok());
    QCOMPARE(byDay->totals.shipping, usd(599));
    QCOMPARE(byDay->totals.total, usd(4919));
    QCOMPARE(byCategory->rows.size(), 2);
    QCOMPARE(byCategory->rows.last().key, u"shipping"_s);
    QCOMPARE(byCategory->rows.last().total, usd(599));
    QCOMPARE(byCategory->totals.total, byDay->totals.total);
    QCOMPARE(byCategory->totals.shipping, byDay->totals.shipping);
}

void TestReportService::topProductsBestFirst()
{
    sellAndReturn();
    Result<SalesReport> top = Database::wait(m_reports->topProducts(m_r.m_f.m_admin, today(), 2));
    QVERIFY2(top.ok(), qPrintable(why(top)));
    QCOMPARE(top->rows.size(), 2);
    QCOMPARE(top->rows.at(0).label, u"Oxford shirt"_s);
    QCOMPARE(top->rows.at(0).net, usd(5997));
    QCOMPARE(top->rows.at(1).label, u"Tea mug"_s);
    QCOMPARE(top->rows.at(1).net, usd(4000));
    QCOMPARE(top->totals.net, usd(9997));
    Result<SalesReport> none = Database::wait(m_reports->topProducts(m_r.m_f.m_admin, today(), 0));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ErrorCode::InvalidInput);
}

// Product summaries for 2026-01-01 to 2027-03-31 as the write path leaves
// them: three products (the third the vendor's), on most days, with some
// refunds; the month rows are the days added up.
void TestReportService::fillProductHistory()
{
    const QDate first(2026, 1, 1);
    QStringList rows;
    for (qint64 d = 0; first.addDays(d) <= QDate(2027, 3, 31); ++d) {
        for (qint64 product = 1; product <= 3; ++product) {
            if ((d * 7 + product * 3) % 5 == 0)
                continue;
            const qint64 units = d % 13 + product;
            const qint64 refunded = d % 11 == 0 ? 1 : 0;
            rows.append(u"('%1', %2, %3, %4, %5, %6, %7, %8, %9, %10, %11)"_s
                            .arg(first.addDays(d).toString(Qt::ISODate))
                            .arg(product)
                            .arg(product == 1 ? m_r.m_shirts : 0)
                            .arg(product == 3 ? m_r.m_f.m_vendorId : 0)
                            .arg(units)
                            .arg(units * (100 + product * 37) + d)
                            .arg(d % 3)
                            .arg(units * 8 + product)
                            .arg(refunded)
                            .arg(refunded * (100 + product * 37))
                            .arg(refunded * 8));
        }
    }
    QVERIFY(m_r.m_f.run(u"INSERT INTO report_product_day (day, product_id, category_id, vendor_id, units, net_cents, "
                        "discount_cents, tax_cents, refunded_units, refund_cents, refund_tax_cents) VALUES "_s
                        + rows.join(u", "_s))
                .ok());
    QVERIFY(m_r.m_f.run(u"INSERT INTO report_product_month (month, product_id, category_id, vendor_id, units, "
                        "net_cents, discount_cents, tax_cents, refunded_units, refund_cents, refund_tax_cents) "
                        "SELECT SUBSTR(day, 1, 7), product_id, category_id, vendor_id, SUM(units), SUM(net_cents), "
                        "SUM(discount_cents), SUM(tax_cents), SUM(refunded_units), SUM(refund_cents), "
                        "SUM(refund_tax_cents) FROM report_product_day "
                        "GROUP BY SUBSTR(day, 1, 7), product_id, category_id, vendor_id"_s)
                .ok());
}

void TestReportService::longRangesAddWholeMonthsToTheEdgeDays_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::newRow("mid-month to mid-month") << QDate(2026, 1, 17) << QDate(2027, 2, 9);
    QTest::newRow("a whole year") << QDate(2026, 1, 1) << QDate(2026, 12, 31);
    QTest::newRow("a single day") << QDate(2026, 6, 14) << QDate(2026, 6, 14);
    QTest::newRow("first of a month to mid-month") << QDate(2026, 3, 1) << QDate(2026, 8, 20);
    QTest::newRow("mid-month to the end of a month") << QDate(2026, 2, 28) << QDate(2026, 4, 30);
    QTest::newRow("inside one month") << QDate(2026, 5, 2) << QDate(2026, 5, 30);
    QTest::newRow("one whole month") << QDate(2026, 2, 1) << QDate(2026, 2, 28);
    QTest::newRow("across a new year") << QDate(2026, 12, 31) << QDate(2027, 1, 1);
    QTest::newRow("past the history") << QDate(2025, 11, 15) << QDate(2027, 6, 15);
}

void TestReportService::longRangesAddWholeMonthsToTheEdgeDays()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    fillProductHistory();
    const ReportRange range{from, to};
    const QVariantList days{from.toString(Qt::ISODate), to.toString(Qt::ISODate)};
    // The day table's own sums for one product (or the vendor's products).
    auto expected = [&](const QString &column, const QString &filter, const QVariantList &values) {
        return m_r.cents(u"SELECT COALESCE(SUM(%1), 0) FROM report_product_day WHERE day >= ? AND day <= ? AND %2"_s
                             .arg(column, filter),
                         days + values);
    };
    auto compareRow = [&](const SalesReportRow &row, const QString &filter, const QVariantList &values) {
        QCOMPARE(row.units, expected(u"units"_s, filter, values));
        QCOMPARE(row.net, usd(expected(u"net_cents"_s, filter, values)));
        QCOMPARE(row.discount, usd(expected(u"discount_cents"_s, filter, values)));
        QCOMPARE(row.tax, usd(expected(u"tax_cents"_s, filter, values)));
        QCOMPARE(row.refundedUnits, expected(u"refunded_units"_s, filter, values));
        QCOMPARE(row.refunds, usd(expected(u"refund_cents"_s, filter, values)));
        QCOMPARE(row.refundTax, usd(expected(u"refund_tax_cents"_s, filter, values)));
    };

    Result<SalesReport> top = Database::wait(m_reports->topProducts(m_r.m_f.m_admin, range, 10));
    QVERIFY2(top.ok(), qPrintable(why(top)));
    QCOMPARE(top->rows.size(), 3);
    for (const SalesReportRow &row : std::as_const(top->rows))
        compareRow(row, u"product_id = ?"_s, {row.key.toLongLong()});
    QVERIFY(top->rows.at(0).net >= top->rows.at(1).net && top->rows.at(1).net >= top->rows.at(2).net);
    compareRow(top->totals, u"1 = 1"_s, {});

    Result<SalesReport> products =
        Database::wait(m_reports->sales(m_r.m_f.m_admin, range, ReportGrouping::Product));
    QVERIFY2(products.ok(), qPrintable(why(products)));
    QCOMPARE(products->rows.size(), 3);
    compareRow(products->totals, u"1 = 1"_s, {});

    // A vendor's products, by product and by category.
    for (ReportGrouping grouping : {ReportGrouping::Product, ReportGrouping::Category}) {
        Result<SalesReport> own = Database::wait(m_reports->sales(m_r.m_f.m_vendor, range, grouping));
        QVERIFY2(own.ok(), qPrintable(why(own)));
        QCOMPARE(own->rows.size(), 1);
        compareRow(own->rows.at(0), u"vendor_id = ?"_s, {m_r.m_f.m_vendorId});
    }
    Result<SalesReport> ownTop = Database::wait(m_reports->topProducts(m_r.m_f.m_vendor, range, 10));
    QVERIFY2(ownTop.ok(), qPrintable(why(ownTop)));
    QCOMPARE(ownTop->rows.size(), 1);
    QCOMPARE(ownTop->rows.at(0).key, u"3"_s);
    compareRow(ownTop->rows.at(0), u"product_id = 3"_s, {});
}

void TestReportService::inventoryValueByCategory()
{
    QVERIFY(m_r.m_f.run(u"UPDATE product_variants SET cost_cents = 1200 WHERE id = ?"_s, {m_r.m_shirt}).ok());
    Result<InventoryValueReport> value = Database::wait(m_reports->inventoryValue(m_r.m_f.m_admin));
    QVERIFY2(value.ok(), qPrintable(why(value)));
    QCOMPARE(value->rows.size(), 2);
    const InventoryValueRow &shirts = value->rows.at(0);
    QCOMPARE(shirts.category, u"Clothing › Shirts"_s);
    QCOMPARE(shirts.variants, 1);
    QCOMPARE(shirts.units, 50);
    QCOMPARE(shirts.costValue, usd(60000));
    QCOMPARE(shirts.retailValue, usd(99950));
    QCOMPARE(shirts.unitsWithoutCost, 0);
    const InventoryValueRow &none = value->rows.at(1);
    QCOMPARE(none.categoryId, 0);
    QCOMPARE(none.variants, 2);
    QCOMPARE(none.units, 100);
    QCOMPARE(none.costValue, usd(0));
    QCOMPARE(none.retailValue, usd(21750 + 50000));
    QCOMPARE(none.unitsWithoutCost, 100);
    QCOMPARE(value->totals.units, 150);
    QCOMPARE(value->totals.retailValue, usd(99950 + 71750));

    Result<InventoryValueReport> own = Database::wait(m_reports->inventoryValue(m_r.m_f.m_vendor));
    QVERIFY2(own.ok(), qPrintable(why(own)));
    QCOMPARE(own->rows.size(), 1);
    QCOMPARE(own->totals.units, 50);
    QCOMPARE(own->totals.retailValue, usd(21750));
}

QTEST_GUILESS_MAIN(TestReportService)
#include "tst_reportservice.moc"
