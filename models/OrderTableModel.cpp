#include "OrderTableModel.h"

#include <QFutureWatcher>
#include <QLocale>

#include <algorithm>

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
    : QAbstractTableModel(parent), m_source(std::move(source))
{
}

OrderTableModel::~OrderTableModel() = default;

void OrderTableModel::setSession(const Session &session)
{
    m_session = session;
    restart(m_pageSize);
}

void OrderTableModel::setQuery(const OrderQuery &query)
{
    m_query = query.fromStart();
    restart(m_pageSize);
}

void OrderTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, OrderSearch::kMaxPageSize);
}

void OrderTableModel::reload()
{
    restart(std::clamp(int(m_rows.size()), m_pageSize, OrderSearch::kMaxPageSize));
}

int OrderTableModel::rowOfOrder(qint64 orderId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == orderId)
            return row;
    return -1;
}

int OrderTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrderTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderRow &order = m_rows.at(index.row());
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

bool OrderTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_session.isValid() && !m_atEnd && !m_pageInFlight;
}

void OrderTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    requestPage(m_pageSize);
}

void OrderTableModel::restart(int firstPageRows)
{
    const bool wasLoading = m_pageInFlight;
    beginResetModel();
    // Whatever is still on its way belongs to the previous query now.
    ++m_generation;
    m_rows.clear();
    m_query = m_query.fromStart();
    m_atEnd = false;
    m_firstPageLoaded = false;
    m_pageInFlight = false;
    // Asked for before the reset is announced, so a view that calls
    // fetchMore() on modelReset finds the first page already on its way.
    if (m_session.isValid()) {
        requestCount();
        requestPage(firstPageRows);
    }
    endResetModel();
    if (wasLoading && !m_pageInFlight)
        emit loadingChanged(false);
}

void OrderTableModel::requestPage(int rows)
{
    if (!m_session.isValid() || m_pageInFlight || m_atEnd || !m_source.page)
        return;
    OrderQuery query = m_query;
    query.limit = std::clamp(rows, 1, OrderSearch::kMaxPageSize);
    setPageInFlight(true);
    using Watcher = QFutureWatcher<Result<QList<OrderRow>>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this, [this, watcher, generation = m_generation, requested = query.limit] {
        watcher->deleteLater();
        acceptPage(generation, watcher->result(), requested);
    });
    watcher->setFuture(m_source.page(m_session, query));
}

void OrderTableModel::requestCount()
{
    if (!m_source.count)
        return;
    using Watcher = QFutureWatcher<Result<qint64>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        acceptCount(generation, watcher->result());
    });
    watcher->setFuture(m_source.count(m_session, m_query));
}

void OrderTableModel::acceptPage(quint64 generation, const Result<QList<OrderRow>> &result, int requestedRows)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    if (!result) {
        // Stop here so a view does not ask again and again; reload() retries.
        m_atEnd = true;
        setPageInFlight(false);
        emit loadFailed(result.error().message, result.error().details);
        return;
    }
    const QList<OrderRow> &orders = result.value();
    // The keyset and the end flag move first: a view may call fetchMore()
    // from its rowsInserted handler, and that request must start after
    // these rows, not repeat them.
    if (orders.size() < requestedRows)
        m_atEnd = true;
    if (!orders.isEmpty())
        m_query.continueAfter(orders.constLast());
    m_firstPageLoaded = true;
    setPageInFlight(false);
    if (!orders.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + orders.size() - 1));
        m_rows.append(orders);
        endInsertRows();
    }
    emit pageLoaded(int(orders.size()));
}

void OrderTableModel::acceptCount(quint64 generation, const Result<qint64> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    // A failed count keeps the last one: the page reports the same failure.
    if (!result)
        return;
    if (result.value() != m_totalCount) {
        m_totalCount = result.value();
        emit totalCountChanged(m_totalCount);
    }
}

void OrderTableModel::setPageInFlight(bool inFlight)
{
    if (inFlight == m_pageInFlight)
        return;
    m_pageInFlight = inFlight;
    emit loadingChanged(inFlight);
}

} // namespace sk
