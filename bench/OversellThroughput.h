#pragma once

#include "OversellShop.h"

#include <QString>
#include <optional>

namespace sk {
class Database;
}

namespace sk::bench {

// movements_per_s: one register alone, one unit a sale, each sale its own
// write transaction. Storekeeper's path is Database::write around
// InventoryLedger::sellInTransaction; the raw twin is the same conditional
// UPDATE and movement INSERT through the sqlite3 C API on the same file.
// Both return the seconds the sales took, or nullopt after printing why on stderr.
std::optional<double> serviceSalesSeconds(Database &database, const Session &clerk, const StockedVariant &variant,
                                          int sales);
std::optional<double> rawSalesSeconds(const QString &sqlitePath, const Session &clerk, const StockedVariant &variant,
                                      int sales);

} // namespace sk::bench
