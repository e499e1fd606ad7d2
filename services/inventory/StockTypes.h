#pragma once

#include "core/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

// Why stock moved. Stored as the stable identifiers of movementReasonName();
// the sign of a movement's quantity follows from the reason (receive, return,
// found and transfer in add; sale, damaged, lost and transfer out take; a
// count correction goes either way).
enum class MovementReason {
    Receive,
    Sale,
    Return,
    Damaged,
    Lost,
    Found,
    CountCorrection,
    TransferOut,
    TransferIn,
};

// A place that holds stock: the store floor, a back room, a warehouse. The
// first location exists from the start (code "STORE").
struct Location {
    qint64 id = 0;
    QString code;
    QString name;
    int position = 0;
    bool isActive = true;
};

// What a document refers to: an order, a receipt, a stocktake, a cart.
struct StockReference {
    QString type;            // "order", "receipt", "stocktake", "cart", "transfer", "" for none
    qint64 id = 0;
};

// Stock of one variant at one location. Quantities are integers (weighted
// goods count grams). available = onHand - reserved, never negative.
struct StockLevel {
    qint64 id = 0;
    qint64 variantId = 0;
    qint64 productId = 0;
    qint64 locationId = 0;
    QString locationName;
    QString productName;
    QString sku;
    QString barcode;
    QString options;         // the variant's option values, e.g. "M / Blue"
    QString vendorName;      // "" for the shop's own products
    QString categoryName;
    qint64 onHand = 0;
    qint64 reserved = 0;
    qint64 available() const { return onHand - reserved; }
    qint64 reorderLevel = 10;    // the original schema's default
    qint64 reorderQuantity = 0;  // 0: suggest up to twice the reorder level
    QString bin;
    std::optional<Money> unitCost; // moving average cost of the variant
    QDateTime updatedAt;
};

// One row of the ledger. onHand == sum(quantity) per variant and location.
struct StockMovement {
    qint64 id = 0;
    qint64 variantId = 0;
    qint64 locationId = 0;
    MovementReason reason = MovementReason::Receive;
    qint64 quantity = 0;     // signed: + into stock, - out of it
    qint64 onHandAfter = 0;  // the level right after this movement
    std::optional<Money> unitCost;
    StockReference reference;
    QString note;
    qint64 userId = 0;
    QString userName;
    QDateTime createdAt;
};

// A quantity of one variant, as a line of a sale, receipt or transfer.
struct StockLine {
    qint64 variantId = 0;
    qint64 quantity = 0;            // > 0
    std::optional<Money> unitCost;  // receipts: what one unit cost
};

QString movementReasonName(MovementReason reason);              // "receive", "count_correction", ...
std::optional<MovementReason> movementReasonFromName(const QString &name);
QString movementReasonText(MovementReason reason);              // translated, for people
// True for the reasons a person may choose when adjusting by hand.
bool isManualAdjustmentReason(MovementReason reason);

} // namespace sk
