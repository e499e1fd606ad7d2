#include "orders/OnlineCart.h"

#include "db/Connection.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMap>

using namespace Qt::StringLiterals;

namespace sk {

Result<qint64> OnlineCart::createInTransaction(Connection &connection, qint64 customerId,
                                               const QList<StockLine> &lines)
{
    Result<QVariant> customer = connection.scalar(u"SELECT is_active FROM users WHERE id = ?"_s, {customerId});
    if (!customer)
        return customer.error();
    if (customer.value().isNull() || !customer.value().toBool())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderService", "This customer does not exist or is switched "
                                                                       "off. Choose another customer."));
    QMap<qint64, qint64> quantities;
    for (const StockLine &line : lines) {
        if (line.quantity <= 0)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("OrderService", "Enter a quantity of at least 1 for every "
                                                                           "item."));
        quantities[line.variantId] += line.quantity;
    }
    if (quantities.isEmpty())
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("OrderService", "The cart is empty. Add an item first."));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> cartId = connection.insert(
        u"INSERT INTO carts (owner_user_id, customer_id, status, created_by, created_at, updated_at) "
        "VALUES (?, ?, 'open', ?, ?, ?) RETURNING id"_s,
        {customerId, customerId, customerId, now, now});
    if (!cartId)
        return cartId.error();
    int position = 0;
    for (auto it = quantities.cbegin(); it != quantities.cend(); ++it) {
        Result<CachedQuery> variant = connection.prepared(
            u"SELECT product_id, price_cents FROM product_variants WHERE id = ? AND is_active = 1"_s, {it.key()});
        if (!variant)
            return variant.error();
        if (!variant.value().next())
            return Error::make(ErrorCode::NotFound,
                               QCoreApplication::translate("OrderService", "An item of the cart is no longer sold. "
                                                                           "Remove it and try again."));
        const qint64 productId = variant.value().value(0).toLongLong();
        const qint64 price = variant.value().value(1).toLongLong();
        variant.value().finish();
        if (Status ok = connection.run(
                u"INSERT INTO cart_items (cart_id, product_id, variant_id, quantity, unit_price_cents, position, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                {cartId.value(), productId, it.key(), it.value(), price, position++, now});
            !ok)
            return ok.error();
    }
    return cartId;
}

} // namespace sk
