#pragma once

// Internal to services/customers: the SQL shapes CustomerService's files share.

#include "auth/Session.h"
#include "core/Result.h"
#include "customers/CustomerTypes.h"

#include <QSqlQuery>

namespace sk {

class Connection;

namespace customerrecords {

// A users row as the customer calls need it, whatever its role.
struct Account {
    Customer customer;
    QString role;
    bool isActive = true;
    qint64 mergedIntoId = 0;
};

// Columns read by accountFrom(), in order, from table `users` unaliased.
QString accountColumns();
Account accountFrom(const QSqlQuery &query, int first = 0);
// NotFound with a sentence when there is no such user.
Result<Account> account(Connection &connection, qint64 userId);
// A customer (role 'customer'), or InvalidInput / NotFound naming why not.
Result<Account> customerAccount(Connection &connection, qint64 userId);

Result<QList<CustomerAddress>> addresses(Connection &connection, qint64 userId);
Result<QString> shopCurrency(Connection &connection);
Money money(const QVariant &minorUnits, const QString &currency);
// Timestamps read back from either database (SQLite keeps ISO 8601 text).
QDateTime timestamp(const QVariant &value);

Status requireCustomers(const Session &actor);

} // namespace customerrecords
} // namespace sk
