// `storekeeper-bench reports`, small: two years of orders written straight
// into a fresh SQLite file, the summaries rebuilt, every report of the page
// timed through ReportService against the raw aggregate over the lines, and
// recommendations. Fails when a figure is missing, the day report's totals
// differ from the lines, or `storekeeper check` fails afterwards.
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int kLines = 20000;
constexpr int kTimeoutMs = 300'000;

} // namespace

class TestReportsBench : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyReportAgainstItsRawAggregate();

private:
    QString m_bench;
};

void TestReportsBench::initTestCase()
{
    m_bench = qEnvironmentVariable("STOREKEEPER_BENCH");
    if (m_bench.isEmpty())
        m_bench = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../bench/storekeeper-bench"_s);
    QVERIFY2(QFileInfo(m_bench).isExecutable(),
             qPrintable(u"No storekeeper-bench at %1: build the storekeeper-bench target first "
                        "(or set STOREKEEPER_BENCH)."_s.arg(m_bench)));
}

void TestReportsBench::everyReportAgainstItsRawAggregate()
{
    QProcess bench;
    bench.setProcessChannelMode(QProcess::SeparateChannels);
    bench.start(m_bench, {u"reports"_s, u"--lines"_s, QString::number(kLines), u"--runs"_s, u"3"_s});
    QByteArray transcript;
    if (!bench.waitForFinished(kTimeoutMs)) {
        bench.kill();
        bench.waitForFinished();
        transcript = "storekeeper-bench reports did not finish in time\n";
    }
    const QByteArray out = bench.readAllStandardOutput();
    transcript += "--- stdout\n" + out + "\n--- stderr\n" + bench.readAllStandardError();
    QHash<QString, QJsonObject> figures;
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject metric = QJsonDocument::fromJson(line).object();
        if (metric.value(u"scenario"_s).toString() == u"reports"_s)
            figures.insert(metric.value(u"metric"_s).toString(), metric);
    }

    const QStringList timed{u"sales_by_day_ms"_s,      u"sales_by_week_ms"_s,   u"sales_by_month_ms"_s,
                            u"sales_by_category_ms"_s, u"sales_by_vendor_ms"_s, u"sales_by_clerk_ms"_s,
                            u"sales_by_tender_ms"_s,   u"top_products_ms"_s,    u"inventory_value_ms"_s,
                            u"recommend_ms"_s};
    for (const QString &name : timed) {
        QVERIFY2(figures.contains(name), qPrintable(u"no %1 line\n"_s.arg(name) + QString::fromUtf8(transcript)));
        const QJsonObject metric = figures.value(name);
        QCOMPARE(metric.value(u"unit"_s).toString(), u"ms"_s);
        QVERIFY2(metric.value(u"value"_s).toDouble() > 0, qPrintable(name));
        QVERIFY2(metric.value(u"raw"_s).toDouble() > 0, qPrintable(name));
        QVERIFY2(metric.value(u"ratio"_s).toDouble() > 0, qPrintable(name));
        QVERIFY2(metric.value(u"runs"_s).toInt() >= 3, qPrintable(name));
    }
    for (const QString &name : {u"lines"_s, u"orders"_s, u"generate_s"_s, u"report_rebuild_s"_s,
                                u"recommend_rebuild_s"_s, u"totals_agree"_s, u"check_ok"_s})
        QVERIFY2(figures.contains(name), qPrintable(u"no %1 line\n"_s.arg(name) + QString::fromUtf8(transcript)));
    const auto value = [&figures](const QString &name) { return figures.value(name).value(u"value"_s).toDouble(); };
    QCOMPARE(value(u"lines"_s), double(kLines));
    // About five lines an order.
    QVERIFY2(value(u"orders"_s) > kLines / 6.0 && value(u"orders"_s) < kLines / 4.0, transcript.constData());
    QCOMPARE(value(u"totals_agree"_s), 1.0);
    QCOMPARE(value(u"check_ok"_s), 1.0);
    QVERIFY2(bench.exitStatus() == QProcess::NormalExit && bench.exitCode() == 0, transcript.constData());
}

QTEST_GUILESS_MAIN(TestReportsBench)
#include "tst_reportsbench.moc"
