#include "OrderTableModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk {

OrderTableModel::Source OrderTableModel::Source::fromSearch(std::shared_ptr<OrderSearch> search)
{
    Source source;
    source.page = [search](const Session &actor, const OrderQuery &query) { return search->page(actor, query); };
    source.count = [search](const Session &actor, const OrderQuery &query) { return search->count(actor, query); };
    return source;
}

OrderTableModel::OrderTableModel(Source source, QObject *parent)
    : KeysetRowModel(ColumnCount, DefaultPageSize, OrderSearch::kMaxPageSize, parent), m_source(std::move(source))
{
}

OrderTableModel::~OrderTableModel() = default;

void OrderTableModel::setQuery(const OrderQuery &query)
{
    m_query = query.fromStart();
    restart();
}

QVariant OrderTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderRow &order = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn: return order.orderNumber;
        case CreatedColumn: return QLocale().toString(order.createdAt.toLocalTime(), QLocale::ShortFormat);
        case ChannelColumn: return orderChannelTitle(order.channel);
        case StatusColumn: return orderStatusTitle(order.status);
        case CustomerColumn: return order.customerName.isEmpty() ? order.customerEmail : order.customerName;
        case ClerkColumn: return order.clerkName;
        case UnitsColumn: return QLocale().toString(order.units);
        case TotalColumn: return order.total.toString();
        case RefundedColumn: return order.refunded.isZero() ? QString() : order.refunded.toString();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == UnitsColumn || index.column() == TotalColumn || index.column() == RefundedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (order.vendorScoped && (index.column() == TotalColumn || index.column() == RefundedColumn))
            return tr("The lines of your own products only.");
        if (index.column() == CustomerColumn)
            return order.customerEmail;
        return {};
    case OrderIdRole: return order.id;
    case StatusNameRole: return orderStatusName(order.status);
    case OrderNumberRole: return order.orderNumber;
    default: return {};
    }
}

QVariant OrderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn: return tr("Order");
    case CreatedColumn: return tr("Date");
    case ChannelColumn: return tr("Channel");
    case StatusColumn: return tr("Status");
    case CustomerColumn: return tr("Customer");
    case ClerkColumn: return tr("Clerk");
    case UnitsColumn: return tr("Items");
    case TotalColumn: return tr("Total");
    case RefundedColumn: return tr("Refunded");
    default: return {};
    }
}

OrderTableModel::PageFuture OrderTableModel::fetchPage(const OrderQuery &query)
{
    if (!m_source.page)
        return QtFuture::makeReadyFuture(Result<QList<OrderRow>>(QList<OrderRow>()));
    return m_source.page(session(), query);
}

QFuture<Result<qint64>> OrderTableModel::fetchCount(const OrderQuery &query)
{
    return m_source.count(session(), query);
}

qint64 OrderTableModel::rowId(const OrderRow &row) const
{
    return row.id;
}

} // namespace sk
