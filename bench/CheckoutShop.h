#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QList>
#include <QString>
#include <memory>

namespace sk {
class Database;
}

namespace sk::bench {

// A register of the checkout scenario with its open shift.
struct Till {
    qint64 registerId = 0;
    QString code;              // "R1"
    qint64 shiftId = 0;
    qint64 locationId = 0;     // where its sales take stock from
};

// The stock of the scenario's variants, summed, as the ledger sees it.
struct CatalogStock {
    qint64 onHand = 0;
    qint64 reserved = 0;
    qint64 negativeUnits = 0;  // every negative on hand or on_hand_after (must be 0)
    qint64 movementSum = 0;    // signed quantities of their movements: must equal on hand
    qint64 unitsSold = 0;      // minus the sum of their sale movements
};

// What the checkout scenario needs in any Storekeeper database, beside what
// is there: a clerk, variants of active products with stock at the store,
// and registers with an open shift.
class CheckoutShop {
public:
    explicit CheckoutShop(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

    Result<Session> addClerk();
    // `count` variants (products of 1 to 4 variants from CatalogGenerator,
    // all active, some with a vendor), each with `unitsEach` units received
    // through the ledger at the first location. Returns their ids.
    Result<QList<qint64>> addStockedVariants(int count, qint64 unitsEach);
    // The register with this code (created at the first location when the
    // database has none), with its open shift (opened by the clerk with a
    // float when there is none).
    Result<Till> openTill(const Session &clerk, const QString &code);
    Result<CatalogStock> stockOf(const QList<qint64> &variantIds, qint64 locationId);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk::bench
