#pragma once

#include "auth/Role.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace sk {

// Who is signed in. Every service call that reads or changes shop data takes
// the Session and checks its permissions itself (see Permissions).
struct Session {
    qint64 userId = 0;
    QString email;
    QString displayName;
    Role role = Role::Customer;
    std::optional<qint64> vendorId; // set for vendors: the products they may manage
    QDateTime signedInAt;

    bool isValid() const { return userId > 0; }

    // The actor for work done by Storekeeper itself (command line, demo):
    // audited as user 0 "system". It is not a signed-in user, so require()
    // refuses it; only the *InTransaction functions accept it.
    static Session system()
    {
        Session session;
        session.email = QStringLiteral("system");
        session.displayName = QStringLiteral("Storekeeper");
        session.role = Role::Admin;
        return session;
    }
    bool isSystem() const { return userId == 0 && email == QStringLiteral("system"); }
};

} // namespace sk
