#include "recommendations/Recommendations.h"

#include "auth/Permissions.h"
#include "db/Connection.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxLimit = 50;
// A cart's suggestions come from its first this-many products: enough for
// any basket a register sees, and one statement text per cart size.
constexpr qsizetype kMaxCartProducts = 50;

// Staff see suggestions beside the catalog and at the register; customers
// in the online shop.
Status requireViewing(const Session &actor)
{
    if (actor.isSystem() || (actor.isValid() && isAllowed(actor.role, Permission::PlaceOnlineOrders)))
        return Status::success();
    return require(actor, Permission::ViewCatalog);
}

Status requireLimit(int limit)
{
    if (limit >= 1 && limit <= kMaxLimit)
        return Status::success();
    return Error::make(ErrorCode::InvalidInput,
                       QCoreApplication::translate("Recommendations", "Ask for 1 to %1 suggestions.").arg(kMaxLimit));
}

// The product's first active variant, the one the register adds; a
// product without one is not suggested.
const QString FirstActiveVariant = u"JOIN product_variants v ON v.id = (SELECT fv.id FROM product_variants fv "
                                   "WHERE fv.product_id = p.id AND fv.is_active = 1 ORDER BY fv.position, fv.id "
                                   "LIMIT 1)"_s;

Result<QList<Recommendation>> recommendationsFrom(Result<CachedQuery> rows)
{
    if (!rows)
        return rows.error();
    QList<Recommendation> found;
    while (rows->next()) {
        Recommendation recommendation;
        recommendation.productId = rows->value(0).toLongLong();
        recommendation.variantId = rows->value(1).toLongLong();
        recommendation.name = rows->value(2).toString();
        recommendation.sku = rows->value(3).toString();
        recommendation.score = rows->value(4).toLongLong();
        found.append(recommendation);
    }
    return found;
}

QString placeholders(qsizetype count)
{
    QStringList marks;
    marks.fill(u"?"_s, count);
    return marks.join(u", "_s);
}

} // namespace

Recommendations::Recommendations(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<QList<Recommendation>>> Recommendations::boughtTogether(const Session &actor, qint64 productId,
                                                                       int limit) const
{
    return forCart(actor, {productId}, limit);
}

QFuture<Result<QList<Recommendation>>> Recommendations::forCart(const Session &actor, const QList<qint64> &productIds,
                                                                int limit) const
{
    return m_database->read([actor, productIds, limit](Connection &connection) -> Result<QList<Recommendation>> {
        if (Status allowed = requireViewing(actor); !allowed)
            return allowed.error();
        return forCartInTransaction(connection, productIds, limit);
    });
}

QFuture<Result<QList<Recommendation>>> Recommendations::topInCategory(const Session &actor, qint64 categoryId,
                                                                      int limit) const
{
    return m_database->read([actor, categoryId, limit](Connection &connection) -> Result<QList<Recommendation>> {
        if (Status allowed = requireViewing(actor); !allowed)
            return allowed.error();
        if (Status ok = requireLimit(limit); !ok)
            return ok.error();
        return recommendationsFrom(connection.prepared(
            u"SELECT ps.product_id, v.id, p.name, v.sku, ps.units FROM product_sales ps "
            "JOIN products p ON p.id = ps.product_id "_s
                + FirstActiveVariant
                + u" WHERE ps.category_id = ? AND ps.units > 0 AND p.status = 'active' "
                  "ORDER BY ps.units DESC, ps.product_id LIMIT ?"_s,
            {categoryId, limit}));
    });
}

Result<QList<Recommendation>> Recommendations::forCartInTransaction(Connection &connection,
                                                                    const QList<qint64> &productIds, int limit)
{
    if (Status ok = requireLimit(limit); !ok)
        return ok.error();
    QList<qint64> ids;
    for (qint64 id : productIds)
        if (id > 0 && !ids.contains(id) && ids.size() < kMaxCartProducts)
            ids.append(id);
    if (ids.isEmpty())
        return QList<Recommendation>();
    // One index range of product_pairs per cart product (its primary key
    // starts with product_id); the sums are small (a product's partners).
    QVariantList values;
    for (qint64 id : ids)
        values.append(id);
    const QVariantList excluded = values;
    values += excluded;
    values.append(limit);
    const QString marks = placeholders(ids.size());
    return recommendationsFrom(connection.prepared(
        u"SELECT t.other_id, v.id, p.name, v.sku, t.score FROM (SELECT other_id, SUM(orders) AS score "
        "FROM product_pairs WHERE product_id IN (%1) GROUP BY other_id) t "
        "JOIN products p ON p.id = t.other_id "_s.arg(marks)
            + FirstActiveVariant
            + u" WHERE p.status = 'active' AND t.other_id NOT IN (%1) ORDER BY t.score DESC, t.other_id LIMIT ?"_s.arg(
                marks),
        values));
}

} // namespace sk
