// storekeeper-test: postgres
// The no-oversell proof, small: `storekeeper-bench oversell` with four
// register processes selling one variant until it is gone, on a fresh SQLite
// file or (postgres_oversell) a fresh PostgreSQL database. Fails when the
// registers sold more than left the stock, met a deadlock or a lock timeout,
// or when `storekeeper check` fails afterwards.
#include "TestDatabase.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int kRegisters = 4;
constexpr int kStock = 200;
constexpr int kTimeoutMs = 300'000;

} // namespace

class TestOversell : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void registersSellOutWithoutOversell();

private:
    QString m_bench;
};

void TestOversell::initTestCase()
{
    m_bench = qEnvironmentVariable("STOREKEEPER_BENCH");
    if (m_bench.isEmpty())
        m_bench = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../bench/storekeeper-bench"_s);
    QVERIFY2(QFileInfo(m_bench).isExecutable(),
             qPrintable(u"No storekeeper-bench at %1: build the storekeeper-bench target first "
                        "(or set STOREKEEPER_BENCH)."_s.arg(m_bench)));
}

void TestOversell::registersSellOutWithoutOversell()
{
    sk::test::TestDatabase database;
    SK_REQUIRE_DATABASE(database);

    QProcess bench;
    bench.setProcessChannelMode(QProcess::SeparateChannels);
    bench.start(m_bench, {u"oversell"_s, u"--registers"_s, QString::number(kRegisters), u"--stock"_s,
                          QString::number(kStock), u"--movements"_s, u"20"_s, u"--runs"_s, u"1"_s,
                          u"--database"_s, database.url().toString()});
    QVERIFY2(bench.waitForFinished(kTimeoutMs), "storekeeper-bench oversell did not finish in time");
    const QByteArray out = bench.readAllStandardOutput();
    const QByteArray transcript = "--- stdout\n" + out + "\n--- stderr\n" + bench.readAllStandardError();

    QHash<QString, double> figures;
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject metric = QJsonDocument::fromJson(line).object();
        if (metric.value(u"scenario"_s).toString() == u"oversell"_s)
            figures.insert(metric.value(u"metric"_s).toString(), metric.value(u"value"_s).toDouble());
    }
    for (const QString &name : {u"initial_stock"_s, u"sold"_s, u"final_stock"_s, u"oversold"_s, u"sales"_s,
                                u"movements"_s, u"deadlocks"_s, u"sales_per_s"_s, u"check_ok"_s,
                                u"movements_per_s"_s})
        QVERIFY2(figures.contains(name), qPrintable(u"no %1 line\n"_s.arg(name) + QString::fromUtf8(transcript)));

    QCOMPARE(figures.value(u"oversold"_s), 0.0);
    QCOMPARE(figures.value(u"deadlocks"_s), 0.0);
    QCOMPARE(figures.value(u"initial_stock"_s), double(kStock));
    QCOMPARE(figures.value(u"sold"_s), double(kStock));
    QCOMPARE(figures.value(u"final_stock"_s), 0.0);
    // One receive movement, then one per sale.
    QCOMPARE(figures.value(u"movements"_s), figures.value(u"sales"_s) + 1);
    QCOMPARE(figures.value(u"check_ok"_s), 1.0);
    QVERIFY2(bench.exitStatus() == QProcess::NormalExit && bench.exitCode() == 0, transcript.constData());
}

QTEST_GUILESS_MAIN(TestOversell)
#include "tst_oversell.moc"
