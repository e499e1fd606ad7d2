#pragma once

#include "auth/Session.h"
#include "catalog/Category.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Database;
class Connection;

// The category tree. Everyone who may view the catalog reads it; only
// administrators (ManageAllProducts) change it. Every change is audited in
// the same transaction.
class CategoryService {
public:
    static constexpr int kMaxNameLength = 120;

    explicit CategoryService(std::shared_ptr<Database> database);

    // Children of parentId (roots when empty), by position.
    QFuture<Result<QList<Category>>> children(const Session &actor, std::optional<qint64> parentId);
    QFuture<Result<Category>> get(const Session &actor, qint64 categoryId);

    // Appended after the parent's last child.
    QFuture<Result<Category>> create(const Session &actor, const NewCategory &category);
    // Also renews the slug from the new name (no stable URLs exist yet).
    QFuture<Status> rename(const Session &actor, qint64 categoryId, const QString &name);
    // Under a new parent (empty: to the top level), appended after its last
    // child. Refused when the new parent is the category itself or below it.
    QFuture<Status> move(const Session &actor, qint64 categoryId, std::optional<qint64> newParentId);
    // orderedChildIds must be exactly the parent's children, in the new order.
    QFuture<Status> reorder(const Session &actor, std::optional<qint64> parentId, const QList<qint64> &orderedChildIds);
    QFuture<Status> setActive(const Session &actor, qint64 categoryId, bool active);

    // For code already inside a transaction (product validation, import).
    static Result<Category> getInTransaction(Connection &connection, qint64 categoryId);
    static Result<Category> createInTransaction(Connection &connection, const Session &actor,
                                                const NewCategory &category);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
