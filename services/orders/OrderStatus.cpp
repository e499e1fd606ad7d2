#include "orders/OrderStatus.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

struct StatusEntry {
    OrderStatus status;
    QStringView name;
};

constexpr StatusEntry kStatuses[] = {
    {OrderStatus::Pending, u"pending"},     {OrderStatus::Confirmed, u"confirmed"},
    {OrderStatus::Processing, u"processing"}, {OrderStatus::Shipped, u"shipped"},
    {OrderStatus::Delivered, u"delivered"}, {OrderStatus::Cancelled, u"cancelled"},
    {OrderStatus::Refunded, u"refunded"},
};

QString quoted(OrderStatus status)
{
    return QCoreApplication::translate("OrderStatus", "“%1”").arg(orderStatusTitle(status));
}

} // namespace

QString orderStatusName(OrderStatus status)
{
    for (const StatusEntry &entry : kStatuses)
        if (entry.status == status)
            return entry.name.toString();
    return {};
}

std::optional<OrderStatus> orderStatusFromName(const QString &name)
{
    for (const StatusEntry &entry : kStatuses)
        if (entry.name == name)
            return entry.status;
    return std::nullopt;
}

QString orderStatusTitle(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Pending:
        return QCoreApplication::translate("OrderStatus", "Pending");
    case OrderStatus::Confirmed:
        return QCoreApplication::translate("OrderStatus", "Confirmed");
    case OrderStatus::Processing:
        return QCoreApplication::translate("OrderStatus", "Processing");
    case OrderStatus::Shipped:
        return QCoreApplication::translate("OrderStatus", "Shipped");
    case OrderStatus::Delivered:
        return QCoreApplication::translate("OrderStatus", "Delivered");
    case OrderStatus::Cancelled:
        return QCoreApplication::translate("OrderStatus", "Cancelled");
    case OrderStatus::Refunded:
        return QCoreApplication::translate("OrderStatus", "Refunded");
    }
    return {};
}

// The original platform's _is_valid_status_transition, table for table.
QList<OrderStatus> allowedNextStatuses(OrderStatus from)
{
    switch (from) {
    case OrderStatus::Pending:
        return {OrderStatus::Confirmed, OrderStatus::Cancelled};
    case OrderStatus::Confirmed:
        return {OrderStatus::Processing, OrderStatus::Cancelled};
    case OrderStatus::Processing:
        return {OrderStatus::Shipped, OrderStatus::Cancelled};
    case OrderStatus::Shipped:
        return {OrderStatus::Delivered};
    case OrderStatus::Delivered:
    case OrderStatus::Cancelled:
        return {OrderStatus::Refunded};
    case OrderStatus::Refunded:
        return {};
    }
    return {};
}

bool canTransition(OrderStatus from, OrderStatus to)
{
    return allowedNextStatuses(from).contains(to);
}

Status checkTransition(OrderStatus from, OrderStatus to)
{
    if (canTransition(from, to))
        return Status::success();
    const QList<OrderStatus> next = allowedNextStatuses(from);
    if (next.isEmpty())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("OrderStatus", "The order is %1, and refunded is final: its "
                                                                      "status cannot change any more.")
                               .arg(quoted(from)));
    QStringList names;
    for (OrderStatus status : next)
        names.append(quoted(status));
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("OrderStatus", "An order that is %1 cannot become %2. It can only "
                                                                  "become %3.")
                           .arg(quoted(from), quoted(to),
                                names.join(QCoreApplication::translate("OrderStatus", " or "))));
}

} // namespace sk
