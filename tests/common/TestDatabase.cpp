#include "TestDatabase.h"

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

} // namespace

bool usePostgres()
{
    return qEnvironmentVariable("STOREKEEPER_TEST_BACKEND") == u"postgres"_s;
}

TestDatabase::TestDatabase()
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
    m_url.databaseName = u"sk_test_%1"_s.arg(QRandomGenerator::global()->generate64() & 0xffffffffffffULL);
    m_problem = runOnServer(m_server, u"CREATE DATABASE %1"_s.arg(m_url.databaseName));
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
