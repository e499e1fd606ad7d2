#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "inventory/StockTypes.h"

#include <QFuture>
#include <QList>
#include <memory>
#include <optional>

namespace sk {

class Database;
class Connection;

enum class StockState { Any, Low, OutOfStock, InStock };
enum class StockSort { Name, Sku, OnHand, Available, Value };

struct StockLevelQuery {
    QString text;                        // name, SKU or barcode (substring); exact barcode first
    std::optional<qint64> locationId;    // empty: every location
    std::optional<qint64> vendorId;      // narrowed to the actor's own for vendors
    std::optional<qint64> categoryId;    // with its subcategories
    StockState state = StockState::Any;  // Low: still sold, available at or below the reorder level
    StockSort sort = StockSort::Name;
    bool descending = false;

    bool operator==(const StockLevelQuery &) const = default;
};

struct StockValuation {
    qint64 units = 0;
    Money value;             // sum of on hand x unit cost, in the shop's currency
    qint64 lowCount = 0;     // lines still sold at or below their reorder level (as LowStock)
    qint64 outOfStockCount = 0;
};

// Stock levels for the Inventory page's lazy table, in the manner of
// ProductSearch: every matching stock level id in display order, then rows
// by id in small windows. Every variant has a level at each location it was
// ever stocked in; a variant never stocked anywhere shows at the default
// location with zero.
class StockLevelSearch {
public:
    explicit StockLevelSearch(std::shared_ptr<Database> database);

    QFuture<Result<QList<qint64>>> orderedIds(const Session &actor, const StockLevelQuery &query);
    QFuture<Result<QList<StockLevel>>> rows(const Session &actor, const QList<qint64> &ids);
    QFuture<Result<StockValuation>> valuation(const Session &actor, const StockLevelQuery &query);
    // A scanned code (barcode or SKU, exact) to its variant id; NotFound when unknown.
    QFuture<Result<qint64>> variantForCode(const Session &actor, const QString &code);

    static Result<QList<qint64>> orderedIdsOn(Connection &connection, const Session &actor,
                                              const StockLevelQuery &query);
    static Result<QList<StockLevel>> rowsOn(Connection &connection, const Session &actor, const QList<qint64> &ids);
    static Result<qint64> variantForCodeOn(Connection &connection, const Session &actor, const QString &code);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
