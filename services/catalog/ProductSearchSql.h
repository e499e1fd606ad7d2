#pragma once

#include "catalog/ProductSearch.h"

#include <QList>
#include <QString>
#include <QVariantList>
#include <optional>

namespace sk {

// One statement with its bound values, in the order of its '?' marks.
struct SearchStatement {
    QString sql;
    QVariantList values;
};

// Builds the SQL behind ProductSearch for one database. Kept apart from the
// service so that the benchmark runs exactly the same statements through the
// raw sqlite3 C API. Every value the user typed is bound; only fixed
// fragments chosen by enums are put into the text.
class ProductSearchSql {
public:
    explicit ProductSearchSql(bool postgres) : m_postgres(postgres) {}

    // SQLite takes a category's subtree inside the statements below (a
    // recursive CTE). PostgreSQL plans a sort + category filter well only
    // when it sees the subtree's ids as values (with a CTE it estimates the
    // list blindly and may walk a whole sort index filtering by category),
    // so there the subtree is read first with categorySubtreeSql() and
    // passed as categoryIds.
    bool subtreeInStatement() const { return !m_postgres; }
    // The category and every category below it (bind the category's id).
    static QString categorySubtreeSql();

    enum class Columns { IdAndSortKeys, IdOnly };
    // Column 0 the product id, then (IdAndSortKeys) the sort key(s) the next
    // cursor is made of (sortKeyCount()). categoryIds: the resolved subtree
    // when !subtreeInStatement(), else ignored. limit empty: every matching
    // row.
    SearchStatement select(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                           const QList<qint64> &categoryIds, const std::optional<ProductCursor> &after,
                           std::optional<int> limit, Columns columns = Columns::IdAndSortKeys) const;
    SearchStatement count(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                          const QList<qint64> &categoryIds) const;
    // The table's columns for these ids (any order; at most a few hundred),
    // the shop's currency last (kRowsCurrencyColumn).
    static SearchStatement rows(const QList<qint64> &ids, std::optional<qint64> vendorId);
    static constexpr int kRowsCurrencyColumn = 13;
    static int sortKeyCount(const ProductSearchQuery &query);
    // The query has text that matches nothing (only punctuation): no SQL.
    static bool matchesNothing(const ProductSearchQuery &query);

private:
    struct Text {
        QStringList longWords;   // three characters or more: substring search
        QStringList shortTokens; // otherwise: word prefixes of names
    };
    static Text splitText(const QString &text);

    QString hitsSql(const Text &text, const QString &filters, const QVariantList &filterValues,
                    QVariantList &values) const;
    QString filterSql(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                      const QList<qint64> &categoryIds, QVariantList &values) const;
    // "WITH [RECURSIVE] ..." with the category's subtree (tree, when
    // subtreeInStatement()) before the given common tables; its value goes
    // in front of values. Empty when there is nothing to put there.
    QString withSql(const ProductSearchQuery &query, QStringList tables, QVariantList &values) const;

    bool m_postgres;
};

} // namespace sk
