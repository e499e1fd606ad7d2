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

    // The category and every category below it (bind the category's id).
    static QString categorySubtreeSql();

    enum class Columns { IdAndSortKeys, IdOnly };
    // Column 0 the product id, then (IdAndSortKeys) the sort key(s) the next
    // cursor is made of (sortKeyCount()). categoryIds is the resolved
    // subtree, empty when the query has no category. limit empty: every
    // matching row.
    SearchStatement select(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                           const QList<qint64> &categoryIds, const std::optional<ProductCursor> &after,
                           std::optional<int> limit, Columns columns = Columns::IdAndSortKeys) const;
    SearchStatement count(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                          const QList<qint64> &categoryIds) const;
    // The table's columns for these ids (any order; at most a few hundred).
    static SearchStatement rows(const QList<qint64> &ids, std::optional<qint64> vendorId);
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

    bool m_postgres;
};

} // namespace sk
