#include "sales/CartService.h"

#include "sales/CartSupport.h"
#include "sales/SalesSettings.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

// Price overrides and discounts: within the clerk's limits, or with an
// administrator's approval (docs/sales.md).
namespace sk {

using namespace cartsupport;

namespace {

Result<CartLine> lineOf(Connection &connection, qint64 cartId, qint64 lineId)
{
    Result<Cart> before = CartService::loadInTransaction(connection, cartId);
    if (!before)
        return before.error();
    const CartLine *line = lineIn(before.value(), lineId);
    if (!line)
        return lineGone();
    return *line;
}

// Takes a line's override or discount away (nothing to approve).
Status restoreLine(Connection &connection, const Session &actor, qint64 cartId, const CartLine &line,
                   const QString &sql, const QString &action)
{
    if (Status ok = connection.run(sql, {line.id}); !ok)
        return ok;
    return audit(connection, actor, action, cartId, {{u"line_id"_s, line.id}, {u"variant_id"_s, line.variantId}});
}

} // namespace

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
            Result<CartLine> line = lineOf(connection, row.id, lineId);
            if (!line)
                return line.error();
            if (!price) {
                if (!line->overridePrice)
                    return Status::success();
                return restoreLine(connection, actor, row.id, line.value(),
                                   u"UPDATE cart_items SET override_price_cents = NULL, override_reason = '' "
                                   "WHERE id = ?"_s,
                                   u"cart.price_restored"_s);
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
            Result<CartLine> line = lineOf(connection, row.id, lineId);
            if (!line)
                return line.error();
            if (!discount) {
                if (!line->discount)
                    return Status::success();
                return restoreLine(connection, actor, row.id, line.value(),
                                   u"UPDATE cart_items SET discount_kind = NULL, discount_value = NULL, "
                                   "discount_reason = '' WHERE id = ?"_s,
                                   u"cart.line_discount_removed"_s);
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

} // namespace sk
