// storekeeper-test: postgres
#include "TestDatabase.h"
#include "audit/AuditLog.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "db/Database.h"
#include "maintenance/Backup.h"
#include "maintenance/IntegrityCheck.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

const PasswordHasher fastHasher({10, 8, 1});
const QString goodPassword = u"Another-Good-1"_s;

template<typename R>
QString why(const R &result)
{
    return result.ok() ? QString() : result.error().message + u" | "_s + result.error().details;
}

bool isSentence(const QString &message)
{
    return message.size() >= 10 && message.front().isUpper() && message.endsWith(u'.')
           && !message.contains(u"SQL"_s);
}

// Every user's e-mail, role and state, in id order.
Result<QStringList> userRows(const std::shared_ptr<Database> &database)
{
    return Database::wait(database->read([](Connection &c) -> Result<QStringList> {
        Result<QSqlQuery> rows =
            c.exec(u"SELECT id, email, role, is_active, password_hash FROM users ORDER BY id"_s);
        if (!rows)
            return rows.error();
        QStringList out;
        while (rows.value().next())
            out.append(u"%1 %2 %3 %4 %5"_s.arg(rows.value().value(0).toString(), rows.value().value(1).toString(),
                                                rows.value().value(2).toString(), rows.value().value(3).toString(),
                                                rows.value().value(4).toString()));
        return out;
    }));
}

} // namespace

class TestBackup : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void copyHoldsTheSameShop();
    void refusesAnExistingFile();
    void refusesAMissingFolder();
    void refusesAnEmptyName();
    void backsUpWhileRegistersWrite();

private:
    User addUser(const QString &email, Role role);
    // Checks a finished backup file: for SQLite it opens as a shop of its
    // own; for PostgreSQL it is a pg_dump archive that pg_restore can read.
    void verifyBackupFile(const QString &path, qint64 minUsers, qint64 maxUsers);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<QTemporaryDir> m_backupDir; // a new, empty one per test
    Session m_admin;
};

void TestBackup::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    m_backupDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_backupDir->isValid());
    m_users = std::make_unique<UserService>(m_db, fastHasher);
    AuthService auth(m_db, fastHasher);
    ShopSettings shop;
    shop.shopName = u"Backed-up shop"_s;
    NewUser admin{u"boss@shop.test"_s, u"Correct-Horse-42"_s, u"Bo"_s, u"Ss"_s, {}, Role::Admin, {}, {}};
    Result<Session> session = Database::wait(auth.setUpShop(shop, admin));
    QVERIFY2(session.ok(), qPrintable(why(session)));
    m_admin = session.value();
}

void TestBackup::cleanup()
{
    m_users.reset();
    m_db.reset();
    m_testDb.reset();
    m_backupDir.reset();
}

User TestBackup::addUser(const QString &email, Role role)
{
    NewUser user{email, goodPassword, u"First"_s, u"Last"_s, {}, role, {}, role == Role::Vendor ? u"Acme"_s : QString()};
    Result<User> created = Database::wait(m_users->create(m_admin, user));
    if (!created)
        qWarning() << "could not add" << email << why(created);
    return created.ok() ? created.value() : User{};
}

void TestBackup::verifyBackupFile(const QString &path, qint64 minUsers, qint64 maxUsers)
{
    QFileInfo file(path);
    QVERIFY2(file.isFile(), qPrintable(path));
    QVERIFY(file.size() > 0);
    if (m_testDb->isPostgres()) {
        QFile archive(path);
        QVERIFY(archive.open(QIODevice::ReadOnly));
        QCOMPARE(archive.read(5), QByteArray("PGDMP")); // pg_dump's custom format
        archive.close();
        const QString restore = QStandardPaths::findExecutable(u"pg_restore"_s);
        QVERIFY2(!restore.isEmpty(), "pg_restore is not installed (postgresql-client)");
        QProcess list;
        list.start(restore, {u"--list"_s, path});
        QVERIFY(list.waitForFinished(60000));
        QCOMPARE(list.exitCode(), 0);
        const QString contents = QString::fromLocal8Bit(list.readAllStandardOutput());
        for (const QString &table : {u"users"_s, u"audit_log"_s, u"settings"_s, u"vendors"_s})
            QVERIFY2(contents.contains(u"TABLE DATA public "_s + table), qPrintable(contents));
        return;
    }
    DatabaseUrl url;
    url.kind = DatabaseUrl::Kind::Sqlite;
    url.path = path;
    // Opened through the normal path, without migrating: the copy must
    // already be at this binary's schema.
    Result<std::shared_ptr<Database>> copy = Database::open(url, Database::Options{1, false});
    QVERIFY2(copy.ok(), qPrintable(why(copy)));
    QCOMPARE(copy.value()->schemaVersion(), m_db->schemaVersion());
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(copy.value()).run());
    QVERIFY2(report.ok(), qPrintable(why(report)));
    QVERIFY(report->passed());
    Result<QStringList> copied = userRows(copy.value());
    QVERIFY2(copied.ok(), qPrintable(why(copied)));
    QVERIFY2(copied->size() >= minUsers && copied->size() <= maxUsers,
             qPrintable(u"%1 users in the copy"_s.arg(copied->size())));
    // The copy is a prefix of what the shop holds now: nothing invented,
    // nothing torn.
    Result<QStringList> live = userRows(m_db);
    QVERIFY(live.ok());
    QCOMPARE(copied.value(), live->mid(0, copied->size()));
}

void TestBackup::copyHoldsTheSameShop()
{
    addUser(u"clerk@shop.test"_s, Role::Clerk);
    addUser(u"vendor@shop.test"_s, Role::Vendor);
    addUser(u"buyer@shop.test"_s, Role::Customer);
    const QString target = m_backupDir->filePath(u"shop backup.db"_s);
    Status backup = Database::wait(Backup(m_db).writeTo(target));
    QVERIFY2(backup.ok(), qPrintable(why(backup)));
    verifyBackupFile(target, 4, 4);
    if (m_testDb->isPostgres())
        return;
    // The copy is a shop of its own: the same users sign in there.
    DatabaseUrl url;
    url.kind = DatabaseUrl::Kind::Sqlite;
    url.path = target;
    Result<std::shared_ptr<Database>> copy = Database::open(url);
    QVERIFY2(copy.ok(), qPrintable(why(copy)));
    AuthService auth(copy.value(), fastHasher);
    Result<Session> signedIn = Database::wait(auth.signIn(u"clerk@shop.test"_s, goodPassword));
    QVERIFY2(signedIn.ok(), qPrintable(why(signedIn)));
    QCOMPARE(signedIn->role, Role::Clerk);
    // Writing to the copy leaves the shop alone.
    QCOMPARE(userRows(m_db)->size(), 4);
}

void TestBackup::refusesAnExistingFile()
{
    const QString target = m_backupDir->filePath(u"precious.db"_s);
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me");
    }
    Status backup = Database::wait(Backup(m_db).writeTo(target));
    QVERIFY(!backup.ok());
    QCOMPARE(backup.error().code, ErrorCode::Conflict);
    QVERIFY2(isSentence(backup.error().message), qPrintable(backup.error().message));
    QVERIFY2(backup.error().message.contains(u"precious.db"_s), qPrintable(backup.error().message));
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("keep me"));

    // A folder of that name is refused too.
    QVERIFY(QDir(m_backupDir->path()).mkdir(u"folder.db"_s));
    Status folder = Database::wait(Backup(m_db).writeTo(m_backupDir->filePath(u"folder.db"_s)));
    QCOMPARE(folder.error().code, ErrorCode::Conflict);
    QCOMPARE(QDir(m_backupDir->filePath(u"folder.db"_s)).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
}

void TestBackup::refusesAMissingFolder()
{
    const QString folder = m_backupDir->filePath(u"not there"_s);
    const QString target = folder + u"/backup.db"_s;
    Status backup = Database::wait(Backup(m_db).writeTo(target));
    QVERIFY(!backup.ok());
    QCOMPARE(backup.error().code, ErrorCode::InvalidInput);
    QVERIFY2(isSentence(backup.error().message), qPrintable(backup.error().message));
    QVERIFY2(backup.error().message.contains(u"not there"_s), qPrintable(backup.error().message));
    QVERIFY(!QFileInfo::exists(folder));
    QCOMPARE(QDir(m_backupDir->path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
}

void TestBackup::refusesAnEmptyName()
{
    for (const QString &name : {QString(), u"   "_s}) {
        Status backup = Database::wait(Backup(m_db).writeTo(name));
        QVERIFY(!backup.ok());
        QCOMPARE(backup.error().code, ErrorCode::InvalidInput);
        QVERIFY2(isSentence(backup.error().message), qPrintable(backup.error().message));
    }
    QCOMPARE(QDir(m_backupDir->path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
}

void TestBackup::backsUpWhileRegistersWrite()
{
    // Two registers keep writing, one through this database handle and one
    // through a handle of its own (as a second process would), while the
    // backup is taken.
    Result<std::shared_ptr<Database>> other = Database::open(m_testDb->url());
    QVERIFY2(other.ok(), qPrintable(why(other)));
    UserService otherUsers(other.value(), fastHasher);
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    auto writer = [&stop, &written, admin = m_admin](UserService *users, QString prefix) -> Status {
        for (int i = 0; !stop.load() || i < 20; ++i) {
            Result<User> created = Database::wait(users->create(
                admin, NewUser{u"%1%2@shop.test"_s.arg(prefix).arg(i), goodPassword, u"Reg"_s, u"Ister"_s, {},
                               Role::Customer, {}, {}}));
            if (!created)
                return created.error();
            ++written;
        }
        return Status::success();
    };
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    QFuture<Status> first = QtConcurrent::run(&pool, writer, m_users.get(), u"one"_s);
    QFuture<Status> second = QtConcurrent::run(&pool, writer, &otherUsers, u"two"_s);
    QTRY_VERIFY_WITH_TIMEOUT(written.load() >= 15, 20000);

    const qint64 before = userRows(m_db)->size();
    const QString target = m_backupDir->filePath(u"busy.db"_s);
    Status backup = Database::wait(Backup(m_db).writeTo(target));
    const int writtenDuringBackup = written.load();
    QVERIFY2(backup.ok(), qPrintable(why(backup)));
    QTRY_VERIFY_WITH_TIMEOUT(written.load() >= writtenDuringBackup + 5, 20000);
    stop = true;
    const Status firstDone = Database::wait(first);
    const Status secondDone = Database::wait(second);
    QVERIFY2(firstDone.ok(), qPrintable(why(firstDone)));
    QVERIFY2(secondDone.ok(), qPrintable(why(secondDone)));
    const qint64 after = userRows(m_db)->size();
    QVERIFY(after > before);

    verifyBackupFile(target, before, after);
    // The registers' own work is all there and the journal is whole.
    Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_db).run());
    QVERIFY2(report.ok() && report->passed(), "the live shop is damaged");
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
