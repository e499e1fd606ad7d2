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
};

} // namespace sk
