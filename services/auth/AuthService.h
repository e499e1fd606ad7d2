#pragma once

#include "auth/PasswordHasher.h"
#include "auth/Session.h"
#include "core/Result.h"
#include "shop/ShopSettings.h"
#include "auth/User.h"

#include <QFuture>
#include <memory>

namespace sk {

class Database;

// Sign-in, lockout and the first-run setup.
class AuthService {
public:
    static constexpr int MaxFailedAttempts = 5;
    static constexpr int LockoutMinutes = 15;

    AuthService(std::shared_ptr<Database> database, PasswordHasher hasher = PasswordHasher());

    // Wrong e-mail and wrong password get the same sentence. Five failures
    // in a row lock the account for 15 minutes; a success resets the count and
    // rehashes a legacy (bcrypt) or weaker hash. Every attempt is audited.
    QFuture<Result<Session>> signIn(const QString &email, const QString &password);
    // The same for the online shop's API, where customers sign in too (and
    // staff, who may shop): same lockout, same audit, channel "online".
    QFuture<Result<Session>> signInToShop(const QString &email, const QString &password);
    // Quick switch at the register: staff member by e-mail and their PIN,
    // with its own failure count and lockout.
    QFuture<Result<Session>> signInWithPin(const QString &email, const QString &pin);
    // Re-check for unlocking an idle-locked window: same user, password or PIN.
    QFuture<Result<Session>> unlock(const Session &session, const QString &passwordOrPin);

    // True while the shop has no administrator: the app shows the setup dialog.
    QFuture<Result<bool>> needsSetup();
    // Creates the shop settings and its first administrator in one
    // transaction; refused once an administrator exists.
    QFuture<Result<Session>> setUpShop(const ShopSettings &shop, const NewUser &admin);

private:
    std::shared_ptr<Database> m_database;
    PasswordHasher m_hasher;
};

} // namespace sk
