#pragma once

#include "db/DatabaseUrl.h"

#include <QString>
#include <memory>

namespace sk {

// The few places where SQLite and PostgreSQL differ. Everything else is
// written once in portable SQL (both accept RETURNING and ON CONFLICT).
class SqlDialect {
public:
    virtual ~SqlDialect() = default;

    virtual DatabaseUrl::Kind kind() const = 0;
    virtual QString name() const = 0;           // "sqlite" / "postgres": migration variant suffix
    virtual QString qtDriver() const = 0;       // QSQLITE / QPSQL
    virtual QString beginWrite() const = 0;     // takes the write lock up front
    virtual QString beginRead() const = 0;
    // Replaces the portable type tokens used in migrations
    // (%ID% %BIGINT% %TEXT% %BOOL% %TIMESTAMP% %BLOB%) with native types.
    // Booleans are 0/1 integers on both databases, so SQL and bindings are
    // the same everywhere.
    virtual QString translateDdl(const QString &sql) const = 0;
    // Serialises writers of one append-only chain (audit log) across processes
    // and machines; SQLite's BEGIN IMMEDIATE already does, so it returns empty.
    virtual QString lockForAppend(const QString &what) const = 0;
    // A lower() that folds every letter, not only ASCII ("Élodie" -> "élodie"):
    // PostgreSQL's own; on SQLite, sk_lower(), which Connection registers.
    virtual QString unicodeLower() const = 0;

    static std::unique_ptr<SqlDialect> create(DatabaseUrl::Kind kind);
};

} // namespace sk
