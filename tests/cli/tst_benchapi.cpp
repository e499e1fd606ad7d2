// storekeeper-test: postgres
// `storekeeper-bench api`, tiny, on a fresh SQLite file or (postgres_benchapi)
// a fresh PostgreSQL database: a few HTTP clients search, look and buy for
// two seconds against the API served in the benchmark's process while a
// register process sells the same scarce items. Fails when a request failed,
// a unit was oversold, a figure is missing or `storekeeper check` fails.
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

constexpr int kClients = 4;
constexpr int kSeconds = 2;
constexpr int kProducts = 40;
constexpr int kTimeoutMs = 300'000;

} // namespace

class TestBenchApi : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void shoppersAndARegisterWithoutErrorsOrOversell();

private:
    QString m_bench;
};

void TestBenchApi::initTestCase()
{
    m_bench = qEnvironmentVariable("STOREKEEPER_BENCH");
    if (m_bench.isEmpty())
        m_bench = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../bench/storekeeper-bench"_s);
    QVERIFY2(QFileInfo(m_bench).isExecutable(),
             qPrintable(u"No storekeeper-bench at %1: build the storekeeper-bench target first "
                        "(or set STOREKEEPER_BENCH)."_s.arg(m_bench)));
}

void TestBenchApi::shoppersAndARegisterWithoutErrorsOrOversell()
{
    sk::test::TestDatabase database;
    SK_REQUIRE_DATABASE(database);

    QProcess bench;
    bench.setProcessChannelMode(QProcess::SeparateChannels);
    bench.start(m_bench, {u"api"_s, u"--clients"_s, QString::number(kClients), u"--seconds"_s,
                          QString::number(kSeconds), u"--products"_s, QString::number(kProducts), u"--registers"_s,
                          u"1"_s, u"--database"_s, database.url().toString()});
    QByteArray transcript;
    if (!bench.waitForFinished(kTimeoutMs)) {
        bench.kill();
        bench.waitForFinished();
        transcript = "storekeeper-bench api did not finish in time\n";
    }
    const QByteArray out = bench.readAllStandardOutput();
    transcript += "--- stdout\n" + out + "\n--- stderr\n" + bench.readAllStandardError();
    QHash<QString, QJsonObject> figures;
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject metric = QJsonDocument::fromJson(line).object();
        if (metric.value(u"scenario"_s).toString() == u"api"_s)
            figures.insert(metric.value(u"metric"_s).toString(), metric);
    }
    for (const QString &name : {u"rps"_s, u"p50_ms"_s, u"p99_ms"_s, u"requests"_s, u"errors"_s, u"orders"_s,
                                u"out_of_stock"_s, u"oversold"_s, u"check_ok"_s})
        QVERIFY2(figures.contains(name), qPrintable(u"no %1 line\n"_s.arg(name) + QString::fromUtf8(transcript)));
    const auto value = [&figures](const QString &name) { return figures.value(name).value(u"value"_s).toDouble(); };

    QVERIFY2(value(u"requests"_s) > 0, transcript.constData());
    QVERIFY2(value(u"rps"_s) > 0, transcript.constData());
    QVERIFY2(value(u"p50_ms"_s) > 0 && value(u"p99_ms"_s) >= value(u"p50_ms"_s), transcript.constData());
    QVERIFY2(value(u"errors"_s) == 0, transcript.constData());
    QVERIFY2(value(u"oversold"_s) == 0, transcript.constData());
    QVERIFY2(value(u"check_ok"_s) == 1, transcript.constData());
    // The raw twin runs on SQLite only.
    const QJsonValue raw = figures.value(u"rps"_s).value(u"raw"_s);
    QVERIFY2(database.isPostgres() ? raw.isNull() : raw.toDouble() > 0, transcript.constData());
    QVERIFY2(bench.exitStatus() == QProcess::NormalExit && bench.exitCode() == 0, transcript.constData());
}

QTEST_GUILESS_MAIN(TestBenchApi)
#include "tst_benchapi.moc"
