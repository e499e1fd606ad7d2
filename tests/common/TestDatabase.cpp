#include "TestDatabase.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sk::test {

namespace {

// Runs one statement on the maintenance connection to the server's own database.
QString runOnServer(const DatabaseUrl &server, const QString &sql)
{
    const QString name = u"test-admin-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QString problem;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(server.host);
        db.setPort(server.port);
        db.setUserName(server.user);
        db.setPassword(server.password);
        db.setDatabaseName(server.databaseName);
        if (!db.open()) {
            problem = u"Cannot reach the test PostgreSQL server: "_s + db.lastError().text();
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

QString randomDatabaseName(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffULL);
}

// The migrated template of this test process, made by the first test that
// needs it and dropped when the process ends.
struct Template {
    DatabaseUrl server;
    QString name;
    QString problem;
};

Template &processTemplate()
{
    static Template instance;
    return instance;
}

void dropTemplate()
{
    const Template &tpl = processTemplate();
    if (!tpl.name.isEmpty())
        runOnServer(tpl.server, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(tpl.name));
}

// Creates and migrates the template once; returns its name, or empty with
// the problem set.
QString migratedTemplate(const DatabaseUrl &server, QString *problem)
{
    Template &tpl = processTemplate();
    if (!tpl.name.isEmpty() || !tpl.problem.isEmpty()) {
        *problem = tpl.problem;
        return tpl.name;
    }
    tpl.server = server;
    const QString name = randomDatabaseName(u"sk_template_"_s);
    tpl.problem = runOnServer(server, u"CREATE DATABASE %1"_s.arg(name));
    if (tpl.problem.isEmpty()) {
        tpl.name = name;
        qAddPostRoutine(dropTemplate);
        DatabaseUrl url = server;
        url.databaseName = name;
        // Every connection must be closed again before the template can be copied.
        Result<std::shared_ptr<Database>> database = Database::open(url, Database::Options{1, true});
        if (!database)
            tpl.problem = database.error().message + u" "_s + database.error().details;
    }
    *problem = tpl.problem;
    return tpl.problem.isEmpty() ? tpl.name : QString();
}

} // namespace

bool usePostgres()
{
    return qEnvironmentVariable("STOREKEEPER_TEST_BACKEND") == u"postgres"_s;
}

TestDatabase::TestDatabase(Contents contents)
{
    if (!usePostgres()) {
        m_url.kind = DatabaseUrl::Kind::Sqlite;
        m_url.path = m_dir.filePath(u"test.db"_s);
        return;
    }
    const QString serverUrl = qEnvironmentVariable("STOREKEEPER_TEST_PG_URL");
    if (serverUrl.isEmpty()) {
        m_problem = u"STOREKEEPER_TEST_PG_URL is not set; scripts/test sets it with pg_virtualenv."_s;
        return;
    }
    Result<DatabaseUrl> server = DatabaseUrl::parse(serverUrl);
    if (!server) {
        m_problem = server.error().message;
        return;
    }
    m_server = server.value();
    m_url = m_server;
    m_url.databaseName = randomDatabaseName(u"sk_test_"_s);
    if (contents == Contents::Empty) {
        m_problem = runOnServer(m_server, u"CREATE DATABASE %1"_s.arg(m_url.databaseName));
        return;
    }
    const QString tpl = migratedTemplate(m_server, &m_problem);
    if (m_problem.isEmpty())
        m_problem = runOnServer(m_server, u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(m_url.databaseName, tpl));
}

TestDatabase::~TestDatabase()
{
    if (m_url.isPostgres() && m_problem.isEmpty())
        runOnServer(m_server, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_url.databaseName));
}

std::shared_ptr<Database> TestDatabase::open(Database::Options options)
{
    if (!m_problem.isEmpty())
        return {};
    Result<std::shared_ptr<Database>> database = Database::open(m_url, options);
    if (!database) {
        m_problem = database.error().message + u" "_s + database.error().details;
        return {};
    }
    return database.value();
}

} // namespace sk::test
