#pragma once

#include "KeysetRowModel.h"
#include "auth/User.h"
#include "auth/UserService.h"

#include <memory>
#include <optional>

namespace sk {

// The shop's user accounts, loaded lazily a page at a time from
// UserService::page (KeysetTableModel). Filtering, sorting and paging all
// happen in SQL, so the model holds only what has been scrolled to.
class UserTableModel : public KeysetRowModel<User, UserQuery> {
    Q_OBJECT

public:
    enum Column { EmailColumn, NameColumn, RoleColumn, VendorColumn, StatusColumn, CreatedColumn, ColumnCount };
    enum ItemRole { UserIdRole = Qt::UserRole + 1, IsActiveRole, IsLockedRole, HasPinRole, RoleNameRole };

    static constexpr int DefaultPageSize = 200;

    explicit UserTableModel(std::shared_ptr<UserService> users, QObject *parent = nullptr);
    ~UserTableModel() override;

    // Part of an e-mail address, first or last name.
    void setSearch(const QString &text);
    QString search() const { return m_query.search; }
    void setRoleFilter(std::optional<Role> role);
    std::optional<Role> roleFilter() const { return m_query.role; }

    const User &userAt(int row) const { return rowAt(row); }
    // -1 when that user is not among the loaded rows.
    int rowOfUser(qint64 userId) const { return rowWithId(userId); }

    static bool isSortable(int column);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Re-queries in SQL; columns the database cannot order by are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    PageFuture fetchPage(const UserQuery &query) override;
    QFuture<Result<qint64>> fetchCount(const UserQuery &query) override;
    bool countsRows() const override { return true; }
    void rewind(UserQuery &query) const override;
    qint64 rowId(const User &row) const override;
    QString statusText(const User &user) const;

    std::shared_ptr<UserService> m_users;
    int m_sortColumn = EmailColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace sk
