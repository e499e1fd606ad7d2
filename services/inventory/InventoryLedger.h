#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "inventory/StockTypes.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <memory>
#include <optional>

namespace sk {

class Database;
class Connection;

// The stock ledger. Every change of stock is a stock_movements row written in
// the same transaction as the stock_levels row it changes, so on hand always
// equals the sum of the movements (IntegrityCheck verifies it). Quantities
// are never edited directly.
//
// No oversell: stock is taken with one conditional UPDATE
// (... WHERE on_hand - reserved >= n), never read-then-write, and a call with
// several lines locks them in ascending (variant, location) order so that
// registers selling the same items cannot deadlock. A shortfall is a
// Conflict naming the item and what is left; nothing of the call is written.
//
// Permissions: ManageInventory for receive, transfer, adjust; UseRegister for
// sales and reservations; ViewInventory to read. Vendors see and manage only
// stock of their own products.
class InventoryLedger {
public:
    explicit InventoryLedger(std::shared_ptr<Database> database);

    QFuture<Result<QList<Location>>> locations(const Session &actor);
    QFuture<Result<Location>> addLocation(const Session &actor, const QString &code, const QString &name);

    // Receiving from a supplier or vendor: one receive movement per line,
    // the variant's moving average cost updated from the lines' unit costs.
    // Returns the receipt id.
    QFuture<Result<qint64>> receive(const Session &actor, qint64 locationId, const QString &supplier,
                                    const QString &supplierReference, const QList<StockLine> &lines,
                                    const QString &note = {});
    // Moves stock between two locations in one transaction (transfer out and
    // transfer in movements sharing a reference). Refused when more than is
    // available would leave the source.
    QFuture<Status> transfer(const Session &actor, qint64 fromLocationId, qint64 toLocationId,
                             const QList<StockLine> &lines, const QString &note = {});
    // A manual correction: damaged, lost, found, return or count correction;
    // a note is required. quantity is signed (damaged/lost negative, found
    // positive); a correction may not take on hand below reserved. Damaged
    // and lost always take stock out, so 3 and -3 mean the same; found and
    // return refuse a negative quantity; sale, receive and transfer reasons
    // are refused (they have their own workflows).
    QFuture<Status> adjust(const Session &actor, qint64 variantId, qint64 locationId, MovementReason reason,
                           qint64 quantity, const QString &note);
    QFuture<Status> setReorderPoint(const Session &actor, qint64 variantId, qint64 locationId, qint64 reorderLevel,
                                    qint64 reorderQuantity, const QString &bin);

    // Reservations hold stock for an order waiting to be paid or shipped, or
    // for a parked cart. reserved never exceeds on hand. Returns the
    // reservation ids, one per line (lines of the same variant are merged;
    // ids in ascending variant order). The reference is required. A
    // reservation with expiresAt is released by releaseExpiredInTransaction.
    QFuture<Result<QList<qint64>>> reserve(const Session &actor, qint64 locationId, const QList<StockLine> &lines,
                                           const StockReference &reference,
                                           const std::optional<QDateTime> &expiresAt = {});
    // Gives the stock back (cancel, expiry).
    QFuture<Status> release(const Session &actor, const StockReference &reference);
    // Turns the reference's reservations into sale movements (payment or
    // shipment): on hand and reserved both go down.
    // Release and commit are idempotent: repeating one that already happened
    // succeeds and changes nothing. Commit after release, or release after
    // commit, is a Conflict; a reference that never reserved is NotFound.
    QFuture<Status> commit(const Session &actor, const StockReference &reference);

    QFuture<Result<StockLevel>> level(const Session &actor, qint64 variantId, qint64 locationId);
    // Newest first; keyset paging by movement id (beforeId: the last id of the previous page).
    QFuture<Result<QList<StockMovement>>> movements(const Session &actor, qint64 variantId,
                                                    std::optional<qint64> locationId,
                                                    std::optional<qint64> beforeId, int limit);

    // The same, for code already inside a write transaction (checkout, orders,
    // import, the benchmark). They take stock, write the movements and the
    // change records; the caller commits.
    static Status sellInTransaction(Connection &connection, const Session &actor, qint64 locationId,
                                    const QList<StockLine> &lines, const StockReference &reference);
    static Status returnInTransaction(Connection &connection, const Session &actor, qint64 locationId,
                                      const QList<StockLine> &lines, const StockReference &reference);
    static Result<QList<qint64>> reserveInTransaction(Connection &connection, const Session &actor,
                                                      qint64 locationId, const QList<StockLine> &lines,
                                                      const StockReference &reference,
                                                      const std::optional<QDateTime> &expiresAt = {});
    // Releases every active reservation whose expires_at is at or before now
    // (parked carts left behind); returns how many. For a periodic job.
    static Result<int> releaseExpiredInTransaction(Connection &connection, const QDateTime &now);
    static Status releaseInTransaction(Connection &connection, const Session &actor, const StockReference &reference);
    static Status commitInTransaction(Connection &connection, const Session &actor, const StockReference &reference);
    static Status adjustInTransaction(Connection &connection, const Session &actor, qint64 variantId,
                                      qint64 locationId, MovementReason reason, qint64 quantity, const QString &note,
                                      const StockReference &reference = {});
    static Result<qint64> receiveInTransaction(Connection &connection, const Session &actor, qint64 locationId,
                                               const QString &supplier, const QString &supplierReference,
                                               const QList<StockLine> &lines, const QString &note);
    static Result<qint64> defaultLocationId(Connection &connection);
    // Returns the transfer id (the movements' reference "transfer").
    static Result<qint64> transferInTransaction(Connection &connection, const Session &actor, qint64 fromLocationId,
                                                qint64 toLocationId, const QList<StockLine> &lines,
                                                const QString &note);
    static Result<Location> addLocationInTransaction(Connection &connection, const Session &actor,
                                                     const QString &code, const QString &name);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
