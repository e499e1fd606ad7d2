#pragma once

#include "core/Result.h"
#include "db/CachedQuery.h"
#include "db/DatabaseUrl.h"
#include "db/SqlDialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>
#include <memory>
#include <unordered_map>

namespace sk {

// One open database connection. A QSqlDatabase may only be used by the thread
// that opened it, so a Connection is created, used and destroyed on a single
// worker thread (see Database); it is never shared.
class Connection {
public:
    enum class Role { Writer, Reader, Maintenance };

    static Result<std::unique_ptr<Connection>> open(const DatabaseUrl &url, Role role);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    const SqlDialect &dialect() const { return *m_dialect; }
    const DatabaseUrl &url() const { return m_url; }
    Role role() const { return m_role; }
    bool isSqlite() const { return m_url.isSqlite(); }
    bool isPostgres() const { return m_url.isPostgres(); }
    QSqlDatabase &handle() { return m_db; }
    // True once a statement failed because the server went away; the
    // owning worker then opens a new connection before its next job.
    bool connectionLost() const { return m_connectionLost; }

    // Prepares sql, binds the positional '?' values in order and runs it.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    // Same, through a statement prepared once per connection and kept: for
    // the statements that repeat (every sale runs the same few dozen, and
    // preparing them again cost more than running them). The rows are read
    // from the handle; destroying it finishes the statement.
    Result<CachedQuery> prepared(const QString &sql, const QVariantList &values = {});
    // Same as prepared(), for statements whose result rows are not needed.
    Status run(const QString &sql, const QVariantList &values = {});
    // First column of the first row, or a null QVariant when there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    // INSERT ... RETURNING id: the new row's id.
    Result<qint64> insert(const QString &sqlWithReturningId, const QVariantList &values = {});

    // Turns a driver error into a sentence; keeps driver text as details.
    static Error describe(const QSqlError &error, const QString &what = {});
    static bool isUniqueViolation(const QSqlError &error);
    static bool isConnectionLost(const QSqlError &error);

private:
    Connection(const DatabaseUrl &url, Role role, QString name);
    Status configure();
    struct CachedStatement {
        explicit CachedStatement(std::unique_ptr<QSqlQuery> prepared);
        ~CachedStatement();
        std::unique_ptr<QSqlQuery> query;
        bool lent = false;
    };

    static constexpr qsizetype kMaxCachedStatements = 256;

    DatabaseUrl m_url;
    Role m_role;
    QString m_name;
    QSqlDatabase m_db;
    std::unique_ptr<SqlDialect> m_dialect;
    bool m_connectionLost = false;
    std::unordered_map<QString, std::unique_ptr<CachedStatement>> m_statements;
};

} // namespace sk
