#include "orders/OrderEvents.h"

#include "db/Connection.h"
#include "notifications/NotificationEvents.h"
#include "recommendations/RecommendationLedger.h"
#include "reports/ReportLedger.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk::OrderEvents {

QDate businessDay(const QDateTime &at)
{
    return at.toLocalTime().date();
}

QString businessDayText(const QDateTime &at)
{
    return businessDay(at).toString(Qt::ISODate);
}

Status salePlacedInTransaction(Connection &connection, qint64 orderId)
{
    Result<QVariant> created = connection.scalar(u"SELECT created_at FROM orders WHERE id = ?"_s, {orderId});
    if (!created)
        return created.error();
    if (created.value().isNull())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("OrderEvents", "Order %1 does not exist. Refresh the list.")
                               .arg(orderId));
    if (Status ok = connection.run(u"UPDATE orders SET business_day = ? WHERE id = ? AND business_day IS NULL"_s,
                                   {businessDayText(created.value().toDateTime()), orderId});
        !ok)
        return ok;
    if (Status ok = connection.run(u"UPDATE order_items SET category_id = (SELECT p.category_id FROM products p "
                                   "WHERE p.id = order_items.product_id) WHERE order_id = ?"_s,
                                   {orderId});
        !ok)
        return ok;
    if (Status ok = ReportLedger::addSaleInTransaction(connection, orderId); !ok)
        return ok;
    if (Status ok = NotificationEvents::orderPlacedInTransaction(connection, orderId); !ok)
        return ok;
    return RecommendationLedger::addOrderInTransaction(connection, orderId);
}

Status returnRecordedInTransaction(Connection &connection, qint64 orderId, const QList<qint64> &refundIds)
{
    const QString today = businessDayText(QDateTime::currentDateTimeUtc());
    for (qint64 refundId : refundIds)
        if (Status ok = connection.run(u"UPDATE refunds SET business_day = ? WHERE id = ? AND business_day IS NULL"_s,
                                       {today, refundId});
            !ok)
            return ok;
    return ReportLedger::addReturnInTransaction(connection, orderId, refundIds);
}

Status refundCompletedInTransaction(Connection &connection, qint64 refundId)
{
    if (Status ok = NotificationEvents::refundCompletedInTransaction(connection, refundId); !ok)
        return ok;
    return ReportLedger::addCompletedRefundInTransaction(connection, refundId);
}

} // namespace sk::OrderEvents
