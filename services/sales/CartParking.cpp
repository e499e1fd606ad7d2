#include "sales/CartService.h"

#include "inventory/InventoryLedger.h"
#include "sales/CartSupport.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

// Parked sales: reserved stock while they wait, recalled at their register
// (docs/sales.md).
namespace sk {

using namespace cartsupport;

QFuture<Result<Cart>> CartService::park(const Session &actor, qint64 cartId, const QString &label)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<Cart>(allowed.error());
    if (label.trimmed().size() > kMaxLabelLength)
        return refused<Cart>(invalid(QCoreApplication::translate("CartService", "The name of a parked sale may be at "
                                                                                "most 100 characters long.")));
    return m_database->write([actor, cartId, label](Connection &connection) -> Result<Cart> {
        Result<CartRow> row = openForChange(connection, cartId, true);
        if (!row)
            return row.error();
        if (row->registerId <= 0)
            return invalid(QCoreApplication::translate("CartService", "Only a register's sale can be parked."));
        Result<Cart> cart = loadInTransaction(connection, cartId);
        if (!cart)
            return cart.error();
        if (cart->isEmpty())
            return invalid(QCoreApplication::translate("CartService", "There is nothing to park: the sale is empty."));
        Result<qint64> location = locationOf(connection, row->registerId);
        if (!location)
            return location.error();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<QList<qint64>> reserved = InventoryLedger::reserveInTransaction(
            connection, actor, location.value(), stockLinesOf(cart.value()), StockReference{CartReference, cartId},
            now.addSecs(kParkedReservationSeconds));
        if (!reserved)
            return reserved.error();
        const QString name = label.trimmed();
        if (Status ok = connection.run(u"UPDATE carts SET status = 'parked', label = ?, parked_at = ? WHERE id = ?"_s,
                                       {name.isNull() ? u""_s : name, now, cartId});
            !ok)
            return ok.error();
        if (Status ok = audit(connection, actor, u"cart.parked"_s, cartId,
                              {{u"label"_s, name}, {u"total_cents"_s, cart->priced.total.minorUnits()}});
            !ok)
            return ok.error();
        Result<qint64> next = createOpenCart(connection, actor, row->registerId);
        if (!next)
            return next.error();
        return loadInTransaction(connection, next.value());
    });
}

QFuture<Result<QList<Cart>>> CartService::parked(const Session &actor, qint64 registerId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<QList<Cart>>(allowed.error());
    return m_database->read([registerId](Connection &connection) -> Result<QList<Cart>> {
        Result<CachedQuery> rows = connection.prepared(
            u"SELECT id FROM carts WHERE register_id = ? AND status = 'parked' ORDER BY parked_at, id"_s,
            {registerId});
        if (!rows)
            return rows.error();
        QList<qint64> ids;
        while (rows.value().next())
            ids.append(rows.value().value(0).toLongLong());
        rows.value().finish();
        QList<Cart> carts;
        for (const qint64 id : ids) {
            Result<Cart> cart = loadInTransaction(connection, id);
            if (!cart)
                return cart.error();
            carts.append(cart.value());
        }
        return carts;
    });
}

QFuture<Result<Cart>> CartService::recall(const Session &actor, qint64 parkedCartId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<Cart>(allowed.error());
    return m_database->write([actor, parkedCartId](Connection &connection) -> Result<Cart> {
        if (Status ok = connection.run(u"UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?"_s,
                                       {QDateTime::currentDateTimeUtc(), parkedCartId});
            !ok)
            return ok.error();
        Result<CartRow> row = readCartRow(connection, parkedCartId);
        if (!row)
            return row.error();
        if (row->status != CartStatus::Parked)
            return conflict(QCoreApplication::translate("CartService", "This sale is not parked any more. Choose "
                                                                       "another one from the list."));
        Result<CachedQuery> open = connection.prepared(
            u"SELECT c.id, (SELECT COUNT(*) FROM cart_items ci WHERE ci.cart_id = c.id), "
            "(SELECT COUNT(*) FROM payments p WHERE p.cart_id = c.id) "
            "FROM carts c WHERE c.register_id = ? AND c.status = 'open'"_s,
            {row->registerId});
        if (!open)
            return open.error();
        QList<std::pair<qint64, bool>> emptyCarts;
        while (open.value().next()) {
            if (open.value().value(1).toLongLong() > 0)
                return conflict(QCoreApplication::translate("CartService", "The current sale has items. Finish or "
                                                                           "park it before recalling another."));
            emptyCarts.append({open.value().value(0).toLongLong(), open.value().value(2).toLongLong() > 0});
        }
        open.value().finish();
        // The empty current cart makes way; one that ever saw a payment
        // attempt stays, voided, for the payments' sake.
        for (const auto &[id, hasPayments] : emptyCarts) {
            const QString sql = hasPayments ? u"UPDATE carts SET status = 'voided' WHERE id = ?"_s
                                            : u"DELETE FROM carts WHERE id = ?"_s;
            if (Status ok = connection.run(sql, {id}); !ok)
                return ok.error();
        }
        // Reservations that expired meanwhile are already back on the shelf.
        if (Status released = InventoryLedger::releaseInTransaction(connection, actor,
                                                                    StockReference{CartReference, parkedCartId});
            !released && released.error().code != ErrorCode::NotFound)
            return released.error();
        if (Status ok = connection.run(u"UPDATE carts SET status = 'open', parked_at = NULL WHERE id = ?"_s,
                                       {parkedCartId});
            !ok)
            return ok.error();
        if (Status ok = audit(connection, actor, u"cart.recalled"_s, parkedCartId, {}); !ok)
            return ok.error();
        return loadInTransaction(connection, parkedCartId);
    });
}

} // namespace sk
