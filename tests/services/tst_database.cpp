// storekeeper-test: postgres
#include "TestDatabase.h"
#include "db/Connection.h"
#include "db/Database.h"
#include "db/DatabaseUrl.h"
#include "db/Migrator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestDatabaseLayer : public QObject {
    Q_OBJECT

private slots:
    void urlParsing_data();
    void urlParsing();
    void opensAndMigrates();
    void writeCommitsOrRollsBack();
    void readersSeeCommittedWrites();
    void preparedStatementsAreReusedSafely();
    void newerSchemaIsRefused();
    void failedMigrationLeavesPreviousVersion();
    void splitStatements();
    void everyMigrationExistsForBothDialects();
    void notADatabaseFile();
    void unreachablePostgres();
};

void TestDatabaseLayer::urlParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<QString>("expected"); // path or database name

    QTest::newRow("sqlite url") << u"sqlite:///tmp/shop.db"_s << true << false << u"/tmp/shop.db"_s;
    QTest::newRow("plain path") << u"/var/lib/shop.db"_s << true << false << u"/var/lib/shop.db"_s;
    QTest::newRow("postgres") << u"postgresql://sk:secret@db.local:5433/shop"_s << true << true << u"shop"_s;
    QTest::newRow("postgres short") << u"postgres://db.local/shop"_s << true << true << u"shop"_s;
    QTest::newRow("empty") << u""_s << false << false << QString();
    QTest::newRow("unknown scheme") << u"mysql://host/db"_s << false << false << QString();
    QTest::newRow("relative sqlite url") << u"sqlite://shop.db"_s << false << false << QString();
    QTest::newRow("pg without db") << u"postgresql://host:5432/"_s << false << true << QString();
    QTest::newRow("pg without host") << u"postgresql:///shop"_s << false << true << QString();
    QTest::newRow("pg bad port") << u"postgresql://host:99999/shop"_s << false << true << QString();
    QTest::newRow("folder") << u"/tmp"_s << false << false << QString();
}

void TestDatabaseLayer::urlParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(bool, postgres);
    QFETCH(QString, expected);
    const Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    QCOMPARE(url.ok(), valid);
    if (!valid) {
        QCOMPARE(url.error().code, ErrorCode::InvalidInput);
        QVERIFY(url.error().message.contains(u"postgresql://"_s));
        return;
    }
    QCOMPARE(url->isPostgres(), postgres);
    QCOMPARE(postgres ? url->databaseName : url->path, expected);
    QVERIFY(!url->displayName().contains(u"secret"_s));
    const Result<DatabaseUrl> again = DatabaseUrl::parse(url->toString());
    QVERIFY(again.ok());
    QCOMPARE(again->password, url->password);
}

void TestDatabaseLayer::opensAndMigrates()
{
    test::TestDatabase testDb(test::TestDatabase::Contents::Empty);
    SK_REQUIRE_DATABASE(testDb);
    auto db = testDb.open();
    SK_REQUIRE_DATABASE(testDb);
    QCOMPARE(db->schemaVersion(), Migrator::latestVersion());
    QVERIFY(Migrator::latestVersion() >= 1);
    const auto count = Database::wait(db->read([](Connection &c) {
        return c.scalar(u"SELECT COUNT(*) FROM schema_version"_s);
    }));
    QVERIFY(count.ok());
    QCOMPARE(count->toInt(), Migrator::latestVersion());
    db.reset();
    // Opening again applies nothing new.
    auto again = testDb.open();
    QVERIFY(again);
    QCOMPARE(again->schemaVersion(), Migrator::latestVersion());
}

void TestDatabaseLayer::writeCommitsOrRollsBack()
{
    test::TestDatabase testDb(test::TestDatabase::Contents::Empty);
    auto db = testDb.open();
    SK_REQUIRE_DATABASE(testDb);
    const auto now = QDateTime::currentDateTimeUtc();
    Status committed = Database::wait(db->write([now](Connection &c) {
        return c.run(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"_s,
                     {u"a"_s, u"1"_s, now});
    }));
    QVERIFY(committed.ok());
    Status failed = Database::wait(db->write([now](Connection &c) -> Status {
        if (Status s = c.run(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"_s,
                             {u"b"_s, u"2"_s, now});
            !s)
            return s;
        return Error::make(ErrorCode::InvalidInput, u"stop"_s);
    }));
    QVERIFY(!failed.ok());
    Status duplicate = Database::wait(db->write([now](Connection &c) {
        return c.run(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"_s,
                     {u"a"_s, u"again"_s, now});
    }));
    QCOMPARE(duplicate.error().code, ErrorCode::Conflict);
    QVERIFY(!duplicate.error().message.contains(u"UNIQUE"_s));
    const auto keys = Database::wait(db->read([](Connection &c) {
        return c.scalar(u"SELECT COUNT(*) FROM settings"_s);
    }));
    QCOMPARE(keys->toInt(), 1);
}

void TestDatabaseLayer::readersSeeCommittedWrites()
{
    test::TestDatabase testDb(test::TestDatabase::Contents::Empty);
    auto db = testDb.open({.readers = 3});
    SK_REQUIRE_DATABASE(testDb);
    QList<QFuture<Status>> writes;
    for (int i = 0; i < 50; ++i)
        writes.append(db->write([i](Connection &c) {
            return c.run(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"_s,
                         {u"k%1"_s.arg(i), QString::number(i), QDateTime::currentDateTimeUtc()});
        }));
    for (auto &w : writes)
        QVERIFY(Database::wait(w).ok());
    QList<QFuture<Result<QVariant>>> reads;
    for (int i = 0; i < 12; ++i)
        reads.append(db->read([](Connection &c) { return c.scalar(u"SELECT COUNT(*) FROM settings"_s); }));
    for (auto &r : reads)
        QCOMPARE(Database::wait(r)->toInt(), 50);
}

void TestDatabaseLayer::preparedStatementsAreReusedSafely()
{
    test::TestDatabase testDb(test::TestDatabase::Contents::Empty);
    auto db = testDb.open();
    SK_REQUIRE_DATABASE(testDb);
    const QString insert = u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"_s;
    const QString byPrefix = u"SELECT key, value FROM settings WHERE key LIKE ? ORDER BY key"_s;
    Status checked = Database::wait(db->write([&](Connection &c) -> Status {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 4; ++i)
            if (Status s = c.run(insert, {u"p.%1"_s.arg(i), QString::number(i), now}); !s)
                return s;
        return Status::success();
    }));
    QVERIFY2(checked.ok(), checked.ok() ? "" : qPrintable(checked.error().message + u' ' + checked.error().details));
    // A failed run (duplicate key; the transaction rolls back) leaves the
    // kept statement usable with new values in the next one.
    Status duplicate = Database::wait(db->write([&](Connection &c) {
        return c.run(insert, {u"p.0"_s, u"again"_s, QDateTime::currentDateTimeUtc()});
    }));
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().code, ErrorCode::Conflict);
    checked = Database::wait(db->write([&](Connection &c) -> Status {
        if (Status s = c.run(insert, {u"q.0"_s, u"x"_s, QDateTime::currentDateTimeUtc()}); !s)
            return s;

        // The same SQL asked for while a handle holds it gets a statement of
        // its own, so the held rows are not disturbed. PostgreSQL's
        // forward-only rows come one at a time from the server and a second
        // statement on the connection ends the first's, so there the held
        // rows are read before; on SQLite after.
        Result<CachedQuery> outer = c.prepared(byPrefix, {u"p.%"_s});
        if (!outer)
            return outer.error();
        QStringList seen;
        auto readOuter = [&] {
            while (outer->next())
                seen.append(outer->value(0).toString());
        };
        if (c.isPostgres())
            readOuter();
        Result<CachedQuery> inner = c.prepared(byPrefix, {u"q.%"_s});
        if (!inner || !inner->next() || inner->value(0).toString() != u"q.0"_s || inner->next())
            return Error::make(ErrorCode::Internal, u"the second query read the wrong rows"_s);
        if (!c.isPostgres())
            readOuter();
        if (seen != QStringList{u"p.0"_s, u"p.1"_s, u"p.2"_s, u"p.3"_s})
            return Error::make(ErrorCode::Internal, u"held rows: "_s + seen.join(u','));

        // Once the handle is gone the cached statement runs again from the
        // start with the new values; a scalar reads only its first row.
        for (int round = 0; round < 3; ++round) {
            Result<QVariant> value = c.scalar(u"SELECT value FROM settings WHERE key = ?"_s, {u"p.%1"_s.arg(round)});
            if (!value || value->toString() != QString::number(round))
                return Error::make(ErrorCode::Internal, u"scalar round %1 read the wrong value"_s.arg(round));
        }
        Result<QVariant> missing = c.scalar(u"SELECT value FROM settings WHERE key = ?"_s, {u"none"_s});
        if (!missing || !missing->isNull())
            return Error::make(ErrorCode::Internal, u"a missing row did not give a null value"_s);
        return Status::success();
    }));
    QVERIFY2(checked.ok(), checked.ok() ? "" : qPrintable(checked.error().message + u' ' + checked.error().details));
    // A statement read only halfway does not keep a reader from seeing later commits.
    Result<QVariant> halfway = Database::wait(db->read([&](Connection &c) -> Result<QVariant> {
        Result<CachedQuery> rows = c.prepared(byPrefix, {u"p.%"_s});
        if (!rows)
            return rows.error();
        return rows->next() ? rows->value(0) : QVariant();
    }));
    QCOMPARE(halfway->toString(), u"p.0"_s);
    QVERIFY(Database::wait(db->write([&](Connection &c) {
        return c.run(insert, {u"p.4"_s, u"4"_s, QDateTime::currentDateTimeUtc()});
    })).ok());
    const auto count = Database::wait(db->read([&](Connection &c) -> Result<QVariant> {
        Result<CachedQuery> rows = c.prepared(byPrefix, {u"p.%"_s});
        if (!rows)
            return rows.error();
        int n = 0;
        while (rows->next())
            ++n;
        return QVariant(n);
    }));
    QCOMPARE(count->toInt(), 5);
}

void TestDatabaseLayer::newerSchemaIsRefused()
{
    test::TestDatabase testDb(test::TestDatabase::Contents::Empty);
    auto db = testDb.open();
    SK_REQUIRE_DATABASE(testDb);
    QVERIFY(Database::wait(db->write([](Connection &c) {
                return c.run(u"INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"_s,
                             {9999, u"from_the_future"_s, QDateTime::currentDateTimeUtc()});
            })).ok());
    db.reset();
    auto refused = Database::open(testDb.url());
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::SchemaTooNew);
    QVERIFY(refused.error().message.contains(u"newer version"_s));
}

void TestDatabaseLayer::failedMigrationLeavesPreviousVersion()
{
    test::TestDatabase testDb(test::TestDatabase::Contents::Empty);
    auto db = testDb.open();
    SK_REQUIRE_DATABASE(testDb);
    const int latest = Migrator::latestVersion();
    Result<int> result = Database::wait(db->maintain([latest](Connection &c) {
        Migrator migrator(c, {{latest + 1, u"good"_s, u"CREATE TABLE extra_good (id INTEGER);"_s},
                              {latest + 2, u"bad"_s,
                               u"CREATE TABLE extra_bad (id INTEGER);\nINSERT INTO no_such_table VALUES (1);"_s}});
        return migrator.migrate();
    }));
    QVERIFY(!result.ok());
    QVERIFY(result.error().message.contains(u"left at schema %1"_s.arg(latest + 1)));
    const auto version = Database::wait(db->read([](Connection &c) {
        return c.scalar(u"SELECT MAX(version) FROM schema_version"_s);
    }));
    QCOMPARE(version->toInt(), latest + 1);
    const auto badTable = Database::wait(db->read([](Connection &c) {
        return c.scalar(u"SELECT COUNT(*) FROM extra_bad"_s);
    }));
    QVERIFY(!badTable.ok()); // rolled back with its migration
}

void TestDatabaseLayer::splitStatements()
{
    const QStringList statements = Migrator::splitStatements(
        u"-- comment\nCREATE TABLE a (x INTEGER);\n\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
        "  UPDATE a SET x = 1;\n  UPDATE a SET x = 2;\nEND;\nCREATE FUNCTION f() RETURNS trigger AS $$\n"
        "BEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;"_s);
    QCOMPARE(statements.size(), 4);
    QVERIFY(statements[1].startsWith(u"CREATE TRIGGER"_s));
    QVERIFY(statements[1].endsWith(u"END"_s));
    QVERIFY(statements[2].contains(u"RETURN NEW;"_s));
    QCOMPARE(statements[3], u"SELECT 1"_s);
}

// A version that exists for one dialect only would make the same schema
// version mean different things, and the older one's database look newer.
void TestDatabaseLayer::everyMigrationExistsForBothDialects()
{
    QList<int> sqlite;
    for (const Migrator::Migration &migration : Migrator::availableFor(u"sqlite"_s))
        sqlite.append(migration.version);
    QList<int> postgres;
    for (const Migrator::Migration &migration : Migrator::availableFor(u"postgres"_s))
        postgres.append(migration.version);
    QVERIFY(!sqlite.isEmpty());
    QCOMPARE(sqlite, postgres);
}

void TestDatabaseLayer::notADatabaseFile()
{
    if (test::usePostgres())
        return; // a file-only concern; the SQLite run covers it
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.db"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    auto result = Database::open(DatabaseUrl::parse(path).value());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Unavailable);
    QVERIFY(result.error().message.contains(u"not a Storekeeper database"_s));
}

void TestDatabaseLayer::unreachablePostgres()
{
    auto url = DatabaseUrl::parse(u"postgresql://nobody:pw@127.0.0.1:1/shop"_s);
    QVERIFY(url.ok());
    auto result = Database::open(url.value());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Unavailable);
    QVERIFY(result.error().message.contains(u"Cannot connect to the PostgreSQL database"_s));
    QVERIFY(!result.error().message.contains(u"pw"_s));
}

QTEST_GUILESS_MAIN(TestDatabaseLayer)
#include "tst_database.moc"
