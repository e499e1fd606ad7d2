#include "db/Connection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>
#include <atomic>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// sk_lower(): SQLite's built-in lower() folds ASCII letters only, so
// searches use this one, which lower-cases like QString (and PostgreSQL).
void sqliteUnicodeLower(sqlite3_context *context, int, sqlite3_value **arguments)
{
    if (sqlite3_value_type(arguments[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(arguments[0]));
    const QByteArray lower = QString::fromUtf8(text, sqlite3_value_bytes(arguments[0])).toLower().toUtf8();
    sqlite3_result_text(context, lower.constData(), int(lower.size()), SQLITE_TRANSIENT);
}

bool registerSqliteFunctions(QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    sqlite3 *raw = handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0
                       ? *static_cast<sqlite3 *const *>(handle.constData())
                       : nullptr;
    return raw
           && sqlite3_create_function_v2(raw, "sk_lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                         &sqliteUnicodeLower, nullptr, nullptr, nullptr)
                  == SQLITE_OK;
}

QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return u"storekeeper-%1"_s.arg(++counter);
}

} // namespace

Connection::Connection(const DatabaseUrl &url, Role role, QString name)
    : m_url(url), m_role(role), m_name(std::move(name)), m_dialect(SqlDialect::create(url.kind))
{
}

Connection::CachedStatement::CachedStatement(std::unique_ptr<QSqlQuery> prepared) : query(std::move(prepared)) {}

Connection::CachedStatement::~CachedStatement() = default;

Connection::~Connection()
{
    // Statements first: a driver closed under live queries warns and
    // leaves them pointing at a freed handle.
    m_statements.clear();
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<Connection>> Connection::open(const DatabaseUrl &url, Role role)
{
    std::unique_ptr<Connection> connection(new Connection(url, role, uniqueConnectionName()));
    const QString driver = connection->m_dialect->qtDriver();
    if (!QSqlDatabase::isDriverAvailable(driver))
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("Connection", "The database driver %1 is not installed. Run scripts/bootstrap "
                              "or install the Qt SQL driver package.").arg(driver));
    connection->m_db = QSqlDatabase::addDatabase(driver, connection->m_name);
    QSqlDatabase &db = connection->m_db;
    if (url.isSqlite()) {
        const QFileInfo file(url.path);
        if (!QDir().mkpath(file.absolutePath()))
            return Error::make(ErrorCode::Unavailable,
                               QCoreApplication::translate("Connection", "The folder %1 cannot be created. Choose a database file in a "
                                  "folder you can write to.").arg(file.absolutePath()));
        db.setDatabaseName(url.path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        if (!db.open())
            return Error::make(ErrorCode::Unavailable,
                               QCoreApplication::translate("Connection", "The database file %1 cannot be opened. Check that it exists "
                                  "and that you may read and write it.").arg(url.path),
                               db.lastError().text());
    } else {
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setUserName(url.user);
        db.setPassword(url.password);
        db.setDatabaseName(url.databaseName);
        db.setConnectOptions(u"connect_timeout=5;application_name=storekeeper"_s);
        if (!db.open())
            return Error::make(ErrorCode::Unavailable,
                               QCoreApplication::translate("Connection", "Cannot connect to the PostgreSQL database %1. Check that the "
                                  "server is running and that the address, user name and "
                                  "password are right.").arg(url.displayName()),
                               db.lastError().text());
    }
    if (Status configured = connection->configure(); !configured)
        return configured.error();
    return connection;
}

Status Connection::configure()
{
    if (isSqlite()) {
        // Reading the schema is the first access to the file, so a file that is
        // not SQLite at all is reported here rather than deep in a migration.
        QSqlQuery probe(m_db);
        if (!probe.exec(u"SELECT count(*) FROM sqlite_master"_s) || !probe.next())
            return Error::make(ErrorCode::Unavailable,
                               QCoreApplication::translate("Connection", "The file %1 is not a Storekeeper database, or it is damaged. "
                                  "Choose another file or restore a backup.").arg(m_url.path),
                               probe.lastError().text());
        // An unfinished statement keeps a read transaction open, and SQLite
        // refuses to switch to WAL inside one.
        probe.finish();
        // Statement journals and sorter spills in memory: the full-text
        // indexes write one for nearly every statement inside a long
        // transaction (an import), which on disk made bulk writes ten times slower.
        QStringList pragmas{u"PRAGMA foreign_keys = ON"_s, u"PRAGMA synchronous = FULL"_s,
                            u"PRAGMA busy_timeout = 10000"_s, u"PRAGMA temp_store = MEMORY"_s};
        if (m_role != Role::Reader)
            pragmas.prepend(u"PRAGMA journal_mode = WAL"_s);
        else
            pragmas.append(u"PRAGMA query_only = ON"_s);
        if (!registerSqliteFunctions(m_db))
            return Error::make(ErrorCode::Unavailable,
                               QCoreApplication::translate("Connection", "The database file %1 cannot be opened. Check that it exists "
                                  "and that you may read and write it.").arg(m_url.path));
        for (const QString &pragma : pragmas) {
            QSqlQuery query(m_db);
            if (!query.exec(pragma))
                return describe(query.lastError(), pragma);
        }
    } else {
        QSqlQuery query(m_db);
        if (!query.exec(u"SET TIME ZONE 'UTC'"_s))
            return describe(query.lastError());
        if (m_role == Role::Reader && !query.exec(u"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"_s))
            return describe(query.lastError());
    }
    return Status::success();
}

Result<QSqlQuery> Connection::exec(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    // PostgreSQL cannot PREPARE DDL or transaction control, so statements
    // without values run directly.
    auto failed = [&] {
        if (isConnectionLost(query.lastError()))
            m_connectionLost = true;
        return describe(query.lastError(), sql);
    };
    if (values.isEmpty()) {
        if (!query.exec(sql))
            return failed();
        return query;
    }
    if (!query.prepare(sql))
        return failed();
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return failed();
    return query;
}

Result<CachedQuery> Connection::prepared(const QString &sql, const QVariantList &values)
{
    // Migrations run once: nothing to gain from keeping their statements.
    if (m_role == Role::Maintenance) {
        Result<QSqlQuery> query = exec(sql, values);
        if (!query)
            return query.error();
        return CachedQuery(std::make_unique<QSqlQuery>(std::move(query.value())));
    }
    auto failed = [this, &sql](QSqlQuery &query) {
        const QSqlError error = query.lastError();
        query.finish();
        if (isConnectionLost(error))
            m_connectionLost = true;
        return describe(error, sql);
    };
    auto bindAndRun = [&values](QSqlQuery &query) {
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), values.at(i));
        return query.exec();
    };
    auto found = m_statements.find(sql);
    if (found == m_statements.end() || found->second->lent) {
        auto query = std::make_unique<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return failed(*query);
        if (found != m_statements.end()) {
            // The same SQL inside a loop over its own rows: run apart.
            if (!bindAndRun(*query))
                return failed(*query);
            return CachedQuery(std::move(query));
        }
        if (qsizetype(m_statements.size()) >= kMaxCachedStatements)
            std::erase_if(m_statements, [](const auto &entry) { return !entry.second->lent; });
        found = m_statements.emplace(sql, std::make_unique<CachedStatement>(std::move(query))).first;
    }
    CachedStatement &statement = *found->second;
    if (!bindAndRun(*statement.query))
        return failed(*statement.query);
    statement.lent = true;
    return CachedQuery(statement.query.get(), &statement.lent);
}

Status Connection::run(const QString &sql, const QVariantList &values)
{
    // Transaction control and DDL carry no values, and PostgreSQL cannot
    // prepare them.
    if (values.isEmpty()) {
        Result<QSqlQuery> query = exec(sql, values);
        if (!query)
            return query.error();
        return Status::success();
    }
    Result<CachedQuery> query = prepared(sql, values);
    if (!query)
        return query.error();
    return Status::success();
}

Result<QVariant> Connection::scalar(const QString &sql, const QVariantList &values)
{
    if (values.isEmpty()) {
        Result<QSqlQuery> query = exec(sql, values);
        if (!query)
            return query.error();
        return query.value().next() ? query.value().value(0) : QVariant();
    }
    Result<CachedQuery> query = prepared(sql, values);
    if (!query)
        return query.error();
    return query->next() ? query->value(0) : QVariant();
}

Result<qint64> Connection::insert(const QString &sql, const QVariantList &values)
{
    Result<QVariant> id = scalar(sql, values);
    if (!id)
        return id.error();
    bool ok = false;
    const qint64 value = id.value().toLongLong(&ok);
    if (!ok)
        return Error::make(ErrorCode::Internal, QCoreApplication::translate("Connection", "The database did not return the new record's number."), sql);
    return value;
}

bool Connection::isUniqueViolation(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == u"23505"_s                       // PostgreSQL unique_violation
           || code == u"2067"_s || code == u"1555"_s // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
           || error.databaseText().contains(u"UNIQUE constraint failed"_s);
}

bool Connection::isConnectionLost(const QSqlError &error)
{
    return error.nativeErrorCode().startsWith(u"08"_s) // PostgreSQL connection_exception class
           || error.databaseText().contains(u"server closed the connection"_s)
           || error.databaseText().contains(u"no connection to the server"_s);
}

Error Connection::describe(const QSqlError &error, const QString &what)
{
    const QString details = what.isEmpty() ? error.text() : error.text() + u"\n"_s + what;
    const QString code = error.nativeErrorCode();
    if (code == u"40P01"_s || code == u"40001"_s)
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("Connection", "Another register was changing the same records at "
                                                                     "the same moment. Try again."),
                           u"SQLSTATE "_s + code + u"\n"_s + details);
    if (code == u"5"_s || code == u"6"_s || error.databaseText().contains(u"database is locked"_s))
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("Connection", "The database is busy with another register. Try again in a moment."),
                           details);
    if (isConnectionLost(error))
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("Connection", "The connection to the database was lost. Check the network and "
                              "try again."),
                           details);
    if (isUniqueViolation(error))
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("Connection", "This record already exists."), details);
    if (code == u"23503"_s || code == u"787"_s || error.databaseText().contains(u"FOREIGN KEY"_s))
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("Connection", "This record is still used elsewhere, or refers to a record that "
                              "does not exist."),
                           details);
    if (code == u"13"_s || error.databaseText().contains(u"disk is full"_s)
        || code == u"53100"_s)
        return Error::make(ErrorCode::Database,
                           QCoreApplication::translate("Connection", "The disk holding the database is full. Free some space and try again."),
                           details);
    return Error::make(ErrorCode::Database,
                       QCoreApplication::translate("Connection", "The database could not complete the operation. Nothing was changed."),
                       details);
}

} // namespace sk
