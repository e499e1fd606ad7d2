#include "sales/CartSupport.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "inventory/InventoryLedger.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk::cartsupport {

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
    Result<CachedQuery> row = connection.prepared(u"SELECT id, register_id, status FROM carts WHERE id = ?"_s, {cartId});
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

Result<StockedItem> stockedItem(Connection &connection, qint64 variantId, qint64 locationId)
{
    Result<CachedQuery> row = connection.prepared(
        u"SELECT v.product_id, p.name, v.sku, p.status, v.is_active, v.price_cents, "
        "COALESCE((SELECT sl.on_hand - sl.reserved FROM stock_levels sl WHERE sl.variant_id = v.id "
        "AND sl.location_id = ?), 0) "
        "FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?"_s,
        {locationId, variantId});
    if (!row)
        return row.error();
    const CachedQuery &q = row.value();
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

} // namespace sk::cartsupport
