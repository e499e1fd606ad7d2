// "storekeeper report sales" and "report rebuild" as scripts use them: CSV
// and JSON output, the same totals whatever the grouping and the same as the
// orders, a vendor's own figures with --as, usage errors and failures.
// Sales are made through the real services; the real program reads them.
#include "../services/tst_report_fixture.h"

#include "orders/OrderEvents.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kTimeoutMs = 120'000;

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;

    QByteArray transcript() const
    {
        return u"exit %1\n--- stdout\n%2\n--- stderr\n%3"_s.arg(exitCode).arg(out, err).toUtf8();
    }
};

} // namespace

class TestCliReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void totalsAgreeAcrossGroupings();
    void csvHasAHeaderTheRowsAndATotalsRow();
    void vendorsSeeTheirOwnWithAs();
    void usageErrorsEndWithTwo_data();
    void usageErrorsEndWithTwo();
    void refusedReportsEndWithOne();
    void rebuildRepairsWhatCheckFound();

private:
    Outcome run(QStringList arguments) const;
    QJsonObject json(const QStringList &extra);

    QString m_program;
    std::unique_ptr<QTemporaryDir> m_home;
    test::ReportFixture m_r;
    QString m_today;
};

void TestCliReport::initTestCase()
{
    m_program = qEnvironmentVariable("STOREKEEPER_APP");
    if (m_program.isEmpty())
        m_program = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../app/storekeeper"_s);
    QVERIFY2(QFileInfo(m_program).isExecutable(), qPrintable(m_program));
}

void TestCliReport::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    QVERIFY2(m_r.setUp(), qPrintable(m_r.m_f.m_testDb ? m_r.m_f.m_testDb->problem() : QString()));
    m_today = OrderEvents::businessDayText(QDateTime::currentDateTimeUtc());
    // Three sales (cash, card, cash) and two returns, one written off.
    const qint64 basket = m_r.sell({{u"OX-1"_s, 2}, {u"GYO-1"_s, 3}, {u"MUG-1"_s, 1}});
    const qint64 card = m_r.sell({{u"OX-1"_s, 1}, {u"GYO-1"_s, 5}}, u"card"_s);
    QVERIFY(basket > 0 && card > 0);
    QVERIFY(m_r.sell({{u"MUG-1"_s, 3}}) > 0);
    QVERIFY(m_r.giveBack(basket, {{m_r.itemOf(basket, m_r.m_tea), 1, ReturnDisposition::WriteOff, u"Broken"_s}}).ok());
    QVERIFY(m_r.giveBack(card, {{m_r.itemOf(card, m_r.m_shirt), 1, ReturnDisposition::Restock, {}}}).ok());
}

void TestCliReport::cleanup()
{
    m_r.tearDown();
    m_home.reset();
}

Outcome TestCliReport::run(QStringList arguments) const
{
    arguments << u"--database"_s << m_r.m_f.m_testDb->url().toString();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    environment.insert(u"LANGUAGE"_s, u"en"_s);
    environment.remove(u"STOREKEEPER_DATABASE"_s);
    environment.insert(u"HOME"_s, m_home->path());
    environment.insert(u"XDG_DATA_HOME"_s, m_home->filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, m_home->filePath(u"config"_s));
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_home->path());
    process.start(m_program, arguments);
    process.closeWriteChannel();
    Outcome outcome;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        outcome.err = u"timed out"_s;
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.out = QString::fromUtf8(process.readAllStandardOutput());
    outcome.err = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}

QJsonObject TestCliReport::json(const QStringList &extra)
{
    const Outcome done =
        run(QStringList{u"report"_s, u"sales"_s, u"--from"_s, m_today, u"--to"_s, m_today, u"--format"_s, u"json"_s}
            + extra);
    if (done.exitCode != kExitOk) {
        qWarning().noquote() << done.transcript();
        return {};
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(done.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning().noquote() << error.errorString() << done.transcript();
    return document.object();
}

void TestCliReport::totalsAgreeAcrossGroupings()
{
    const qint64 net = m_r.cents(u"SELECT SUM(subtotal_cents - discount_cents) FROM orders"_s);
    const qint64 tax = m_r.cents(u"SELECT SUM(tax_cents) FROM orders"_s);
    const qint64 total = m_r.cents(u"SELECT SUM(total_cents) FROM orders"_s);
    const qint64 refunds = m_r.cents(u"SELECT SUM(amount_cents) FROM refund_lines"_s);
    QCOMPARE(net, 6303 + 4174 + 3000);
    for (const QString &grouping : {u"day"_s, u"week"_s, u"month"_s, u"category"_s, u"vendor"_s, u"clerk"_s,
                                    u"product"_s, u"channel"_s}) {
        const QJsonObject report = json({u"--group-by"_s, grouping});
        QVERIFY2(!report.isEmpty(), qPrintable(grouping));
        QCOMPARE(report.value(u"group_by"_s).toString(), grouping);
        QCOMPARE(report.value(u"currency"_s).toString(), u"USD"_s);
        QCOMPARE(report.value(u"from"_s).toString(), m_today);
        const QJsonObject totals = report.value(u"totals"_s).toObject();
        QCOMPARE(totals.value(u"net_cents"_s).toInteger(), net);
        QCOMPARE(totals.value(u"tax_cents"_s).toInteger(), tax);
        QCOMPARE(totals.value(u"total_cents"_s).toInteger(), total);
        QCOMPARE(totals.value(u"refund_cents"_s).toInteger(), refunds);
        QCOMPARE(totals.value(u"net_after_refunds_cents"_s).toInteger(), total - refunds);
        qint64 rowsNet = 0;
        for (const QJsonValue &row : report.value(u"rows"_s).toArray())
            rowsNet += row.toObject().value(u"net_cents"_s).toInteger();
        QCOMPARE(rowsNet, net);
    }
    const QJsonObject byCategory = json({u"--group-by"_s, u"category"_s});
    const QJsonArray rows = byCategory.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1).toObject().value(u"label"_s).toString(), u"Clothing › Shirts"_s);
    QCOMPARE(rows.at(1).toObject().value(u"net_cents"_s).toInteger(), 5997);
    QCOMPARE(json({}).value(u"rows"_s).toArray().at(0).toObject().value(u"period_start"_s).toString(), m_today);
}

void TestCliReport::csvHasAHeaderTheRowsAndATotalsRow()
{
    const Outcome done = run({u"report"_s, u"sales"_s, u"--from"_s, m_today, u"--to"_s, m_today, u"--group-by"_s,
                              u"vendor"_s});
    QVERIFY2(done.exitCode == kExitOk, done.transcript());
    const QStringList lines = done.out.split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), u"key,label,orders,units,net,discount,tax,shipping,total,refunded_units,refunds,refund_tax,"
                          "net_after_refunds"_s);
    // The shop's own: shirts 59.97 + mugs 40.00, tax 4.80 + 3.20; back: one
    // shirt 21.59 (tax 1.60).
    QCOMPARE(lines.at(1), u"0,The shop's own products,0,7,99.97,0.00,8.00,0.00,107.97,1,21.59,1.60,86.38"_s);
    QCOMPARE(lines.at(2), u"%1,Acme,0,8,34.80,0.00,1.74,0.00,36.54,1,4.57,0.22,31.97"_s.arg(m_r.m_f.m_vendorId));
    QCOMPARE(lines.at(3), u"total,Total,0,15,134.77,0.00,9.74,0.00,144.51,2,26.16,1.82,118.35"_s);
}

void TestCliReport::vendorsSeeTheirOwnWithAs()
{
    const QJsonObject own = json({u"--group-by"_s, u"product"_s, u"--as"_s, u"acme@shop.test"_s});
    const QJsonArray rows = own.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).toObject().value(u"label"_s).toString(), u"Gyokuro tea"_s);
    QCOMPARE(own.value(u"totals"_s).toObject().value(u"net_cents"_s).toInteger(), 3480);
    const Outcome clerks = run({u"report"_s, u"sales"_s, u"--from"_s, m_today, u"--to"_s, m_today, u"--group-by"_s,
                                u"clerk"_s, u"--as"_s, u"acme@shop.test"_s});
    QVERIFY2(clerks.exitCode == kExitFailed, clerks.transcript());
    QVERIFY2(clerks.err.contains(u"their own products"_s), clerks.transcript());
    QVERIFY2(clerks.out.isEmpty(), clerks.transcript());
}

void TestCliReport::usageErrorsEndWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("words");
    QTest::newRow("no range") << QStringList{u"report"_s, u"sales"_s} << u"--from DATE and --to DATE"_s;
    QTest::newRow("bad date") << QStringList{u"report"_s, u"sales"_s, u"--from"_s, u"2026-13-01"_s, u"--to"_s,
                                             u"2026-12-01"_s}
                              << u"--from must be a date"_s;
    QTest::newRow("bad grouping") << QStringList{u"report"_s, u"sales"_s, u"--from"_s, u"2026-11-01"_s, u"--to"_s,
                                                 u"2026-11-30"_s, u"--group-by"_s, u"year"_s}
                                  << u"--group-by must be"_s;
    QTest::newRow("bad format") << QStringList{u"report"_s, u"sales"_s, u"--from"_s, u"2026-11-01"_s, u"--to"_s,
                                               u"2026-11-30"_s, u"--format"_s, u"xml"_s}
                                << u"--format must be csv or json"_s;
    QTest::newRow("unknown report") << QStringList{u"report"_s, u"stock"_s} << u"no report \"stock\""_s;
}

void TestCliReport::usageErrorsEndWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, words);
    const Outcome done = run(arguments);
    QVERIFY2(done.exitCode == kExitUsage, done.transcript());
    QVERIFY2(done.err.contains(words), done.transcript());
    QVERIFY2(done.out.isEmpty(), done.transcript());
}

void TestCliReport::refusedReportsEndWithOne()
{
    const Outcome backwards =
        run({u"report"_s, u"sales"_s, u"--from"_s, u"2026-11-30"_s, u"--to"_s, u"2026-11-01"_s});
    QVERIFY2(backwards.exitCode == kExitFailed, backwards.transcript());
    QVERIFY2(backwards.err.contains(u"Swap the dates"_s), backwards.transcript());
    const Outcome stranger = run({u"report"_s, u"sales"_s, u"--from"_s, m_today, u"--to"_s, m_today, u"--as"_s,
                                  u"nobody@shop.test"_s});
    QVERIFY2(stranger.exitCode == kExitFailed, stranger.transcript());
    QVERIFY2(stranger.err.contains(u"nobody@shop.test"_s), stranger.transcript());
    const Outcome clerk = run({u"report"_s, u"sales"_s, u"--from"_s, m_today, u"--to"_s, m_today, u"--as"_s,
                               u"clerk@shop.test"_s});
    QVERIFY2(clerk.exitCode == kExitFailed, clerk.transcript());
}

void TestCliReport::rebuildRepairsWhatCheckFound()
{
    QVERIFY(m_r.m_f.run(u"UPDATE report_day SET total_cents = total_cents + 5"_s).ok());
    const Outcome broken = run({u"check"_s});
    QVERIFY2(broken.exitCode == kExitFailed, broken.transcript());
    QVERIFY2((broken.out + broken.err).contains(u"report_day"_s), broken.transcript());
    const Outcome rebuilt = run({u"report"_s, u"rebuild"_s});
    QVERIFY2(rebuilt.exitCode == kExitOk, rebuilt.transcript());
    QVERIFY2(rebuilt.out.contains(u"3 orders"_s), rebuilt.transcript());
    const Outcome checked = run({u"check"_s});
    QVERIFY2(checked.exitCode == kExitOk, checked.transcript());
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
