// storekeeper-test: postgres
// `storekeeper-bench checkout`, small, on a fresh SQLite file or (postgres_
// checkoutbench) a fresh PostgreSQL database: whole sales through cart, cash
// payment and checkout (with the raw sqlite3 twin on SQLite), then four
// register processes selling a limited stock until it is gone. Fails when
// units were oversold, the ledger does not match the sales, a register met a
// deadlock or a lock timeout, or `storekeeper check` fails afterwards.
#include "TestDatabase.h"

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

constexpr int kSales = 50;
constexpr int kRegisters = 4;
constexpr int kLinesPerSale = 5;
constexpr int kTimeoutMs = 300'000;

struct BenchRun {
    int exitCode = -1;
    QHash<QString, QJsonObject> figures;   // by metric
    QByteArray transcript;
};

} // namespace

class TestCheckoutBench : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void oneRegisterAgainstRaw();
    void registersSellOutWithoutOversell();

private:
    BenchRun runBench(const QStringList &options);
    QString m_bench;
};

void TestCheckoutBench::initTestCase()
{
    m_bench = qEnvironmentVariable("STOREKEEPER_BENCH");
    if (m_bench.isEmpty())
        m_bench = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../bench/storekeeper-bench"_s);
    QVERIFY2(QFileInfo(m_bench).isExecutable(),
             qPrintable(u"No storekeeper-bench at %1: build the storekeeper-bench target first "
                        "(or set STOREKEEPER_BENCH)."_s.arg(m_bench)));
}

BenchRun TestCheckoutBench::runBench(const QStringList &options)
{
    QProcess bench;
    bench.setProcessChannelMode(QProcess::SeparateChannels);
    bench.start(m_bench, QStringList{u"checkout"_s} + options);
    BenchRun run;
    if (!bench.waitForFinished(kTimeoutMs)) {
        bench.kill();
        bench.waitForFinished();
        run.transcript = "storekeeper-bench checkout did not finish in time\n";
    }
    const QByteArray out = bench.readAllStandardOutput();
    run.transcript += "--- stdout\n" + out + "\n--- stderr\n" + bench.readAllStandardError();
    if (bench.exitStatus() == QProcess::NormalExit)
        run.exitCode = bench.exitCode();
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject metric = QJsonDocument::fromJson(line).object();
        if (metric.value(u"scenario"_s).toString() == u"checkout"_s)
            run.figures.insert(metric.value(u"metric"_s).toString(), metric);
    }
    return run;
}

void TestCheckoutBench::oneRegisterAgainstRaw()
{
    sk::test::TestDatabase database;
    SK_REQUIRE_DATABASE(database);

    const BenchRun run = runBench({u"--sales"_s, QString::number(kSales), u"--database"_s, database.url().toString()});
    for (const QString &name : {u"sales_per_s"_s, u"p95_ms"_s, u"initial_stock"_s, u"sold"_s, u"final_stock"_s,
                                u"oversold"_s, u"check_ok"_s})
        QVERIFY2(run.figures.contains(name), qPrintable(u"no %1 line\n"_s.arg(name) + QString::fromUtf8(run.transcript)));
    const auto value = [&run](const QString &name) { return run.figures.value(name).value(u"value"_s).toDouble(); };

    QCOMPARE(value(u"oversold"_s), 0.0);
    QCOMPARE(value(u"check_ok"_s), 1.0);
    QVERIFY2(value(u"sales_per_s"_s) > 0, run.transcript.constData());
    QVERIFY2(value(u"p95_ms"_s) > 0, run.transcript.constData());
    // On SQLite the raw twin sells as many sales beside the service path,
    // and both take their units from the same stock; the warm-up sale of
    // each path is sold too.
    const bool hasRaw = database.url().isSqlite();
    const double sales = (hasRaw ? 2 : 1) * (kSales + 1);
    QCOMPARE(value(u"sold"_s), sales * kLinesPerSale);
    QCOMPARE(value(u"initial_stock"_s) - value(u"final_stock"_s), sales * kLinesPerSale);
    const QJsonValue raw = run.figures.value(u"sales_per_s"_s).value(u"raw"_s);
    QVERIFY2(hasRaw ? raw.toDouble() > 0 : raw.isNull(), run.transcript.constData());
    QVERIFY2(run.exitCode == 0, run.transcript.constData());
}

void TestCheckoutBench::registersSellOutWithoutOversell()
{
    sk::test::TestDatabase database;
    SK_REQUIRE_DATABASE(database);

    const BenchRun run = runBench({u"--sales"_s, QString::number(kSales), u"--registers"_s,
                                   QString::number(kRegisters), u"--database"_s, database.url().toString()});
    for (const QString &name : {u"sales_per_s"_s, u"p95_ms"_s, u"sales"_s, u"deadlocks"_s, u"initial_stock"_s,
                                u"sold"_s, u"final_stock"_s, u"oversold"_s, u"check_ok"_s})
        QVERIFY2(run.figures.contains(name), qPrintable(u"no %1 line\n"_s.arg(name) + QString::fromUtf8(run.transcript)));
    const auto value = [&run](const QString &name) { return run.figures.value(name).value(u"value"_s).toDouble(); };

    QCOMPARE(value(u"oversold"_s), 0.0);
    QCOMPARE(value(u"deadlocks"_s), 0.0);
    QCOMPARE(value(u"initial_stock"_s), double(kSales * kLinesPerSale));
    QCOMPARE(value(u"sold"_s), double(kSales * kLinesPerSale));
    QCOMPARE(value(u"final_stock"_s), 0.0);
    QCOMPARE(value(u"check_ok"_s), 1.0);
    QVERIFY2(run.exitCode == 0, run.transcript.constData());
}

QTEST_GUILESS_MAIN(TestCheckoutBench)
#include "tst_checkoutbench.moc"
