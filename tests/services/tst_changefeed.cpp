// storekeeper-test: postgres
// The change feed: a commit on another connection, or in another process,
// reaches a ChangeWatcher within a second with just the ids it changed; a
// rolled-back write announces nothing; a log pruned past the watcher, a bulk
// change or a lost PostgreSQL connection make it ask for a reload, and later
// changes still arrive. The test binary doubles as the other process:
// "tst_services_changefeed --write-change URL TOPIC ID,ID,..." commits one
// change and exits.
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/ProductService.h"
#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

// Generous for a loaded machine; the requirement itself is checked with
// kMaxLatencyMs.
constexpr int kWaitMs = 5000;
constexpr qint64 kMaxLatencyMs = 1000;

Status record(const std::shared_ptr<Database> &database, const QString &topic, const QList<qint64> &ids)
{
    return Database::wait(database->write([topic, ids](Connection &connection) {
        return ChangeLog::recordInTransaction(connection, topic, ids);
    }));
}

// Every id reported for the topic so far.
QSet<qint64> reportedIds(const QSignalSpy &spy, const QString &topic)
{
    QSet<qint64> ids;
    for (const QList<QVariant> &signal : spy)
        if (signal.at(0).toString() == topic)
            for (qint64 id : signal.at(1).value<QList<qint64>>())
                ids.insert(id);
    return ids;
}

bool hasAll(const QSignalSpy &spy, const QString &topic, const QList<qint64> &wanted)
{
    const QSet<qint64> ids = reportedIds(spy, topic);
    return std::all_of(wanted.cbegin(), wanted.cend(), [&ids](qint64 id) { return ids.contains(id); });
}

int writeChangeAndExit(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 5)
        return 2;
    Result<DatabaseUrl> url = DatabaseUrl::parse(QString::fromLocal8Bit(argv[2]));
    if (!url)
        return 2;
    QList<qint64> ids;
    for (const QString &id : QString::fromLocal8Bit(argv[4]).split(u','))
        ids.append(id.toLongLong());
    Result<std::shared_ptr<Database>> database = Database::open(url.value(), Database::Options{1, false});
    if (!database) {
        std::fprintf(stderr, "%s\n", qPrintable(database.error().message));
        return 1;
    }
    const Status recorded = record(database.value(), QString::fromLocal8Bit(argv[3]), ids);
    if (!recorded)
        std::fprintf(stderr, "%s\n", qPrintable(recorded.error().message + u" "_s + recorded.error().details));
    return recorded ? 0 : 1;
}

} // namespace

class TestChangeFeed : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void payloadsStayUnderTheLimit();
    void parsesOnlyPayloads_data();
    void parsesOnlyPayloads();
    void reportsACommitOnAnotherConnection();
    void reportsACommitOfAnotherProcess();
    void rolledBackWritesAnnounceNothing();
    void productWritesAnnounceTheirProducts();
    void bulkChangesAskForAReload();
    void pruningPastTheWatcherAsksForAReload();
    void reconnectsAfterTheConnectionIsLost();
    void stopsCleanly();

private:
    void startWatcher();

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;     // this register
    std::shared_ptr<Database> m_other;  // another register on the same database
    std::unique_ptr<ChangeWatcher> m_watcher;
};

void TestChangeFeed::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    QVERIFY(m_db);
    Result<std::shared_ptr<Database>> other = Database::open(m_testDb->url(), Database::Options{1, false});
    QVERIFY2(other, other ? "" : qPrintable(other.error().details));
    m_other = other.value();
}

void TestChangeFeed::cleanup()
{
    m_watcher.reset();
    m_other.reset();
    m_db.reset();
    m_testDb.reset();
}

void TestChangeFeed::startWatcher()
{
    m_watcher = std::make_unique<ChangeWatcher>(m_testDb->url());
    QSignalSpy ready(m_watcher.get(), &ChangeWatcher::ready);
    m_watcher->start();
    QVERIFY(ready.wait(kWaitMs));
}

void TestChangeFeed::payloadsStayUnderTheLimit()
{
    QList<qint64> ids;
    for (qint64 i = 0; i < ChangeLog::kMaxListedIds; ++i)
        ids.append(1'000'000'000'000 + i * 7);
    const QStringList payloads = ChangeLog::payloads(ChangeTopic::Products, ids);
    QVERIFY(payloads.size() > 1);
    QList<qint64> parsed;
    for (const QString &payload : payloads) {
        QVERIFY(payload.toUtf8().size() < 8000);
        const std::optional<ChangeLog::Notice> notice = ChangeLog::parsePayload(payload);
        QVERIFY(notice);
        QCOMPARE(notice->topic, ChangeTopic::Products);
        QVERIFY(!notice->everything);
        parsed += notice->ids;
    }
    QCOMPARE(parsed, ids);

    ids.append(5);
    const QStringList everything = ChangeLog::payloads(ChangeTopic::Products, ids);
    QCOMPARE(everything, QStringList{u"products:*"_s});
    QVERIFY(ChangeLog::parsePayload(everything.constFirst())->everything);
    QCOMPARE(ChangeLog::payloads(ChangeTopic::StockLevels, {3, 1, 3}), QStringList{u"stock_levels:1,3"_s});
}

void TestChangeFeed::parsesOnlyPayloads_data()
{
    QTest::addColumn<QString>("payload");
    QTest::newRow("empty") << QString();
    QTest::newRow("no topic") << u":1,2"_s;
    QTest::newRow("no colon") << u"products"_s;
    QTest::newRow("not a number") << u"products:1,x"_s;
    QTest::newRow("odd topic") << u"Products; DROP:1"_s;
}

void TestChangeFeed::parsesOnlyPayloads()
{
    QFETCH(QString, payload);
    QVERIFY(!ChangeLog::parsePayload(payload));
}

void TestChangeFeed::reportsACommitOnAnotherConnection()
{
    startWatcher();
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QVERIFY(record(m_other, ChangeTopic::Products, {42, 41}));
    QElapsedTimer sinceCommit;
    sinceCommit.start();
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {41, 42}), kWaitMs);
    QVERIFY2(sinceCommit.elapsed() < kMaxLatencyMs, qPrintable(u"%1 ms"_s.arg(sinceCommit.elapsed())));
    // Coalesced and sorted: one signal with both ids.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(1).value<QList<qint64>>(), (QList<qint64>{41, 42}));
}

void TestChangeFeed::reportsACommitOfAnotherProcess()
{
    startWatcher();
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    writer.start(QCoreApplication::applicationFilePath(),
                 {u"--write-change"_s, m_testDb->url().toString(), ChangeTopic::StockLevels, u"7,9"_s});
    QVERIFY(writer.waitForFinished(30000));
    QElapsedTimer sinceExit;
    sinceExit.start();
    QCOMPARE(writer.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::StockLevels, {7, 9}), kWaitMs);
    QVERIFY2(sinceExit.elapsed() < kMaxLatencyMs, qPrintable(u"%1 ms"_s.arg(sinceExit.elapsed())));
    QVERIFY(reportedIds(changed, ChangeTopic::Products).isEmpty());
}

void TestChangeFeed::rolledBackWritesAnnounceNothing()
{
    startWatcher();
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QSignalSpy resynchronise(m_watcher.get(), &ChangeWatcher::resynchronise);
    const Result<int> refused = Database::wait(m_other->write([](Connection &connection) -> Result<int> {
        if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {13}); !ok)
            return ok.error();
        return Error::make(ErrorCode::Conflict, u"Refused on purpose."_s);
    }));
    QVERIFY(!refused);
    // A later commit marks how far the feed has been read.
    QVERIFY(record(m_other, ChangeTopic::Products, {14}));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {14}), kWaitMs);
    QVERIFY(!reportedIds(changed, ChangeTopic::Products).contains(13));
    QCOMPARE(resynchronise.size(), 0);
}

void TestChangeFeed::productWritesAnnounceTheirProducts()
{
    startWatcher();
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    ProductService products(m_other);
    const Session admin = test::sessionFor(1, Role::Admin);
    ProductDraft draft;
    draft.name = u"Espresso Cup"_s;
    draft.variants = {VariantDraft{}};
    draft.variants[0].sku = u"CUP-1"_s;
    draft.variants[0].price = u"19.99"_s;
    const Result<Product> created = Database::wait(products.create(admin, draft));
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {created->id}), kWaitMs);

    changed.clear();
    QVERIFY(Database::wait(products.setStatus(admin, created->id, ProductStatus::Discontinued)));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {created->id}), kWaitMs);

    changed.clear();
    BulkEdit edit;
    edit.productIds = {created->id};
    edit.kind = BulkEdit::Kind::PricePercent;
    edit.percentBasisPoints = 1000;
    QVERIFY(Database::wait(products.bulkEdit(admin, edit)));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {created->id}), kWaitMs);

    changed.clear();
    QVERIFY(Database::wait(products.remove(admin, created->id)));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {created->id}), kWaitMs);
}

void TestChangeFeed::bulkChangesAskForAReload()
{
    startWatcher();
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QSignalSpy resynchronise(m_watcher.get(), &ChangeWatcher::resynchronise);
    QList<qint64> ids;
    for (qint64 id = 1; id <= 10'000; ++id)
        ids.append(id);
    QVERIFY(record(m_other, ChangeTopic::Products, ids));
    QTRY_VERIFY_WITH_TIMEOUT(resynchronise.size() >= 1, kWaitMs);
    QVERIFY(reportedIds(changed, ChangeTopic::Products).isEmpty());

    // Small changes are listed again afterwards.
    QVERIFY(record(m_other, ChangeTopic::Products, {3}));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {3}), kWaitMs);
}

void TestChangeFeed::pruningPastTheWatcherAsksForAReload()
{
    if (m_testDb->isPostgres())
        QSKIP("PostgreSQL keeps no change log: nothing to prune.");
    startWatcher();
    QVERIFY(record(m_other, ChangeTopic::Products, {1}));
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QSignalSpy resynchronise(m_watcher.get(), &ChangeWatcher::resynchronise);
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 1, kWaitMs);
    changed.clear();

    // In one transaction, so the watcher cannot read the pruned row first:
    // a change, pruned at once, then another one after the gap.
    QVERIFY(Database::wait(m_other->write([](Connection &connection) -> Status {
        if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {2}); !ok)
            return ok;
        if (Status ok = ChangeLog::pruneInTransaction(connection, QDateTime::currentDateTimeUtc().addSecs(60)); !ok)
            return ok;
        return ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {3});
    })));
    QTRY_VERIFY_WITH_TIMEOUT(resynchronise.size() == 1, kWaitMs);
    QVERIFY(!reportedIds(changed, ChangeTopic::Products).contains(2));

    QVERIFY(record(m_other, ChangeTopic::Products, {4}));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {4}), kWaitMs);
    QCOMPARE(resynchronise.size(), 1);
}

void TestChangeFeed::reconnectsAfterTheConnectionIsLost()
{
    if (!m_testDb->isPostgres())
        QSKIP("An SQLite file has no connection to lose.");
    startWatcher();
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QSignalSpy resynchronise(m_watcher.get(), &ChangeWatcher::resynchronise);
    const Result<QVariant> terminated = Database::wait(m_db->maintain([](Connection &connection) {
        return connection.scalar(u"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND application_name = ?"_s,
                                 {ChangeLog::channel()});
    }));
    QVERIFY2(terminated, terminated ? "" : qPrintable(terminated.error().details));
    QCOMPARE(terminated->toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(resynchronise.size() == 1, 3 * kWaitMs);

    QVERIFY(record(m_other, ChangeTopic::Products, {77}));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {77}), kWaitMs);
}

void TestChangeFeed::stopsCleanly()
{
    startWatcher();
    QVERIFY(m_watcher->isRunning());
    m_watcher->stop();
    QVERIFY(!m_watcher->isRunning());
    m_watcher->stop();
    // Started again, it listens again.
    QSignalSpy ready(m_watcher.get(), &ChangeWatcher::ready);
    m_watcher->start();
    QVERIFY(ready.wait(kWaitMs));
    QSignalSpy changed(m_watcher.get(), &ChangeWatcher::changed);
    QVERIFY(record(m_other, ChangeTopic::Products, {5}));
    QTRY_VERIFY_WITH_TIMEOUT(hasAll(changed, ChangeTopic::Products, {5}), kWaitMs);
    // Stopped right after starting, before its loop runs.
    ChangeWatcher quick(m_testDb->url());
    quick.start();
    quick.stop();
}

int main(int argc, char *argv[])
{
    if (argc > 1 && std::strcmp(argv[1], "--write-change") == 0)
        return writeChangeAndExit(argc, argv);
    QCoreApplication app(argc, argv);
    TestChangeFeed test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_changefeed.moc"
