#include "inventory/StockLevelSearch.h"

#include "db/Database.h"
#include "inventory/InventoryScope.h"
#include "inventory/StockLevelSql.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QHash>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Bound values per IN (...) list; far below both databases' limits.
constexpr qsizetype kIdChunk = 500;

} // namespace

StockLevelSearch::StockLevelSearch(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<QList<qint64>>> StockLevelSearch::orderedIds(const Session &actor, const StockLevelQuery &query)
{
    return m_database->read([actor, query](Connection &connection) -> Result<QList<qint64>> {
        return orderedIdsOn(connection, actor, query);
    });
}

QFuture<Result<QList<StockLevel>>> StockLevelSearch::rows(const Session &actor, const QList<qint64> &ids)
{
    return m_database->read([actor, ids](Connection &connection) -> Result<QList<StockLevel>> {
        return rowsOn(connection, actor, ids);
    });
}

Result<QList<qint64>> StockLevelSearch::orderedIdsOn(Connection &connection, const Session &actor,
                                                     const StockLevelQuery &query)
{
    Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
    if (!scope)
        return scope.error();
    StockLevelSql::Statement statement = StockLevelSql::select(connection, u"sl.id"_s, scope.value(), query);
    statement.sql += StockLevelSql::orderBy(query, statement.values);
    Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
    if (!rows)
        return rows.error();
    QList<qint64> ids;
    while (rows.value().next())
        ids.append(rows.value().value(0).toLongLong());
    return ids;
}

Result<QList<StockLevel>> StockLevelSearch::rowsOn(Connection &connection, const Session &actor,
                                                   const QList<qint64> &ids)
{
    Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
    if (!scope)
        return scope.error();
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    QHash<qint64, StockLevel> byId;
    for (qsizetype start = 0; start < ids.size(); start += kIdChunk) {
        const QList<qint64> chunk = ids.mid(start, kIdChunk);
        QStringList marks(chunk.size(), u"?"_s);
        QString sql = u"SELECT "_s + StockLevelSql::rowColumns() + u" FROM "_s + StockLevelSql::rowJoins()
                      + u" WHERE sl.id IN ("_s + marks.join(u", "_s) + u')';
        QVariantList values;
        for (qint64 id : chunk)
            values.append(id);
        if (scope->vendorId) {
            sql += u" AND p.vendor_id = ?"_s;
            values.append(*scope->vendorId);
        }
        Result<QSqlQuery> rows = connection.exec(sql, values);
        if (!rows)
            return rows.error();
        while (rows.value().next()) {
            StockLevel level = StockLevelSql::readRow(rows.value(), settings->currency);
            byId.insert(level.id, level);
        }
    }
    QList<StockLevel> ordered;
    ordered.reserve(byId.size());
    for (qint64 id : ids)
        if (auto found = byId.constFind(id); found != byId.cend())
            ordered.append(*found);
    return ordered;
}

QFuture<Result<StockValuation>> StockLevelSearch::valuation(const Session &actor, const StockLevelQuery &query)
{
    return m_database->read([actor, query](Connection &connection) -> Result<StockValuation> {
        Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
        if (!scope)
            return scope.error();
        Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
        if (!settings)
            return settings.error();
        const QString available = StockLevelSql::availableSql();
        StockLevelSql::Statement statement = StockLevelSql::select(
            connection,
            u"COALESCE(SUM(sl.on_hand), 0), COALESCE(SUM(sl.on_hand * COALESCE(v.cost_cents, 0)), 0), "
            "COALESCE(SUM(CASE WHEN %1 <= sl.reorder_level AND %2 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN %1 <= 0 THEN 1 ELSE 0 END), 0)"_s.arg(available, StockLevelSql::stillSoldSql()),
            scope.value(), query);
        Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
        if (!rows)
            return rows.error();
        StockValuation valuation;
        valuation.value = Money::zero(settings->currency);
        if (rows.value().next()) {
            valuation.units = rows.value().value(0).toLongLong();
            valuation.value = Money(rows.value().value(1).toLongLong(), settings->currency);
            valuation.lowCount = rows.value().value(2).toLongLong();
            valuation.outOfStockCount = rows.value().value(3).toLongLong();
        }
        return valuation;
    });
}

QFuture<Result<qint64>> StockLevelSearch::variantForCode(const Session &actor, const QString &code)
{
    return m_database->read([actor, code = code.trimmed()](Connection &connection) -> Result<qint64> {
        return variantForCodeOn(connection, actor, code);
    });
}

Result<qint64> StockLevelSearch::variantForCodeOn(Connection &connection, const Session &actor, const QString &rawCode)
{
    Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
    if (!scope)
        return scope.error();
    const QString code = rawCode.trimmed();
    const Error unknown = Error::make(ErrorCode::NotFound,
                                      QCoreApplication::translate("InventoryLedger", "No product has the barcode or "
                                                                                     "SKU \"%1\". Check the code or "
                                                                                     "choose the product from the "
                                                                                     "list.")
                                          .arg(code));
    if (code.isEmpty())
        return unknown;
    // A barcode wins over a SKU that happens to look the same.
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT v.id, p.vendor_id FROM product_variants v JOIN products p ON p.id = v.product_id "
        "WHERE v.barcode = ? OR upper(v.sku) = ? ORDER BY CASE WHEN v.barcode = ? THEN 0 ELSE 1 END LIMIT 1"_s,
        {code, code.toUpper(), code});
    if (!rows)
        return rows.error();
    if (!rows.value().next())
        return unknown;
    const QVariant vendor = rows.value().value(1);
    if (!scope->includes(vendor.isNull() ? std::nullopt : std::optional<qint64>(vendor.toLongLong())))
        return unknown;
    return rows.value().value(0).toLongLong();
}

} // namespace sk
