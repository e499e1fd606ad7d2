#pragma once

#include "auth/Permissions.h"
#include "auth/Session.h"
#include "core/Result.h"
#include "db/Database.h"
#include "inventory/StockTypes.h"
#include "sales/CartService.h"
#include "sales/SalesTypes.h"

#include <QFuture>
#include <QJsonObject>
#include <QVariant>
#include <optional>

// What CartService's files share: the rules and statements every cart
// change goes through (docs/sales.md). Not for use outside services/sales.
namespace sk::cartsupport {

constexpr int kMaxLabelLength = 100;
constexpr int kMaxReasonLength = 200;
// A parked sale holds its stock for a day; after that ReservationExpiry gives
// the stock back to the shelf, and recalling the sale checks stock again like
// any other sale (docs/sales.md).
constexpr qint64 kParkedReservationSeconds = 24 * 60 * 60;
inline const QString CartReference = QStringLiteral("cart");
using Int128 = __int128;
struct CartRow {
    qint64 id = 0;
    qint64 registerId = 0;
    CartStatus status = CartStatus::Open;
};
struct StockedItem {
    qint64 productId = 0;
    QString name;
    QString sku;
    bool forSale = false;
    qint64 priceCents = 0;
    qint64 available = 0;
};
Error invalid(const QString &message);
Error conflict(const QString &message);
QVariant nullableId(qint64 id);
QVariant nullInt();
QString subjectOf(qint64 cartId);
CartStatus statusFromName(const QString &name);
QString kindName(DiscountKind kind);
std::optional<Discount> discountFrom(const QVariant &kind, const QVariant &value, const QVariant &reason,
                                     const QVariant &approvedBy);
// 1050 -> "10.5", 1000 -> "10": how a person writes a percentage.
QString percentText(qint64 basisPoints);
QString itemName(const QString &name, const QString &sku);
QString shortageMessage(const QString &name, const QString &sku, qint64 available);
QString notForSaleMessage(const QString &name, const QString &sku);
Status audit(Connection &connection, const Session &actor, const QString &action, qint64 cartId,
             const QJsonObject &details);
// Who approved a change above the clerk's limit: nobody needed (0), the
// acting administrator, or the approver an administrator signed in as.
Result<qint64> approvalFor(const Session &actor, const std::optional<Session> &approver, bool aboveLimit,
                           int limitBasisPoints, const QString &what);
Status auditApproval(Connection &connection, const Session &actor, const std::optional<Session> &approver,
                     qint64 approvedBy, qint64 cartId, QJsonObject details);
Status requireReason(const QString &reason, const QString &what);
Status validateDiscount(const Discount &discount);
// True when the discount takes more than limitBasisPoints of base.
bool aboveLimit(const Discount &discount, const Money &base, int limitBasisPoints);
Error notOpen(CartStatus status);
Error cartGone();
Result<CartRow> readCartRow(Connection &connection, qint64 cartId);
Status refuseWhenPaid(Connection &connection, qint64 cartId);
// Every change starts here: the version bump comes first so that the row is
// locked (PostgreSQL) before anything is read, then the cart must be open
// and, for changes of items or money, without completed payments.
Result<CartRow> openForChange(Connection &connection, qint64 cartId, bool changesMoney);
Result<qint64> locationOf(Connection &connection, qint64 registerId);
Result<StockedItem> stockedItem(Connection &connection, qint64 variantId, qint64 locationId);
const CartLine *lineIn(const Cart &cart, qint64 lineId);
Error lineGone();
QList<StockLine> stockLinesOf(const Cart &cart);
Result<qint64> createOpenCart(Connection &connection, const Session &actor, qint64 registerId);

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

} // namespace sk::cartsupport
