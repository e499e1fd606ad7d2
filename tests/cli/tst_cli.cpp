// The storekeeper binary as scripts and administrators use it: exit statuses,
// messages and what each command leaves in the database. Runs the real
// program (build/app/storekeeper) with QProcess on temporary SQLite files.
#include "db/Database.h"
#include "db/DatabaseUrl.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
// Filling even a small demo shop hashes a few staff passwords with scrypt.
constexpr int kTimeoutMs = 180'000;

const QString kAdminPassword = u"Correct-Horse-Battery-9"_s;

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;

    // For QVERIFY2: everything the program said.
    QByteArray transcript() const
    {
        return u"exit %1\n--- stdout\n%2\n--- stderr\n%3"_s.arg(exitCode).arg(out, err).toUtf8();
    }
};

// Runs one statement on an SQLite file with a private connection, the way
// someone editing the file by hand would.
QString execOnFile(const QString &path, const QString &sql)
{
    const QString name = u"tst-cli-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QString problem;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            problem = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(sql))
                problem = query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return problem;
}

qint64 countOnFile(const QString &path, const QString &sql)
{
    const QString name = u"tst-cli-"_s + QUuid::createUuid().toString(QUuid::Id128);
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                count = query.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void version();
    void help();
    void commandHelp();
    void usageErrors_data();
    void usageErrors();
    void unknownLanguage();
    void translatedMessages();

    void userAddCreatesShopThenStaff();
    void userAddWeakPassword();
    void userAddDuplicateEmail();
    void userAddWithoutPassword();
    void userAddVendor();

    void checkPassesOnDemo();
    void checkNamesTamperedAuditRow();
    void checkMissingFile();

    void backupWritesCopy();
    void backupRefusesExistingFile();

    void demoTwiceIsRefused();
    void unreachablePostgres();
    void desktopReportsBadDatabase();
    void desktopWithoutDisplay();
    void desktopFirstPaint();
    void newerSchemaIsRefused();

private:
    Outcome run(const QStringList &arguments, const QByteArray &input = {}, const QStringList &unset = {}) const;
    QString freshPath(const QString &name) const { return m_dir->filePath(name); }
    // A copy of the demo shop made once in initTestCase (filling one costs
    // seconds of password hashing).
    QString demoCopy();
    bool createAdmin(const QString &database, const QString &email);

    QString m_program;
    QProcessEnvironment m_extraEnvironment; // for the current test only
    int m_copies = 0;
    QTemporaryDir m_templateDir;
    QString m_demoTemplate;
    std::unique_ptr<QTemporaryDir> m_dir;
};

Outcome TestCommandLine::run(const QStringList &arguments, const QByteArray &input, const QStringList &unset) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // English messages whatever the machine's language; no database or data
    // folder leaks in from the developer's own setup.
    environment.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    environment.insert(u"LANGUAGE"_s, u"en"_s);
    environment.remove(u"STOREKEEPER_DATABASE"_s);
    environment.remove(u"STOREKEEPER_PASSWORD"_s);
    environment.insert(u"HOME"_s, m_dir->path());
    environment.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    environment.insert(u"XDG_RUNTIME_DIR"_s, m_dir->path()); // QTemporaryDir is 0700, as Qt wants
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    for (const QString &name : unset)
        environment.remove(name);
    const QStringList extraNames = m_extraEnvironment.keys();
    for (const QString &name : extraNames)
        environment.insert(name, m_extraEnvironment.value(name));

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir->path());
    process.start(m_program, arguments);
    Outcome outcome;
    if (!process.waitForStarted(kTimeoutMs)) {
        outcome.err = u"could not start "_s + m_program;
        return outcome;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
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

void TestCommandLine::initTestCase()
{
    m_program = qEnvironmentVariable("STOREKEEPER_APP");
    if (m_program.isEmpty())
        m_program = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../app/storekeeper"_s);
    QVERIFY2(QFileInfo(m_program).isExecutable(),
             qPrintable(u"No storekeeper program at %1: build the storekeeper target first "
                        "(or set STOREKEEPER_APP)."_s.arg(m_program)));

    QVERIFY(m_templateDir.isValid());
    m_dir = std::make_unique<QTemporaryDir>();
    m_demoTemplate = m_templateDir.filePath(u"demo.db"_s);
    const Outcome demo = run({u"demo"_s, u"--products"_s, u"50"_s, u"--history-days"_s, u"5"_s, u"--database"_s,
                               m_demoTemplate});
    QVERIFY2(demo.exitCode == kExitOk, demo.transcript());
    QVERIFY2(demo.out.contains(u"owner@demo.shop"_s), demo.transcript());
    QVERIFY2(demo.out.contains(u"Storekeeper-demo-1"_s), demo.transcript());
}

void TestCommandLine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_extraEnvironment.clear();
}

QString TestCommandLine::demoCopy()
{
    const QString path = freshPath(u"shop-%1.db"_s.arg(++m_copies));
    // A cleanly closed WAL database is one file; copy the others if present.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(m_demoTemplate + suffix))
            QFile::copy(m_demoTemplate + suffix, path + suffix);
    }
    return path;
}

bool TestCommandLine::createAdmin(const QString &database, const QString &email)
{
    const Outcome outcome = run({u"user"_s, u"add"_s, u"--email"_s, email, u"--role"_s, u"admin"_s,
                                 u"--first-name"_s, u"Olga"_s, u"--last-name"_s, u"Owner"_s, u"--database"_s, database},
                                (kAdminPassword + u'\n').toUtf8());
    if (outcome.exitCode != kExitOk)
        qWarning("%s", outcome.transcript().constData());
    return outcome.exitCode == kExitOk;
}

void TestCommandLine::version()
{
    const Outcome outcome = run({u"--version"_s});
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    QCOMPARE(outcome.out.trimmed(), u"Storekeeper "_s + QStringLiteral(STOREKEEPER_VERSION));
}

void TestCommandLine::help()
{
    const Outcome outcome = run({u"--help"_s});
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    for (const QString &expected : {u"storekeeper demo"_s, u"storekeeper user add"_s, u"storekeeper check"_s,
                                    u"storekeeper backup"_s, u"storekeeper import products"_s,
                                    u"storekeeper export products"_s, u"storekeeper report sales"_s,
                                    u"storekeeper serve"_s, u"--database"_s, u"--lang"_s})
        QVERIFY2(outcome.out.contains(expected), qPrintable(expected + u" missing:\n"_s + outcome.out));
    // Automation options stay hidden.
    for (const QString &absent : {u"--sign-in"_s, u"--exit-after-first-paint"_s})
        QVERIFY2(!outcome.out.contains(absent), qPrintable(absent + u" listed:\n"_s + outcome.out));
}

void TestCommandLine::commandHelp()
{
    const Outcome outcome = run({u"user"_s, u"add"_s, u"--help"_s});
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    QVERIFY(outcome.out.startsWith(u"Usage: storekeeper user add"_s));
    QVERIFY(outcome.out.contains(u"--role"_s));
    QVERIFY(outcome.out.contains(u"admin, vendor, clerk, customer"_s));
}

void TestCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected"); // on stderr

    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command \"frobnicate\""_s;
    QTest::newRow("serve on a bad port") << QStringList{u"serve"_s, u"--port"_s, u"80x"_s}
                                         << u"--port needs a whole number"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("command not first") << QStringList{u"--database"_s, u"x.db"_s, u"check"_s}
                                       << u"Put the command first: storekeeper check"_s;
    QTest::newRow("command option") << QStringList{u"check"_s, u"--force"_s} << u"force"_s;
    QTest::newRow("missing value") << QStringList{u"check"_s, u"--database"_s} << u"database"_s;
    QTest::newRow("demo products") << QStringList{u"demo"_s, u"--products"_s, u"many"_s} << u"--products"_s;
    QTest::newRow("user no action") << QStringList{u"user"_s} << u"user add"_s;
    QTest::newRow("user bad action") << QStringList{u"user"_s, u"remove"_s} << u"\"remove\""_s;
    QTest::newRow("user bad role")
        << QStringList{u"user"_s, u"add"_s, u"--email"_s, u"a@b.test"_s, u"--role"_s, u"boss"_s,
                       u"--first-name"_s, u"A"_s, u"--last-name"_s, u"B"_s}
        << u"admin, vendor, clerk, customer"_s;
    QTest::newRow("user no email") << QStringList{u"user"_s, u"add"_s, u"--role"_s, u"clerk"_s} << u"--email"_s;
    QTest::newRow("user no names")
        << QStringList{u"user"_s, u"add"_s, u"--email"_s, u"a@b.test"_s, u"--role"_s, u"clerk"_s}
        << u"--first-name"_s;
    QTest::newRow("vendor without vendor")
        << QStringList{u"user"_s, u"add"_s, u"--email"_s, u"a@b.test"_s, u"--role"_s, u"vendor"_s,
                       u"--first-name"_s, u"A"_s, u"--last-name"_s, u"B"_s}
        << u"--vendor"_s;
    QTest::newRow("backup no file") << QStringList{u"backup"_s} << u"FILE"_s;
    QTest::newRow("backup two files") << QStringList{u"backup"_s, u"a.db"_s, u"b.db"_s} << u"b.db"_s;
    QTest::newRow("unparseable url, command")
        << QStringList{u"check"_s, u"--database"_s, u"mysql://host/shop"_s} << u"postgresql://"_s;
    QTest::newRow("unparseable url, desktop")
        << QStringList{u"--database"_s, u"postgresql://host:99999/shop"_s, u"--exit-after-first-paint"_s}
        << u"is not valid"_s;
    QTest::newRow("sign-in without password")
        << QStringList{u"--sign-in"_s, u"owner@demo.shop"_s, u"--exit-after-first-paint"_s}
        << u"STOREKEEPER_PASSWORD"_s;
}

void TestCommandLine::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Outcome outcome = run(arguments);
    QVERIFY2(outcome.exitCode == kExitUsage, outcome.transcript());
    QVERIFY2(outcome.err.contains(expected), outcome.transcript());
    QVERIFY2(outcome.out.isEmpty(), outcome.transcript());
    // Nothing was created on the way.
    QVERIFY(!QFile::exists(m_dir->filePath(u"data/Storekeeper/Storekeeper/storekeeper.db"_s)));
}

void TestCommandLine::unknownLanguage()
{
    const Outcome outcome = run({u"--lang"_s, u"xx"_s, u"--help"_s});
    QVERIFY2(outcome.exitCode == kExitUsage, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"en, de, fr"_s), outcome.transcript());
}

void TestCommandLine::translatedMessages()
{
    const Outcome german = run({u"frobnicate"_s, u"--lang"_s, u"de"_s});
    QVERIFY2(german.exitCode == kExitUsage, german.transcript());
    QVERIFY2(german.err.contains(u"unbekannter Befehl"_s), german.transcript());
    // Qt's own catalogue too: QCommandLineParser's messages.
    const Outcome qtGerman = run({u"check"_s, u"--lang=de"_s, u"--bogus"_s});
    QVERIFY2(qtGerman.exitCode == kExitUsage, qtGerman.transcript());
    QVERIFY2(qtGerman.err.contains(u"Unbekannte Option"_s), qtGerman.transcript());
    const Outcome french = run({u"--lang"_s, u"fr"_s, u"--help"_s});
    QVERIFY2(french.exitCode == kExitOk, french.transcript());
    QVERIFY2(french.out.startsWith(u"Utilisation : storekeeper"_s), french.transcript());
}

void TestCommandLine::userAddCreatesShopThenStaff()
{
    const QString database = freshPath(u"new.db"_s);
    const Outcome admin = run({u"user"_s, u"add"_s, u"--email"_s, u"Olga@Shop.test"_s, u"--role"_s, u"admin"_s,
                               u"--first-name"_s, u"Olga"_s, u"--last-name"_s, u"Owner"_s, u"--shop-name"_s,
                               u"Corner Shop"_s, u"--database"_s, database},
                              (kAdminPassword + u'\n').toUtf8());
    QVERIFY2(admin.exitCode == kExitOk, admin.transcript());
    QVERIFY2(admin.out.contains(u"Corner Shop"_s), admin.transcript());
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM users WHERE role = 'admin' AND email = 'olga@shop.test'"_s),
             1);

    // With an administrator in place, the command adds staff as the system.
    const Outcome clerk = run({u"user"_s, u"add"_s, u"--email"_s, u"sam@shop.test"_s, u"--role"_s, u"clerk"_s,
                               u"--first-name"_s, u"Sam"_s, u"--last-name"_s, u"Rivera"_s, u"--database"_s, database},
                              "Register-Till-77\r\n");
    QVERIFY2(clerk.exitCode == kExitOk, clerk.transcript());
    QVERIFY2(clerk.out.contains(u"sam@shop.test"_s), clerk.transcript());
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM users"_s), 2);

    // --shop-name only means something when the shop is created.
    const Outcome late = run({u"user"_s, u"add"_s, u"--email"_s, u"ann@shop.test"_s, u"--role"_s, u"admin"_s,
                              u"--first-name"_s, u"Ann"_s, u"--last-name"_s, u"Other"_s, u"--shop-name"_s, u"X"_s,
                              u"--database"_s, database},
                             (kAdminPassword + u'\n').toUtf8());
    QVERIFY2(late.exitCode == kExitUsage, late.transcript());

    const Outcome check = run({u"check"_s, u"--database"_s, database});
    QVERIFY2(check.exitCode == kExitOk, check.transcript());
}

void TestCommandLine::userAddWeakPassword()
{
    const QString database = freshPath(u"weak.db"_s);
    const Outcome outcome = run({u"user"_s, u"add"_s, u"--email"_s, u"olga@shop.test"_s, u"--role"_s, u"admin"_s,
                                 u"--first-name"_s, u"Olga"_s, u"--last-name"_s, u"Owner"_s, u"--database"_s, database},
                                "short\n");
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"Choose a password of at least 10 characters"_s), outcome.transcript());
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM users"_s), 0);
}

void TestCommandLine::userAddDuplicateEmail()
{
    const QString database = freshPath(u"dup.db"_s);
    QVERIFY(createAdmin(database, u"olga@shop.test"_s));
    const Outcome outcome = run({u"user"_s, u"add"_s, u"--email"_s, u"OLGA@shop.test"_s, u"--role"_s, u"clerk"_s,
                                 u"--first-name"_s, u"Olga"_s, u"--last-name"_s, u"Again"_s, u"--database"_s, database},
                                "Another-Good-Pass-5\n");
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"already exists"_s), outcome.transcript());
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM users"_s), 1);
}

void TestCommandLine::userAddWithoutPassword()
{
    const QString database = freshPath(u"nopass.db"_s);
    const Outcome outcome = run({u"user"_s, u"add"_s, u"--email"_s, u"olga@shop.test"_s, u"--role"_s, u"admin"_s,
                                 u"--first-name"_s, u"Olga"_s, u"--last-name"_s, u"Owner"_s, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitUsage, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"standard input"_s), outcome.transcript());
}

void TestCommandLine::userAddVendor()
{
    const QString database = demoCopy();
    const Outcome outcome = run({u"user"_s, u"add"_s, u"--email"_s, u"ana@tea.test"_s, u"--role"_s, u"vendor"_s,
                                 u"--vendor"_s, u"Sato Tea Company"_s, u"--first-name"_s, u"Ana"_s,
                                 u"--last-name"_s, u"Sato"_s, u"--database"_s, database},
                                "Green-Tea-Leaves-3\n");
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    // An existing vendor of that name is joined, not duplicated.
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM vendors WHERE name = 'Sato Tea Company'"_s), 1);
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM users u JOIN vendors v ON v.id = u.vendor_id "
                                   "WHERE u.email = 'ana@tea.test' AND v.name = 'Sato Tea Company'"_s),
             1);
}

void TestCommandLine::checkPassesOnDemo()
{
    const Outcome outcome = run({u"check"_s, u"--database"_s, demoCopy()});
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    QVERIFY2(outcome.out.contains(u"PASS"_s), outcome.transcript());
    QVERIFY2(!outcome.out.contains(u"FAIL"_s), outcome.transcript());
}

void TestCommandLine::checkNamesTamperedAuditRow()
{
    const QString database = demoCopy();
    QVERIFY(countOnFile(database, u"SELECT COUNT(*) FROM audit_log"_s) >= 3);
    const QString problem =
        execOnFile(database, u"UPDATE audit_log SET details = '{\"tampered\":true}' WHERE id = 3"_s);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const Outcome outcome = run({u"check"_s, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    static const QRegularExpression failLine(u"^FAIL\\s+\\S+\\s+.*\\b3\\b"_s, QRegularExpression::MultilineOption);
    QVERIFY2(failLine.match(outcome.out).hasMatch(), outcome.transcript());
}

void TestCommandLine::checkMissingFile()
{
    const QString database = freshPath(u"missing.db"_s);
    const Outcome outcome = run({u"check"_s, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(database), outcome.transcript());
    QVERIFY2(!QFile::exists(database), "check created the database it was asked to check");
}

void TestCommandLine::backupWritesCopy()
{
    const QString database = demoCopy();
    const QString backup = freshPath(u"backup.db"_s);
    const Outcome outcome = run({u"backup"_s, backup, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    QVERIFY(QFile::exists(backup));
    const qint64 users = countOnFile(database, u"SELECT COUNT(*) FROM users"_s);
    QVERIFY(users > 0);
    QCOMPARE(countOnFile(backup, u"SELECT COUNT(*) FROM users"_s), users);

    // The copy is a whole shop of its own.
    const Outcome check = run({u"check"_s, u"--database"_s, backup});
    QVERIFY2(check.exitCode == kExitOk, check.transcript());
}

void TestCommandLine::backupRefusesExistingFile()
{
    const QString database = demoCopy();
    const QString existing = freshPath(u"precious.txt"_s);
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me\n");
    }
    const Outcome outcome = run({u"backup"_s, existing, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(existing), outcome.transcript());
    QFile file(existing);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("keep me\n"));
}

void TestCommandLine::demoTwiceIsRefused()
{
    const QString database = demoCopy();
    const qint64 usersBefore = countOnFile(database, u"SELECT COUNT(*) FROM users"_s);
    const Outcome outcome = run({u"demo"_s, u"--products"_s, u"50"_s, u"--history-days"_s, u"5"_s, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"--force"_s), outcome.transcript());
    QCOMPARE(countOnFile(database, u"SELECT COUNT(*) FROM users"_s), usersBefore);
}

void TestCommandLine::unreachablePostgres()
{
    const Outcome outcome = run({u"check"_s, u"--database"_s, u"postgresql://x:y@127.0.0.1:1/db"_s});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"Cannot connect"_s), outcome.transcript());
    QVERIFY2(!outcome.err.contains(u":y@"_s), "the password was shown");
}

void TestCommandLine::desktopReportsBadDatabase()
{
    // No window can help here: the sentence goes to stderr (the message box
    // is not shown on the offscreen platform) and the exit status is 1.
    const Outcome outcome = run({u"--database"_s, u"postgresql://x:y@127.0.0.1:1/db"_s, u"--exit-after-first-paint"_s});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"Cannot connect"_s), outcome.transcript());
}

void TestCommandLine::desktopWithoutDisplay()
{
    const QStringList noDisplay{u"QT_QPA_PLATFORM"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s};
    const Outcome outcome = run({u"--database"_s, freshPath(u"gui.db"_s)}, {}, noDisplay);
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"display"_s), outcome.transcript());
    // --help and --version need no display.
    QCOMPARE(run({u"--version"_s}, {}, noDisplay).exitCode, kExitOk);
}

void TestCommandLine::desktopFirstPaint()
{
    // The wiring the startup benchmark relies on: automatic sign-in, the
    // main window, one "first-paint-ms N" line, exit status 0.
    m_extraEnvironment.insert(u"STOREKEEPER_PASSWORD"_s, u"Storekeeper-demo-1"_s);
    const Outcome outcome = run({u"--database"_s, demoCopy(), u"--sign-in"_s, u"owner@demo.shop"_s,
                                 u"--exit-after-first-paint"_s});
    QVERIFY2(outcome.exitCode == kExitOk, outcome.transcript());
    static const QRegularExpression line(u"^first-paint-ms \\d+$"_s, QRegularExpression::MultilineOption);
    QVERIFY2(line.match(outcome.out).hasMatch(), outcome.transcript());

    m_extraEnvironment.insert(u"STOREKEEPER_PASSWORD"_s, u"not-the-password"_s);
    const Outcome refused = run({u"--database"_s, demoCopy(), u"--sign-in"_s, u"owner@demo.shop"_s,
                                 u"--exit-after-first-paint"_s});
    QVERIFY2(refused.exitCode == kExitFailed, refused.transcript());
}

void TestCommandLine::newerSchemaIsRefused()
{
    const QString database = freshPath(u"future.db"_s);
    {
        sk::Result<sk::DatabaseUrl> url = sk::DatabaseUrl::parse(database);
        QVERIFY(url.ok());
        sk::Result<std::shared_ptr<sk::Database>> opened = sk::Database::open(url.value());
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    }
    const QString problem = execOnFile(
        database, u"INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', '%1')"_s.arg(
                      QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const Outcome check = run({u"check"_s, u"--database"_s, database});
    QVERIFY2(check.exitCode == kExitFailed, check.transcript());
    QVERIFY2(check.err.contains(u"newer version"_s), check.transcript());

    const Outcome add = run({u"user"_s, u"add"_s, u"--email"_s, u"olga@shop.test"_s, u"--role"_s, u"admin"_s,
                             u"--first-name"_s, u"Olga"_s, u"--last-name"_s, u"Owner"_s, u"--database"_s, database},
                            (kAdminPassword + u'\n').toUtf8());
    QVERIFY2(add.exitCode == kExitFailed, add.transcript());
    QVERIFY2(add.err.contains(u"newer version"_s), add.transcript());
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_cli.moc"
