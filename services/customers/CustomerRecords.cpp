#include "customers/CustomerRecords.h"

#include "auth/Permissions.h"
#include "customers/CustomerDirectory.h"
#include "db/Connection.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sk {

QString addressTypeName(AddressType type)
{
    return type == AddressType::Billing ? u"billing"_s : u"shipping"_s;
}

std::optional<AddressType> addressTypeFromName(const QString &name)
{
    if (name == u"shipping"_s)
        return AddressType::Shipping;
    if (name == u"billing"_s)
        return AddressType::Billing;
    return std::nullopt;
}

QString CustomerAddress::oneLine() const
{
    QStringList parts{streetAddress, postalCode + u' ' + city, state, country};
    parts.removeIf([](const QString &part) { return part.trimmed().isEmpty(); });
    for (QString &part : parts)
        part = part.trimmed();
    return parts.join(u", "_s);
}

void CustomerQuery::continueAfter(const CustomerSummary &last)
{
    afterLastNameKey = last.lastNameKey;
    afterFirstNameKey = last.firstNameKey;
    afterId = last.customer.id;
}

void OrderHistoryPage::continueAfter(const OrderHistoryEntry &last)
{
    beforeCreatedAt = last.createdAt;
    beforeId = last.id;
}

namespace customerrecords {

QString accountColumns()
{
    return u"id, first_name, last_name, email, phone, created_at, password_hash, role, is_active, merged_into_id"_s;
}

Account accountFrom(const QSqlQuery &q, int first)
{
    Account a;
    a.customer.id = q.value(first).toLongLong();
    a.customer.firstName = q.value(first + 1).toString();
    a.customer.lastName = q.value(first + 2).toString();
    a.customer.email = q.value(first + 3).toString();
    a.customer.phone = q.value(first + 4).toString();
    a.customer.createdAt = timestamp(q.value(first + 5));
    a.customer.canSignIn = q.value(first + 6).toString() != CustomerDirectory::unusablePasswordHash();
    a.role = q.value(first + 7).toString();
    a.isActive = q.value(first + 8).toInt() != 0;
    a.mergedIntoId = q.value(first + 9).toLongLong();
    return a;
}

Result<Account> account(Connection &connection, qint64 userId)
{
    Result<QSqlQuery> row = connection.exec(u"SELECT "_s + accountColumns() + u" FROM users WHERE id = ?"_s, {userId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("CustomerService", "There is no customer with number %1. "
                                                                          "Search for the customer again.")
                               .arg(userId));
    return accountFrom(row.value());
}

Result<Account> customerAccount(Connection &connection, qint64 userId)
{
    Result<Account> found = account(connection, userId);
    if (!found)
        return found;
    if (found->role != u"customer"_s)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("CustomerService", "%1 is a staff account, not a customer. "
                                                                          "Choose a customer.")
                               .arg(found->customer.displayName()));
    return found;
}

Result<QList<CustomerAddress>> addresses(Connection &connection, qint64 userId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT id, street_address, city, state, postal_code, country, address_type, is_default FROM addresses "
        "WHERE user_id = ? ORDER BY address_type DESC, is_default DESC, id"_s,
        {userId});
    if (!rows)
        return rows.error();
    QList<CustomerAddress> list;
    QSqlQuery &q = rows.value();
    while (q.next()) {
        CustomerAddress a;
        a.id = q.value(0).toLongLong();
        a.streetAddress = q.value(1).toString();
        a.city = q.value(2).toString();
        a.state = q.value(3).toString();
        a.postalCode = q.value(4).toString();
        a.country = q.value(5).toString();
        a.type = addressTypeFromName(q.value(6).toString()).value_or(AddressType::Shipping);
        a.isDefault = q.value(7).toInt() != 0;
        list.append(a);
    }
    return list;
}

Result<QString> shopCurrency(Connection &connection)
{
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    return settings->currency;
}

Money money(const QVariant &minorUnits, const QString &currency)
{
    return Money::fromMinorUnits(minorUnits.toLongLong(), currency).value_or(Money());
}

QDateTime timestamp(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType().id() == QMetaType::QString) {
        QDateTime parsed = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
        if (!parsed.isValid())
            parsed = QDateTime::fromString(value.toString(), u"yyyy-MM-dd HH:mm:ss"_s);
        // Written as UTC; text without a zone is UTC too, never local time.
        if (parsed.isValid() && parsed.timeSpec() == Qt::LocalTime)
            parsed.setTimeZone(QTimeZone::utc());
        return parsed.toUTC();
    }
    return value.toDateTime().toUTC();
}

Status requireCustomers(const Session &actor)
{
    return require(actor, Permission::ManageCustomers);
}

} // namespace customerrecords
} // namespace sk
