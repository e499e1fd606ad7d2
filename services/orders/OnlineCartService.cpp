#include "orders/OnlineCartService.h"

#include "auth/Permissions.h"
#include "db/Database.h"
#include "sales/CartService.h"
#include "sales/Pricing.h"

#include <QCoreApplication>
#include <QDateTime>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Error lineNotInCart()
{
    return Error::make(ErrorCode::NotFound, QCoreApplication::translate("OnlineCartService", "This item is not in your "
                                                                                             "cart. Reload the cart."));
}

Status checkQuantity(qint64 quantity, qint64 minimum)
{
    if (quantity < minimum || quantity > OnlineCartService::kMaxLineQuantity)
        return invalid(QCoreApplication::translate("OnlineCartService", "Enter a quantity from %1 to %2.")
                           .arg(minimum)
                           .arg(OnlineCartService::kMaxLineQuantity));
    return Status::success();
}

QString itemName(const QString &name, const QString &sku)
{
    return QCoreApplication::translate("OnlineCartService", "%1 (SKU %2)").arg(name, sku);
}

Error shortage(const QString &name, const QString &sku, qint64 available)
{
    if (available <= 0)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("OnlineCartService", "%1 is out of stock: none available.")
                               .arg(itemName(name, sku)));
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("OnlineCartService", "Only %1 of %2 available. Choose a quantity "
                                                                        "of at most %1.")
                           .arg(available)
                           .arg(itemName(name, sku)));
}

// Stock for the online shop is the default location's (where online orders
// reserve, OnlineOrderWriter), available = on hand - reserved.
const QString AvailableAtShopSql = u"COALESCE((SELECT sl.on_hand - sl.reserved FROM stock_levels sl "
                                   "WHERE sl.variant_id = v.id AND sl.location_id = "
                                   "(SELECT MIN(id) FROM locations WHERE is_active = 1)), 0)"_s;

struct Chosen {
    qint64 variantId = 0;
    QString name;
    QString sku;
    qint64 priceCents = 0;
    qint64 available = 0;
};

// The variant to add: the one named, or the default variant of a product
// without options. One statement reads the product with all its variants.
Result<Chosen> chooseVariant(Connection &connection, qint64 productId, std::optional<qint64> variantId)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT p.status, p.name, v.id, v.option_key, v.is_active, v.sku, v.price_cents, "_s + AvailableAtShopSql
            + u" FROM products p LEFT JOIN product_variants v ON v.product_id = p.id WHERE p.id = ? "
              "ORDER BY v.position, v.id"_s,
        {productId});
    if (!rows)
        return rows.error();
    const CachedQuery &q = rows.value();
    bool productFound = false;
    bool productActive = false;
    bool hasOptions = false;
    std::optional<Chosen> chosen;
    bool chosenActive = false;
    QString productName;
    while (q.next()) {
        productFound = true;
        productActive = q.value(0).toString() == u"active"_s;
        productName = q.value(1).toString();
        if (q.isNull(2))
            continue;
        const qint64 id = q.value(2).toLongLong();
        const bool isDefault = q.value(3).toString().isEmpty();
        hasOptions = hasOptions || !isDefault;
        if (variantId ? id == *variantId : isDefault) {
            chosen = Chosen{id, productName, q.value(5).toString(), q.value(6).toLongLong(), q.value(7).toLongLong()};
            chosenActive = q.value(4).toBool();
        }
    }
    q.finish();
    if (!productFound)
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("OnlineCartService", "No product has the id "
                                                                                                 "%1. Choose a product "
                                                                                                 "from the catalog.")
                                                    .arg(productId));
    if (!productActive)
        return invalid(QCoreApplication::translate("OnlineCartService", "%1 is not for sale at the moment. Choose "
                                                                        "another product.")
                           .arg(productName));
    if (!variantId && hasOptions)
        return invalid(QCoreApplication::translate("OnlineCartService", "%1 comes in several variants: choose one "
                                                                        "and send its variant_id.")
                           .arg(productName));
    if (!chosen)
        return Error::make(ErrorCode::NotFound,
                           variantId ? QCoreApplication::translate("OnlineCartService", "%1 has no variant with the "
                                                                                        "id %2. Choose one of its "
                                                                                        "variants.")
                                           .arg(productName)
                                           .arg(*variantId)
                                     : QCoreApplication::translate("OnlineCartService", "%1 has no variant for sale. "
                                                                                        "Choose another product.")
                                           .arg(productName));
    if (!chosenActive)
        return invalid(QCoreApplication::translate("OnlineCartService", "%1 is not for sale at the moment. Choose "
                                                                        "another variant.")
                           .arg(itemName(chosen->name, chosen->sku)));
    return *chosen;
}

// The customer's open cart, created when there is none. The version bump
// locks the cart's row (PostgreSQL) before its lines are read, so a change
// and an order placed from the same cart never interleave.
Result<qint64> openCartForChange(Connection &connection, qint64 customerId)
{
    Result<std::optional<qint64>> open = OnlineCartService::openCartIdInTransaction(connection, customerId);
    if (!open)
        return open.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (open.value()) {
        if (Status ok = connection.run(u"UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?"_s,
                                       {now, *open.value()});
            !ok)
            return ok.error();
        return *open.value();
    }
    return connection.insert(
        u"INSERT INTO carts (owner_user_id, customer_id, status, created_by, created_at, updated_at) "
        "VALUES (?, ?, 'open', ?, ?, ?) RETURNING id"_s,
        {customerId, customerId, customerId, now, now});
}

struct OwnedLine {
    qint64 cartId = 0;
    qint64 variantId = 0;
    qint64 quantity = 0;
};

// The line when it is in the customer's own open cart; anything else reads
// as "not in your cart", so ids of other customers' lines reveal nothing.
Result<OwnedLine> ownedLine(Connection &connection, qint64 customerId, qint64 cartItemId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT ci.cart_id, ci.variant_id, ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id "
        "WHERE ci.id = ? AND c.owner_user_id = ? AND c.register_id IS NULL AND c.status = 'open'"_s,
        {cartItemId, customerId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return lineNotInCart();
    OwnedLine line{row.value().value(0).toLongLong(), row.value().value(1).toLongLong(),
                   row.value().value(2).toLongLong()};
    row.value().finish();
    if (Status ok = connection.run(u"UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?"_s,
                                   {QDateTime::currentDateTimeUtc(), line.cartId});
        !ok)
        return ok.error();
    return line;
}

Result<qint64> addInTransaction(Connection &connection, qint64 customerId, qint64 productId,
                                std::optional<qint64> variantId, qint64 quantity)
{
    Result<Chosen> item = chooseVariant(connection, productId, variantId);
    if (!item)
        return item.error();
    Result<qint64> cartId = openCartForChange(connection, customerId);
    if (!cartId)
        return cartId.error();
    Result<CachedQuery> existing = connection.prepared(
        u"SELECT id, quantity FROM cart_items WHERE cart_id = ? AND variant_id = ?"_s, {cartId.value(), item->variantId});
    if (!existing)
        return existing.error();
    qint64 lineId = 0;
    qint64 wanted = quantity;
    if (existing.value().next()) {
        lineId = existing.value().value(0).toLongLong();
        wanted += existing.value().value(1).toLongLong();
    }
    existing.value().finish();
    if (wanted > OnlineCartService::kMaxLineQuantity)
        return invalid(QCoreApplication::translate("OnlineCartService", "A cart holds at most %1 of one item; %2 are "
                                                                        "already in it.")
                           .arg(OnlineCartService::kMaxLineQuantity)
                           .arg(wanted - quantity));
    if (item->available < wanted)
        return shortage(item->name, item->sku, item->available);
    if (lineId > 0) {
        if (Status ok = connection.run(u"UPDATE cart_items SET quantity = ? WHERE id = ?"_s, {wanted, lineId}); !ok)
            return ok.error();
        return lineId;
    }
    return connection.insert(
        u"INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, position, added_at) "
        "VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_items WHERE cart_id = ?), ?) "
        "RETURNING id"_s,
        {cartId.value(), productId, item->variantId, wanted, item->priceCents, cartId.value(),
         QDateTime::currentDateTimeUtc()});
}

Status updateInTransaction(Connection &connection, qint64 customerId, qint64 cartItemId, qint64 quantity)
{
    Result<OwnedLine> line = ownedLine(connection, customerId, cartItemId);
    if (!line)
        return line.error();
    if (quantity == 0)
        return connection.run(u"DELETE FROM cart_items WHERE id = ?"_s, {cartItemId});
    // Fewer is always allowed, even of an item that ran short meanwhile.
    if (quantity > line->quantity) {
        Result<CachedQuery> row = connection.prepared(
            u"SELECT p.name, v.sku, p.status, v.is_active, "_s + AvailableAtShopSql
                + u" FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?"_s,
            {line->variantId});
        if (!row)
            return row.error();
        const CachedQuery &q = row.value();
        if (!q.next())
            return lineNotInCart();
        const QString name = q.value(0).toString();
        const QString sku = q.value(1).toString();
        const bool forSale = q.value(2).toString() == u"active"_s && q.value(3).toBool();
        const qint64 available = q.value(4).toLongLong();
        q.finish();
        if (!forSale)
            return invalid(QCoreApplication::translate("OnlineCartService", "%1 is no longer for sale. Remove it "
                                                                            "from your cart.")
                               .arg(itemName(name, sku)));
        if (available < quantity)
            return shortage(name, sku, available);
    }
    return connection.run(u"UPDATE cart_items SET quantity = ? WHERE id = ?"_s, {quantity, cartItemId});
}

template<typename T>
QFuture<T> refused(const Error &error)
{
    return QtFuture::makeReadyFuture(T(error));
}

} // namespace

OnlineCartService::OnlineCartService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<std::optional<qint64>> OnlineCartService::openCartIdInTransaction(Connection &connection, qint64 customerId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT MIN(id) FROM carts WHERE owner_user_id = ? AND status = 'open' AND register_id IS NULL"_s,
        {customerId});
    if (!row)
        return row.error();
    std::optional<qint64> id;
    if (row.value().next() && !row.value().isNull(0))
        id = row.value().value(0).toLongLong();
    row.value().finish();
    return id;
}

Result<OnlineCartSummary> OnlineCartService::summaryInTransaction(Connection &connection, qint64 customerId)
{
    Result<std::optional<qint64>> open = openCartIdInTransaction(connection, customerId);
    if (!open)
        return open.error();
    OnlineCartSummary summary;
    if (!open.value()) {
        Result<PricingRules> rules = Pricing::rulesInTransaction(connection);
        if (!rules)
            return rules.error();
        summary.subtotal = summary.tax = summary.shipping = summary.total = Money::zero(rules->currency);
        return summary;
    }
    // The register's own reading and pricing of a cart, which also prices
    // the order placed from it: the two cannot disagree.
    Result<Cart> cart = CartService::loadInTransaction(connection, *open.value());
    if (!cart)
        return cart.error();
    summary.cartId = cart->id;
    for (qsizetype i = 0; i < cart->lines.size(); ++i) {
        const CartLine &line = cart->lines.at(i);
        OnlineCartItem item;
        item.cartItemId = line.id;
        item.productId = line.productId;
        item.variantId = line.variantId;
        item.name = line.name;
        item.options = line.options;
        item.sku = line.sku;
        item.quantity = line.quantity;
        item.unitPrice = line.effectiveUnitPrice();
        item.lineTotal = cart->priced.lines.at(i).subtotal;
        item.available = line.isAvailable;
        item.availableQuantity = std::max<qint64>(line.available, 0);
        summary.items.append(item);
    }
    summary.totalItems = cart->priced.itemCount;
    // Online carts carry no discounts (only a register gives them).
    summary.subtotal = cart->priced.subtotal;
    summary.tax = cart->priced.tax;
    summary.shipping = cart->priced.shipping;
    summary.total = cart->priced.total;
    return summary;
}

QFuture<Result<qint64>> OnlineCartService::add(const Session &customer, qint64 productId,
                                               std::optional<qint64> variantId, qint64 quantity)
{
    if (Status allowed = require(customer, Permission::PlaceOnlineOrders); !allowed)
        return refused<Result<qint64>>(allowed.error());
    if (Status ok = checkQuantity(quantity, 1); !ok)
        return refused<Result<qint64>>(ok.error());
    return m_database->write([customerId = customer.userId, productId, variantId, quantity](Connection &connection) {
        return addInTransaction(connection, customerId, productId, variantId, quantity);
    });
}

QFuture<Result<OnlineCartSummary>> OnlineCartService::summary(const Session &customer)
{
    if (Status allowed = require(customer, Permission::PlaceOnlineOrders); !allowed)
        return refused<Result<OnlineCartSummary>>(allowed.error());
    return m_database->read(
        [customerId = customer.userId](Connection &connection) { return summaryInTransaction(connection, customerId); });
}

QFuture<Status> OnlineCartService::update(const Session &customer, qint64 cartItemId, qint64 quantity)
{
    if (Status allowed = require(customer, Permission::PlaceOnlineOrders); !allowed)
        return refused<Status>(allowed.error());
    if (Status ok = checkQuantity(quantity, 0); !ok)
        return refused<Status>(ok.error());
    return m_database->write([customerId = customer.userId, cartItemId, quantity](Connection &connection) {
        return updateInTransaction(connection, customerId, cartItemId, quantity);
    });
}

QFuture<Status> OnlineCartService::remove(const Session &customer, qint64 cartItemId)
{
    if (Status allowed = require(customer, Permission::PlaceOnlineOrders); !allowed)
        return refused<Status>(allowed.error());
    return m_database->write([customerId = customer.userId, cartItemId](Connection &connection) -> Status {
        Result<OwnedLine> line = ownedLine(connection, customerId, cartItemId);
        if (!line)
            return line.error();
        return connection.run(u"DELETE FROM cart_items WHERE id = ?"_s, {cartItemId});
    });
}

} // namespace sk
