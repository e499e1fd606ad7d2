#include "sales/CartService.h"

#include "auth/Permissions.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/StockLevelWriter.h"
#include "sales/CartSupport.h"
#include "sales/Pricing.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

using namespace cartsupport;

namespace {

Status addVariantInTransaction(Connection &connection, const CartRow &cart, qint64 variantId, qint64 quantity)
{
    if (quantity <= 0)
        return invalid(QCoreApplication::translate("CartService", "The quantity must be at least 1."));
    Result<qint64> location = locationOf(connection, cart.registerId);
    if (!location)
        return location.error();
    Result<StockedItem> item = stockedItem(connection, variantId, location.value());
    if (!item)
        return item.error();
    if (!item->forSale)
        return conflict(notForSaleMessage(item->name, item->sku));
    Result<CachedQuery> existing = connection.prepared(
        u"SELECT id, quantity FROM cart_items WHERE cart_id = ? AND variant_id = ?"_s, {cart.id, variantId});
    if (!existing)
        return existing.error();
    qint64 lineId = 0;
    qint64 wanted = quantity;
    if (existing.value().next()) {
        lineId = existing.value().value(0).toLongLong();
        if (__builtin_add_overflow(existing.value().value(1).toLongLong(), quantity, &wanted))
            return invalid(QCoreApplication::translate("CartService", "That quantity is too large."));
    }
    existing.value().finish();
    if (item->available < wanted)
        return conflict(shortageMessage(item->name, item->sku, item->available));
    if (lineId > 0)
        return connection.run(u"UPDATE cart_items SET quantity = ? WHERE id = ?"_s, {wanted, lineId});
    Result<qint64> inserted = connection.insert(
        u"INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, position, added_at) "
        "VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_items WHERE cart_id = ?), ?) "
        "RETURNING id"_s,
        {cart.id, item->productId, variantId, wanted, item->priceCents, cart.id, QDateTime::currentDateTimeUtc()});
    if (!inserted)
        return inserted.error();
    return Status::success();
}

Status setQuantityInTransaction(Connection &connection, const CartRow &cart, qint64 lineId, qint64 quantity)
{
    if (quantity < 0)
        return invalid(QCoreApplication::translate("CartService", "The quantity must be zero (to remove the item) or "
                                                                  "more."));
    Result<CachedQuery> row = connection.prepared(
        u"SELECT variant_id, quantity FROM cart_items WHERE id = ? AND cart_id = ?"_s, {lineId, cart.id});
    if (!row)
        return row.error();
    if (!row.value().next())
        return lineGone();
    const qint64 variantId = row.value().value(0).toLongLong();
    const qint64 current = row.value().value(1).toLongLong();
    row.value().finish();
    if (quantity == 0)
        return connection.run(u"DELETE FROM cart_items WHERE id = ?"_s, {lineId});
    // Fewer is always allowed, even of an item that ran short meanwhile.
    if (quantity > current) {
        Result<qint64> location = locationOf(connection, cart.registerId);
        if (!location)
            return location.error();
        Result<StockedItem> item = stockedItem(connection, variantId, location.value());
        if (!item)
            return item.error();
        if (!item->forSale)
            return conflict(notForSaleMessage(item->name, item->sku));
        if (item->available < quantity)
            return conflict(shortageMessage(item->name, item->sku, item->available));
    }
    return connection.run(u"UPDATE cart_items SET quantity = ? WHERE id = ?"_s, {quantity, lineId});
}

} // namespace

CartService::CartService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<Cart> CartService::loadInTransaction(Connection &connection, qint64 cartId)
{
    Result<CachedQuery> head = connection.prepared(
        u"SELECT c.id, c.register_id, c.owner_user_id, c.customer_id, c.status, c.label, c.discount_kind, "
        "c.discount_value, c.discount_reason, c.discount_approved_by, c.version, c.updated_at, c.parked_at, "
        "r.location_id, u.first_name, u.last_name "
        "FROM carts c LEFT JOIN registers r ON r.id = c.register_id LEFT JOIN users u ON u.id = c.customer_id "
        "WHERE c.id = ?"_s,
        {cartId});
    if (!head)
        return head.error();
    const CachedQuery &h = head.value();
    if (!h.next())
        return cartGone();
    Cart cart;
    cart.id = h.value(0).toLongLong();
    if (!h.value(1).isNull())
        cart.registerId = h.value(1).toLongLong();
    if (!h.value(2).isNull())
        cart.ownerUserId = h.value(2).toLongLong();
    if (!h.value(3).isNull()) {
        cart.customerId = h.value(3).toLongLong();
        cart.customerName = (h.value(14).toString() + u' ' + h.value(15).toString()).trimmed();
    }
    cart.status = statusFromName(h.value(4).toString());
    cart.label = h.value(5).toString();
    cart.discount = discountFrom(h.value(6), h.value(7), h.value(8), h.value(9));
    cart.version = h.value(10).toInt();
    cart.updatedAt = h.value(11).toDateTime().toUTC();
    if (!h.value(12).isNull())
        cart.parkedAt = h.value(12).toDateTime().toUTC();
    qint64 locationId = h.value(13).isNull() ? 0 : h.value(13).toLongLong();
    h.finish();
    if (locationId == 0) {
        Result<qint64> fallback = InventoryLedger::defaultLocationId(connection);
        if (!fallback)
            return fallback.error();
        locationId = fallback.value();
    }

    Result<PricingRules> rules = Pricing::rulesInTransaction(connection);
    if (!rules)
        return rules.error();
    // The original platform's shipping rule applies to online carts only.
    rules.value().chargeShipping = !cart.registerId && cart.ownerUserId;
    const QString currency = rules->currency;

    Result<CachedQuery> items = connection.prepared(
        u"SELECT ci.id, ci.product_id, ci.variant_id, p.vendor_id, v.sku, v.barcode, p.name, v.options, ci.quantity, "
        "ci.unit_price_cents, ci.override_price_cents, ci.override_reason, ci.discount_kind, ci.discount_value, "
        "ci.discount_reason, ci.approved_by, p.tax_class, COALESCE(sl.on_hand - sl.reserved, 0), p.status, "
        "v.is_active, ci.position "
        "FROM cart_items ci JOIN products p ON p.id = ci.product_id "
        "JOIN product_variants v ON v.id = ci.variant_id "
        "LEFT JOIN stock_levels sl ON sl.variant_id = ci.variant_id AND sl.location_id = ? "
        "WHERE ci.cart_id = ? ORDER BY ci.position, ci.id"_s,
        {locationId, cartId});
    if (!items)
        return items.error();
    const CachedQuery &q = items.value();
    while (q.next()) {
        CartLine line;
        line.id = q.value(0).toLongLong();
        line.productId = q.value(1).toLongLong();
        line.variantId = q.value(2).toLongLong();
        if (!q.value(3).isNull())
            line.vendorId = q.value(3).toLongLong();
        line.sku = q.value(4).toString();
        line.barcode = q.value(5).toString();
        line.name = q.value(6).toString();
        line.options = StockLevelWriter::optionsText(q.value(7).toString());
        line.quantity = q.value(8).toLongLong();
        line.unitPrice = Money(q.value(9).toLongLong(), currency);
        if (!q.value(10).isNull())
            line.overridePrice = Money(q.value(10).toLongLong(), currency);
        line.overrideReason = q.value(11).toString();
        line.discount = discountFrom(q.value(12), q.value(13), q.value(14), q.value(15));
        line.taxClass = q.value(16).toString();
        line.available = q.value(17).toLongLong();
        line.isAvailable = q.value(18).toString() == u"active"_s && q.value(19).toBool();
        line.position = q.value(20).toInt();
        cart.lines.append(line);
    }
    q.finish();

    // A parked cart's own reservations are part of `reserved`; they are
    // there for this very cart.
    if (cart.status == CartStatus::Parked && !cart.lines.isEmpty()) {
        Result<CachedQuery> held = connection.prepared(
            u"SELECT variant_id, SUM(quantity) FROM reservations WHERE reference_type = ? AND reference_id = ? "
            "AND status = 'active' AND location_id = ? GROUP BY variant_id"_s,
            {CartReference, cartId, locationId});
        if (!held)
            return held.error();
        while (held.value().next()) {
            const qint64 variantId = held.value().value(0).toLongLong();
            for (CartLine &line : cart.lines)
                if (line.variantId == variantId)
                    line.available += held.value().value(1).toLongLong();
        }
    }
    for (CartLine &line : cart.lines)
        line.isAvailable = line.isAvailable && line.available >= line.quantity;

    Result<PricedCart> priced = Pricing::price(cart.lines, cart.discount, rules.value());
    if (!priced)
        return priced.error();
    cart.priced = priced.value();

    Result<QVariant> paid = connection.scalar(
        u"SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE cart_id = ? AND status = 'completed'"_s, {cartId});
    if (!paid)
        return paid.error();
    cart.paid = Money(paid.value().toLongLong(), currency);
    cart.due = cart.paid < cart.priced.total ? cart.priced.total - cart.paid : Money::zero(currency);
    return cart;
}

Result<Cart> CartService::currentInTransaction(Connection &connection, const Session &actor, qint64 registerId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return allowed.error();
    Result<CachedQuery> reg = connection.prepared(u"SELECT is_active FROM registers WHERE id = ?"_s, {registerId});
    if (!reg)
        return reg.error();
    if (!reg.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CartService", "No register has the id %1. Choose a register "
                                                                      "in Settings.")
                               .arg(registerId));
    if (!reg.value().value(0).toBool())
        return conflict(QCoreApplication::translate("CartService", "This register is switched off. Choose another "
                                                                   "register or ask an administrator to activate "
                                                                   "it."));
    reg.value().finish();
    Result<QVariant> open = connection.scalar(
        u"SELECT MIN(id) FROM carts WHERE register_id = ? AND status = 'open'"_s, {registerId});
    if (!open)
        return open.error();
    qint64 cartId = open.value().isNull() ? 0 : open.value().toLongLong();
    if (cartId == 0) {
        Result<qint64> created = createOpenCart(connection, actor, registerId);
        if (!created)
            return created.error();
        cartId = created.value();
    }
    return loadInTransaction(connection, cartId);
}

QFuture<Result<Cart>> CartService::current(const Session &actor, qint64 registerId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<Cart>(allowed.error());
    return m_database->write([actor, registerId](Connection &connection) {
        return currentInTransaction(connection, actor, registerId);
    });
}

QFuture<Result<Cart>> CartService::cart(const Session &actor, qint64 cartId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<Cart>(allowed.error());
    return m_database->read([cartId](Connection &connection) { return loadInTransaction(connection, cartId); });
}

QFuture<Result<Cart>> CartService::addByCode(const Session &actor, qint64 cartId, const QString &code,
                                             qint64 quantity)
{
    return changeCart(*m_database, actor, cartId, true,
                      [actor, code, quantity](Connection &connection, const CartRow &cart) -> Status {
                          Result<qint64> variant = StockLevelSearch::variantForCodeOn(connection, actor, code);
                          if (!variant)
                              return variant.error();
                          return addVariantInTransaction(connection, cart, variant.value(), quantity);
                      });
}

QFuture<Result<Cart>> CartService::addVariant(const Session &actor, qint64 cartId, qint64 variantId, qint64 quantity)
{
    return changeCart(*m_database, actor, cartId, true,
                      [variantId, quantity](Connection &connection, const CartRow &cart) {
                          return addVariantInTransaction(connection, cart, variantId, quantity);
                      });
}

QFuture<Result<Cart>> CartService::setQuantity(const Session &actor, qint64 cartId, qint64 lineId, qint64 quantity)
{
    return changeCart(*m_database, actor, cartId, true, [lineId, quantity](Connection &connection, const CartRow &cart) {
        return setQuantityInTransaction(connection, cart, lineId, quantity);
    });
}

QFuture<Result<Cart>> CartService::removeLine(const Session &actor, qint64 cartId, qint64 lineId)
{
    return changeCart(*m_database, actor, cartId, true, [lineId](Connection &connection, const CartRow &cart) {
        return setQuantityInTransaction(connection, cart, lineId, 0);
    });
}

QFuture<Result<Cart>> CartService::clear(const Session &actor, qint64 cartId)
{
    // A discount on nothing means nothing: the next sale starts without it.
    return changeCart(*m_database, actor, cartId, true, [](Connection &connection, const CartRow &cart) -> Status {
        if (Status ok = connection.run(u"DELETE FROM cart_items WHERE cart_id = ?"_s, {cart.id}); !ok)
            return ok;
        return connection.run(u"UPDATE carts SET discount_kind = NULL, discount_value = NULL, discount_reason = '', "
                              "discount_approved_by = NULL WHERE id = ?"_s,
                              {cart.id});
    });
}

QFuture<Result<Cart>> CartService::attachCustomer(const Session &actor, qint64 cartId,
                                                  std::optional<qint64> customerId)
{
    return changeCart(*m_database, actor, cartId, false,
                      [customerId](Connection &connection, const CartRow &row) -> Status {
                          if (customerId) {
                              Result<QVariant> found = connection.scalar(
                                  u"SELECT COUNT(*) FROM users WHERE id = ? AND role = 'customer'"_s, {*customerId});
                              if (!found)
                                  return found.error();
                              if (found.value().toLongLong() == 0)
                                  return Error::make(ErrorCode::NotFound,
                                                     QCoreApplication::translate("CartService",
                                                                                 "No customer has the id %1. Search "
                                                                                 "for the customer again.")
                                                         .arg(*customerId));
                          }
                          return connection.run(u"UPDATE carts SET customer_id = ? WHERE id = ?"_s,
                                                {customerId ? QVariant(*customerId) : nullInt(), row.id});
                      });
}

QFuture<Result<QList<Shortage>>> CartService::checkAvailability(const Session &actor, qint64 cartId)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<QList<Shortage>>(allowed.error());
    return m_database->read([cartId](Connection &connection) -> Result<QList<Shortage>> {
        Result<Cart> cart = loadInTransaction(connection, cartId);
        if (!cart)
            return cart.error();
        Result<CachedQuery> inactive = connection.prepared(
            u"SELECT ci.id FROM cart_items ci JOIN products p ON p.id = ci.product_id "
            "JOIN product_variants v ON v.id = ci.variant_id "
            "WHERE ci.cart_id = ? AND (p.status <> 'active' OR v.is_active = 0)"_s,
            {cartId});
        if (!inactive)
            return inactive.error();
        QList<qint64> notForSale;
        while (inactive.value().next())
            notForSale.append(inactive.value().value(0).toLongLong());
        QList<Shortage> shortages;
        for (const CartLine &line : cart->lines) {
            if (line.isAvailable)
                continue;
            Shortage shortage{line.id, line.variantId, line.name, line.sku, line.quantity, line.available, {}};
            shortage.message = notForSale.contains(line.id) ? notForSaleMessage(line.name, line.sku)
                                                            : shortageMessage(line.name, line.sku, line.available);
            shortages.append(shortage);
        }
        return shortages;
    });
}

} // namespace sk
