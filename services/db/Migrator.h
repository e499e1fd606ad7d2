#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <optional>

namespace sk {

class Connection;

// Brings a database to the schema this binary was built with. Migrations are
// embedded resources :/migrations/NNNN_name.sql (portable, with the type
// tokens of SqlDialect::translateDdl), optionally replaced for one database by
// NNNN_name.sqlite.sql or NNNN_name.postgres.sql. Each one runs in its own
// write transaction together with its schema_version row, so a failure leaves
// the database at the previous version.
class Migrator {
public:
    struct Migration {
        int version = 0;
        QString name;
        QString sql;
    };

    explicit Migrator(Connection &connection);
    // With an explicit list instead of the embedded resources (tests).
    Migrator(Connection &connection, QList<Migration> migrations);

    // The migrations for this connection's dialect, in order.
    QList<Migration> available() const;
    // The embedded migrations of one dialect ("sqlite", "postgres"). Every
    // version exists for both, so a schema version means the same on each.
    static QList<Migration> availableFor(const QString &dialectName);
    static int latestVersion();

    // 0 for an empty database.
    Result<int> currentVersion();
    // Applies what is missing; refuses a database newer than this binary.
    Result<int> migrate();

    // Splits a migration into statements: ';' at the end of a line ends a
    // statement, except inside CREATE TRIGGER ... END; and dollar-quoted bodies.
    static QStringList splitStatements(const QString &sql);

private:
    Status ensureVersionTable();
    Connection &m_connection;
    std::optional<QList<Migration>> m_migrations;
};

} // namespace sk
