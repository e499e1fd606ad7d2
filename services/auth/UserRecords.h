#pragma once

// Internal to services/auth: the SQL shapes shared by AuthService and UserService.

#include "auth/User.h"
#include "core/Result.h"

#include <QSqlQuery>

namespace sk {

class Connection;
struct Session;

namespace userrecords {

// Columns read by fromRow(), in order; the users table is aliased "u".
QString selectColumns();
User fromRow(const QSqlQuery &query);

struct Credentials {
    User user;
    QString passwordHash;
    QString pinHash;
    int failedSignIns = 0;
    int failedPins = 0;
    QDateTime pinLockedUntil;
};
// By e-mail (lower-cased), or NotFound.
Result<Credentials> credentialsByEmail(Connection &connection, const QString &email);
Result<Credentials> credentialsById(Connection &connection, qint64 id);

QString normalisedEmail(const QString &email);
// Also used for the shop's own e-mail address and phone (SettingsService).
Status validateEmail(const QString &email);
Status validatePhone(const QString &phone); // empty is allowed
Status validateProfile(const QString &email, const QString &firstName, const QString &lastName,
                       const QString &phone);

// Inserts a user whose password (and PIN) are already hashed; creates the
// vendor named in user.vendorName when needed; audits as actor.
Result<User> insert(Connection &connection, const Session &actor, const NewUser &user,
                    const QString &passwordHash, const QString &pinHash = {});
Result<qint64> ensureVendor(Connection &connection, const NewUser &user);
Result<qint64> activeAdminCount(Connection &connection);

} // namespace userrecords
} // namespace sk
