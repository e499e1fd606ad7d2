#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>
#include <initializer_list>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace sk::bench {

// A value bound to a raw statement: NULL, an integer or UTF-8 text.
using RawValue = std::variant<std::nullptr_t, qint64, QByteArray>;

// One sqlite3 connection opened as the application opens its writer (WAL,
// synchronous=FULL, foreign keys, the same busy timeout), with every
// statement prepared once and kept: the least work SQLite needs for a
// statement run again and again.
class RawStatements {
public:
    explicit RawStatements(const QString &path);
    ~RawStatements();
    RawStatements(const RawStatements &) = delete;
    RawStatements &operator=(const RawStatements &) = delete;

    bool isOpen() const { return m_db != nullptr; }

    // Unprepared text without values (BEGIN IMMEDIATE, COMMIT, ROLLBACK).
    bool exec(const char *sql);
    // Binds the values in order, steps to the end calling onRow for every
    // row, and resets. `sql` must be a string literal: it is the cache key.
    bool run(const char *sql, std::initializer_list<RawValue> values,
             const std::function<void(sqlite3_stmt *)> &onRow = {});
    // Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;
    // Says what the last failure was, on stderr.
    void report(const QString &what);

private:
    sqlite3_stmt *prepared(const char *sql);

    sqlite3 *m_db = nullptr;
    QHash<const char *, sqlite3_stmt *> m_statements;
};

} // namespace sk::bench
