#include "customers/CustomerService.h"

#include "audit/AuditLog.h"
#include "customers/CustomerRecords.h"
#include "db/Database.h"
#include "orders/OnlineCartService.h"
#include "reviews/ReviewService.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using namespace customerrecords;

Result<qint64> countOf(Connection &connection, const QString &sql, const QVariantList &values)
{
    Result<QVariant> n = connection.scalar(sql, values);
    if (!n)
        return n.error();
    return n.value().toLongLong();
}

// The online shop reads one open cart per customer: the duplicate's open
// cart joins the survivor's, a variant in both adding its quantities (the
// survivor's line, price and place stay, up to the most a line may
// hold), the others following in their
// order, and the emptied cart is voided. Returns the lines that joined.
Result<qint64> combineOpenCarts(Connection &connection, qint64 duplicateId, qint64 survivorId)
{
    Result<std::optional<qint64>> from = OnlineCartService::openCartIdInTransaction(connection, duplicateId);
    if (!from)
        return from.error();
    Result<std::optional<qint64>> into = OnlineCartService::openCartIdInTransaction(connection, survivorId);
    if (!into)
        return into.error();
    if (!from.value() || !into.value())
        return 0;
    const qint64 fromId = *from.value();
    const qint64 intoId = *into.value();
    Result<qint64> lines = countOf(connection, u"SELECT COUNT(*) FROM cart_items WHERE cart_id = ?"_s, {fromId});
    if (!lines)
        return lines.error();
    Result<qint64> lastPosition =
        countOf(connection, u"SELECT COALESCE(MAX(position), 0) FROM cart_items WHERE cart_id = ?"_s, {intoId});
    if (!lastPosition)
        return lastPosition.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<std::pair<QString, QVariantList>> steps{
        {u"UPDATE cart_items SET quantity = (SELECT CASE WHEN cart_items.quantity + d.quantity > ? THEN ? ELSE "
         "cart_items.quantity + d.quantity END FROM cart_items d WHERE d.cart_id = ? AND d.variant_id = "
         "cart_items.variant_id) WHERE cart_id = ? AND variant_id IN (SELECT variant_id FROM cart_items WHERE "
         "cart_id = ?)"_s,
         {OnlineCartService::kMaxLineQuantity, OnlineCartService::kMaxLineQuantity, fromId, intoId, fromId}},
        {u"DELETE FROM cart_items WHERE cart_id = ? AND variant_id IN (SELECT variant_id FROM cart_items WHERE "
         "cart_id = ?)"_s,
         {fromId, intoId}},
        {u"UPDATE cart_items SET cart_id = ?, position = position + ? WHERE cart_id = ?"_s,
         {intoId, lastPosition.value(), fromId}},
        {u"UPDATE carts SET status = 'voided', version = version + 1, updated_at = ? WHERE id = ?"_s, {now, fromId}},
        {u"UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?"_s, {now, intoId}},
    };
    for (const auto &[sql, values] : steps)
        if (Status done = connection.run(sql, values); !done)
            return done.error();
    return lines.value();
}

} // namespace

Result<MergeOutcome> CustomerService::mergeInTransaction(Connection &connection, const Session &actor,
                                                         qint64 duplicateId, qint64 survivorId)
{
    if (Status allowed = requireCustomers(actor); !allowed && !actor.isSystem())
        return allowed.error();
    if (duplicateId == survivorId)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("CustomerService", "A customer cannot be merged into "
                                                                          "themselves. Choose the other account to "
                                                                          "keep."));
    // Two merges of the same pair in opposite directions on one PostgreSQL
    // must not both pass the checks below: lock both rows, lower id first.
    // (SQLite's BEGIN IMMEDIATE already serialises writers.)
    if (connection.isPostgres())
        if (Status locked = connection.run(u"SELECT id FROM users WHERE id IN (?, ?) ORDER BY id FOR UPDATE"_s,
                                           {std::min(duplicateId, survivorId), std::max(duplicateId, survivorId)});
            !locked)
            return locked.error();
    Result<Account> duplicate = customerAccount(connection, duplicateId);
    if (!duplicate)
        return duplicate.error();
    Result<Account> survivor = customerAccount(connection, survivorId);
    if (!survivor)
        return survivor.error();
    if (duplicate->mergedIntoId)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CustomerService", "%1 was already merged into another "
                                                                          "customer. Search again.")
                               .arg(duplicate->customer.displayName()));
    if (survivor->mergedIntoId)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CustomerService", "%1 was merged into another customer. "
                                                                          "Merge into the customer it became.")
                               .arg(survivor->customer.displayName()));

    MergeOutcome outcome;
    outcome.duplicateId = duplicateId;
    outcome.survivorId = survivorId;
    const QVariantList both{duplicateId, survivorId};

    // Reviews are unique per product, customer and order. A duplicate's
    // review of a product and order the survivor reviewed too would clash
    // once moved: the survivor's review is the one kept.
    const QString clashing = u"FROM reviews d WHERE d.customer_id = ? AND EXISTS (SELECT 1 FROM reviews s WHERE "
                             "s.customer_id = ? AND s.product_id = d.product_id AND s.order_id = d.order_id)"_s;
    Result<QSqlQuery> dropped =
        connection.exec(u"SELECT d.id, d.product_id, d.status "_s + clashing + u" ORDER BY d.id"_s, both);
    if (!dropped)
        return dropped.error();
    QList<qint64> droppedIds;
    QList<qint64> ratedProducts;
    while (dropped.value().next()) {
        droppedIds.append(dropped.value().value(0).toLongLong());
        if (dropped.value().value(2).toString() == u"approved"_s
            && !ratedProducts.contains(dropped.value().value(1).toLongLong()))
            ratedProducts.append(dropped.value().value(1).toLongLong());
    }
    dropped.value().finish();
    for (qint64 id : std::as_const(droppedIds))
        if (Status removed = connection.run(u"DELETE FROM reviews WHERE id = ?"_s, {id}); !removed)
            return removed.error();
    outcome.reviewsDropped = droppedIds.size();
    // The product's rating follows its approved reviews only.
    for (qint64 productId : std::as_const(ratedProducts))
        if (Status refreshed = ReviewService::recountProductInTransaction(connection, productId); !refreshed)
            return refreshed.error();

    Result<qint64> combined = combineOpenCarts(connection, duplicateId, survivorId);
    if (!combined)
        return combined.error();
    outcome.cartLinesCombined = combined.value();

    Result<qint64> reviews = countOf(connection, u"SELECT COUNT(*) FROM reviews WHERE customer_id = ?"_s, {duplicateId});
    Result<qint64> orders = countOf(connection, u"SELECT COUNT(*) FROM orders WHERE customer_id = ?"_s, {duplicateId});
    Result<qint64> carts = countOf(connection, u"SELECT COUNT(*) FROM carts WHERE owner_user_id = ? OR customer_id = ?"_s,
                                   {duplicateId, duplicateId});
    Result<qint64> places = countOf(connection, u"SELECT COUNT(*) FROM addresses WHERE user_id = ?"_s, {duplicateId});
    for (const Result<qint64> *counted : {&reviews, &orders, &carts, &places})
        if (!*counted)
            return counted->error();
    outcome.reviewsMoved = reviews.value();
    outcome.ordersMoved = orders.value();
    outcome.cartsMoved = carts.value();
    outcome.addressesMoved = places.value();

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QVariantList moved{survivorId, duplicateId};
    const QList<std::pair<QString, QVariantList>> moves{
        {u"UPDATE reviews SET customer_id = ? WHERE customer_id = ?"_s, moved},
        {u"UPDATE orders SET customer_id = ? WHERE customer_id = ?"_s, moved},
        {u"UPDATE carts SET owner_user_id = ? WHERE owner_user_id = ?"_s, moved},
        {u"UPDATE carts SET customer_id = ? WHERE customer_id = ?"_s, moved},
        // The survivor's defaults stay the defaults.
        {u"UPDATE addresses SET is_default = 0 WHERE user_id = ? AND is_default = 1 AND address_type IN (SELECT "
         "address_type FROM addresses WHERE user_id = ? AND is_default = 1)"_s,
         both},
        {u"UPDATE addresses SET user_id = ? WHERE user_id = ?"_s, moved},
        // Accounts merged into the duplicate earlier point at the survivor
        // now, so merged_into_id always names a live customer.
        {u"UPDATE users SET merged_into_id = ? WHERE merged_into_id = ?"_s, moved},
    };
    for (const auto &[sql, values] : moves)
        if (Status done = connection.run(sql, values); !done)
            return done.error();
    if (Status off = connection.run(u"UPDATE users SET is_active = 0, merged_into_id = ?, updated_at = ? WHERE id = ?"_s,
                                    {survivorId, now, duplicateId});
        !off)
        return off.error();

    const QJsonObject details{{u"into"_s, survivorId},
                              {u"into_email"_s, survivor->customer.email},
                              {u"email"_s, duplicate->customer.email},
                              {u"orders"_s, outcome.ordersMoved},
                              {u"carts"_s, outcome.cartsMoved},
                              {u"cart_lines_combined"_s, outcome.cartLinesCombined},
                              {u"addresses"_s, outcome.addressesMoved},
                              {u"reviews"_s, outcome.reviewsMoved},
                              {u"reviews_dropped"_s, outcome.reviewsDropped}};
    if (Status audited = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"customer.merged"_s, u"user:%1"_s.arg(duplicateId), details));
        !audited)
        return audited.error();
    return outcome;
}

QFuture<Result<MergeOutcome>> CustomerService::merge(const Session &actor, qint64 duplicateId, qint64 survivorId)
{
    if (Status allowed = requireCustomers(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<MergeOutcome>(allowed.error()));
    return m_database->write([actor, duplicateId, survivorId](Connection &connection) {
        return mergeInTransaction(connection, actor, duplicateId, survivorId);
    });
}

} // namespace sk
