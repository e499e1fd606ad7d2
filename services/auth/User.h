#pragma once

#include "auth/Role.h"
#include "auth/Session.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace sk {

struct User {
    qint64 id = 0;
    QString email;
    QString firstName;
    QString lastName;
    QString phone;
    Role role = Role::Customer;
    std::optional<qint64> vendorId;
    QString vendorName;
    bool isActive = true;
    bool hasPin = false;
    QDateTime lockedUntil;   // invalid when not locked
    QDateTime createdAt;

    QString displayName() const { return (firstName + u' ' + lastName).trimmed(); }
    bool isLocked(const QDateTime &now) const { return lockedUntil.isValid() && lockedUntil > now; }

    // A session for this user, signed in now.
    Session toSession() const
    {
        Session session;
        session.userId = id;
        session.email = email;
        session.displayName = displayName();
        session.role = role;
        session.vendorId = vendorId;
        session.signedInAt = QDateTime::currentDateTimeUtc();
        return session;
    }
};

struct NewUser {
    QString email;
    QString password;
    QString firstName;
    QString lastName;
    QString phone;
    Role role = Role::Clerk;
    std::optional<qint64> vendorId; // vendors: an existing vendor ...
    QString vendorName;             // ... or the name of a new one
};

struct Vendor {
    qint64 id = 0;
    QString name;
    QString email;
    bool isActive = true;
};

} // namespace sk
