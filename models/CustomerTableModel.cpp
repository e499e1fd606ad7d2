#include "CustomerTableModel.h"

#include "customers/CustomerService.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// CustomerService answers at most this many rows per page.
constexpr int MaxRowsPerRequest = 500;

} // namespace

CustomerTableModel::CustomerTableModel(std::shared_ptr<CustomerService> customers, QObject *parent)
    : KeysetRowModel(ColumnCount, DefaultPageSize, MaxRowsPerRequest, parent), m_customers(std::move(customers))
{
}

void CustomerTableModel::setSearch(const QString &text)
{
    if (text.trimmed() == m_query.search)
        return;
    m_query.search = text.trimmed();
    restart();
}

QVariant CustomerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CustomerSummary &row = rowAt(index.row());
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

CustomerTableModel::PageFuture CustomerTableModel::fetchPage(const CustomerQuery &query)
{
    return m_customers->search(session(), query);
}

void CustomerTableModel::rewind(CustomerQuery &query) const
{
    query.afterLastNameKey.clear();
    query.afterFirstNameKey.clear();
    query.afterId = 0;
}

qint64 CustomerTableModel::rowId(const CustomerSummary &row) const
{
    return row.customer.id;
}

} // namespace sk
