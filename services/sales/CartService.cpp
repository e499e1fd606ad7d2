#include "sales/CartService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/StockLevelWriter.h"
#include "sales/Pricing.h"
#include "sales/SalesSettings.h"

#include <QCoreApplication>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxLabelLength = 100;
constexpr int kMaxReasonLength = 200;
// A parked sale holds its stock for a day; after that ReservationExpiry gives
// the stock back to the shelf, and recalling the sale checks stock again like
// any other sale (docs/sales.md).
constexpr qint64 kParkedReservationSeconds = 24 * 60 * 60;

const QString CartReference = u"cart"_s;

using Int128 = __int128;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Error conflict(const QString &message)
{
    return Error::make(ErrorCode::Conflict, message);
}

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

QVariant nullInt()
{
    return QVariant(QMetaType::fromType<qint64>(), nullptr);
}

QString subjectOf(qint64 cartId)
{
    return u"cart:"_s + QString::number(cartId);
}

CartStatus statusFromName(const QString &name)
{
    if (name == u"parked"_s)
        return CartStatus::Parked;
    if (name == u"checked_out"_s)
        return CartStatus::CheckedOut;
    if (name == u"voided"_s)
        return CartStatus::Voided;
    return CartStatus::Open;
}

QString kindName(DiscountKind kind)
{
    return kind == DiscountKind::Percent ? u"percent"_s : u"amount"_s;
}

std::optional<Discount> discountFrom(const QVariant &kind, const QVariant &value, const QVariant &reason,
                                     const QVariant &approvedBy)
{
    if (kind.isNull() || value.isNull())
        return std::nullopt;
    Discount discount;
    discount.kind = kind.toString() == u"amount"_s ? DiscountKind::Amount : DiscountKind::Percent;
    discount.value = value.toLongLong();
    discount.reason = reason.toString();
    discount.approvedBy = approvedBy.isNull() ? 0 : approvedBy.toLongLong();
    return discount;
}

// 1050 -> "10.5", 1000 -> "10": how a person writes a percentage.
QString percentText(qint64 basisPoints)
{
    QString text = QString::number(basisPoints / 100);
    const qint64 fraction = basisPoints % 100;
    if (fraction != 0) {
        text += QLocale().decimalPoint();
        text += fraction % 10 == 0 ? QString::number(fraction / 10) : QString::number(fraction).rightJustified(2, u'0');
    }
    return text;
}

QString itemName(const QString &name, const QString &sku)
{
    return QCoreApplication::translate("CartService", "%1 (SKU %2)").arg(name, sku);
}

QString shortageMessage(const QString &name, const QString &sku, qint64 available)
{
    if (available <= 0)
        return QCoreApplication::translate("CartService", "%1 is out of stock here: none left.")
            .arg(itemName(name, sku));
    return QCoreApplication::translate("CartService", "Only %1 of %2 left.").arg(available).arg(itemName(name, sku));
}

QString notForSaleMessage(const QString &name, const QString &sku)
{
    return QCoreApplication::translate("CartService", "%1 is not for sale: its product is not active. Ask an "
                                                      "administrator to activate it.")
        .arg(itemName(name, sku));
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 cartId,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection, AuditEntry::by(actor, action, subjectOf(cartId), details));
}

// Who approved a change above the clerk's limit: nobody needed (0), the
// acting administrator, or the approver an administrator signed in as.
Result<qint64> approvalFor(const Session &actor, const std::optional<Session> &approver, bool aboveLimit,
                           int limitBasisPoints, const QString &what)
{
    if (!aboveLimit)
        return qint64(0);
    if (isAllowed(actor.role, Permission::ApproveDiscounts))
        return actor.userId;
    if (approver && approver->isValid() && isAllowed(approver->role, Permission::ApproveDiscounts))
        return approver->userId;
    return Error::make(ErrorCode::PermissionDenied,
                       QCoreApplication::translate("CartService", "%1 is above your limit of %2 %: an administrator "
                                                                  "must approve it with their PIN or password.")
                           .arg(what, percentText(limitBasisPoints)));
}

Status auditApproval(Connection &connection, const Session &actor, const std::optional<Session> &approver,
                     qint64 approvedBy, qint64 cartId, QJsonObject details)
{
    if (approvedBy == 0)
        return Status::success();
    // The approver's own entry, so the journal shows who allowed what.
    const Session &who = approver && approver->userId == approvedBy ? *approver : actor;
    details.insert(u"clerk_id"_s, actor.userId);
    return audit(connection, who, u"cart.approved"_s, cartId, details);
}

Status requireReason(const QString &reason, const QString &what)
{
    if (reason.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("CartService", "Enter a reason for the %1.").arg(what));
    if (reason.trimmed().size() > kMaxReasonLength)
        return invalid(QCoreApplication::translate("CartService", "The reason may be at most 200 characters long."));
    return Status::success();
}

Status validateDiscount(const Discount &discount)
{
    if (discount.value < 0)
        return invalid(QCoreApplication::translate("CartService", "A discount cannot be negative. Enter zero or "
                                                                  "more."));
    if (discount.kind == DiscountKind::Percent && discount.value > Money::kBasisPointsPerWhole)
        return invalid(QCoreApplication::translate("CartService", "A discount cannot be above 100 %."));
    return requireReason(discount.reason, QCoreApplication::translate("CartService", "discount"));
}

// True when the discount takes more than limitBasisPoints of base.
bool aboveLimit(const Discount &discount, const Money &base, int limitBasisPoints)
{
    if (discount.kind == DiscountKind::Percent)
        return discount.value > limitBasisPoints;
    return Int128(discount.value) * Money::kBasisPointsPerWhole > Int128(limitBasisPoints) * base.minorUnits();
}

struct CartRow {
    qint64 id = 0;
    qint64 registerId = 0;
    CartStatus status = CartStatus::Open;
};

Error notOpen(CartStatus status)
{
    switch (status) {
    case CartStatus::Parked:
        return conflict(QCoreApplication::translate("CartService", "This sale is parked. Recall it before changing "
                                                                   "it."));
    case CartStatus::CheckedOut:
        return conflict(QCoreApplication::translate("CartService", "This sale is already finished. Start a new "
                                                                   "sale."));
    case CartStatus::Voided:
        return conflict(QCoreApplication::translate("CartService", "This sale was voided. Start a new sale."));
    case CartStatus::Open:
        break;
    }
    return conflict(QString());
}

Error cartGone()
{
    return Error::make(ErrorCode::NotFound, QCoreApplication::translate("CartService", "This sale no longer exists. "
                                                                                       "Open the register's current "
                                                                                       "sale."));
}

Result<CartRow> readCartRow(Connection &connection, qint64 cartId)
{
    Result<QSqlQuery> row = connection.exec(u"SELECT id, register_id, status FROM carts WHERE id = ?"_s, {cartId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return cartGone();
    CartRow cart;
    cart.id = row.value().value(0).toLongLong();
    cart.registerId = row.value().value(1).isNull() ? 0 : row.value().value(1).toLongLong();
    cart.status = statusFromName(row.value().value(2).toString());
    return cart;
}

Status refuseWhenPaid(Connection &connection, qint64 cartId)
{
    Result<QVariant> paid = connection.scalar(
        u"SELECT COUNT(*) FROM payments WHERE cart_id = ? AND status = 'completed'"_s, {cartId});
    if (!paid)
        return paid.error();
    if (paid.value().toLongLong() > 0)
        return conflict(QCoreApplication::translate("CartService", "A payment has been taken for this sale: void it "
                                                                   "before changing the items."));
    return Status::success();
}

// Every change starts here: the version bump comes first so that the row is
// locked (PostgreSQL) before anything is read, then the cart must be open
// and, for changes of items or money, without completed payments.
Result<CartRow> openForChange(Connection &connection, qint64 cartId, bool changesMoney)
{
    if (Status ok = connection.run(u"UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?"_s,
                                   {QDateTime::currentDateTimeUtc(), cartId});
        !ok)
        return ok.error();
    Result<CartRow> row = readCartRow(connection, cartId);
    if (!row)
        return row;
    if (row->status != CartStatus::Open)
        return notOpen(row->status);
    if (changesMoney)
        if (Status ok = refuseWhenPaid(connection, cartId); !ok)
            return ok.error();
    return row;
}

Result<qint64> locationOf(Connection &connection, qint64 registerId)
{
    if (registerId <= 0)
        return InventoryLedger::defaultLocationId(connection);
    Result<QVariant> location = connection.scalar(u"SELECT location_id FROM registers WHERE id = ?"_s, {registerId});
    if (!location)
        return location.error();
    if (location.value().isNull())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CartService", "No register has the id %1. Choose a register "
                                                                      "in Settings.")
                               .arg(registerId));
    return location.value().toLongLong();
}

struct StockedItem {
    qint64 productId = 0;
    QString name;
    QString sku;
    bool forSale = false;
    qint64 priceCents = 0;
    qint64 available = 0;
};

Result<StockedItem> stockedItem(Connection &connection, qint64 variantId, qint64 locationId)
{
    Result<QSqlQuery> row = connection.exec(
        u"SELECT v.product_id, p.name, v.sku, p.status, v.is_active, v.price_cents, "
        "COALESCE((SELECT sl.on_hand - sl.reserved FROM stock_levels sl WHERE sl.variant_id = v.id "
        "AND sl.location_id = ?), 0) "
        "FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?"_s,
        {locationId, variantId});
    if (!row)
        return row.error();
    QSqlQuery &q = row.value();
    if (!q.next())
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("CartService", "This item is no longer in "
                                                                                           "the catalog. Scan or "
                                                                                           "choose another one."));
    StockedItem item;
    item.productId = q.value(0).toLongLong();
    item.name = q.value(1).toString();
    item.sku = q.value(2).toString();
    item.forSale = q.value(3).toString() == u"active"_s && q.value(4).toBool();
    item.priceCents = q.value(5).toLongLong();
    item.available = q.value(6).toLongLong();
    return item;
}

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
    Result<QSqlQuery> existing = connection.exec(
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

const CartLine *lineIn(const Cart &cart, qint64 lineId)
{
    for (const CartLine &line : cart.lines)
        if (line.id == lineId)
            return &line;
    return nullptr;
}

Error lineGone()
{
    return Error::make(ErrorCode::NotFound, QCoreApplication::translate("CartService", "This item is no longer in the "
                                                                                       "sale."));
}

Status setQuantityInTransaction(Connection &connection, const CartRow &cart, qint64 lineId, qint64 quantity)
{
    if (quantity < 0)
        return invalid(QCoreApplication::translate("CartService", "The quantity must be zero (to remove the item) or "
                                                                  "more."));
    Result<QSqlQuery> row = connection.exec(
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

QList<StockLine> stockLinesOf(const Cart &cart)
{
    QList<StockLine> lines;
    for (const CartLine &line : cart.lines)
        lines.append(StockLine{line.variantId, line.quantity, {}});
    return lines;
}

Result<qint64> createOpenCart(Connection &connection, const Session &actor, qint64 registerId)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return connection.insert(u"INSERT INTO carts (register_id, status, created_by, created_at, updated_at) "
                             "VALUES (?, 'open', ?, ?, ?) RETURNING id"_s,
                             {registerId, nullableId(actor.userId), now, now});
}

template<typename T>
QFuture<Result<T>> refused(const Error &error)
{
    return QtFuture::makeReadyFuture(Result<T>(error));
}

// The frame of every change: permission, an open cart, the change, the
// re-read and priced cart, all in one write transaction. A change that
// leaves the cart unpriceable (a discount above what is left) rolls back.
template<typename Change>
QFuture<Result<Cart>> changeCart(Database &database, const Session &actor, qint64 cartId, bool changesMoney,
                                 Change change)
{
    if (Status allowed = require(actor, Permission::UseRegister); !allowed)
        return refused<Cart>(allowed.error());
    return database.write([cartId, changesMoney, change](Connection &connection) -> Result<Cart> {
        Result<CartRow> row = openForChange(connection, cartId, changesMoney);
        if (!row)
            return row.error();
        if (Status ok = change(connection, row.value()); !ok)
            return ok.error();
        return CartService::loadInTransaction(connection, cartId);
    });
}

} // namespace

CartService::CartService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<Cart> CartService::loadInTransaction(Connection &connection, qint64 cartId)
{
    Result<QSqlQuery> head = connection.exec(
        u"SELECT c.id, c.register_id, c.owner_user_id, c.customer_id, c.status, c.label, c.discount_kind, "
        "c.discount_value, c.discount_reason, c.discount_approved_by, c.version, c.updated_at, c.parked_at, "
        "r.location_id, u.first_name, u.last_name "
        "FROM carts c LEFT JOIN registers r ON r.id = c.register_id LEFT JOIN users u ON u.id = c.customer_id "
        "WHERE c.id = ?"_s,
        {cartId});
    if (!head)
        return head.error();
    QSqlQuery &h = head.value();
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

    Result<QSqlQuery> items = connection.exec(
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
    QSqlQuery &q = items.value();
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
        Result<QSqlQuery> held = connection.exec(
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
    Result<QSqlQuery> reg = connection.exec(u"SELECT is_active FROM registers WHERE id = ?"_s, {registerId});
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

QFuture<Result<Cart>> CartService::overridePrice(const Session &actor, qint64 cartId, qint64 lineId,
                                                 const std::optional<Money> &price, const QString &reason,
                                                 const std::optional<Session> &approver)
{
    if (price) {
        if (Status ok = requireReason(reason, QCoreApplication::translate("CartService", "price change")); !ok)
            return refused<Cart>(ok.error());
        if (!price->isValid() || price->isNegative())
            return refused<Cart>(invalid(QCoreApplication::translate("CartService", "Enter a price of zero or "
                                                                                    "more.")));
    }
    return changeCart(
        *m_database, actor, cartId, true,
        [actor, lineId, price, reason, approver](Connection &connection, const CartRow &row) -> Status {
            Result<Cart> before = loadInTransaction(connection, row.id);
            if (!before)
                return before.error();
            const CartLine *line = lineIn(before.value(), lineId);
            if (!line)
                return lineGone();
            if (!price) {
                if (!line->overridePrice)
                    return Status::success();
                if (Status ok = connection.run(u"UPDATE cart_items SET override_price_cents = NULL, override_reason = '' "
                                               "WHERE id = ?"_s,
                                               {lineId});
                    !ok)
                    return ok;
                return audit(connection, actor, u"cart.price_restored"_s, row.id,
                             {{u"line_id"_s, lineId}, {u"variant_id"_s, line->variantId}});
            }
            if (price->currency() != line->unitPrice.currency())
                return invalid(QCoreApplication::translate("CartService", "Enter the price in %1, the shop's currency.")
                                   .arg(line->unitPrice.currency()));
            Result<SalesSettings> settings = SalesSettings::loadInTransaction(connection);
            if (!settings)
                return settings.error();
            const Money list = line->unitPrice;
            const bool above = *price < list
                && Int128((list - *price).minorUnits()) * Money::kBasisPointsPerWhole
                       > Int128(settings->maxPriceReductionBasisPoints) * list.minorUnits();
            Result<qint64> approvedBy = approvalFor(actor, approver, above, settings->maxPriceReductionBasisPoints,
                                                    QCoreApplication::translate("CartService", "This price cut"));
            if (!approvedBy)
                return approvedBy.error();
            if (Status ok = connection.run(u"UPDATE cart_items SET override_price_cents = ?, override_reason = ?, "
                                           "approved_by = COALESCE(?, approved_by) WHERE id = ?"_s,
                                           {price->minorUnits(), reason.trimmed(), nullableId(approvedBy.value()),
                                            lineId});
                !ok)
                return ok;
            const QJsonObject details{{u"line_id"_s, lineId},
                                      {u"variant_id"_s, line->variantId},
                                      {u"from_cents"_s, list.minorUnits()},
                                      {u"to_cents"_s, price->minorUnits()},
                                      {u"reason"_s, reason.trimmed()},
                                      {u"approved_by"_s, approvedBy.value()}};
            if (Status ok = audit(connection, actor, u"cart.price_overridden"_s, row.id, details); !ok)
                return ok;
            return auditApproval(connection, actor, approver, approvedBy.value(), row.id, details);
        });
}

QFuture<Result<Cart>> CartService::setLineDiscount(const Session &actor, qint64 cartId, qint64 lineId,
                                                   const std::optional<Discount> &discount,
                                                   const std::optional<Session> &approver)
{
    if (discount)
        if (Status ok = validateDiscount(*discount); !ok)
            return refused<Cart>(ok.error());
    return changeCart(
        *m_database, actor, cartId, true,
        [actor, lineId, discount, approver](Connection &connection, const CartRow &row) -> Status {
            Result<Cart> before = loadInTransaction(connection, row.id);
            if (!before)
                return before.error();
            const CartLine *line = lineIn(before.value(), lineId);
            if (!line)
                return lineGone();
            if (!discount) {
                if (!line->discount)
                    return Status::success();
                if (Status ok = connection.run(u"UPDATE cart_items SET discount_kind = NULL, discount_value = NULL, "
                                               "discount_reason = '' WHERE id = ?"_s,
                                               {lineId});
                    !ok)
                    return ok;
                return audit(connection, actor, u"cart.line_discount_removed"_s, row.id,
                             {{u"line_id"_s, lineId}, {u"variant_id"_s, line->variantId}});
            }
            Result<SalesSettings> settings = SalesSettings::loadInTransaction(connection);
            if (!settings)
                return settings.error();
            const Money base = line->effectiveUnitPrice() * line->quantity;
            Result<qint64> approvedBy =
                approvalFor(actor, approver, aboveLimit(*discount, base, settings->maxLineDiscountBasisPoints),
                            settings->maxLineDiscountBasisPoints,
                            QCoreApplication::translate("CartService", "This discount"));
            if (!approvedBy)
                return approvedBy.error();
            if (Status ok = connection.run(u"UPDATE cart_items SET discount_kind = ?, discount_value = ?, "
                                           "discount_reason = ?, approved_by = COALESCE(?, approved_by) "
                                           "WHERE id = ?"_s,
                                           {kindName(discount->kind), discount->value, discount->reason.trimmed(),
                                            nullableId(approvedBy.value()), lineId});
                !ok)
                return ok;
            const QJsonObject details{{u"line_id"_s, lineId},
                                      {u"variant_id"_s, line->variantId},
                                      {u"kind"_s, kindName(discount->kind)},
                                      {u"value"_s, discount->value},
                                      {u"reason"_s, discount->reason.trimmed()},
                                      {u"approved_by"_s, approvedBy.value()}};
            if (Status ok = audit(connection, actor, u"cart.line_discounted"_s, row.id, details); !ok)
                return ok;
            return auditApproval(connection, actor, approver, approvedBy.value(), row.id, details);
        });
}

QFuture<Result<Cart>> CartService::setCartDiscount(const Session &actor, qint64 cartId,
                                                   const std::optional<Discount> &discount,
                                                   const std::optional<Session> &approver)
{
    if (discount)
        if (Status ok = validateDiscount(*discount); !ok)
            return refused<Cart>(ok.error());
    return changeCart(
        *m_database, actor, cartId, true,
        [actor, discount, approver](Connection &connection, const CartRow &row) -> Status {
            if (!discount) {
                if (Status ok = connection.run(u"UPDATE carts SET discount_kind = NULL, discount_value = NULL, "
                                               "discount_reason = '', discount_approved_by = NULL WHERE id = ?"_s,
                                               {row.id});
                    !ok)
                    return ok;
                return audit(connection, actor, u"cart.discount_removed"_s, row.id, {});
            }
            Result<Cart> before = loadInTransaction(connection, row.id);
            if (!before)
                return before.error();
            Result<SalesSettings> settings = SalesSettings::loadInTransaction(connection);
            if (!settings)
                return settings.error();
            // The cart discount applies to what the lines' own discounts left.
            Money base = before->priced.subtotal;
            for (const PricedLine &line : before->priced.lines)
                base -= line.lineDiscount;
            Result<qint64> approvedBy =
                approvalFor(actor, approver, aboveLimit(*discount, base, settings->maxCartDiscountBasisPoints),
                            settings->maxCartDiscountBasisPoints,
                            QCoreApplication::translate("CartService", "This discount"));
            if (!approvedBy)
                return approvedBy.error();
            if (Status ok = connection.run(u"UPDATE carts SET discount_kind = ?, discount_value = ?, discount_reason = ?, "
                                           "discount_approved_by = ? WHERE id = ?"_s,
                                           {kindName(discount->kind), discount->value, discount->reason.trimmed(),
                                            nullableId(approvedBy.value()), row.id});
                !ok)
                return ok;
            const QJsonObject details{{u"kind"_s, kindName(discount->kind)},
                                      {u"value"_s, discount->value},
                                      {u"reason"_s, discount->reason.trimmed()},
                                      {u"approved_by"_s, approvedBy.value()}};
            if (Status ok = audit(connection, actor, u"cart.discounted"_s, row.id, details); !ok)
                return ok;
            return auditApproval(connection, actor, approver, approvedBy.value(), row.id, details);
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
        Result<QSqlQuery> inactive = connection.exec(
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
        Result<QSqlQuery> rows = connection.exec(
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
        Result<QSqlQuery> open = connection.exec(
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
