#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "customers/Customer.h"

#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Connection;
class Database;

// Finding and adding customers at the register (docs/sales.md, "Customers").
// Search matches the start of the e-mail address, the phone number, the first
// or the last name ("ada lov" matches first and last name together), ignoring
// case; at most kSearchLimit rows, by last and first name. Every probe is an
// index range scan (migration 0011), so it stays fast on 100,000 customers.
//
// Permissions: UseRegister or ManageCustomers.
class CustomerDirectory {
public:
    static constexpr int kSearchLimit = 20;

    explicit CustomerDirectory(std::shared_ptr<Database> database);

    QFuture<Result<QList<Customer>>> search(const Session &actor, const QString &text);
    // First and last name and a valid e-mail address are required, the phone
    // is optional. A taken e-mail address is a Conflict naming it. The new
    // account cannot sign in (its password hash matches no password) until
    // the customer registers online with that address.
    QFuture<Result<Customer>> quickCreate(const Session &actor, const NewCustomer &customer);

    static Result<QList<Customer>> searchInTransaction(Connection &connection, const QString &text);
    static Result<Customer> quickCreateInTransaction(Connection &connection, const Session &actor,
                                                     const NewCustomer &customer);
    // The password_hash of an account nobody can sign in to.
    static QString unusablePasswordHash();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
