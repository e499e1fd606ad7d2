#include "catalog/CategoryService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "catalog/Slug.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString kColumns = u"id, parent_id, name, slug, description, position, is_active, created_at, updated_at"_s;

// Roots are siblings under parent 0, matching the unique index
// categories_sibling_slug (COALESCE(parent_id, 0), slug).
qint64 parentKey(std::optional<qint64> parentId)
{
    return parentId.value_or(0);
}

Category fromRow(const QSqlQuery &row)
{
    Category category;
    category.id = row.value(0).toLongLong();
    if (!row.value(1).isNull())
        category.parentId = row.value(1).toLongLong();
    category.name = row.value(2).toString();
    category.slug = row.value(3).toString();
    category.description = row.value(4).toString();
    category.position = row.value(5).toInt();
    category.isActive = row.value(6).toInt() != 0;
    category.createdAt = row.value(7).toDateTime().toUTC();
    category.updatedAt = row.value(8).toDateTime().toUTC();
    return category;
}

QVariant nullableId(std::optional<qint64> id)
{
    return id ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Status validateName(const QString &name)
{
    if (name.isEmpty())
        return invalid(QCoreApplication::translate("CategoryService", "Enter a name for the category."));
    if (name.size() > CategoryService::kMaxNameLength)
        return invalid(QCoreApplication::translate("CategoryService", "A category name may have at most %1 characters.")
                           .arg(CategoryService::kMaxNameLength));
    return Status::success();
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 categoryId,
             const QJsonObject &details = {})
{
    return AuditLog::appendInTransaction(
        connection, AuditEntry::by(actor, action, u"category:%1"_s.arg(categoryId), details));
}

// The slug must be free among the category's future siblings.
Status slugIsFree(Connection &connection, std::optional<qint64> parentId, const QString &slug, qint64 exceptId,
                  const QString &name)
{
    Result<QVariant> taken = connection.scalar(
        u"SELECT id FROM categories WHERE COALESCE(parent_id, 0) = ? AND slug = ? AND id <> ?"_s,
        {parentKey(parentId), slug, exceptId});
    if (!taken)
        return taken.error();
    if (!taken.value().isNull())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CategoryService", "There is already a category \"%1\" at this level "
                                                                          "(web name \"%2\"). Choose another name.")
                               .arg(name, slug));
    return Status::success();
}

Result<int> nextPosition(Connection &connection, std::optional<qint64> parentId)
{
    Result<QVariant> next = connection.scalar(
        u"SELECT COALESCE(MAX(position) + 1, 0) FROM categories WHERE COALESCE(parent_id, 0) = ?"_s,
        {parentKey(parentId)});
    if (!next)
        return next.error();
    return next.value().toInt();
}

Result<QList<qint64>> childIds(Connection &connection, std::optional<qint64> parentId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT id FROM categories WHERE COALESCE(parent_id, 0) = ? ORDER BY position, id"_s, {parentKey(parentId)});
    if (!rows)
        return rows.error();
    QList<qint64> ids;
    while (rows.value().next())
        ids.append(rows.value().value(0).toLongLong());
    return ids;
}

// Positions 0..n-1 in the given order, so siblings never have gaps or ties.
Status renumber(Connection &connection, const QList<qint64> &ids, const QDateTime &now)
{
    for (qsizetype i = 0; i < ids.size(); ++i)
        if (Status ok = connection.run(u"UPDATE categories SET position = ?, updated_at = ? WHERE id = ? AND position <> ?"_s,
                                       {int(i), now, ids[i], int(i)});
            !ok)
            return ok;
    return Status::success();
}

Status requireParent(Connection &connection, std::optional<qint64> parentId)
{
    if (!parentId)
        return Status::success();
    Result<Category> parent = CategoryService::getInTransaction(connection, *parentId);
    if (!parent)
        return parent.error();
    return Status::success();
}

} // namespace

CategoryService::CategoryService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<Category> CategoryService::getInTransaction(Connection &connection, qint64 categoryId)
{
    Result<QSqlQuery> row = connection.exec(u"SELECT "_s + kColumns + u" FROM categories WHERE id = ?"_s, {categoryId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CategoryService", "The category no longer exists (number %1). "
                                                                          "Refresh the category list.")
                               .arg(categoryId));
    return fromRow(row.value());
}

Result<Category> CategoryService::createInTransaction(Connection &connection, const Session &actor,
                                                     const NewCategory &request)
{
    const QString name = request.name.trimmed();
    if (Status ok = validateName(name); !ok)
        return ok.error();
    const QString slug = request.slug.trimmed().isEmpty() ? Slug::fromName(name) : request.slug.trimmed();
    if (!Slug::isCanonical(slug))
        return invalid(QCoreApplication::translate("CategoryService", "The web name \"%1\" may contain only lower-case "
                                                                      "letters, digits and single hyphens, for example "
                                                                      "\"%2\".")
                           .arg(slug, Slug::fromName(slug.isEmpty() ? name : slug)));
    if (Status ok = requireParent(connection, request.parentId); !ok)
        return ok.error();
    if (Status ok = slugIsFree(connection, request.parentId, slug, 0, name); !ok)
        return ok.error();
    Result<int> position = nextPosition(connection, request.parentId);
    if (!position)
        return position.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = connection.insert(
        u"INSERT INTO categories (parent_id, name, slug, description, position, is_active, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id"_s,
        {nullableId(request.parentId), name, slug, request.description.isNull() ? u""_s : request.description.trimmed(), position.value(), now, now});
    if (!id)
        return id.error();
    QJsonObject details{{u"name"_s, name}};
    if (request.parentId)
        details.insert(u"parent_id"_s, QString::number(*request.parentId));
    if (Status ok = audit(connection, actor, u"category.created"_s, id.value(), details); !ok)
        return ok.error();
    return getInTransaction(connection, id.value());
}

QFuture<Result<QList<Category>>> CategoryService::children(const Session &actor, std::optional<qint64> parentId)
{
    if (Status allowed = require(actor, Permission::ViewCatalog); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<Category>>(allowed.error()));
    return m_database->read([parentId](Connection &connection) -> Result<QList<Category>> {
        Result<QSqlQuery> rows = connection.exec(u"SELECT "_s + kColumns
                                                     + u" FROM categories WHERE COALESCE(parent_id, 0) = ? ORDER BY position, id"_s,
                                                 {parentKey(parentId)});
        if (!rows)
            return rows.error();
        QList<Category> categories;
        while (rows.value().next())
            categories.append(fromRow(rows.value()));
        return categories;
    });
}

QFuture<Result<Category>> CategoryService::get(const Session &actor, qint64 categoryId)
{
    if (Status allowed = require(actor, Permission::ViewCatalog); !allowed)
        return QtFuture::makeReadyFuture(Result<Category>(allowed.error()));
    return m_database->read([categoryId](Connection &connection) { return getInTransaction(connection, categoryId); });
}

QFuture<Result<Category>> CategoryService::create(const Session &actor, const NewCategory &category)
{
    if (Status allowed = require(actor, Permission::ManageAllProducts); !allowed)
        return QtFuture::makeReadyFuture(Result<Category>(allowed.error()));
    return m_database->write(
        [actor, category](Connection &connection) { return createInTransaction(connection, actor, category); });
}

QFuture<Status> CategoryService::rename(const Session &actor, qint64 categoryId, const QString &newName)
{
    if (Status allowed = require(actor, Permission::ManageAllProducts); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, categoryId, name = newName.trimmed()](Connection &connection) -> Status {
        if (Status ok = validateName(name); !ok)
            return ok;
        Result<Category> found = getInTransaction(connection, categoryId);
        if (!found)
            return found.error();
        const QString slug = Slug::fromName(name);
        if (slug.isEmpty())
            return invalid(QCoreApplication::translate("CategoryService", "A category name needs at least one letter or digit."));
        if (Status ok = slugIsFree(connection, found->parentId, slug, categoryId, name); !ok)
            return ok;
        if (Status ok = connection.run(u"UPDATE categories SET name = ?, slug = ?, updated_at = ? WHERE id = ?"_s,
                                       {name, slug, QDateTime::currentDateTimeUtc(), categoryId});
            !ok)
            return ok;
        return audit(connection, actor, u"category.renamed"_s, categoryId,
                     {{u"from"_s, found->name}, {u"to"_s, name}});
    });
}

QFuture<Status> CategoryService::move(const Session &actor, qint64 categoryId, std::optional<qint64> newParentId)
{
    if (Status allowed = require(actor, Permission::ManageAllProducts); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, categoryId, newParentId](Connection &connection) -> Status {
        Result<Category> found = getInTransaction(connection, categoryId);
        if (!found)
            return found.error();
        if (found->parentId == newParentId)
            return Status::success();
        if (Status ok = requireParent(connection, newParentId); !ok)
            return ok;
        if (newParentId) {
            // Walk up from the new parent: meeting the category itself means
            // the move would make it its own ancestor. UNION (not UNION ALL)
            // stops even on a tree damaged by hand.
            Result<QVariant> cycle = connection.scalar(
                u"WITH RECURSIVE up(id, parent_id) AS ("
                " SELECT id, parent_id FROM categories WHERE id = ?"
                " UNION SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)"
                " SELECT COUNT(*) FROM up WHERE id = ?"_s,
                {*newParentId, categoryId});
            if (!cycle)
                return cycle.error();
            if (cycle.value().toLongLong() > 0)
                return invalid(QCoreApplication::translate("CategoryService", "A category cannot be moved into itself or "
                                                                              "into one of its own subcategories. Choose "
                                                                              "another parent."));
        }
        if (Status ok = slugIsFree(connection, newParentId, found->slug, categoryId, found->name); !ok)
            return ok;
        Result<int> position = nextPosition(connection, newParentId);
        if (!position)
            return position.error();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (Status ok = connection.run(u"UPDATE categories SET parent_id = ?, position = ?, updated_at = ? WHERE id = ?"_s,
                                       {nullableId(newParentId), position.value(), now, categoryId});
            !ok)
            return ok;
        Result<QList<qint64>> oldSiblings = childIds(connection, found->parentId);
        if (!oldSiblings)
            return oldSiblings.error();
        if (Status ok = renumber(connection, oldSiblings.value(), now); !ok)
            return ok;
        QJsonObject details;
        details.insert(u"from"_s, found->parentId ? QJsonValue(QString::number(*found->parentId)) : QJsonValue());
        details.insert(u"to"_s, newParentId ? QJsonValue(QString::number(*newParentId)) : QJsonValue());
        return audit(connection, actor, u"category.moved"_s, categoryId, details);
    });
}

QFuture<Status> CategoryService::reorder(const Session &actor, std::optional<qint64> parentId,
                                         const QList<qint64> &orderedChildIds)
{
    if (Status allowed = require(actor, Permission::ManageAllProducts); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, parentId, orderedChildIds](Connection &connection) -> Status {
        if (Status ok = requireParent(connection, parentId); !ok)
            return ok;
        Result<QList<qint64>> current = childIds(connection, parentId);
        if (!current)
            return current.error();
        const QSet<qint64> now(current->cbegin(), current->cend());
        const QSet<qint64> wanted(orderedChildIds.cbegin(), orderedChildIds.cend());
        if (now != wanted || wanted.size() != orderedChildIds.size())
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("CategoryService", "The categories at this level have changed "
                                                                              "meanwhile. Refresh the list and arrange "
                                                                              "them again."));
        if (Status ok = renumber(connection, orderedChildIds, QDateTime::currentDateTimeUtc()); !ok)
            return ok;
        QJsonArray order;
        for (qint64 id : orderedChildIds)
            order.append(QString::number(id));
        return audit(connection, actor, u"category.reordered"_s, parentKey(parentId), {{u"order"_s, order}});
    });
}

QFuture<Status> CategoryService::setActive(const Session &actor, qint64 categoryId, bool active)
{
    if (Status allowed = require(actor, Permission::ManageAllProducts); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, categoryId, active](Connection &connection) -> Status {
        Result<Category> found = getInTransaction(connection, categoryId);
        if (!found)
            return found.error();
        if (found->isActive == active)
            return Status::success();
        if (Status ok = connection.run(u"UPDATE categories SET is_active = ?, updated_at = ? WHERE id = ?"_s,
                                       {active ? 1 : 0, QDateTime::currentDateTimeUtc(), categoryId});
            !ok)
            return ok;
        return audit(connection, actor, active ? u"category.activated"_s : u"category.deactivated"_s, categoryId);
    });
}

} // namespace sk
