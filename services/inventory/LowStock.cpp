#include "inventory/LowStock.h"

#include "catalog/CsvWriter.h"
#include "db/Database.h"
#include "inventory/InventoryScope.h"
#include "inventory/StockLevelSql.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kExportPageSize = 500;

StockLevelQuery levelQuery(const LowStockQuery &query)
{
    StockLevelQuery levels;
    levels.locationId = query.locationId;
    levels.vendorId = query.vendorId;
    levels.categoryId = query.categoryId;
    levels.state = query.outOfStockOnly ? StockState::OutOfStock : StockState::Low;
    return levels;
}


} // namespace

LowStock::LowStock(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

qint64 LowStock::suggestedQuantity(qint64 available, qint64 reorderLevel, qint64 reorderQuantity)
{
    return std::max<qint64>({reorderQuantity, 2 * reorderLevel - available, 1});
}

QFuture<Result<LowStockPage>> LowStock::page(const Session &actor, const LowStockQuery &query,
                                             const std::optional<LowStockCursor> &after, int limit)
{
    return m_database->read([=](Connection &connection) -> Result<LowStockPage> {
        return pageOn(connection, actor, query, after, limit);
    });
}

QFuture<Result<qint64>> LowStock::count(const Session &actor, const LowStockQuery &query)
{
    return m_database->read([=](Connection &connection) -> Result<qint64> {
        return countOn(connection, actor, query);
    });
}

QFuture<Result<qint64>> LowStock::exportCsv(const Session &actor, const LowStockQuery &query, const QString &path)
{
    return m_database->read([=](Connection &connection) -> Result<qint64> {
        return exportCsvOn(connection, actor, query, path);
    });
}

Result<LowStockPage> LowStock::pageOn(Connection &connection, const Session &actor, const LowStockQuery &query,
                                      const std::optional<LowStockCursor> &after, int limit)
{
    Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
    if (!scope)
        return scope.error();
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    const int pageSize = std::clamp(limit, 1, kMaxPageSize);
    const QString available = StockLevelSql::availableSql();
    StockLevelSql::Statement statement
        = StockLevelSql::select(connection, StockLevelSql::rowColumns(), scope.value(), levelQuery(query));
    statement.sql += u" AND "_s + StockLevelSql::stillSoldSql();
    if (after) {
        statement.sql += u" AND (%1 > ? OR (%1 = ? AND sl.id > ?))"_s.arg(available);
        statement.values += {after->available, after->available, after->stockLevelId};
    }
    // One more than asked: whether there is a next page.
    statement.sql += u" ORDER BY %1, sl.id LIMIT ?"_s.arg(available);
    statement.values.append(pageSize + 1);
    Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
    if (!rows)
        return rows.error();
    LowStockPage page;
    while (rows.value().next()) {
        const StockLevel level = StockLevelSql::readRow(rows.value(), settings->currency);
        if (page.lines.size() == pageSize) {
            const LowStockLine &last = page.lines.last();
            page.next = LowStockCursor{last.available, last.stockLevelId};
            break;
        }
        LowStockLine line;
        line.stockLevelId = level.id;
        line.variantId = level.variantId;
        line.productId = level.productId;
        line.locationId = level.locationId;
        line.locationName = level.locationName;
        line.productName = level.productName;
        line.sku = level.sku;
        line.barcode = level.barcode;
        line.options = level.options;
        line.vendorName = level.vendorName;
        line.onHand = level.onHand;
        line.reserved = level.reserved;
        line.available = level.available();
        line.reorderLevel = level.reorderLevel;
        line.reorderQuantity = level.reorderQuantity;
        line.suggestedQuantity = suggestedQuantity(line.available, line.reorderLevel, line.reorderQuantity);
        line.unitCost = level.unitCost;
        if (level.unitCost)
            line.suggestedValue = Money(level.unitCost->minorUnits() * line.suggestedQuantity, settings->currency);
        page.lines.append(line);
    }
    return page;
}

Result<qint64> LowStock::countOn(Connection &connection, const Session &actor, const LowStockQuery &query)
{
    Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
    if (!scope)
        return scope.error();
    StockLevelSql::Statement statement
        = StockLevelSql::select(connection, u"COUNT(*)"_s, scope.value(), levelQuery(query));
    statement.sql += u" AND "_s + StockLevelSql::stillSoldSql();
    Result<QVariant> count = connection.scalar(statement.sql, statement.values);
    if (!count)
        return count.error();
    return count.value().toLongLong();
}

Result<qint64> LowStock::exportCsvOn(Connection &connection, const Session &actor, const LowStockQuery &query,
                                     const QString &path)
{
    Result<InventoryScope> scope = InventoryScope::require(actor, Permission::ViewInventory);
    if (!scope)
        return scope.error();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("LowStock", "The file %1 cannot be written. Choose a folder you "
                                                                   "may write to.")
                               .arg(path));
    CsvWriter writer(&file);
    const QStringList header{u"location"_s,  u"product"_s,       u"options"_s,       u"sku"_s,
                             u"barcode"_s,   u"vendor"_s,        u"on_hand"_s,       u"reserved"_s,
                             u"available"_s, u"reorder_level"_s, u"suggested_quantity"_s, u"unit_cost"_s,
                             u"suggested_value"_s};
    const Error writeFailed = Error::make(ErrorCode::InvalidInput,
                                          QCoreApplication::translate("LowStock", "The file %1 could not be written "
                                                                                  "completely. Check the free space "
                                                                                  "and try again.")
                                              .arg(path));
    if (!writer.writeHeader(header))
        return writeFailed;
    qint64 written = 0;
    std::optional<LowStockCursor> after;
    do {
        Result<LowStockPage> page = pageOn(connection, actor, query, after, kExportPageSize);
        if (!page)
            return page.error();
        for (const LowStockLine &line : page->lines) {
            if (!writer.writeRecord({line.locationName, line.productName, line.options, line.sku, line.barcode,
                                     line.vendorName, QString::number(line.onHand), QString::number(line.reserved),
                                     QString::number(line.available), QString::number(line.reorderLevel),
                                     QString::number(line.suggestedQuantity),
                                     line.unitCost ? line.unitCost->toDecimalString() : QString(),
                                     line.suggestedValue ? line.suggestedValue->toDecimalString() : QString()}))
                return writeFailed;
            ++written;
        }
        after = page->next;
    } while (after);
    if (!file.commit())
        return writeFailed;
    return written;
}

} // namespace sk
