#include "CustomerTableModel.h"

#include "customers/CustomerService.h"

#include <QFutureWatcher>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// CustomerService answers at most this many rows per page.
constexpr int MaxRowsPerRequest = 500;

} // namespace

CustomerTableModel::CustomerTableModel(std::shared_ptr<CustomerService> customers, QObject *parent)
    : QAbstractTableModel(parent), m_customers(std::move(customers))
{
}

void CustomerTableModel::setSession(const Session &session)
{
    m_session = session;
    restart(m_pageSize);
}

void CustomerTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, MaxRowsPerRequest);
}

void CustomerTableModel::setSearch(const QString &text)
{
    if (text.trimmed() == m_query.search)
        return;
    m_query.search = text.trimmed();
    restart(m_pageSize);
}

void CustomerTableModel::reload()
{
    restart(std::clamp(int(m_rows.size()), m_pageSize, MaxRowsPerRequest));
}

int CustomerTableModel::rowOfCustomer(qint64 customerId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).customer.id == customerId)
            return row;
    return -1;
}

int CustomerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CustomerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CustomerSummary &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return row.customer.displayName();
        case EmailColumn: return row.customer.email;
        case PhoneColumn: return row.customer.phone;
        case OrdersColumn: return QLocale().toString(row.lifetime.orderCount);
        case ValueColumn: return row.lifetime.value.isValid() ? row.lifetime.value.toString(QLocale()) : QString();
        case LastOrderColumn:
            return row.lifetime.lastOrderAt.isValid()
                       ? QLocale().toString(row.lifetime.lastOrderAt.toLocalTime().date(), QLocale::ShortFormat)
                       : QString();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == OrdersColumn || index.column() == ValueColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (row.mergedIntoId)
            return tr("Merged into another customer.");
        if (!row.isActive)
            return tr("This account is switched off.");
        return {};
    case Qt::ForegroundRole:
        if ((!row.isActive || row.mergedIntoId) && qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case CustomerIdRole: return row.customer.id;
    default: return {};
    }
}

QVariant CustomerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case EmailColumn: return tr("E-mail");
    case PhoneColumn: return tr("Phone");
    case OrdersColumn: return tr("Orders");
    case ValueColumn: return tr("Lifetime value");
    case LastOrderColumn: return tr("Last order");
    default: return {};
    }
}

bool CustomerTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_session.isValid() && !m_atEnd && !m_pageInFlight;
}

void CustomerTableModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestPage(m_pageSize);
}

void CustomerTableModel::restart(int firstPageRows)
{
    beginResetModel();
    // Whatever is still on its way belongs to the previous search now.
    ++m_generation;
    m_rows.clear();
    m_query.afterLastNameKey.clear();
    m_query.afterFirstNameKey.clear();
    m_query.afterId = 0;
    m_atEnd = false;
    m_firstPageLoaded = false;
    m_pageInFlight = false;
    if (m_session.isValid())
        requestPage(firstPageRows);
    endResetModel();
}

void CustomerTableModel::requestPage(int rows)
{
    if (!m_session.isValid() || m_pageInFlight || m_atEnd)
        return;
    CustomerQuery query = m_query;
    query.limit = std::clamp(rows, 1, MaxRowsPerRequest);
    m_pageInFlight = true;
    using Watcher = QFutureWatcher<Result<QList<CustomerSummary>>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this, [this, watcher, generation = m_generation, requested = query.limit] {
        watcher->deleteLater();
        acceptPage(generation, watcher->result(), requested);
    });
    watcher->setFuture(m_customers->search(m_session, query));
}

void CustomerTableModel::acceptPage(quint64 generation, const Result<QList<CustomerSummary>> &result,
                                    int requestedRows)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    m_pageInFlight = false;
    if (!result) {
        // Stop here so a view does not ask again and again; reload() retries.
        m_atEnd = true;
        emit loadFailed(result.error().message, result.error().details);
        return;
    }
    const QList<CustomerSummary> &rows = result.value();
    // The keyset moves before the rows are announced: a view may call
    // fetchMore() from its rowsInserted handler.
    if (rows.size() < requestedRows)
        m_atEnd = true;
    if (!rows.isEmpty())
        m_query.continueAfter(rows.constLast());
    m_firstPageLoaded = true;
    if (!rows.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
        m_rows.append(rows);
        endInsertRows();
    }
    emit pageLoaded(int(rows.size()));
}

} // namespace sk
