#include "CheckoutRawStatements.h"

#include <QFile>

#include <sqlite3.h>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr int kBusyTimeoutMs = 10000; // as Connection sets it

} // namespace

RawStatements::RawStatements(const QString &path)
{
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK
        || sqlite3_busy_timeout(m_db, kBusyTimeoutMs) != SQLITE_OK
        || !exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                 "PRAGMA temp_store=MEMORY")) {
        report(u"open"_s);
        sqlite3_close(m_db);
        m_db = nullptr;
    }
}

RawStatements::~RawStatements()
{
    for (sqlite3_stmt *statement : std::as_const(m_statements))
        sqlite3_finalize(statement);
    sqlite3_close(m_db);
}

bool RawStatements::exec(const char *sql)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    report(QString::fromUtf8(sql));
    return false;
}

sqlite3_stmt *RawStatements::prepared(const char *sql)
{
    if (sqlite3_stmt *known = m_statements.value(sql))
        return known;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
        report(u"prepare "_s + QString::fromUtf8(sql));
        return nullptr;
    }
    m_statements.insert(sql, statement);
    return statement;
}

bool RawStatements::run(const char *sql, std::initializer_list<RawValue> values,
                        const std::function<void(sqlite3_stmt *)> &onRow)
{
    sqlite3_stmt *statement = prepared(sql);
    if (!statement)
        return false;
    int index = 1;
    for (const RawValue &value : values) {
        if (const qint64 *number = std::get_if<qint64>(&value))
            sqlite3_bind_int64(statement, index, *number);
        else if (const QByteArray *text = std::get_if<QByteArray>(&value))
            sqlite3_bind_text(statement, index, text->constData(), int(text->size()), SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(statement, index);
        ++index;
    }
    int status;
    while ((status = sqlite3_step(statement)) == SQLITE_ROW)
        if (onRow)
            onRow(statement);
    if (status != SQLITE_DONE)
        report(QString::fromUtf8(sql).simplified().left(80));
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return status == SQLITE_DONE;
}

int RawStatements::changes() const
{
    return sqlite3_changes(m_db);
}

void RawStatements::report(const QString &what)
{
    std::fprintf(stderr, "storekeeper-bench checkout: sqlite3 (%s): %s\n", qPrintable(what),
                 m_db ? sqlite3_errmsg(m_db) : "out of memory");
}

} // namespace sk::bench
