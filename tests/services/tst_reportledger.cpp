// storekeeper-test: postgres
#include "tst_report_fixture.h"

#include "orders/OrderEvents.h"
#include "reports/ReportLedger.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

// The summary tables as the write path keeps them: a sale, a return with a
// restocked and a written-off line, a card refund that completes later; the
// rebuild from the lines gives the same rows; `storekeeper check` finds a
// summary row that differs from the lines and names it.
class TestReportLedger : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aSaleCountsInEverySummaryToTheCent();
    void aReturnCountsOnItsDayWithRestockAndWriteOff();
    void aCardRefundCountsPerTenderWhenItCompletes();
    void theRebuildGivesTheSameRowsAsTheWritePath();
    void theCheckNamesACorruptedSummaryRow();

private:
    // One row of a summary table as "a|b|c", or "" when there is none.
    QString row(const QString &sql, const QVariantList &values);
    // Every row of a product summary with its period, in key order.
    QString productRows(const QString &table, const QString &period);
    qint64 sellTheBasket();

    test::ReportFixture m_r;
    QString m_today;
};

void TestReportLedger::init()
{
    QVERIFY2(m_r.setUp(), qPrintable(m_r.m_f.m_testDb ? m_r.m_f.m_testDb->problem() : QString()));
    m_today = OrderEvents::businessDayText(QDateTime::currentDateTimeUtc());
}

void TestReportLedger::cleanup()
{
    m_r.tearDown();
}

QString TestReportLedger::row(const QString &sql, const QVariantList &values)
{
    Result<QString> text = Database::wait(m_r.m_f.m_db->read([sql, values](Connection &c) -> Result<QString> {
        Result<QSqlQuery> query = c.exec(sql, values);
        if (!query)
            return query.error();
        if (!query.value().next())
            return QString();
        QStringList fields;
        for (int i = 0; i < query.value().record().count(); ++i)
            fields.append(query.value().value(i).toString());
        return fields.join(u'|');
    }));
    return text ? text.value() : why(text);
}

// 2 x 19.99 shirts (8 %, Shirts), 3 x 4.35 tea (5 %, the vendor's, no
// category), 1 x 10.00 mug (8 %, the shop's, no category), in cash.
// Lines: 39.98 + 3.20 = 43.18; 13.05 + 0.65 = 13.70; 10.00 + 0.80 = 10.80.
QString TestReportLedger::productRows(const QString &table, const QString &period)
{
    const QString sql = u"SELECT %2, product_id, category_id, vendor_id, units, net_cents, discount_cents, "
                        "tax_cents, refunded_units, refund_cents, refund_tax_cents FROM %1 "
                        "ORDER BY product_id, category_id, vendor_id"_s.arg(table, period);
    Result<QString> text = Database::wait(m_r.m_f.m_db->read([sql](Connection &c) -> Result<QString> {
        Result<QSqlQuery> query = c.exec(sql);
        if (!query)
            return query.error();
        QStringList lines;
        while (query.value().next()) {
            QStringList fields;
            for (int i = 0; i < query.value().record().count(); ++i)
                fields.append(query.value().value(i).toString());
            lines.append(fields.join(u'|'));
        }
        return lines.join(u'\n');
    }));
    return text ? text.value() : why(text);
}

qint64 TestReportLedger::sellTheBasket()
{
    return m_r.sell({{u"OX-1"_s, 2}, {u"GYO-1"_s, 3}, {u"MUG-1"_s, 1}});
}

void TestReportLedger::aSaleCountsInEverySummaryToTheCent()
{
    const qint64 orderId = sellTheBasket();
    QVERIFY(orderId > 0);
    QCOMPARE(m_r.m_f.scalar(u"SELECT business_day FROM orders WHERE id = ?"_s, {orderId}).toString(), m_today);

    // orders, units, subtotal, discount, tax, shipping, total, refunds...
    QCOMPARE(row(u"SELECT orders, units, subtotal_cents, discount_cents, tax_cents, shipping_cents, total_cents, "
                 "refunds, refunded_units, refund_cents, refund_tax_cents FROM report_day WHERE day = ? AND channel = ?"_s,
                 {m_today, u"in_store"_s}),
             u"1|6|6303|0|465|0|6768|0|0|0|0"_s);
    const QString lineSql = u"SELECT units, net_cents, discount_cents, tax_cents, refunded_units, refund_cents, "
                            "refund_tax_cents FROM %1 WHERE day = ? AND %2 = ?"_s;
    QCOMPARE(row(lineSql.arg(u"report_category_day"_s, u"category_id"_s), {m_today, m_r.m_shirts}),
             u"2|3998|0|320|0|0|0"_s);
    QCOMPARE(row(lineSql.arg(u"report_category_day"_s, u"category_id"_s), {m_today, 0}), u"4|2305|0|145|0|0|0"_s);
    QCOMPARE(row(lineSql.arg(u"report_vendor_day"_s, u"vendor_id"_s), {m_today, m_r.m_f.m_vendorId}),
             u"3|1305|0|65|0|0|0"_s);
    QCOMPARE(row(lineSql.arg(u"report_vendor_day"_s, u"vendor_id"_s), {m_today, 0}), u"3|4998|0|400|0|0|0"_s);
    const qint64 teaProduct =
        m_r.m_f.scalar(u"SELECT product_id FROM product_variants WHERE id = ?"_s, {m_r.m_tea}).toLongLong();
    QCOMPARE(row(u"SELECT category_id, vendor_id, units, net_cents, tax_cents FROM report_product_day "
                 "WHERE day = ? AND product_id = ?"_s,
                 {m_today, teaProduct}),
             u"0|%1|3|1305|65"_s.arg(m_r.m_f.m_vendorId));
    QCOMPARE(m_r.m_f.count(u"report_product_day"_s), 3);
    // The month rollup holds the same rows under this month.
    const QString month = m_today.left(7);
    QCOMPARE(productRows(u"report_product_month"_s, u"month"_s),
             productRows(u"report_product_day"_s, u"SUBSTR(day, 1, 7)"_s));
    QCOMPARE(row(u"SELECT units, net_cents, tax_cents FROM report_product_month WHERE month = ? AND product_id = ?"_s,
                 {month, teaProduct}),
             u"3|1305|65"_s);
    QCOMPARE(row(u"SELECT orders, units, net_cents, discount_cents, tax_cents, total_cents, refunds, refund_cents "
                 "FROM report_clerk_day WHERE day = ? AND clerk_id = ?"_s,
                 {m_today, m_r.m_f.m_clerk.userId}),
             u"1|6|6303|0|465|6768|0|0"_s);
    QCOMPARE(row(u"SELECT payments, amount_cents, refunds, refund_cents FROM report_tender_day "
                 "WHERE day = ? AND tender = 'cash'"_s,
                 {m_today}),
             u"1|6768|0|0"_s);

    // A second sale adds to the same rows.
    QVERIFY(m_r.sell({{u"MUG-1"_s, 2}}, u"card"_s) > 0);
    QCOMPARE(row(u"SELECT orders, units, subtotal_cents, tax_cents, total_cents FROM report_day WHERE day = ?"_s,
                 {m_today}),
             u"2|8|8303|625|8928"_s);
    QCOMPARE(row(u"SELECT payments, amount_cents FROM report_tender_day WHERE day = ? AND tender = 'card'"_s,
                 {m_today}),
             u"1|2160"_s);
    const IntegrityCheck::Finding check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));
    QVERIFY2(m_r.failedChecks().isEmpty(), qPrintable(m_r.failedChecks()));
}

void TestReportLedger::aReturnCountsOnItsDayWithRestockAndWriteOff()
{
    const qint64 orderId = sellTheBasket();
    QVERIFY(orderId > 0);
    // One shirt back on the shelf: 43.18 / 2 = 21.59 (tax 1.60); one tea
    // written off: 13.70 / 3 = 4.57 (tax 0.65 / 3 = 0.22). 26.16 in cash.
    Result<ReturnResult> done =
        m_r.giveBack(orderId, {{m_r.itemOf(orderId, m_r.m_shirt), 1, ReturnDisposition::Restock, {}},
                               {m_r.itemOf(orderId, m_r.m_tea), 1, ReturnDisposition::WriteOff, u"Broken seal"_s}});
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(done->amount, Money(2616, u"USD"));
    QCOMPARE(m_r.m_f.scalar(u"SELECT business_day FROM refunds"_s).toString(), m_today);

    QCOMPARE(row(u"SELECT orders, total_cents, refunds, refunded_units, refund_cents, refund_tax_cents "
                 "FROM report_day WHERE day = ?"_s,
                 {m_today}),
             u"1|6768|1|2|2616|182"_s);
    const QString lineSql = u"SELECT units, net_cents, refunded_units, refund_cents, refund_tax_cents FROM %1 "
                            "WHERE day = ? AND %2 = ?"_s;
    QCOMPARE(row(lineSql.arg(u"report_category_day"_s, u"category_id"_s), {m_today, m_r.m_shirts}),
             u"2|3998|1|2159|160"_s);
    QCOMPARE(row(lineSql.arg(u"report_category_day"_s, u"category_id"_s), {m_today, 0}), u"4|2305|1|457|22"_s);
    QCOMPARE(row(lineSql.arg(u"report_vendor_day"_s, u"vendor_id"_s), {m_today, m_r.m_f.m_vendorId}),
             u"3|1305|1|457|22"_s);
    QCOMPARE(row(lineSql.arg(u"report_vendor_day"_s, u"vendor_id"_s), {m_today, 0}), u"3|4998|1|2159|160"_s);
    QCOMPARE(row(u"SELECT refunds, refund_cents FROM report_clerk_day WHERE day = ? AND clerk_id = ?"_s,
                 {m_today, m_r.m_f.m_clerk.userId}),
             u"1|2616"_s);
    QCOMPARE(row(u"SELECT payments, amount_cents, refunds, refund_cents FROM report_tender_day "
                 "WHERE day = ? AND tender = 'cash'"_s,
                 {m_today}),
             u"1|6768|1|2616"_s);
    // The written-off tea stays off the shelf; the shirt came back.
    QCOMPARE(m_r.m_f.onHand(m_r.m_shirt, m_r.m_f.m_store), 49);
    QCOMPARE(m_r.m_f.onHand(m_r.m_tea, m_r.m_f.m_store), 47);

    QCOMPARE(productRows(u"report_product_month"_s, u"month"_s),
             productRows(u"report_product_day"_s, u"SUBSTR(day, 1, 7)"_s));

    // The rest of the order: counted as a second return.
    done = m_r.giveBack(orderId, {{m_r.itemOf(orderId, m_r.m_shirt), 1, ReturnDisposition::Restock, {}},
                                  {m_r.itemOf(orderId, m_r.m_tea), 2, ReturnDisposition::Restock, {}},
                                  {m_r.itemOf(orderId, m_r.m_mug), 1, ReturnDisposition::Restock, {}}});
    QVERIFY2(done.ok(), qPrintable(why(done)));
    QCOMPARE(row(u"SELECT refunds, refunded_units, refund_cents, refund_tax_cents FROM report_day WHERE day = ?"_s,
                 {m_today}),
             u"2|6|6768|465"_s);
    QCOMPARE(row(u"SELECT SUM(units), SUM(refunded_units), SUM(refund_cents), SUM(refund_tax_cents) "
                 "FROM report_product_month WHERE month = ?"_s,
                 {m_today.left(7)}),
             u"6|6|6768|465"_s);
    QCOMPARE(productRows(u"report_product_month"_s, u"month"_s),
             productRows(u"report_product_day"_s, u"SUBSTR(day, 1, 7)"_s));
    const IntegrityCheck::Finding check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));
    QVERIFY2(m_r.failedChecks().isEmpty(), qPrintable(m_r.failedChecks()));
}

void TestReportLedger::aCardRefundCountsPerTenderWhenItCompletes()
{
    const qint64 orderId = m_r.sell({{u"MUG-1"_s, 1}}, u"card"_s);
    QVERIFY(orderId > 0);
    // The gateway cannot be reached: the goods are back and the money owed,
    // so the day counts the return, but no card money has moved yet.
    m_r.m_simulator->setBehaviour(GatewaySimulator::Mode::Unavailable, 100);
    Result<ReturnResult> done =
        m_r.giveBack(orderId, {{m_r.itemOf(orderId, m_r.m_mug), 1, ReturnDisposition::Restock, {}}});
    QVERIFY(!done.ok());
    QCOMPARE(done.error().code, ErrorCode::Unavailable);
    QCOMPARE(m_r.m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"pending"_s);
    QCOMPARE(row(u"SELECT refunds, refund_cents FROM report_day WHERE day = ?"_s, {m_today}), u"1|1080"_s);
    QCOMPARE(row(u"SELECT payments, amount_cents, refunds, refund_cents FROM report_tender_day "
                 "WHERE day = ? AND tender = 'card'"_s,
                 {m_today}),
             u"1|1080|0|0"_s);
    IntegrityCheck::Finding check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));

    m_r.m_simulator->setBehaviour(GatewaySimulator::Mode::Approve, 100);
    const qint64 refundId = m_r.m_f.scalar(u"SELECT id FROM refunds"_s).toLongLong();
    const Status sent = QCoro::waitFor(m_r.m_payments->sendRefund(m_r.m_f.m_clerk, refundId));
    QVERIFY2(sent.ok(), qPrintable(why(sent)));
    QCOMPARE(m_r.m_f.scalar(u"SELECT status FROM refunds"_s).toString(), u"completed"_s);
    QCOMPARE(row(u"SELECT payments, amount_cents, refunds, refund_cents FROM report_tender_day "
                 "WHERE day = ? AND tender = 'card'"_s,
                 {m_today}),
             u"1|1080|1|1080"_s);
    // Sending it again changes nothing.
    const Status again = QCoro::waitFor(m_r.m_payments->sendRefund(m_r.m_f.m_clerk, refundId));
    Q_UNUSED(again);
    QCOMPARE(row(u"SELECT refunds, refund_cents FROM report_tender_day WHERE day = ? AND tender = 'card'"_s,
                 {m_today}),
             u"1|1080"_s);
    QCOMPARE(row(u"SELECT refunds, refund_cents FROM report_day WHERE day = ?"_s, {m_today}), u"1|1080"_s);
    check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));
    QVERIFY2(m_r.failedChecks().isEmpty(), qPrintable(m_r.failedChecks()));
}

void TestReportLedger::theRebuildGivesTheSameRowsAsTheWritePath()
{
    const qint64 first = sellTheBasket();
    const qint64 second = m_r.sell({{u"OX-1"_s, 1}, {u"GYO-1"_s, 5}}, u"card"_s);
    QVERIFY(first > 0 && second > 0);
    QVERIFY(m_r.sell({{u"MUG-1"_s, 3}}) > 0);
    QVERIFY(m_r.giveBack(first, {{m_r.itemOf(first, m_r.m_tea), 2, ReturnDisposition::WriteOff, u"Spilled"_s}},
                         RefundDestination::Cash)
                .ok());
    QVERIFY(m_r.giveBack(second, {{m_r.itemOf(second, m_r.m_shirt), 1, ReturnDisposition::Restock, {}}}).ok());
    const QMap<QString, QString> incremental = m_r.summaries();
    QVERIFY(!incremental.value(u"report_product_day"_s).isEmpty());
    const QString months = productRows(u"report_product_month"_s, u"month"_s);
    QCOMPARE(months, productRows(u"report_product_day"_s, u"SUBSTR(day, 1, 7)"_s));

    const Status rebuilt = Database::wait(
        m_r.m_f.m_db->write([](Connection &c) { return ReportLedger::rebuildInTransaction(c); }));
    QVERIFY2(rebuilt.ok(), qPrintable(why(rebuilt)));
    const QMap<QString, QString> fromLines = m_r.summaries();
    for (auto it = incremental.cbegin(); it != incremental.cend(); ++it)
        QCOMPARE(fromLines.value(it.key()), it.value());
    QCOMPARE(productRows(u"report_product_month"_s, u"month"_s), months);
    const IntegrityCheck::Finding check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));
}

void TestReportLedger::theCheckNamesACorruptedSummaryRow()
{
    QVERIFY(sellTheBasket() > 0);
    IntegrityCheck::Finding check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));

    // One cent too much on a category's net.
    QVERIFY(m_r.m_f.run(u"UPDATE report_category_day SET net_cents = net_cents + 1 WHERE category_id = ?"_s,
                        {m_r.m_shirts})
                .ok());
    check = m_r.summaryCheck();
    QVERIFY(!check.passed);
    QVERIFY2(check.message.contains(u"report_category_day"_s), qPrintable(check.message));
    QVERIFY2(check.message.contains(u"category_id %1"_s.arg(m_r.m_shirts)), qPrintable(check.message));
    QVERIFY2(check.message.contains(u"net_cents = 3999"_s), qPrintable(check.message));
    QVERIFY2(check.message.contains(u"3998"_s), qPrintable(check.message));

    // A missing row, and a row no order accounts for.
    auto rebuild = [this] {
        return Database::wait(
            m_r.m_f.m_db->write([](Connection &c) { return ReportLedger::rebuildInTransaction(c); }));
    };
    QVERIFY(rebuild().ok());
    QVERIFY(m_r.summaryCheck().passed);
    QVERIFY(m_r.m_f.run(u"DELETE FROM report_tender_day"_s).ok());
    check = m_r.summaryCheck();
    QVERIFY(!check.passed);
    QVERIFY2(check.message.contains(u"report_tender_day"_s) && check.message.contains(u"tender cash"_s),
             qPrintable(check.message));
    QVERIFY(rebuild().ok());
    QVERIFY(m_r.m_f.run(u"INSERT INTO report_vendor_day (day, vendor_id, units) VALUES ('2020-01-01', 0, 1)"_s).ok());
    check = m_r.summaryCheck();
    QVERIFY(!check.passed);
    QVERIFY2(check.message.contains(u"report_vendor_day"_s) && check.message.contains(u"2020-01-01"_s),
             qPrintable(check.message));
    QVERIFY(rebuild().ok());
    // The month rollup is checked too: a unit too few in this month.
    QVERIFY(m_r.m_f.run(u"UPDATE report_product_month SET units = units - 1 WHERE product_id = (SELECT product_id "
                        "FROM product_variants WHERE id = ?)"_s,
                        {m_r.m_shirt})
                .ok());
    check = m_r.summaryCheck();
    QVERIFY(!check.passed);
    QVERIFY2(check.message.contains(u"report_product_month"_s) && check.message.contains(m_today.left(7))
                 && check.message.contains(u"units = 1"_s),
             qPrintable(check.message));
    QVERIFY(rebuild().ok());
    QVERIFY(m_r.m_f.run(u"INSERT INTO report_product_month (month, product_id, category_id, vendor_id, units) "
                        "VALUES ('2020-01', 1, 0, 0, 1)"_s)
                .ok());
    check = m_r.summaryCheck();
    QVERIFY(!check.passed);
    QVERIFY2(check.message.contains(u"report_product_month"_s) && check.message.contains(u"month 2020-01"_s),
             qPrintable(check.message));
    QVERIFY(rebuild().ok());
    check = m_r.summaryCheck();
    QVERIFY2(check.passed, qPrintable(check.message));
}

QTEST_GUILESS_MAIN(TestReportLedger)
#include "tst_reportledger.moc"
