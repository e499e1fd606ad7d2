// "storekeeper import products" and "export products" as scripts use them:
// exit statuses, messages, the report file and what lands in the database.
// Runs the real program (build/app/storekeeper) on temporary SQLite files.
#include "db/Database.h"
#include "db/DatabaseUrl.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sk::Result;

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

QDir caseDirectory()
{
    QDir dir = QFileInfo(QString::fromUtf8(__FILE__)).dir();
    dir.cd(u"../data/csv/import"_s);
    return dir;
}

} // namespace

class TestCliImport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void helpListsTheCommands();
    void usageErrors_data();
    void usageErrors();
    void importExportImportGivesTheSameFile_data();
    void importExportImportGivesTheSameFile();
    void rejectedRowsEndWithOne();
    void dryRunChangesNothing();
    void missingFilesFail();

private:
    Outcome run(const QStringList &arguments) const;
    QString newDatabase(const QString &name);
    qint64 count(const QString &database, const QString &table);

    QString m_program;
    std::unique_ptr<QTemporaryDir> m_dir;
};

Outcome TestCliImport::run(const QStringList &arguments) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    environment.insert(u"LANGUAGE"_s, u"en"_s);
    environment.remove(u"STOREKEEPER_DATABASE"_s);
    environment.insert(u"HOME"_s, m_dir->path());
    environment.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir->path());
    process.start(m_program, arguments);
    Outcome outcome;
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

// An empty shop database (schema only), made the way the program makes one.
QString TestCliImport::newDatabase(const QString &name)
{
    const QString path = m_dir->filePath(name);
    Result<std::shared_ptr<sk::Database>> database = sk::Database::open(sk::DatabaseUrl::parse(path).value());
    return database.ok() ? path : QString();
}

qint64 TestCliImport::count(const QString &database, const QString &table)
{
    Result<std::shared_ptr<sk::Database>> opened = sk::Database::open(sk::DatabaseUrl::parse(database).value());
    if (!opened)
        return -1;
    Result<QVariant> n = sk::Database::wait(opened.value()->read(
        [table](sk::Connection &c) { return c.scalar(u"SELECT COUNT(*) FROM "_s + table); }));
    return n.ok() ? n->toLongLong() : -1;
}

void TestCliImport::initTestCase()
{
    m_program = qEnvironmentVariable("STOREKEEPER_APP");
    if (m_program.isEmpty())
        m_program = QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../app/storekeeper"_s);
    QVERIFY2(QFileInfo(m_program).isExecutable(), qPrintable(m_program));
}

void TestCliImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCliImport::helpListsTheCommands()
{
    const Outcome help = run({u"--help"_s});
    QVERIFY2(help.exitCode == kExitOk, help.transcript());
    QVERIFY2(help.out.contains(u"import products FILE"_s), help.transcript());
    QVERIFY2(help.out.contains(u"export products FILE"_s), help.transcript());
    const Outcome importHelp = run({u"import"_s, u"products"_s, u"--help"_s});
    QVERIFY2(importHelp.exitCode == kExitOk && importHelp.out.contains(u"--dry-run"_s), importHelp.transcript());
    QVERIFY2(importHelp.out.contains(u"--report"_s), importHelp.transcript());
}

void TestCliImport::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("import nothing") << QStringList{u"import"_s} << u"say what to import"_s;
    QTest::newRow("import customers") << QStringList{u"import"_s, u"customers"_s, u"x.csv"_s} << u"\"customers\""_s;
    QTest::newRow("import without file") << QStringList{u"import"_s, u"products"_s} << u"Missing argument"_s;
    QTest::newRow("two files") << QStringList{u"import"_s, u"products"_s, u"a.csv"_s, u"b.csv"_s} << u"b.csv"_s;
    QTest::newRow("bad format") << QStringList{u"import"_s, u"products"_s, u"a.csv"_s, u"--format"_s, u"xml"_s}
                                << u"storekeeper or shopify"_s;
    QTest::newRow("export nothing") << QStringList{u"export"_s} << u"say what to export"_s;
    QTest::newRow("export without file") << QStringList{u"export"_s, u"products"_s} << u"Missing argument"_s;
    QTest::newRow("export bad format") << QStringList{u"export"_s, u"products"_s, u"a.csv"_s, u"--format"_s, u"xls"_s}
                                       << u"storekeeper or shopify"_s;
}

void TestCliImport::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Outcome outcome = run(arguments);
    QVERIFY2(outcome.exitCode == kExitUsage, outcome.transcript());
    QVERIFY2(outcome.err.contains(message), outcome.transcript());
    QVERIFY2(outcome.out.isEmpty(), outcome.transcript());
}

void TestCliImport::importExportImportGivesTheSameFile_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("storekeeper") << u"storekeeper"_s;
    QTest::newRow("shopify") << u"shopify"_s;
}

void TestCliImport::importExportImportGivesTheSameFile()
{
    QFETCH(QString, format);
    const QString first = newDatabase(u"first.db"_s);
    QVERIFY(!first.isEmpty());
    const Outcome imported =
        run({u"import"_s, u"products"_s, caseDirectory().filePath(u"basic.csv"_s), u"--database"_s, first});
    QVERIFY2(imported.exitCode == kExitOk, imported.transcript());
    QVERIFY2(imported.out.contains(u"2 products created"_s), imported.transcript());
    QCOMPARE(count(first, u"products"_s), 2);

    const QString exported = m_dir->filePath(u"first.csv"_s);
    const Outcome exportOutcome =
        run({u"export"_s, u"products"_s, exported, u"--format"_s, format, u"--database"_s, first});
    QVERIFY2(exportOutcome.exitCode == kExitOk, exportOutcome.transcript());
    QVERIFY2(exportOutcome.out.contains(u"2 products with 4 variants and 2 images"_s), exportOutcome.transcript());

    const QString second = newDatabase(u"second.db"_s);
    const Outcome again = run({u"import"_s, u"products"_s, exported, u"--database"_s, second});
    QVERIFY2(again.exitCode == kExitOk, again.transcript());
    QVERIFY2(again.out.contains(format + u" format"_s), again.transcript());
    const QString reexported = m_dir->filePath(u"second.csv"_s);
    QCOMPARE(run({u"export"_s, u"products"_s, reexported, u"--format"_s, format, u"--database"_s, second}).exitCode,
             kExitOk);
    QFile a(exported);
    QFile b(reexported);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());
}

void TestCliImport::rejectedRowsEndWithOne()
{
    const QString database = newDatabase(u"shop.db"_s);
    const QString report = m_dir->filePath(u"report.csv"_s);
    const Outcome outcome = run({u"import"_s, u"products"_s, caseDirectory().filePath(u"wrong_types.csv"_s),
                                 u"--report"_s, report, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript());
    QVERIFY2(outcome.err.contains(u"Line 2: "_s) && outcome.err.contains(u"Line 7: "_s), outcome.transcript());
    QVERIFY2(outcome.out.contains(u"1 products created"_s), outcome.transcript());
    QVERIFY2(outcome.out.contains(u"6 rows (5 products) were rejected"_s), outcome.transcript());
    QCOMPARE(count(database, u"products"_s), 1);
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.constFirst(), QByteArray("line,handle,sku,reason\r"));
    QCOMPARE(lines.size(), 1 + 6 + 1); // header, six rows, the empty rest after the last CRLF
}

void TestCliImport::dryRunChangesNothing()
{
    const QString database = newDatabase(u"shop.db"_s);
    const Outcome outcome = run({u"import"_s, u"products"_s, caseDirectory().filePath(u"shopify_multirow.csv"_s),
                                 u"--dry-run"_s, u"--database"_s, database});
    QVERIFY2(outcome.exitCode == kExitFailed, outcome.transcript()); // it has rejected rows
    QVERIFY2(outcome.out.contains(u"Dry run, nothing was written: 3 products would be created"_s),
             outcome.transcript());
    QVERIFY2(outcome.err.contains(u"Note: "_s) && outcome.err.contains(u"Variant Inventory Qty"_s),
             outcome.transcript());
    QCOMPARE(count(database, u"products"_s), 0);
    QCOMPARE(count(database, u"categories"_s), 0);
}

void TestCliImport::missingFilesFail()
{
    const QString database = newDatabase(u"shop.db"_s);
    const Outcome noFile = run({u"import"_s, u"products"_s, m_dir->filePath(u"nothing.csv"_s), u"--database"_s, database});
    QVERIFY2(noFile.exitCode == kExitFailed && noFile.err.contains(u"does not exist"_s), noFile.transcript());
    const Outcome noDatabase = run({u"import"_s, u"products"_s, caseDirectory().filePath(u"basic.csv"_s),
                                    u"--database"_s, m_dir->filePath(u"none.db"_s)});
    QVERIFY2(noDatabase.exitCode == kExitFailed, noDatabase.transcript());
    QVERIFY(!QFile::exists(m_dir->filePath(u"none.db"_s)));
    const Outcome noExport = run({u"export"_s, u"products"_s, m_dir->filePath(u"out.csv"_s), u"--database"_s,
                                  m_dir->filePath(u"none.db"_s)});
    QVERIFY2(noExport.exitCode == kExitFailed, noExport.transcript());
    QVERIFY(!QFile::exists(m_dir->filePath(u"out.csv"_s)));
}

QTEST_GUILESS_MAIN(TestCliImport)
#include "tst_cli_import.moc"
