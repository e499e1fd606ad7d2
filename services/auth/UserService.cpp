#include "auth/UserService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "auth/UserRecords.h"
#include "core/BackgroundPool.h"
#include "db/Database.h"
#include "notifications/NotificationEvents.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>


using namespace Qt::StringLiterals;

namespace sk {

namespace {

// The caller sends the last row's sort value back as the keyset (afterValue),
// so every key must be computable outside the database, and the same on
// both: SQLite's lower() folds ASCII letters only, and PostgreSQL's lower()
// does the same under the "C" collation, which also orders by code point as
// SQLite's BINARY collation does. (Under the database's own collation "É"
// would fold to "é" and the next page would repeat or skip rows.)
QString sortExpression(UserQuery::SortColumn column, const Connection &connection)
{
    switch (column) {
    case UserQuery::SortColumn::Id: return u"u.id"_s;
    case UserQuery::SortColumn::Email: return u"u.email"_s;
    case UserQuery::SortColumn::Name:
        return connection.isPostgres() ? u"lower((u.last_name || ' ' || u.first_name) COLLATE \"C\")"_s
                                       : u"lower(u.last_name || ' ' || u.first_name)"_s;
    case UserQuery::SortColumn::Role: return u"u.role"_s;
    case UserQuery::SortColumn::Created: return u"u.created_at"_s;
    }
    return u"u.id"_s;
}

QString likePattern(const QString &text)
{
    QString escaped = text.trimmed().toLower();
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

// WHERE clause and its values for the filter part of a query (not the keyset).
Status appendFilter(Connection &connection, const UserQuery &query, QString &where, QVariantList &values)
{
    where = u" WHERE 1 = 1"_s;
    if (!query.search.trimmed().isEmpty()) {
        const QString lower = connection.dialect().unicodeLower();
        // E-mail addresses are stored lower-cased already.
        where += u" AND (u.email LIKE ? ESCAPE '\\' OR %1(u.first_name) LIKE ? ESCAPE '\\' "
                 "OR %1(u.last_name) LIKE ? ESCAPE '\\')"_s.arg(lower);
        const QString pattern = likePattern(query.search);
        values << pattern << pattern << pattern;
    }
    if (query.role) {
        where += u" AND u.role = ?"_s;
        values << roleName(*query.role);
    }
    if (!query.includeInactive)
        where += u" AND u.is_active = 1"_s;
    return Status::success();
}

// Runs a write job from a background thread and waits for it.
template<typename Job>
auto writeAndWait(const std::shared_ptr<Database> &database, Job &&job)
{
    return Database::wait(database->write(std::forward<Job>(job)));
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 userId,
             QJsonObject details = {})
{
    return AuditLog::appendInTransaction(connection,
                                         AuditEntry::by(actor, action, u"user:%1"_s.arg(userId), details));
}

Result<userrecords::Credentials> existingUser(Connection &connection, qint64 userId)
{
    return userrecords::credentialsById(connection, userId);
}

// The shop must always keep one active administrator who can sign in.
Status keepsAnAdmin(Connection &connection, const User &target, bool stillAdminAfter)
{
    if (target.role != Role::Admin || !target.isActive || stillAdminAfter)
        return Status::success();
    // Two registers on one PostgreSQL could otherwise each count two
    // administrators and disable one each, leaving none: whoever removes an
    // administrator holds this lock until commit, and counts after taking it
    // (READ COMMITTED: the count then sees the other's committed change).
    // SQLite's BEGIN IMMEDIATE serialises writers already.
    if (const QString lock = connection.dialect().lockForAppend(u"users.administrators"_s); !lock.isEmpty())
        if (Status locked = connection.run(lock); !locked)
            return locked;
    Result<QVariant> others = connection.scalar(
        u"SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1 AND id <> ?"_s, {target.id});
    if (!others)
        return others.error();
    if (others.value().toLongLong() < 1)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("UserService", "The shop needs at least one active administrator. Make another user an "
                              "administrator first."));
    return Status::success();
}

} // namespace

QVariant UserQuery::sortValue(const User &user, SortColumn column)
{
    switch (column) {
    case SortColumn::Id: return user.id;
    case SortColumn::Email: return user.email;
    case SortColumn::Name: {
        QString folded = user.lastName + u' ' + user.firstName;
        for (QChar &c : folded)
            if (c.unicode() >= u'A' && c.unicode() <= u'Z')
                c = QChar(c.unicode() + (u'a' - u'A'));
        return folded;
    }
    case SortColumn::Role: return roleName(user.role);
    case SortColumn::Created: return user.createdAt;
    }
    return user.id;
}

void UserQuery::continueAfter(const User &last)
{
    afterValue = sortValue(last, sortColumn);
    afterId = last.id;
}

UserService::UserService(std::shared_ptr<Database> database, PasswordHasher hasher)
    : m_database(std::move(database)), m_hasher(hasher)
{
}

Result<User> UserService::createInTransaction(Connection &connection, const PasswordHasher &hasher,
                                              const Session &actor, const NewUser &user)
{
    if (Status ok = PasswordPolicy().checkPassword(user.password, user.email); !ok)
        return ok.error();
    Result<QString> hash = hasher.hash(user.password);
    if (!hash)
        return hash.error();
    return userrecords::insert(connection, actor, user, hash.value());
}

QFuture<Result<User>> UserService::create(const Session &actor, const NewUser &user)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, policy = m_policy,
                                                 actor, user]() -> Result<User> {
        if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
            return allowed.error();
        if (Status valid = userrecords::validateProfile(user.email, user.firstName, user.lastName, user.phone);
            !valid)
            return valid.error();
        if (Status ok = policy.checkPassword(user.password, user.email); !ok)
            return ok.error();
        // Hash before taking the write lock: scrypt takes a noticeable moment
        // and registers must not wait for it.
        Result<QString> hash = hasher.hash(user.password);
        if (!hash)
            return hash.error();
        return writeAndWait(database, [actor, user, hash = hash.value()](Connection &connection) {
            return userrecords::insert(connection, actor, user, hash);
        });
    });
}

QFuture<Result<User>> UserService::registerCustomer(const NewUser &user)
{
    NewUser customer = user;
    customer.role = Role::Customer;
    customer.vendorId.reset();
    customer.vendorName.clear();
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, policy = m_policy,
                                                 customer]() -> Result<User> {
        if (Status valid = userrecords::validateProfile(customer.email, customer.firstName, customer.lastName,
                                                        customer.phone);
            !valid)
            return valid.error();
        if (Status ok = policy.checkPassword(customer.password, customer.email); !ok)
            return ok.error();
        // Hashed before the write lock is taken, as in create().
        Result<QString> hash = hasher.hash(customer.password);
        if (!hash)
            return hash.error();
        return writeAndWait(database, [customer, hash = hash.value()](Connection &connection) {
            return userrecords::insert(connection, Session::system(), customer, hash);
        });
    });
}

QFuture<Result<QList<User>>> UserService::page(const Session &actor, const UserQuery &query)
{
    if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<User>>(allowed.error()));
    return m_database->read([query](Connection &connection) -> Result<QList<User>> {
        QString where;
        QVariantList values;
        if (Status filtered = appendFilter(connection, query, where, values); !filtered)
            return filtered.error();
        const QString key = sortExpression(query.sortColumn, connection);
        const QString direction = query.descending ? u"DESC"_s : u"ASC"_s;
        const QString after = query.descending ? u"<"_s : u">"_s;
        if (query.afterId > 0) {
            if (query.sortColumn == UserQuery::SortColumn::Id) {
                where += u" AND u.id %1 ?"_s.arg(after);
                values << query.afterId;
            } else {
                where += u" AND (%1 %2 ? OR (%1 = ? AND u.id %2 ?))"_s.arg(key, after);
                values << query.afterValue << query.afterValue << query.afterId;
            }
        }
        const int limit = std::clamp(query.limit, 1, 1000);
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT "_s + userrecords::selectColumns() + u" FROM users u LEFT JOIN vendors v ON v.id = u.vendor_id"_s
                + where + u" ORDER BY %1 %2, u.id %2 LIMIT %3"_s.arg(key, direction).arg(limit),
            values);
        if (!rows)
            return rows.error();
        QList<User> users;
        while (rows.value().next())
            users.append(userrecords::fromRow(rows.value()));
        return users;
    });
}

QFuture<Result<qint64>> UserService::count(const Session &actor, const UserQuery &query)
{
    if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
        return QtFuture::makeReadyFuture(Result<qint64>(allowed.error()));
    return m_database->read([query](Connection &connection) -> Result<qint64> {
        QString where;
        QVariantList values;
        if (Status filtered = appendFilter(connection, query, where, values); !filtered)
            return filtered.error();
        Result<QVariant> count = connection.scalar(u"SELECT COUNT(*) FROM users u"_s + where, values);
        if (!count)
            return count.error();
        return count.value().toLongLong();
    });
}

QFuture<Result<User>> UserService::get(const Session &actor, qint64 userId)
{
    if (Status allowed = require(actor, Permission::ManageUsers);
        !allowed && actor.userId != userId)
        return QtFuture::makeReadyFuture(Result<User>(allowed.error()));
    return m_database->read([userId](Connection &connection) -> Result<User> {
        Result<userrecords::Credentials> found = existingUser(connection, userId);
        if (!found)
            return found.error();
        return found.value().user;
    });
}

QFuture<Status> UserService::setActive(const Session &actor, qint64 userId, bool active)
{
    if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, userId, active](Connection &connection) -> Status {
        Result<userrecords::Credentials> found = existingUser(connection, userId);
        if (!found)
            return found.error();
        if (!active && userId == actor.userId)
            return Error::make(ErrorCode::Conflict, QCoreApplication::translate("UserService", "You cannot disable your own account."));
        if (!active)
            if (Status ok = keepsAnAdmin(connection, found.value().user, false); !ok)
                return ok;
        if (Status ok = connection.run(u"UPDATE users SET is_active = ?, updated_at = ? WHERE id = ?"_s,
                                       {active ? 1 : 0, QDateTime::currentDateTimeUtc(), userId});
            !ok)
            return ok;
        return audit(connection, actor, active ? u"user.enabled"_s : u"user.disabled"_s, userId);
    });
}

QFuture<Status> UserService::resetPassword(const Session &actor, qint64 userId, const QString &newPassword)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, policy = m_policy,
                                                 actor, userId, newPassword]() -> Status {
        if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
            return allowed;
        Result<User> target = Database::wait(database->read([userId](Connection &connection) -> Result<User> {
            Result<userrecords::Credentials> found = existingUser(connection, userId);
            if (!found)
                return found.error();
            return found.value().user;
        }));
        if (!target)
            return target.error();
        if (Status ok = policy.checkPassword(newPassword, target->email); !ok)
            return ok;
        Result<QString> hash = hasher.hash(newPassword);
        if (!hash)
            return hash.error();
        return writeAndWait(database, [actor, userId, hash = hash.value()](Connection &connection) -> Status {
            if (Status ok = connection.run(u"UPDATE users SET password_hash = ?, failed_sign_ins = 0, "
                                           "locked_until = NULL, updated_at = ? WHERE id = ?"_s,
                                           {hash, QDateTime::currentDateTimeUtc(), userId});
                !ok)
                return ok;
            if (Status ok = NotificationEvents::passwordResetInTransaction(
                    connection, userId, QString::number(QDateTime::currentMSecsSinceEpoch()));
                !ok)
                return ok;
            return audit(connection, actor, u"user.password_reset"_s, userId);
        });
    });
}

QFuture<Status> UserService::changeRole(const Session &actor, qint64 userId, Role role,
                                        std::optional<qint64> vendorId, const QString &newVendorName)
{
    if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, userId, role, vendorId, newVendorName](Connection &connection) -> Status {
        Result<userrecords::Credentials> found = existingUser(connection, userId);
        if (!found)
            return found.error();
        const User &user = found.value().user;
        if (Status ok = keepsAnAdmin(connection, user, role == Role::Admin); !ok)
            return ok;
        QVariant vendor = QVariant(QMetaType::fromType<qint64>(), nullptr);
        if (role == Role::Vendor) {
            NewUser request;
            request.email = user.email;
            request.vendorId = vendorId;
            request.vendorName = newVendorName;
            Result<qint64> ensured = userrecords::ensureVendor(connection, request);
            if (!ensured)
                return ensured.error();
            vendor = ensured.value();
        }
        if (Status ok = connection.run(u"UPDATE users SET role = ?, vendor_id = ?, updated_at = ? WHERE id = ?"_s,
                                       {roleName(role), vendor, QDateTime::currentDateTimeUtc(), userId});
            !ok)
            return ok;
        QJsonObject details{{u"from"_s, roleName(user.role)}, {u"to"_s, roleName(role)}};
        if (!vendor.isNull())
            details.insert(u"vendor_id"_s, QString::number(vendor.toLongLong()));
        return audit(connection, actor, u"user.role_changed"_s, userId, details);
    });
}

QFuture<Status> UserService::setPin(const Session &actor, qint64 userId, const QString &pin)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, policy = m_policy,
                                                 actor, userId, pin]() -> Status {
        // A PIN is for switching users at the register: besides administrators,
        // only those who work the register (clerks) may set their own.
        if (Status allowed = require(actor, actor.userId == userId ? Permission::UseRegister
                                                                   : Permission::ManageUsers);
            !allowed)
            return allowed;
        if (Status ok = policy.checkPin(pin); !ok)
            return ok;
        Result<QString> hash = hasher.hashPin(pin);
        if (!hash)
            return hash.error();
        return writeAndWait(database, [actor, userId, hash = hash.value()](Connection &connection) -> Status {
            Result<userrecords::Credentials> found = existingUser(connection, userId);
            if (!found)
                return found.error();
            if (found.value().user.role == Role::Customer)
                return Error::make(ErrorCode::InvalidInput, QCoreApplication::translate("UserService", "Only staff accounts have a register PIN."));
            if (Status ok = connection.run(u"UPDATE users SET pin_hash = ?, failed_pins = 0, pin_locked_until = NULL, "
                                           "updated_at = ? WHERE id = ?"_s,
                                           {hash, QDateTime::currentDateTimeUtc(), userId});
                !ok)
                return ok;
            return audit(connection, actor, u"user.pin_set"_s, userId);
        });
    });
}

QFuture<Status> UserService::unlock(const Session &actor, qint64 userId)
{
    if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write([actor, userId](Connection &connection) -> Status {
        Result<userrecords::Credentials> found = existingUser(connection, userId);
        if (!found)
            return found.error();
        if (Status ok = connection.run(u"UPDATE users SET failed_sign_ins = 0, locked_until = NULL, failed_pins = 0, "
                                       "pin_locked_until = NULL, updated_at = ? WHERE id = ?"_s,
                                       {QDateTime::currentDateTimeUtc(), userId});
            !ok)
            return ok;
        return audit(connection, actor, u"user.unlocked"_s, userId);
    });
}

QFuture<Status> UserService::changeOwnPassword(const Session &actor, const QString &current, const QString &next)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, policy = m_policy,
                                                 actor, current, next]() -> Status {
        if (!actor.isValid())
            return Error::make(ErrorCode::Unauthenticated, QCoreApplication::translate("UserService", "Sign in first."));
        Result<userrecords::Credentials> found =
            Database::wait(database->read([id = actor.userId](Connection &connection) {
                return userrecords::credentialsById(connection, id);
            }));
        if (!found)
            return found.error();
        if (!hasher.verify(current, found->passwordHash))
            return Error::make(ErrorCode::Unauthenticated,
                               QCoreApplication::translate("UserService", "The current password is not right. Nothing was changed."));
        if (Status ok = policy.checkPassword(next, actor.email); !ok)
            return ok;
        Result<QString> hash = hasher.hash(next);
        if (!hash)
            return hash.error();
        return writeAndWait(database, [actor, hash = hash.value()](Connection &connection) -> Status {
            if (Status ok = connection.run(u"UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"_s,
                                           {hash, QDateTime::currentDateTimeUtc(), actor.userId});
                !ok)
                return ok;
            return audit(connection, actor, u"user.password_changed"_s, actor.userId);
        });
    });
}

QFuture<Result<QList<Vendor>>> UserService::vendors(const Session &actor)
{
    if (Status allowed = require(actor, Permission::ManageUsers); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<Vendor>>(allowed.error()));
    return m_database->read([](Connection &connection) -> Result<QList<Vendor>> {
        Result<QSqlQuery> rows =
            connection.exec(u"SELECT id, name, COALESCE(email, ''), is_active FROM vendors ORDER BY name"_s);
        if (!rows)
            return rows.error();
        QList<Vendor> vendors;
        while (rows.value().next())
            vendors.append(Vendor{rows.value().value(0).toLongLong(), rows.value().value(1).toString(),
                                  rows.value().value(2).toString(), rows.value().value(3).toInt() != 0});
        return vendors;
    });
}

} // namespace sk
