#pragma once

#include <QSqlQuery>
#include <QVariant>
#include <memory>

namespace sk {

// A statement run through Connection::prepared(): the rows of a query that
// the connection prepared once and keeps for the next time the same SQL
// runs. While this handle lives the statement is lent to it; destroying the
// handle finishes the statement (which also ends SQLite's read of it) and
// gives it back. Nested use of the same SQL gets a statement of its own.
class CachedQuery {
public:
    CachedQuery(CachedQuery &&other) noexcept;
    CachedQuery &operator=(CachedQuery &&other) noexcept;
    CachedQuery(const CachedQuery &) = delete;
    CachedQuery &operator=(const CachedQuery &) = delete;
    ~CachedQuery();

    bool next() const { return m_query->next(); }
    QVariant value(int column) const { return m_query->value(column); }
    bool isNull(int column) const { return m_query->isNull(column); }
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    // Ends the read early; the handle still holds the statement.
    void finish() const { m_query->finish(); }
    QSqlQuery &query() const { return *m_query; }

private:
    friend class Connection;
    CachedQuery(QSqlQuery *lent, bool *lentFlag) : m_query(lent), m_lentFlag(lentFlag) {}
    explicit CachedQuery(std::unique_ptr<QSqlQuery> own) : m_query(own.get()), m_own(std::move(own)) {}
    void release();

    QSqlQuery *m_query = nullptr;
    std::unique_ptr<QSqlQuery> m_own;
    bool *m_lentFlag = nullptr;
};

} // namespace sk
