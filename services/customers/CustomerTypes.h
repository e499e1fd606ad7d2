#pragma once

#include "core/Money.h"
#include "customers/Customer.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

enum class AddressType { Shipping, Billing };

QString addressTypeName(AddressType type);            // "shipping", "billing" (stored)
std::optional<AddressType> addressTypeFromName(const QString &name);

// A row of `addresses`. id 0 is an address still to be added.
struct CustomerAddress {
    qint64 id = 0;
    QString streetAddress;
    QString city;
    QString state;                 // optional
    QString postalCode;
    QString country;
    AddressType type = AddressType::Shipping;
    bool isDefault = false;

    QString oneLine() const;
};

// Orders, money and dates of one customer: one aggregate over their orders
// (index orders_customer). value = paid − refunded, in the shop's currency.
struct LifetimeValue {
    qint64 orderCount = 0;
    Money paid;
    Money refunded;
    Money value;
    QDateTime firstOrderAt;        // null without orders
    QDateTime lastOrderAt;
};

// One line of the Customers table.
struct CustomerSummary {
    Customer customer;
    bool isActive = true;
    qint64 mergedIntoId = 0;       // 0 unless merged into another customer
    LifetimeValue lifetime;
    // The sort keys exactly as the database computed them, for the next page.
    QString lastNameKey;
    QString firstNameKey;
};

struct CustomerProfile {
    Customer customer;
    bool isActive = true;
    qint64 mergedIntoId = 0;
    QList<CustomerAddress> addresses;   // default first, shipping before billing
    LifetimeValue lifetime;
};

// Which customers, by last name, first name and id. Paging by key: the next
// page starts after the last row received (continueAfter), never OFFSET.
struct CustomerQuery {
    QString search;                // start of last name, first name, e-mail or phone; "ada lov"
    bool includeMerged = false;    // merged duplicates are hidden unless asked for
    int limit = 100;

    QString afterLastNameKey;
    QString afterFirstNameKey;
    qint64 afterId = 0;

    void continueAfter(const CustomerSummary &last);
};

// One of a customer's orders, newest first.
struct OrderHistoryEntry {
    qint64 id = 0;
    QString orderNumber;
    QString channel;               // "in_store", "online"
    QString status;                // orderStatusName
    QDateTime createdAt;
    qint64 itemCount = 0;          // units
    Money total;
    Money paid;
    Money refunded;
};

// Keyset position in a customer's order history: the last order shown.
struct OrderHistoryPage {
    qint64 customerId = 0;
    QDateTime beforeCreatedAt;     // null: from the newest
    qint64 beforeId = 0;
    int limit = 50;

    void continueAfter(const OrderHistoryEntry &last);
};

// A customer's profile as edited in the back office. The addresses replace
// the stored ones: id 0 adds, a stored id missing from the list removes.
struct CustomerEdit {
    qint64 customerId = 0;
    QString firstName;
    QString lastName;
    QString email;
    QString phone;                 // optional
    QList<CustomerAddress> addresses;
};

struct MergeOutcome {
    qint64 survivorId = 0;
    qint64 duplicateId = 0;
    qint64 ordersMoved = 0;
    qint64 cartsMoved = 0;
    qint64 addressesMoved = 0;
    qint64 reviewsMoved = 0;
    // The duplicate's reviews of a product and order the survivor had
    // reviewed too: the survivor's review is kept.
    qint64 reviewsDropped = 0;
    // Lines of the duplicate's open online cart that joined the survivor's
    // open cart (both had one); the emptied cart is voided.
    qint64 cartLinesCombined = 0;
};

} // namespace sk
