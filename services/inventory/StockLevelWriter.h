#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "inventory/InventoryScope.h"
#include "inventory/StockTypes.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <optional>

namespace sk {

class Connection;

// What the ledger needs to know about a variant to name it in a message.
struct StockVariant {
    qint64 id = 0;
    qint64 productId = 0;
    QString productName;
    QString sku;
    QString options;                    // "M / Blue"; "" for a product without options
    std::optional<qint64> vendorId;
    std::optional<qint64> costCents;    // moving average cost

    QString label() const;              // "T-shirt (M / Blue, SKU TS-M-B)"
};

// The one place that changes stock_levels, for the ledger and the stocktake.
// Every function expects the caller's write transaction to be open; each
// quantity change is one conditional UPDATE ... RETURNING (never a read
// before the write, so on PostgreSQL the UPDATE's row lock is the only lock)
// followed by the movement row with the on hand it returned. Callers sort
// their lines by (variant, location) before calling, the deadlock-free order.
class StockLevelWriter {
public:
    StockLevelWriter(Connection &connection, const Session &actor, InventoryScope scope);

    // NotFound for an unknown variant or one outside the scope.
    Result<StockVariant> variant(qint64 variantId);
    Result<Location> location(qint64 locationId);
    // Looks up many variants in a few statements (large receipts, the demo);
    // variant() then answers from memory.
    Status preloadVariants(const QList<qint64> &variantIds);

    // Takes quantity from available stock; Conflict naming the item and what
    // is left when there is not enough.
    Status take(qint64 variantId, qint64 locationId, qint64 quantity, MovementReason reason,
                const StockReference &reference, const QString &note);
    // Adds stock (creates the level when the variant was never there).
    Status put(qint64 variantId, qint64 locationId, qint64 quantity, MovementReason reason,
               const StockReference &reference, const QString &note, std::optional<qint64> unitCostCents = {});
    // Holds stock for a reservation; returns the stock level id.
    Result<qint64> reserve(qint64 variantId, qint64 locationId, qint64 quantity);
    Status unreserve(qint64 variantId, qint64 locationId, qint64 quantity);
    // A reserved quantity leaves as a sale: on hand and reserved both go down.
    Status takeReserved(qint64 variantId, qint64 locationId, qint64 quantity, const StockReference &reference);

    // Announces every level touched so far on the change feed.
    Status finish();

    // Merges lines of the same variant and sorts them by variant id; refuses
    // zero or negative quantities with a sentence.
    static Result<QList<StockLine>> normalised(const QList<StockLine> &lines);
    static QString optionsText(const QString &optionsJson);

private:
    Status insertMovement(qint64 variantId, qint64 locationId, MovementReason reason, qint64 quantity,
                          qint64 onHandAfter, std::optional<qint64> unitCostCents, const StockReference &reference,
                          const QString &note);
    Error shortfall(qint64 variantId, qint64 locationId, qint64 quantity);
    Status queueLowStockAlert(qint64 levelId, qint64 variantId, qint64 locationId, qint64 available,
                              qint64 reorderLevel);

    Connection &m_connection;
    Session m_actor;
    InventoryScope m_scope;
    QDateTime m_now;
    QHash<qint64, StockVariant> m_variants;
    QHash<qint64, Location> m_locations;
    QList<qint64> m_touchedLevels;
};

} // namespace sk
