#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QList>
#include <functional>

namespace sk {

class Connection;

// The demo shop's catalog: products with one to four variants (sizes,
// colours, weights), names and descriptions in English, German, French,
// Italian and Japanese, brands, EAN-13 barcodes, spread over the demo
// vendors and the shop itself, in a three-level category tree
// (Clothing > Men > Shirts). Generated from a fixed seed, so every demo shop
// has the same catalog.
class DemoCatalog {
public:
    static constexpr int kProgressStep = 250; // products between progress calls
    // Every demo SKU starts with this; a forced second fill finds them and
    // does not add the catalog again.
    static constexpr char16_t kSkuPrefix[] = u"DEMO-";

    struct Vendors {
        qint64 leather = 0; // Bianchi Leather Goods
        qint64 tea = 0;     // Sato Tea Company
        qint64 outdoor = 0; // Nordic Outdoor Supply
    };

    static int progressSteps(int products) { return (products + kProgressStep - 1) / kProgressStep; }

    // Inside the caller's write transaction. progress(step) is called after
    // every kProgressStep products; returning false cancels (ErrorCode::Cancelled).
    // Returns the new products' ids in creation order (for pictures added later).
    static Result<QList<qint64>> fillInTransaction(Connection &connection, const Session &actor, int products,
                                                   const Vendors &vendors, const std::function<bool(int step)> &progress);
    static Result<bool> existsInTransaction(Connection &connection);

    struct Stock {
        qint64 variants = 0;     // with stock somewhere
        qint64 outOfStock = 0;
        qint64 low = 0;          // at or below the reorder level at the store
    };
    // Opening stock for the demo variants through the ledger: a back room
    // beside the store, most variants received in realistic quantities,
    // some at or below the reorder level, a few out of stock, and a few
    // sales, adjustments and a transfer for the movement history. Fixed
    // seed; inside the caller's write transaction.
    static Result<Stock> stockInTransaction(Connection &connection, const Session &actor);
};

} // namespace sk
