#pragma once

#include "auth/PasswordHasher.h"
#include "auth/PasswordPolicy.h"
#include "auth/Session.h"
#include "auth/User.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Database;
class Connection;

// Which users, in which order. Paging is by key, never OFFSET: the next page
// starts after the last row of the previous one.
struct UserQuery {
    enum class SortColumn { Id, Email, Name, Role, Created };

    QString search;               // part of e-mail, first or last name
    std::optional<Role> role;
    bool includeInactive = true;
    SortColumn sortColumn = SortColumn::Email;
    bool descending = false;
    int limit = 200;

    // Keyset position: the sort value and id of the last row already shown.
    QVariant afterValue;
    qint64 afterId = 0;

    // Moves the keyset past `last`, the final row of the page just received.
    void continueAfter(const User &last);
    // The value UserService orders by for this column, exactly as the
    // database computes it (name: ASCII-only lower-casing on both databases).
    static QVariant sortValue(const User &user, SortColumn column);
};

// Staff and customer accounts. Every call checks the actor's permissions.
class UserService {
public:
    UserService(std::shared_ptr<Database> database, PasswordHasher hasher = PasswordHasher());

    QFuture<Result<User>> create(const Session &actor, const NewUser &user);
    // The online shop's self-registration: a Customer account (whatever
    // role `user` names), no signed-in actor needed; audited as the system.
    QFuture<Result<User>> registerCustomer(const NewUser &user);
    QFuture<Result<QList<User>>> page(const Session &actor, const UserQuery &query);
    QFuture<Result<qint64>> count(const Session &actor, const UserQuery &query);
    QFuture<Result<User>> get(const Session &actor, qint64 userId);

    QFuture<Status> setActive(const Session &actor, qint64 userId, bool active);
    QFuture<Status> resetPassword(const Session &actor, qint64 userId, const QString &newPassword);
    QFuture<Status> changeRole(const Session &actor, qint64 userId, Role role,
                               std::optional<qint64> vendorId, const QString &newVendorName = {});
    // Admins set anyone's PIN; a clerk may set their own.
    QFuture<Status> setPin(const Session &actor, qint64 userId, const QString &pin);
    QFuture<Status> unlock(const Session &actor, qint64 userId);
    // Users change their own password with the current one.
    QFuture<Status> changeOwnPassword(const Session &actor, const QString &current, const QString &next);

    QFuture<Result<QList<Vendor>>> vendors(const Session &actor);

    // For code already inside a write transaction (setup, demo, command line):
    // validates, hashes and inserts; audits as the given actor.
    static Result<User> createInTransaction(Connection &connection, const PasswordHasher &hasher,
                                            const Session &actor, const NewUser &user);

private:
    std::shared_ptr<Database> m_database;
    PasswordHasher m_hasher;
    PasswordPolicy m_policy;
};

} // namespace sk
