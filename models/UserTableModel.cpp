#include "UserTableModel.h"

#include "auth/Role.h"

#include <QFutureWatcher>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

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
    : QAbstractTableModel(parent), m_users(std::move(users))
{
    m_query.sortColumn = UserQuery::SortColumn::Email;
    m_query.limit = m_pageSize;
}

UserTableModel::~UserTableModel() = default;

void UserTableModel::setSession(const Session &session)
{
    m_session = session;
    restart(m_pageSize);
}

void UserTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, MaxRowsPerRequest);
}

void UserTableModel::setSearch(const QString &text)
{
    if (text.trimmed() == m_query.search.trimmed())
        return;
    m_query.search = text.trimmed();
    restart(m_pageSize);
}

void UserTableModel::setRoleFilter(std::optional<Role> role)
{
    if (role == m_query.role)
        return;
    m_query.role = role;
    restart(m_pageSize);
}

void UserTableModel::reload()
{
    restart(std::max(m_pageSize, int(m_rows.size())));
}

int UserTableModel::rowOfUser(qint64 userId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == userId)
            return row;
    return -1;
}

bool UserTableModel::isSortable(int column)
{
    return sortColumnFor(column).has_value();
}

int UserTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UserTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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
    const User &user = m_rows.at(index.row());
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

bool UserTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_session.isValid() && !m_atEnd && !m_pageInFlight;
}

void UserTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    requestPage(m_pageSize);
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
    restart(m_pageSize);
}

void UserTableModel::restart(int firstPageRows)
{
    const bool wasLoading = m_pageInFlight;
    beginResetModel();
    // Whatever is still on its way belongs to the previous query now.
    ++m_generation;
    m_rows.clear();
    m_query.afterValue = QVariant();
    m_query.afterId = 0;
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

void UserTableModel::requestPage(int rows)
{
    if (!m_session.isValid() || m_pageInFlight || m_atEnd)
        return;
    UserQuery query = m_query;
    query.limit = std::clamp(rows, 1, MaxRowsPerRequest);
    setPageInFlight(true);
    using Watcher = QFutureWatcher<Result<QList<User>>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this,
            [this, watcher, generation = m_generation, requested = query.limit] {
                watcher->deleteLater();
                acceptPage(generation, watcher->result(), requested);
            });
    watcher->setFuture(m_users->page(m_session, query));
}

void UserTableModel::requestCount()
{
    using Watcher = QFutureWatcher<Result<qint64>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        acceptCount(generation, watcher->result());
    });
    watcher->setFuture(m_users->count(m_session, m_query));
}

void UserTableModel::acceptPage(quint64 generation, const Result<QList<User>> &result, int requestedRows)
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
    const QList<User> &users = result.value();
    // The keyset and the end flag move first: a view (or the model tester)
    // may call fetchMore() from its rowsInserted handler, and that request
    // must start after these rows, not repeat them.
    if (users.size() < requestedRows)
        m_atEnd = true;
    if (!users.isEmpty())
        m_query.continueAfter(users.constLast());
    m_firstPageLoaded = true;
    setPageInFlight(false);
    if (!users.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + users.size() - 1));
        m_rows.append(users);
        endInsertRows();
    }
    emit pageLoaded(int(users.size()));
}

void UserTableModel::acceptCount(quint64 generation, const Result<qint64> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    // A failed count leaves the last one shown: the page request reports the
    // same failure, and one message is enough.
    if (!result)
        return;
    if (result.value() != m_totalCount) {
        m_totalCount = result.value();
        emit totalCountChanged(m_totalCount);
    }
}

void UserTableModel::setPageInFlight(bool inFlight)
{
    if (inFlight == m_pageInFlight)
        return;
    m_pageInFlight = inFlight;
    emit loadingChanged(inFlight);
}

} // namespace sk
