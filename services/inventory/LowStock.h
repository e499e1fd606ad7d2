#pragma once

#include "auth/Session.h"
#include "core/Money.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace sk {

class Database;
class Connection;

struct LowStockQuery {
    std::optional<qint64> locationId;  // empty: every location
    std::optional<qint64> vendorId;    // narrowed to the actor's own for vendors
    std::optional<qint64> categoryId;  // with its subcategories
    bool outOfStockOnly = false;

    bool operator==(const LowStockQuery &) const = default;
};

// A stock level at or below its reorder level (available <= reorder_level),
// with what to order: the reorder quantity when set, else enough to reach
// twice the reorder level: max(reorderQuantity, 2 x reorderLevel - available).
struct LowStockLine {
    qint64 stockLevelId = 0;
    qint64 variantId = 0;
    qint64 productId = 0;
    qint64 locationId = 0;
    QString locationName;
    QString productName;
    QString sku;
    QString barcode;
    QString options;
    QString vendorName;        // "" for the shop's own products
    qint64 onHand = 0;
    qint64 reserved = 0;
    qint64 available = 0;
    qint64 reorderLevel = 0;
    qint64 reorderQuantity = 0;
    qint64 suggestedQuantity = 0;
    std::optional<Money> unitCost;
    std::optional<Money> suggestedValue;   // suggestedQuantity x unitCost
};

// Where the next keyset page starts: the last line's (available, id).
struct LowStockCursor {
    qint64 available = 0;
    qint64 stockLevelId = 0;
};

struct LowStockPage {
    QList<LowStockLine> lines;
    std::optional<LowStockCursor> next;  // empty at the end
};

// The reorder list (ViewInventory; vendors see their own products), emptiest
// first: ordered by available ascending, then stock level id, keyset paged.
class LowStock {
public:
    static constexpr int kMaxPageSize = 1000;

    explicit LowStock(std::shared_ptr<Database> database);

    QFuture<Result<LowStockPage>> page(const Session &actor, const LowStockQuery &query,
                                       const std::optional<LowStockCursor> &after, int limit);
    // For the navigation badge.
    QFuture<Result<qint64>> count(const Session &actor, const LowStockQuery &query = {});
    // Every line, as CSV (CsvWriter through QSaveFile: a failure leaves no
    // file). Columns: location, product, options, sku, barcode, vendor,
    // on_hand, reserved, available, reorder_level, suggested_quantity,
    // unit_cost, suggested_value. Returns the number of lines written.
    QFuture<Result<qint64>> exportCsv(const Session &actor, const LowStockQuery &query, const QString &path);

    static Result<LowStockPage> pageOn(Connection &connection, const Session &actor, const LowStockQuery &query,
                                       const std::optional<LowStockCursor> &after, int limit);
    static Result<qint64> countOn(Connection &connection, const Session &actor, const LowStockQuery &query);
    static Result<qint64> exportCsvOn(Connection &connection, const Session &actor, const LowStockQuery &query,
                                      const QString &path);
    static qint64 suggestedQuantity(qint64 available, qint64 reorderLevel, qint64 reorderQuantity);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
