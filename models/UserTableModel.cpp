#include "UserTableModel.h"

#include "auth/Role.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// UserService answers at most this many rows per page, whatever the limit asks.
constexpr int MaxRowsPerRequest = 1000;

std::optional<UserQuery::SortColumn> sortColumnFor(int column)
{
    switch (column) {
    case UserTableModel::EmailColumn: return UserQuery::SortColumn::Email;
    case UserTableModel::NameColumn: return UserQuery::SortColumn::Name;
    case UserTableModel::RoleColumn: return UserQuery::SortColumn::Role;
    case UserTableModel::CreatedColumn: return UserQuery::SortColumn::Created;
    default: return std::nullopt;
    }
}

} // namespace

UserTableModel::UserTableModel(std::shared_ptr<UserService> users, QObject *parent)
    : KeysetRowModel(ColumnCount, DefaultPageSize, MaxRowsPerRequest, parent), m_users(std::move(users))
{
    m_query.sortColumn = UserQuery::SortColumn::Email;
    m_query.limit = DefaultPageSize;
}

UserTableModel::~UserTableModel() = default;

void UserTableModel::setSearch(const QString &text)
{
    if (text.trimmed() == m_query.search.trimmed())
        return;
    m_query.search = text.trimmed();
    restart();
}

void UserTableModel::setRoleFilter(std::optional<Role> role)
{
    if (role == m_query.role)
        return;
    m_query.role = role;
    restart();
}

bool UserTableModel::isSortable(int column)
{
    return sortColumnFor(column).has_value();
}

QString UserTableModel::statusText(const User &user) const
{
    if (!user.isActive)
        return tr("Disabled");
    if (user.isLocked(QDateTime::currentDateTimeUtc()))
        return tr("Locked");
    return tr("Active");
}

QVariant UserTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &user = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EmailColumn: return user.email;
        case NameColumn: return user.displayName();
        case RoleColumn: return roleDisplayName(user.role);
        case VendorColumn: return user.vendorName;
        case StatusColumn: return statusText(user);
        case CreatedColumn: return QLocale().toString(user.createdAt.toLocalTime(), QLocale::ShortFormat);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && user.isActive && user.isLocked(QDateTime::currentDateTimeUtc()))
            return tr("Too many failed sign-ins: locked until %1.")
                .arg(QLocale().toString(user.lockedUntil.toLocalTime().time(), QLocale::ShortFormat));
        if (index.column() == StatusColumn && !user.isActive)
            return tr("This account may not sign in.");
        return {};
    case Qt::ForegroundRole:
        // Disabled accounts are greyed out; without a GUI (tests, tools) there is no palette to ask.
        if (!user.isActive && qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case UserIdRole: return user.id;
    case IsActiveRole: return user.isActive;
    case IsLockedRole: return user.isLocked(QDateTime::currentDateTimeUtc());
    case HasPinRole: return user.hasPin;
    case RoleNameRole: return roleName(user.role);
    default: return {};
    }
}

QVariant UserTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EmailColumn: return tr("E-mail");
    case NameColumn: return tr("Name");
    case RoleColumn: return tr("Role");
    case VendorColumn: return tr("Vendor");
    case StatusColumn: return tr("Status");
    case CreatedColumn: return tr("Created");
    default: return {};
    }
}

void UserTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<UserQuery::SortColumn> sortColumn = sortColumnFor(column);
    if (!sortColumn || (column == m_sortColumn && order == m_sortOrder))
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    m_query.sortColumn = *sortColumn;
    m_query.descending = order == Qt::DescendingOrder;
    restart();
}

UserTableModel::PageFuture UserTableModel::fetchPage(const UserQuery &query)
{
    return m_users->page(session(), query);
}

QFuture<Result<qint64>> UserTableModel::fetchCount(const UserQuery &query)
{
    return m_users->count(session(), query);
}

void UserTableModel::rewind(UserQuery &query) const
{
    query.afterValue = QVariant();
    query.afterId = 0;
}

qint64 UserTableModel::rowId(const User &row) const
{
    return row.id;
}

} // namespace sk
