#include "recommendations/RecommendationLedger.h"

#include "db/Connection.h"

#include <QCoreApplication>
#include <QList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk::RecommendationLedger {

namespace {

struct SoldProduct {
    qint64 productId = 0;
    qint64 categoryId = 0;
    qint64 units = 0;
};

// Lines of the order by product. Only an order whose sale counts (its
// business day stamped) is added, the same orders rebuildInTransaction reads.
Result<QList<SoldProduct>> soldProducts(Connection &connection, qint64 orderId)
{
    Result<CachedQuery> rows = connection.prepared(
        u"SELECT oi.product_id, MAX(COALESCE(p.category_id, 0)), SUM(oi.quantity) "
        "FROM orders o JOIN order_items oi ON oi.order_id = o.id LEFT JOIN products p ON p.id = oi.product_id "
        "WHERE o.id = ? AND o.business_day IS NOT NULL GROUP BY oi.product_id ORDER BY oi.product_id"_s,
        {orderId});
    if (!rows)
        return rows.error();
    QList<SoldProduct> products;
    while (rows->next())
        products.append({rows->value(0).toLongLong(), rows->value(1).toLongLong(), rows->value(2).toLongLong()});
    return products;
}

// The products whose pairs an order adds: the kMaxPairedProducts with the
// most units (ties: lower id), in id order.
QList<qint64> pairedProducts(QList<SoldProduct> products)
{
    std::stable_sort(products.begin(), products.end(),
                     [](const SoldProduct &a, const SoldProduct &b) { return a.units > b.units; });
    QList<qint64> ids;
    for (qsizetype i = 0; i < products.size() && i < kMaxPairedProducts; ++i)
        ids.append(products.at(i).productId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

Status addOrderInTransaction(Connection &connection, qint64 orderId)
{
    Result<QList<SoldProduct>> products = soldProducts(connection, orderId);
    if (!products)
        return products.error();
    // Rows are touched in key order (product_sales by product, then
    // product_pairs by product and other product), so two registers
    // upserting the same rows on PostgreSQL wait for each other in turn and
    // never in a cycle.
    for (const SoldProduct &product : products.value())
        if (Status ok = connection.run(
                u"INSERT INTO product_sales (product_id, category_id, units, orders) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (product_id) DO UPDATE SET category_id = excluded.category_id, "
                "units = product_sales.units + excluded.units, orders = product_sales.orders + 1"_s,
                {product.productId, product.categoryId, product.units});
            !ok)
            return ok;
    const QList<qint64> paired = pairedProducts(products.value());
    for (qint64 productId : paired)
        for (qint64 otherId : paired) {
            if (otherId == productId)
                continue;
            if (Status ok = connection.run(
                    u"INSERT INTO product_pairs (product_id, other_id, orders) VALUES (?, ?, 1) "
                    "ON CONFLICT (product_id, other_id) DO UPDATE SET orders = product_pairs.orders + 1"_s,
                    {productId, otherId});
                !ok)
                return ok;
        }
    return Status::success();
}

Status rebuildInTransaction(Connection &connection)
{
    if (Status ok = connection.run(u"DELETE FROM product_pairs"_s); !ok)
        return ok;
    if (Status ok = connection.run(u"DELETE FROM product_sales"_s); !ok)
        return ok;
    // The product's category now, as the incremental upsert and the
    // trigger of migration 0017 keep it.
    if (Status ok = connection.run(
            u"INSERT INTO product_sales (product_id, category_id, units, orders) "
            "SELECT sold.product_id, COALESCE(p.category_id, 0), sold.units, sold.orders "
            "FROM (SELECT oi.product_id, SUM(oi.quantity) AS units, COUNT(DISTINCT oi.order_id) AS orders "
            "FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.business_day IS NOT NULL "
            "GROUP BY oi.product_id) sold LEFT JOIN products p ON p.id = sold.product_id"_s);
        !ok)
        return ok;
    // Each order's products that pair, with the same cap as
    // addOrderInTransaction (the most units, ties to the lower id), go into
    // a keyed table first: joined with itself through its primary key, an
    // order's products meet each other only, where a join of the ranking
    // itself would compare every order with every other.
    if (Status ok = connection.run(u"CREATE TEMPORARY TABLE recommendation_baskets (order_id BIGINT NOT NULL, "
                                   "product_id BIGINT NOT NULL, PRIMARY KEY (order_id, product_id))"_s);
        !ok)
        return ok;
    if (Status ok = connection.run(
            u"WITH order_products AS ("
            " SELECT oi.order_id, oi.product_id, SUM(oi.quantity) AS units"
            " FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.business_day IS NOT NULL"
            " GROUP BY oi.order_id, oi.product_id),"
            " ranked AS ("
            " SELECT order_id, product_id,"
            " ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY units DESC, product_id) AS place"
            " FROM order_products) "
            "INSERT INTO recommendation_baskets (order_id, product_id) "
            "SELECT order_id, product_id FROM ranked WHERE place <= %1"_s.arg(kMaxPairedProducts));
        !ok)
        return ok;
    if (Status ok = connection.run(
            u"INSERT INTO product_pairs (product_id, other_id, orders) "
            "SELECT a.product_id, b.product_id, COUNT(*) FROM recommendation_baskets a "
            "JOIN recommendation_baskets b ON b.order_id = a.order_id AND b.product_id <> a.product_id "
            "GROUP BY a.product_id, b.product_id"_s);
        !ok)
        return ok;
    return connection.run(u"DROP TABLE recommendation_baskets"_s);
}

} // namespace sk::RecommendationLedger
