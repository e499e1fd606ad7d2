#pragma once

#include "core/Result.h"

#include <QString>

namespace sk {

// Where the shop's data lives: an SQLite file or a PostgreSQL database.
struct DatabaseUrl {
    enum class Kind { Sqlite, Postgres };

    Kind kind = Kind::Sqlite;
    QString path;        // SQLite: absolute file path
    QString host;        // PostgreSQL
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;

    // Accepts "sqlite:///abs/path.db", a plain file path, or
    // "postgresql://user:pass@host:port/dbname" (also "postgres://").
    static Result<DatabaseUrl> parse(const QString &text);

    // --database, else STOREKEEPER_DATABASE, else the default file.
    static Result<DatabaseUrl> resolve(const QString &commandLineValue);

    // storekeeper.db in the application data folder.
    static QString defaultSqlitePath();

    bool isSqlite() const { return kind == Kind::Sqlite; }
    bool isPostgres() const { return kind == Kind::Postgres; }

    // For status bars and messages: never shows the password.
    QString displayName() const;
    // Full URL including the password, for passing to a child process.
    QString toString() const;
};

} // namespace sk
