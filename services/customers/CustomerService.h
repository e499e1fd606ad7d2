#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "customers/CustomerTypes.h"

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <memory>

namespace sk {

class Connection;
class Database;

// Customers in the back office (docs/customers.md): the `users` rows with
// role 'customer', their addresses, orders and lifetime value; editing,
// merging duplicates and exporting a customer's data on request.
// CustomerDirectory stays the register's quick search and quick create.
//
// Permission: ManageCustomers for every call; others are refused with a
// sentence and nothing is read or written.
class CustomerService {
public:
    explicit CustomerService(std::shared_ptr<Database> database);

    // A page of customers by last name, first name and id, each with its
    // order count, lifetime value and last order (one aggregate per page).
    QFuture<Result<QList<CustomerSummary>>> search(const Session &actor, const CustomerQuery &query);
    QFuture<Result<CustomerProfile>> profile(const Session &actor, qint64 customerId);
    // The customer's orders, newest first, a keyset page at a time.
    QFuture<Result<QList<OrderHistoryEntry>>> orders(const Session &actor, const OrderHistoryPage &page);

    // Validates everything first (names, e-mail, phone, every address, at
    // most one default per address type); a bad field is a sentence naming
    // it and nothing is written. A type with addresses but no default gets
    // its first one as default. Audited as customer.updated.
    QFuture<Result<CustomerProfile>> update(const Session &actor, const CustomerEdit &edit);

    // Moves the duplicate's orders, carts, addresses and reviews to the
    // survivor in one transaction, switches the duplicate off with
    // merged_into_id set, and audits it. Refused (nothing changes) for the
    // same customer, for a merged or non-customer account on either side.
    QFuture<Result<MergeOutcome>> merge(const Session &actor, qint64 duplicateId, qint64 survivorId);

    // Everything the shop holds about the customer as JSON (profile,
    // addresses, orders with lines, payments with card brand and last four
    // digits only, refunds, reviews), written to path through QSaveFile: a
    // failed export leaves no file. Audited as customer.exported.
    QFuture<Status> exportData(const Session &actor, qint64 customerId, const QString &path);

    static Result<QList<CustomerSummary>> searchInTransaction(Connection &connection, const CustomerQuery &query);
    static Result<CustomerProfile> profileInTransaction(Connection &connection, qint64 customerId);
    static Result<QList<OrderHistoryEntry>> ordersInTransaction(Connection &connection, const OrderHistoryPage &page);
    static Result<LifetimeValue> lifetimeValueInTransaction(Connection &connection, qint64 customerId);
    static Result<CustomerProfile> updateInTransaction(Connection &connection, const Session &actor,
                                                       const CustomerEdit &edit);
    static Result<MergeOutcome> mergeInTransaction(Connection &connection, const Session &actor, qint64 duplicateId,
                                                   qint64 survivorId);
    static Result<QJsonObject> exportDocumentInTransaction(Connection &connection, qint64 customerId);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
