#include "auth/AuthService.h"

#include "audit/AuditLog.h"
#include "auth/PasswordPolicy.h"
#include "auth/UserRecords.h"
#include "core/BackgroundPool.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error wrongCredentials()
{
    return Error::make(ErrorCode::Unauthenticated,
                       QCoreApplication::translate("AuthService", "The e-mail address or the password is not right. Check both and try again."));
}

Error lockedUntil(const QDateTime &until)
{
    return Error::make(ErrorCode::Locked,
                       QCoreApplication::translate("AuthService", "This account is locked after %1 failed attempts. Try again after %2, or ask an "
                          "administrator to unlock it.")
                           .arg(AuthService::MaxFailedAttempts)
                           .arg(until.toLocalTime().time().toString(u"HH:mm"_s)));
}


// What a finished attempt writes, whatever its outcome: the transaction must
// commit for a failure too, or the failure count would be lost.
struct Attempt {
    enum class Kind { Password, Pin };
    Kind kind = Kind::Password;
    QString typedEmail;
    std::optional<userrecords::Credentials> credentials;
    bool secretMatched = false;
    bool onlineShop = false;  // customers sign in there, not at the desktop
    QString rehash; // replacement password hash after a successful sign-in
};

Result<Session> recordAttempt(Connection &connection, const Attempt &attempt)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool pin = attempt.kind == Attempt::Kind::Pin;
    const QString what = pin ? u"auth.pin_sign_in"_s : u"auth.sign_in"_s;
    if (!attempt.credentials) {
        AuditEntry entry{what + u"_failed"_s, QString(), {{u"reason"_s, u"unknown e-mail"_s}}, 0, attempt.typedEmail};
        if (Status ok = AuditLog::appendInTransaction(connection, entry); !ok)
            return ok.error();
        return wrongCredentials();
    }
    // Re-read inside the write lock: another register may have counted a
    // failure or locked the account since the credentials were fetched.
    Result<userrecords::Credentials> fresh = userrecords::credentialsById(connection, attempt.credentials->user.id);
    if (!fresh)
        return fresh.error();
    const User &user = fresh->user;
    const QString subject = u"user:%1"_s.arg(user.id);
    const QDateTime locked = pin ? fresh->pinLockedUntil : user.lockedUntil;
    if (locked.isValid() && locked > now) {
        AuditEntry entry{what + u"_refused"_s, subject, {{u"reason"_s, u"locked"_s}}, user.id, user.email};
        if (Status ok = AuditLog::appendInTransaction(connection, entry); !ok)
            return ok.error();
        return lockedUntil(locked);
    }
    if (!attempt.secretMatched) {
        const int failures = (pin ? fresh->failedPins : fresh->failedSignIns) + 1;
        const bool lockNow = failures >= AuthService::MaxFailedAttempts;
        const QDateTime until = now.addSecs(qint64(AuthService::LockoutMinutes) * 60);
        const QString sql = pin ? u"UPDATE users SET failed_pins = ?, pin_locked_until = ? WHERE id = ?"_s
                                : u"UPDATE users SET failed_sign_ins = ?, locked_until = ? WHERE id = ?"_s;
        if (Status ok = connection.run(sql, {lockNow ? 0 : failures,
                                             lockNow ? QVariant(until) : QVariant(QMetaType::fromType<QDateTime>(), nullptr),
                                             user.id});
            !ok)
            return ok.error();
        AuditEntry failed{what + u"_failed"_s, subject, {{u"failures"_s, failures}}, user.id, user.email};
        if (Status ok = AuditLog::appendInTransaction(connection, failed); !ok)
            return ok.error();
        if (lockNow) {
            AuditEntry lockout{u"auth.locked_out"_s, subject,
                               {{u"until"_s, until.toString(Qt::ISODate)}, {u"by"_s, pin ? u"pin"_s : u"password"_s}},
                               user.id, user.email};
            if (Status ok = AuditLog::appendInTransaction(connection, lockout); !ok)
                return ok.error();
            return lockedUntil(until);
        }
        return pin ? Error::make(ErrorCode::Unauthenticated, QCoreApplication::translate("AuthService", "The PIN is not right. Try again."))
                   : wrongCredentials();
    }
    if (!user.isActive) {
        AuditEntry entry{what + u"_refused"_s, subject, {{u"reason"_s, u"disabled"_s}}, user.id, user.email};
        if (Status ok = AuditLog::appendInTransaction(connection, entry); !ok)
            return ok.error();
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("AuthService", "This account is disabled. Ask an administrator to enable it."));
    }
    if (user.role == Role::Customer && !attempt.onlineShop) {
        AuditEntry entry{what + u"_refused"_s, subject, {{u"reason"_s, u"customer account"_s}}, user.id, user.email};
        if (Status ok = AuditLog::appendInTransaction(connection, entry); !ok)
            return ok.error();
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("AuthService", "Customer accounts sign in to the online shop. Storekeeper is for the shop's staff."));
    }
    const QString reset = pin ? u"UPDATE users SET failed_pins = 0, pin_locked_until = NULL WHERE id = ?"_s
                              : u"UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?"_s;
    if (Status ok = connection.run(reset, {user.id}); !ok)
        return ok.error();
    if (!attempt.rehash.isEmpty())
        if (Status ok = connection.run(u"UPDATE users SET password_hash = ? WHERE id = ?"_s, {attempt.rehash, user.id});
            !ok)
            return ok.error();
    QJsonObject details;
    if (!attempt.rehash.isEmpty())
        details.insert(u"rehashed"_s, true);
    if (attempt.onlineShop)
        details.insert(u"channel"_s, u"online"_s);
    if (Status ok = AuditLog::appendInTransaction(connection, AuditEntry{what, subject, details, user.id, user.email});
        !ok)
        return ok.error();
    return user.toSession();
}

// Reads, verifies off the write lock, then records: the shape shared by
// password and PIN sign-in.
Result<Session> attemptSignIn(const std::shared_ptr<Database> &database, const PasswordHasher &hasher,
                              Attempt::Kind kind, const QString &email, const QString &secret,
                              bool onlineShop = false)
{
    // Verifying against a fixed hash when the e-mail is unknown keeps the
    // answer as slow as for a known one, so timing does not reveal accounts.
    static const QString unknownUserHash = PasswordHasher({10, 8, 1}).hash(u"no such user"_s).value();
    Result<userrecords::Credentials> found = Database::wait(database->read(
        [email](Connection &connection) { return userrecords::credentialsByEmail(connection, email); }));
    if (!found && found.error().code != ErrorCode::NotFound)
        return found.error();
    Attempt attempt;
    attempt.kind = kind;
    attempt.onlineShop = onlineShop;
    attempt.typedEmail = userrecords::normalisedEmail(email);
    if (found) {
        attempt.credentials = found.value();
        const QString stored = kind == Attempt::Kind::Pin ? found->pinHash : found->passwordHash;
        attempt.secretMatched = !stored.isEmpty() && hasher.verify(secret, stored);
        if (attempt.secretMatched && kind == Attempt::Kind::Password && hasher.needsRehash(stored)) {
            Result<QString> rehash = hasher.hash(secret);
            if (rehash)
                attempt.rehash = rehash.value();
        }
    } else {
        hasher.verify(secret, unknownUserHash);
    }
    Result<Result<Session>> recorded =
        Database::wait(database->write([attempt](Connection &connection) -> Result<Result<Session>> {
            return Result<Session>(recordAttempt(connection, attempt));
        }));
    if (!recorded)
        return recorded.error();
    return recorded.value();
}

} // namespace

AuthService::AuthService(std::shared_ptr<Database> database, PasswordHasher hasher)
    : m_database(std::move(database)), m_hasher(hasher)
{
}

QFuture<Result<Session>> AuthService::signIn(const QString &email, const QString &password)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, email, password] {
        if (email.trimmed().isEmpty() || password.isEmpty())
            return Result<Session>(Error::make(ErrorCode::InvalidInput, QCoreApplication::translate("AuthService", "Enter your e-mail address and password.")));
        return attemptSignIn(database, hasher, Attempt::Kind::Password, email, password);
    });
}

QFuture<Result<Session>> AuthService::signInToShop(const QString &email, const QString &password)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, email, password] {
        if (email.trimmed().isEmpty() || password.isEmpty())
            return Result<Session>(Error::make(ErrorCode::InvalidInput, QCoreApplication::translate("AuthService", "Enter your e-mail address and password.")));
        return attemptSignIn(database, hasher, Attempt::Kind::Password, email, password, true);
    });
}

QFuture<Result<Session>> AuthService::signInWithPin(const QString &email, const QString &pin)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, email, pin] {
        if (email.trimmed().isEmpty() || pin.isEmpty())
            return Result<Session>(Error::make(ErrorCode::InvalidInput, QCoreApplication::translate("AuthService", "Choose your name and enter your PIN.")));
        return attemptSignIn(database, hasher, Attempt::Kind::Pin, email, pin);
    });
}

QFuture<Result<Session>> AuthService::unlock(const Session &session, const QString &passwordOrPin)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, session, passwordOrPin] {
        if (!session.isValid())
            return Result<Session>(Error::make(ErrorCode::Unauthenticated, QCoreApplication::translate("AuthService", "Sign in first.")));
        Result<userrecords::Credentials> found = Database::wait(database->read(
            [id = session.userId](Connection &connection) { return userrecords::credentialsById(connection, id); }));
        if (!found)
            return Result<Session>(found.error());
        const bool looksLikePin = !found->pinHash.isEmpty() && !passwordOrPin.isEmpty()
                                  && std::all_of(passwordOrPin.begin(), passwordOrPin.end(),
                                                 [](QChar c) { return c.isDigit(); });
        const Attempt::Kind kind = looksLikePin ? Attempt::Kind::Pin : Attempt::Kind::Password;
        return attemptSignIn(database, hasher, kind, session.email, passwordOrPin);
    });
}

QFuture<Result<bool>> AuthService::needsSetup()
{
    return m_database->read([](Connection &connection) -> Result<bool> {
        Result<qint64> admins = userrecords::activeAdminCount(connection);
        if (!admins)
            return admins.error();
        return admins.value() == 0;
    });
}

QFuture<Result<Session>> AuthService::setUpShop(const ShopSettings &shop, const NewUser &admin)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher, shop, admin]() -> Result<Session> {
        if (admin.role != Role::Admin)
            return Error::make(ErrorCode::InvalidInput, QCoreApplication::translate("AuthService", "The first user must be an administrator."));
        if (Status ok = SettingsService::validate(shop); !ok)
            return ok.error();
        if (Status ok = userrecords::validateProfile(admin.email, admin.firstName, admin.lastName, admin.phone); !ok)
            return ok.error();
        if (Status ok = PasswordPolicy().checkPassword(admin.password, admin.email); !ok)
            return ok.error();
        Result<QString> hash = hasher.hash(admin.password);
        if (!hash)
            return hash.error();
        return Database::wait(database->write([shop, admin, hash = hash.value()](Connection &connection) -> Result<Session> {
            Result<qint64> admins = userrecords::activeAdminCount(connection);
            if (!admins)
                return admins.error();
            if (admins.value() > 0)
                return Error::make(ErrorCode::Conflict,
                                   QCoreApplication::translate("AuthService", "This shop is already set up. Sign in with an administrator's account."));
            Result<User> created = userrecords::insert(connection, Session(), admin, hash);
            if (!created)
                return created.error();
            const Session session = created.value().toSession();
            if (Status ok = SettingsService::saveInTransaction(connection, session, shop); !ok)
                return ok.error();
            if (Status ok = AuditLog::appendInTransaction(
                    connection, AuditEntry::by(session, u"shop.set_up"_s, u"shop"_s, {{u"name"_s, shop.shopName}}));
                !ok)
                return ok.error();
            return session;
        }));
    });
}

} // namespace sk
