#include "auth/UserRecords.h"

#include "audit/AuditLog.h"
#include "auth/Session.h"
#include "db/Connection.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sk::userrecords {

namespace {

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Result<Credentials> credentialsWhere(Connection &connection, const QString &condition, const QVariant &value)
{
    Result<QSqlQuery> query = connection.exec(
        u"SELECT "_s + selectColumns()
            + u", u.password_hash AS credential_password, u.pin_hash AS credential_pin, "
              "u.failed_sign_ins AS credential_failed_sign_ins, u.failed_pins AS credential_failed_pins, "
              "u.pin_locked_until AS credential_pin_locked_until FROM users u LEFT JOIN vendors v ON v.id = u.vendor_id WHERE "_s
            + condition,
        {value});
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    if (!row.next())
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("UserService", "There is no such user."));
    Credentials credentials;
    credentials.user = fromRow(row);
    // By name, so that a column added to selectColumns() cannot shift them.
    credentials.passwordHash = row.value(u"credential_password"_s).toString();
    credentials.pinHash = row.value(u"credential_pin"_s).toString();
    credentials.failedSignIns = row.value(u"credential_failed_sign_ins"_s).toInt();
    credentials.failedPins = row.value(u"credential_failed_pins"_s).toInt();
    credentials.pinLockedUntil = row.value(u"credential_pin_locked_until"_s).toDateTime();
    return credentials;
}

} // namespace

QString selectColumns()
{
    return u"u.id, u.email, u.first_name, u.last_name, u.phone, u.role, u.vendor_id, v.name, "
           "u.is_active, u.pin_hash IS NOT NULL, u.locked_until, u.created_at"_s;
}

User fromRow(const QSqlQuery &query)
{
    User user;
    user.id = query.value(0).toLongLong();
    user.email = query.value(1).toString();
    user.firstName = query.value(2).toString();
    user.lastName = query.value(3).toString();
    user.phone = query.value(4).toString();
    user.role = roleFromName(query.value(5).toString()).value_or(Role::Customer);
    if (!query.value(6).isNull())
        user.vendorId = query.value(6).toLongLong();
    user.vendorName = query.value(7).toString();
    user.isActive = query.value(8).toInt() != 0;
    user.hasPin = query.value(9).toInt() != 0;
    user.lockedUntil = query.value(10).toDateTime().toUTC();
    user.createdAt = query.value(11).toDateTime().toUTC();
    return user;
}

Result<Credentials> credentialsByEmail(Connection &connection, const QString &email)
{
    return credentialsWhere(connection, u"u.email = ?"_s, normalisedEmail(email));
}

Result<Credentials> credentialsById(Connection &connection, qint64 id)
{
    return credentialsWhere(connection, u"u.id = ?"_s, id);
}

QString normalisedEmail(const QString &email)
{
    return email.trimmed().toLower();
}

Status validateEmail(const QString &email)
{
    // Dot-separated, non-empty parts on both sides of the one @, and at least
    // two parts after it: "name@shop..com" or "name.@shop.com" would bounce.
    static const QRegularExpression emailPattern(
        u"^[^@\\s.]+(\\.[^@\\s.]+)*@[^@\\s.]+(\\.[^@\\s.]+)+$"_s);
    const QString normalised = normalisedEmail(email);
    if (normalised.isEmpty())
        return invalid(QCoreApplication::translate("UserService", "Enter an e-mail address."));
    if (normalised.size() > 254 || !emailPattern.match(normalised).hasMatch())
        return invalid(QCoreApplication::translate("UserService", "\"%1\" is not an e-mail address. Enter it as name@example.com.").arg(email.trimmed()));
    return Status::success();
}

Status validatePhone(const QString &phone)
{
    static const QRegularExpression phonePattern(u"^[0-9+()./ -]{0,20}$"_s);
    if (!phonePattern.match(phone.trimmed()).hasMatch())
        return invalid(QCoreApplication::translate("UserService", "Enter a phone number of at most 20 characters, using only digits, spaces and "
                          "+ ( ) - . /, or leave it empty."));
    return Status::success();
}

Status validateProfile(const QString &email, const QString &firstName, const QString &lastName,
                       const QString &phone)
{
    if (Status valid = validateEmail(email); !valid)
        return valid;
    if (firstName.trimmed().isEmpty() || lastName.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("UserService", "Enter a first and a last name."));
    if (firstName.trimmed().size() > 100 || lastName.trimmed().size() > 100)
        return invalid(QCoreApplication::translate("UserService", "Names may be at most 100 characters long."));
    return validatePhone(phone);
}

Result<qint64> ensureVendor(Connection &connection, const NewUser &user)
{
    if (user.vendorId) {
        Result<QVariant> found = connection.scalar(u"SELECT id FROM vendors WHERE id = ?"_s, {*user.vendorId});
        if (!found)
            return found.error();
        if (found.value().isNull())
            return invalid(QCoreApplication::translate("UserService", "The chosen vendor does not exist any more. Choose another."));
        return *user.vendorId;
    }
    const QString name = user.vendorName.trimmed();
    if (name.isEmpty())
        return invalid(QCoreApplication::translate("UserService", "A vendor account needs a vendor: choose one or enter a new vendor's name."));
    if (name.size() > 200)
        return invalid(QCoreApplication::translate("UserService", "A vendor's name may be at most 200 characters long."));
    Result<QVariant> existing = connection.scalar(u"SELECT id FROM vendors WHERE name = ?"_s, {name});
    if (!existing)
        return existing.error();
    if (!existing.value().isNull())
        return existing.value().toLongLong();
    return connection.insert(
        u"INSERT INTO vendors (name, email, is_active, created_at) VALUES (?, ?, 1, ?) RETURNING id"_s,
        {name, normalisedEmail(user.email), QDateTime::currentDateTimeUtc()});
}

Result<qint64> activeAdminCount(Connection &connection)
{
    Result<QVariant> count =
        connection.scalar(u"SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1"_s);
    if (!count)
        return count.error();
    return count.value().toLongLong();
}

Result<User> insert(Connection &connection, const Session &actor, const NewUser &user,
                    const QString &passwordHash, const QString &pinHash)
{
    if (Status valid = validateProfile(user.email, user.firstName, user.lastName, user.phone); !valid)
        return valid.error();
    const QString email = normalisedEmail(user.email);
    Result<QVariant> taken = connection.scalar(u"SELECT id FROM users WHERE email = ?"_s, {email});
    if (!taken)
        return taken.error();
    if (!taken.value().isNull())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("UserService", "A user with the e-mail %1 already exists. Use another address or "
                              "edit that user.").arg(email));
    QVariant vendorId;
    if (user.role == Role::Vendor) {
        Result<qint64> vendor = ensureVendor(connection, user);
        if (!vendor)
            return vendor.error();
        vendorId = vendor.value();
    } else {
        vendorId = QVariant(QMetaType::fromType<qint64>(), nullptr);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = connection.insert(
        u"INSERT INTO users (email, password_hash, first_name, last_name, phone, role, vendor_id, "
        "pin_hash, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id"_s,
        {email, passwordHash, user.firstName.trimmed(), user.lastName.trimmed(),
         user.phone.trimmed().isEmpty() ? QVariant(QMetaType::fromType<QString>(), nullptr) : QVariant(user.phone.trimmed()),
         roleName(user.role), vendorId,
         pinHash.isEmpty() ? QVariant(QMetaType::fromType<QString>(), nullptr) : QVariant(pinHash), now, now});
    if (!id)
        return id.error();
    // The first administrator, created by the setup, is recorded as creating
    // their own account; everything else names its actor.
    Session auditor = actor;
    if (!auditor.isValid() && !auditor.isSystem()) {
        auditor.userId = id.value();
        auditor.email = email;
    }
    QJsonObject details{{u"email"_s, email}, {u"role"_s, roleName(user.role)}};
    if (!vendorId.isNull())
        details.insert(u"vendor_id"_s, QString::number(vendorId.toLongLong()));
    if (Status audited = AuditLog::appendInTransaction(
            connection, AuditEntry::by(auditor, u"user.created"_s, u"user:%1"_s.arg(id.value()), details));
        !audited)
        return audited.error();
    Result<Credentials> created = credentialsById(connection, id.value());
    if (!created)
        return created.error();
    return created.value().user;
}

} // namespace sk::userrecords
