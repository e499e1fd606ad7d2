#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QString>

namespace sk {
class Database;
}

namespace sk::bench {

// One variant of a product made for the scenario, with stock received
// through the ledger at the first location.
struct StockedVariant {
    qint64 variantId = 0;
    qint64 locationId = 0;
    qint64 received = 0;
};

// The ledger's view of one variant after a run.
struct VariantStock {
    qint64 onHand = 0;              // at the variant's location
    qint64 reserved = 0;
    qint64 negativeUnits = 0;       // sum of every negative on hand or on_hand_after (must be 0)
    qint64 movements = 0;           // ledger rows of the variant
    qint64 movementSum = 0;         // their quantities, signed: must equal on hand
    qint64 saleMovements = 0;
    qint64 unitsSold = 0;           // minus the sum of the sale movements
};

// Sets up what the registers need in any Storekeeper database, beside what
// is there: a clerk, and products whose names and SKUs are unique to this run.
class OversellShop {
public:
    explicit OversellShop(Database &database) : m_database(database) {}

    // The clerk the registers sign in as. Its password is random and never used.
    Result<Session> addClerk();
    // A product with one variant, `units` received through the ledger
    // (InventoryLedger::receiveInTransaction) at the first location.
    Result<StockedVariant> addStockedVariant(const Session &receiver, const QString &name, qint64 units);
    Result<VariantStock> stockOf(const StockedVariant &variant);

private:
    Database &m_database;
};

} // namespace sk::bench
