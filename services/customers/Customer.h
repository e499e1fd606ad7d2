#pragma once

#include <QDateTime>
#include <QString>

namespace sk {

// A shop customer as the register sees one: a `users` row with role
// 'customer' (the original platform's accounts).
struct Customer {
    qint64 id = 0;
    QString firstName;
    QString lastName;
    QString email;
    QString phone;
    QDateTime createdAt;
    // Created at the register: no password yet, so no online sign-in until
    // the customer registers (or resets the password) online.
    bool canSignIn = false;

    QString displayName() const { return (firstName + u' ' + lastName).trimmed(); }
};

// What the clerk types into the quick-create form.
struct NewCustomer {
    QString firstName;
    QString lastName;
    QString email;
    QString phone;   // optional
};

} // namespace sk
