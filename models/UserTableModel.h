#pragma once

#include "auth/Session.h"
#include "auth/User.h"
#include "auth/UserService.h"
#include "core/Error.h"

#include <QAbstractTableModel>
#include <QList>
#include <memory>
#include <optional>

namespace sk {

// The shop's user accounts, loaded lazily a page at a time from
// UserService::page on a database reader thread. Filtering, sorting and
// paging all happen in SQL (keyset paging: each page starts after the last
// row already loaded), so the model holds only what has been scrolled to.
//
// Every query change (search, role filter, sort, reload) bumps a generation
// counter; a page or count that arrives for an older generation is dropped,
// so a slow answer to an old search can never overwrite a newer one.
class UserTableModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(qint64 totalCount READ totalCount NOTIFY totalCountChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Column { EmailColumn, NameColumn, RoleColumn, VendorColumn, StatusColumn, CreatedColumn, ColumnCount };
    enum ItemRole { UserIdRole = Qt::UserRole + 1, IsActiveRole, IsLockedRole, HasPinRole, RoleNameRole };

    static constexpr int DefaultPageSize = 200;

    explicit UserTableModel(std::shared_ptr<UserService> users, QObject *parent = nullptr);
    ~UserTableModel() override;

    // Who is asking: the service checks this session's permissions. Setting
    // it starts loading.
    void setSession(const Session &session);
    const Session &session() const { return m_session; }

    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }

    // Part of an e-mail address, first or last name.
    void setSearch(const QString &text);
    QString search() const { return m_query.search; }
    void setRoleFilter(std::optional<Role> role);
    std::optional<Role> roleFilter() const { return m_query.role; }

    // Reloads from the first row, with as many rows as are loaded now, so a
    // view keeps its place after an edit.
    void reload();

    // Matching users in the database; -1 until the count has arrived.
    qint64 totalCount() const { return m_totalCount; }
    // True while a page for the current query is on its way.
    bool isLoading() const { return m_pageInFlight; }
    // True once the first page of the current query has arrived.
    bool hasLoadedFirstPage() const { return m_firstPageLoaded; }
    bool isAtEnd() const { return m_atEnd; }
    // Answers that arrived for an older query and were thrown away.
    int droppedStaleResults() const { return m_droppedStaleResults; }

    const User &userAt(int row) const { return m_rows.at(row); }
    // -1 when that user is not among the loaded rows.
    int rowOfUser(qint64 userId) const;

    static bool isSortable(int column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Re-queries in SQL; columns the database cannot order by are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void totalCountChanged(qint64 count);
    void loadingChanged(bool loading);
    // After each page of the current query has been appended (also when it was empty).
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message, const QString &details);

private:
    void restart(int firstPageRows);
    void requestPage(int rows);
    void requestCount();
    void acceptPage(quint64 generation, const Result<QList<User>> &result, int requestedRows);
    void acceptCount(quint64 generation, const Result<qint64> &result);
    void setPageInFlight(bool inFlight);
    QString statusText(const User &user) const;

    std::shared_ptr<UserService> m_users;
    Session m_session;
    UserQuery m_query;
    int m_pageSize = DefaultPageSize;
    int m_sortColumn = EmailColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    QList<User> m_rows;
    qint64 m_totalCount = -1;
    quint64 m_generation = 0;
    bool m_pageInFlight = false;
    bool m_atEnd = false;
    bool m_firstPageLoaded = false;
    int m_droppedStaleResults = 0;
};

} // namespace sk
