#include "catalog/ProductSearch.h"

#include "catalog/CatalogScope.h"
#include "catalog/ProductSearchSql.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Bound values per IN (...) list; far below both databases' limits.
constexpr qsizetype kIdChunk = 500;

struct Resolved {
    std::optional<qint64> vendorId;
    QList<qint64> categoryIds; // only where the statements do not take the subtree themselves
};

// The actor's scope (a vendor's own scope wins over the vendor the query
// names) and, on PostgreSQL, the category's subtree (ProductSearchSql::subtreeInStatement).
Result<Resolved> resolve(Connection &connection, const Session &actor, const ProductSearchQuery &query)
{
    Result<CatalogScope> scope = CatalogScope::toView(actor);
    if (!scope)
        return scope.error();
    Resolved resolved;
    resolved.vendorId = scope->vendorId ? scope->vendorId : query.vendorId;
    if (query.categoryId && !ProductSearchSql(connection.isPostgres()).subtreeInStatement()) {
        Result<QSqlQuery> tree = connection.exec(ProductSearchSql::categorySubtreeSql(), {*query.categoryId});
        if (!tree)
            return tree.error();
        while (tree.value().next())
            resolved.categoryIds.append(tree.value().value(0).toLongLong());
    }
    return resolved;
}

ProductSearchSql sqlFor(const Connection &connection)
{
    return ProductSearchSql(connection.isPostgres());
}

ProductCursor cursorFrom(const QSqlQuery &row, int keyCount)
{
    ProductCursor cursor;
    cursor.id = row.value(0).toLongLong();
    if (keyCount == 1) {
        cursor.sortValue = row.value(1);
    } else {
        QVariantList keys;
        for (int i = 1; i <= keyCount; ++i)
            keys.append(row.value(i));
        cursor.sortValue = keys;
    }
    return cursor;
}

Result<QList<ProductRow>> rowsInScope(Connection &connection, std::optional<qint64> vendorId,
                                      const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return QList<ProductRow>();
    QHash<qint64, ProductRow> byId;
    QList<qint64> unique = ids;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (qsizetype start = 0; start < unique.size(); start += kIdChunk) {
        const QList<qint64> chunk = unique.mid(start, kIdChunk);
        const SearchStatement statement = ProductSearchSql::rows(chunk, vendorId);
        Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
        if (!rows)
            return rows.error();
        QSqlQuery &row = rows.value();
        while (row.next()) {
            ProductRow out;
            out.id = row.value(0).toLongLong();
            out.name = row.value(1).toString();
            out.sku = row.value(2).toString();
            out.brand = row.value(3).toString();
            out.vendorName = row.value(4).toString();
            out.categoryName = row.value(5).toString();
            out.status = productStatusFromName(row.value(6).toString()).value_or(ProductStatus::Inactive);
            out.minPrice = Money::fromMinorUnits(row.value(7).toLongLong(),
                                                 row.value(ProductSearchSql::kRowsCurrencyColumn).toString())
                               .value_or(Money());
            out.averageRatingHundredths = row.value(8).toInt();
            out.reviewCount = row.value(9).toInt();
            out.variantCount = row.value(10).toInt();
            out.createdAt = row.value(11).toDateTime().toUTC();
            out.thumbnail = row.value(12).toByteArray();
            byId.insert(out.id, out);
        }
    }
    QList<ProductRow> ordered;
    ordered.reserve(ids.size());
    for (qint64 id : ids) {
        auto found = byId.constFind(id);
        if (found != byId.constEnd())
            ordered.append(found.value());
    }
    return ordered;
}

} // namespace

ProductSearch::ProductSearch(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<ProductPage> ProductSearch::pageOn(Connection &connection, const Session &actor,
                                          const ProductSearchQuery &query, const std::optional<ProductCursor> &after,
                                          int limit)
{
    Result<Resolved> resolved = resolve(connection, actor, query);
    if (!resolved)
        return resolved.error();
    ProductPage page;
    if (ProductSearchSql::matchesNothing(query))
        return page;
    const int wanted = std::clamp(limit, 1, kMaxPageSize);
    // One row more than asked tells whether another page follows.
    const SearchStatement statement =
        sqlFor(connection).select(query, resolved->vendorId, resolved->categoryIds, after, wanted + 1);
    Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
    if (!rows)
        return rows.error();
    const int keyCount = ProductSearchSql::sortKeyCount(query);
    QList<qint64> ids;
    ProductCursor last;
    while (rows.value().next()) {
        if (ids.size() == wanted) {
            page.next = last;
            break;
        }
        ids.append(rows.value().value(0).toLongLong());
        last = cursorFrom(rows.value(), keyCount);
    }
    Result<QList<ProductRow>> fetched = rowsInScope(connection, resolved->vendorId, ids);
    if (!fetched)
        return fetched.error();
    page.rows = fetched.value();
    return page;
}

Result<ProductIdList> ProductSearch::orderedIdsOn(Connection &connection, const Session &actor,
                                                  const ProductSearchQuery &query)
{
    Result<Resolved> resolved = resolve(connection, actor, query);
    if (!resolved)
        return resolved.error();
    ProductIdList list;
    if (ProductSearchSql::matchesNothing(query))
        return list;
    const SearchStatement statement =
        sqlFor(connection).select(query, resolved->vendorId, resolved->categoryIds, std::nullopt,
                                  std::nullopt, ProductSearchSql::Columns::IdOnly);
    Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
    if (!rows)
        return rows.error();
    while (rows.value().next())
        list.ids.append(rows.value().value(0).toLongLong());
    list.truncated = !query.text.trimmed().isEmpty() && list.ids.size() >= kMaxRankedMatches;
    return list;
}

Result<QList<ProductRow>> ProductSearch::rowsOn(Connection &connection, const Session &actor,
                                                const QList<qint64> &ids)
{
    Result<CatalogScope> scope = CatalogScope::toView(actor);
    if (!scope)
        return scope.error();
    return rowsInScope(connection, scope->vendorId, ids);
}

Result<qint64> ProductSearch::countOn(Connection &connection, const Session &actor, const ProductSearchQuery &query)
{
    Result<Resolved> resolved = resolve(connection, actor, query);
    if (!resolved)
        return resolved.error();
    if (ProductSearchSql::matchesNothing(query))
        return qint64(0);
    const SearchStatement statement = sqlFor(connection).count(query, resolved->vendorId, resolved->categoryIds);
    Result<QVariant> count = connection.scalar(statement.sql, statement.values);
    if (!count)
        return count.error();
    return count.value().toLongLong();
}

QFuture<Result<ProductPage>> ProductSearch::page(const Session &actor, const ProductSearchQuery &query,
                                                 const std::optional<ProductCursor> &after, int limit)
{
    return m_database->read([actor, query, after, limit](Connection &connection) {
        return pageOn(connection, actor, query, after, limit);
    });
}

QFuture<Result<ProductIdList>> ProductSearch::orderedIds(const Session &actor, const ProductSearchQuery &query)
{
    return m_database->read(
        [actor, query](Connection &connection) { return orderedIdsOn(connection, actor, query); });
}

QFuture<Result<QList<ProductRow>>> ProductSearch::rows(const Session &actor, const QList<qint64> &ids)
{
    return m_database->read([actor, ids](Connection &connection) { return rowsOn(connection, actor, ids); });
}

QFuture<Result<qint64>> ProductSearch::count(const Session &actor, const ProductSearchQuery &query)
{
    return m_database->read(
        [actor, query](Connection &connection) { return countOn(connection, actor, query); });
}

} // namespace sk
