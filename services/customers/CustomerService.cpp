#include "customers/CustomerService.h"

#include "audit/AuditLog.h"
#include "auth/UserRecords.h"
#include "customers/CustomerRecords.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using namespace customerrecords;

constexpr int kMaxSearchLength = 100;
constexpr int kMaxPageRows = 500;
constexpr int kMaxAddressFieldLength = 200;

// The address a merged account is left with once the customer it became
// takes its e-mail (RFC 2606 reserves .invalid: it can never be delivered
// to, nor registered).
QString mergedEmail(qint64 accountId)
{
    return u"merged-%1@merged.invalid"_s.arg(accountId);
}

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

// The sort keys. They are the expressions of migration 0011's indexes, so
// the first page of "every customer" is a walk of users_customer_last_name,
// and the next page's keyset is the keys the database itself returned.
QString lastNameKey(const Connection &connection)
{
    return connection.isPostgres() ? u"(lower(last_name) COLLATE \"C\")"_s : u"lower(last_name)"_s;
}

QString firstNameKey(const Connection &connection)
{
    return connection.isPostgres() ? u"(lower(first_name) COLLATE \"C\")"_s : u"lower(first_name)"_s;
}

// SQLite's lower() folds ASCII letters only; fold the typed text the same way.
QString folded(const Connection &connection, const QString &text)
{
    if (connection.isPostgres())
        return text.toLower();
    QString result = text;
    for (QChar &c : result)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return result;
}

// The first string after every string starting with prefix, in code point
// order: [prefix, end) is the prefix as an index range.
QString prefixEnd(const QString &prefix)
{
    QString end = prefix;
    const char16_t last = end.back().unicode();
    if (last < 0xFFFF)
        end.back() = QChar(char16_t(last + 1));
    else
        end.append(QChar(char16_t(0xFFFF)));
    return end;
}

struct Probe {
    QString index;        // SQLite: the index the range must use
    QString indexed;
    QString prefix;
    QString alsoIndexed;
    QString alsoPrefix;
};

QString placeholders(qsizetype count)
{
    QStringList marks;
    for (qsizetype i = 0; i < count; ++i)
        marks.append(u"?"_s);
    return marks.join(u", "_s);
}

// One aggregate over orders_customer for every customer of a page.
Status addLifetimes(Connection &connection, QList<CustomerSummary> &rows)
{
    if (rows.isEmpty())
        return Status::success();
    Result<QString> currency = shopCurrency(connection);
    if (!currency)
        return currency.error();
    QVariantList ids;
    QHash<qint64, qsizetype> rowOf;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        ids.append(rows[i].customer.id);
        rowOf.insert(rows[i].customer.id, i);
        rows[i].lifetime.paid = Money::zero(currency.value());
        rows[i].lifetime.refunded = Money::zero(currency.value());
        rows[i].lifetime.value = Money::zero(currency.value());
    }
    Result<QSqlQuery> totals = connection.exec(
        u"SELECT customer_id, COUNT(*), CAST(COALESCE(SUM(paid_cents), 0) AS BIGINT), "
        "CAST(COALESCE(SUM(refunded_cents), 0) AS BIGINT), MIN(created_at), MAX(created_at) FROM orders "
        "WHERE customer_id IN ("_s
            + placeholders(ids.size()) + u") GROUP BY customer_id"_s,
        ids);
    if (!totals)
        return totals.error();
    QSqlQuery &q = totals.value();
    while (q.next()) {
        LifetimeValue &lifetime = rows[rowOf.value(q.value(0).toLongLong())].lifetime;
        lifetime.orderCount = q.value(1).toLongLong();
        lifetime.paid = money(q.value(2), currency.value());
        lifetime.refunded = money(q.value(3), currency.value());
        lifetime.value = money(q.value(2).toLongLong() - q.value(3).toLongLong(), currency.value());
        lifetime.firstOrderAt = timestamp(q.value(4));
        lifetime.lastOrderAt = timestamp(q.value(5));
    }
    return Status::success();
}

// Trimmed, and never a null QString: the address columns are NOT NULL and
// a null string binds as NULL.
QString columnText(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isNull() ? QString(qsizetype(0), Qt::Uninitialized) : trimmed;
}

Status validateAddress(const CustomerAddress &address)
{
    const QString where = address.oneLine().isEmpty() ? QCoreApplication::translate("CustomerService", "a new address")
                                                      : address.oneLine();
    if (address.streetAddress.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("CustomerService", "Enter the street of %1.").arg(where));
    if (address.city.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("CustomerService", "Enter the city of %1.").arg(where));
    if (address.postalCode.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("CustomerService", "Enter the postal code of %1.").arg(where));
    if (address.country.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("CustomerService", "Enter the country of %1.").arg(where));
    for (const QString &field : {address.streetAddress, address.city, address.state, address.postalCode,
                                 address.country})
        if (field.trimmed().size() > kMaxAddressFieldLength)
            return invalid(QCoreApplication::translate("CustomerService", "Each part of an address may be at most "
                                                                          "%1 characters long: shorten %2.")
                               .arg(kMaxAddressFieldLength)
                               .arg(where));
    return Status::success();
}

} // namespace

CustomerService::CustomerService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<QList<CustomerSummary>> CustomerService::searchInTransaction(Connection &connection, const CustomerQuery &query)
{
    const bool postgres = connection.isPostgres();
    const QString lk = lastNameKey(connection);
    const QString fk = firstNameKey(connection);
    const int limit = std::clamp(query.limit, 1, kMaxPageRows);
    QString filter = u"role = 'customer'"_s;
    if (!query.includeMerged)
        filter += u" AND merged_into_id IS NULL"_s;
    QString keyset;
    QVariantList keysetValues;
    if (query.afterId > 0) {
        keyset = u" AND (%1 > ? OR (%1 = ? AND (%2 > ? OR (%2 = ? AND id > ?))))"_s.arg(lk, fk);
        keysetValues << query.afterLastNameKey << query.afterLastNameKey << query.afterFirstNameKey
                     << query.afterFirstNameKey << query.afterId;
    }
    const QString order = u" ORDER BY %1, %2, id LIMIT %3"_s.arg(lk, fk).arg(limit);
    const QString columns = accountColumns() + u", "_s + lk + u", "_s + fk;

    const QString text = query.search.simplified().left(kMaxSearchLength);
    QString sql;
    QVariantList values;
    if (text.isEmpty()) {
        const QString table = postgres ? u"users"_s : u"users INDEXED BY users_customer_last_name"_s;
        sql = u"SELECT %1 FROM %2 WHERE %3%4%5"_s.arg(columns, table, filter, keyset, order);
        values = keysetValues;
    } else {
        const auto keyed = [postgres](const QString &expression) {
            return postgres ? u"("_s + expression + u" COLLATE \"C\")"_s : expression;
        };
        const QString lower = folded(connection, text);
        QList<Probe> probes{{u"users_customer_last_name"_s, lk, lower, {}, {}},
                            {u"users_customer_first_name"_s, fk, lower, {}, {}},
                            {u"users_email"_s, keyed(u"email"_s), text.toLower(), {}, {}},
                            {u"users_customer_phone"_s, keyed(u"phone"_s), text, {}, {}}};
        if (const qsizetype space = lower.indexOf(u' '); space > 0) {
            const QString first = lower.left(space);
            const QString rest = lower.mid(space + 1);
            probes.append({u"users_customer_first_name"_s, fk, first, lk, rest});
            probes.append({u"users_customer_last_name"_s, lk, first, fk, rest});
        }
        // Each probe is one index range (migration 0011) cut to a page after
        // the keyset; their union, in the same order, is the page.
        QStringList parts;
        int n = 0;
        for (const Probe &probe : std::as_const(probes)) {
            QString where = filter + u" AND %1 >= ? AND %1 < ?"_s.arg(probe.indexed);
            values << probe.prefix << prefixEnd(probe.prefix);
            if (!probe.alsoIndexed.isEmpty()) {
                where += u" AND %1 >= ? AND %1 < ?"_s.arg(probe.alsoIndexed);
                values << probe.alsoPrefix << prefixEnd(probe.alsoPrefix);
            }
            values << keysetValues;
            const QString table = postgres ? u"users"_s : u"users INDEXED BY "_s + probe.index;
            parts << u"SELECT id FROM (SELECT id FROM %1 WHERE %2%3%4) AS probe%5"_s.arg(table, where, keyset, order)
                         .arg(++n);
        }
        sql = u"SELECT %1 FROM users WHERE id IN (%2)%3"_s.arg(columns, parts.join(u" UNION "_s), order);
    }
    Result<QSqlQuery> rows = connection.exec(sql, values);
    if (!rows)
        return rows.error();
    QList<CustomerSummary> page;
    QSqlQuery &q = rows.value();
    while (q.next()) {
        const Account account = accountFrom(q);
        CustomerSummary summary;
        summary.customer = account.customer;
        summary.isActive = account.isActive;
        summary.mergedIntoId = account.mergedIntoId;
        summary.lastNameKey = q.value(10).toString();
        summary.firstNameKey = q.value(11).toString();
        page.append(summary);
    }
    if (Status added = addLifetimes(connection, page); !added)
        return added.error();
    return page;
}

Result<LifetimeValue> CustomerService::lifetimeValueInTransaction(Connection &connection, qint64 customerId)
{
    CustomerSummary one;
    one.customer.id = customerId;
    QList<CustomerSummary> rows{one};
    if (Status added = addLifetimes(connection, rows); !added)
        return added.error();
    return rows.first().lifetime;
}

Result<CustomerProfile> CustomerService::profileInTransaction(Connection &connection, qint64 customerId)
{
    Result<Account> account = customerAccount(connection, customerId);
    if (!account)
        return account.error();
    CustomerProfile profile;
    profile.customer = account->customer;
    profile.isActive = account->isActive;
    profile.mergedIntoId = account->mergedIntoId;
    Result<QList<CustomerAddress>> stored = addresses(connection, customerId);
    if (!stored)
        return stored.error();
    profile.addresses = stored.value();
    Result<LifetimeValue> lifetime = lifetimeValueInTransaction(connection, customerId);
    if (!lifetime)
        return lifetime.error();
    profile.lifetime = lifetime.value();
    return profile;
}

Result<QList<OrderHistoryEntry>> CustomerService::ordersInTransaction(Connection &connection, const OrderHistoryPage &page)
{
    QString sql = u"SELECT o.id, o.order_number, o.channel, o.status, o.created_at, o.currency, o.total_cents, "
                  "o.paid_cents, o.refunded_cents, (SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i "
                  "WHERE i.order_id = o.id) FROM orders o WHERE o.customer_id = ?"_s;
    QVariantList values{page.customerId};
    if (page.beforeId > 0 && page.beforeCreatedAt.isValid()) {
        sql += u" AND (o.created_at < ? OR (o.created_at = ? AND o.id < ?))"_s;
        // Times are stored as UTC text on SQLite ("…Z"); the key must be
        // written the same way to compare.
        const QDateTime before = page.beforeCreatedAt.toUTC();
        values << before << before << page.beforeId;
    }
    sql += u" ORDER BY o.created_at DESC, o.id DESC LIMIT %1"_s.arg(std::clamp(page.limit, 1, kMaxPageRows));
    Result<QSqlQuery> rows = connection.exec(sql, values);
    if (!rows)
        return rows.error();
    QList<OrderHistoryEntry> orders;
    QSqlQuery &q = rows.value();
    while (q.next()) {
        OrderHistoryEntry order;
        order.id = q.value(0).toLongLong();
        order.orderNumber = q.value(1).toString();
        order.channel = q.value(2).toString();
        order.status = q.value(3).toString();
        order.createdAt = timestamp(q.value(4));
        const QString currency = q.value(5).toString();
        order.total = money(q.value(6), currency);
        order.paid = money(q.value(7), currency);
        order.refunded = money(q.value(8), currency);
        order.itemCount = q.value(9).toLongLong();
        orders.append(order);
    }
    return orders;
}

Result<CustomerProfile> CustomerService::updateInTransaction(Connection &connection, const Session &actor,
                                                             const CustomerEdit &edit)
{
    if (Status allowed = requireCustomers(actor); !allowed && !actor.isSystem())
        return allowed.error();
    const QString firstName = edit.firstName.trimmed();
    const QString lastName = edit.lastName.trimmed();
    const QString phone = edit.phone.trimmed();
    if (Status valid = userrecords::validateProfile(edit.email, firstName, lastName, phone); !valid)
        return valid.error();
    int shippingDefaults = 0;
    int billingDefaults = 0;
    for (const CustomerAddress &address : edit.addresses) {
        if (Status valid = validateAddress(address); !valid)
            return valid.error();
        if (address.isDefault)
            ++(address.type == AddressType::Billing ? billingDefaults : shippingDefaults);
    }
    if (shippingDefaults > 1)
        return invalid(QCoreApplication::translate("CustomerService", "Mark only one shipping address as the "
                                                                      "default."));
    if (billingDefaults > 1)
        return invalid(QCoreApplication::translate("CustomerService", "Mark only one billing address as the "
                                                                      "default."));

    Result<Account> account = customerAccount(connection, edit.customerId);
    if (!account)
        return account.error();
    if (account->mergedIntoId)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CustomerService", "%1 was merged into another customer. "
                                                                          "Edit the customer it became instead.")
                               .arg(account->customer.displayName()));
    const QString email = userrecords::normalisedEmail(edit.email);
    // An account merged into this customer gives its address up: the
    // customer keeps the e-mail they use now, whichever account had it.
    Result<CachedQuery> taken = connection.prepared(
        u"SELECT id, merged_into_id FROM users WHERE email = ? AND id <> ?"_s, {email, edit.customerId});
    if (!taken)
        return taken.error();
    std::optional<qint64> releasedBy;
    const bool isTaken = taken->next();
    if (isTaken && !taken->value(1).isNull() && taken->value(1).toLongLong() == edit.customerId)
        releasedBy = taken->value(0).toLongLong();
    taken->finish();
    if (isTaken && !releasedBy)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CustomerService", "Another account already uses the e-mail "
                                                                          "address %1. Enter a different one, or "
                                                                          "merge the two customers.")
                               .arg(email));

    Result<QList<CustomerAddress>> stored = addresses(connection, edit.customerId);
    if (!stored)
        return stored.error();
    QSet<qint64> storedIds;
    for (const CustomerAddress &address : stored.value())
        storedIds.insert(address.id);
    QSet<qint64> keptIds;
    for (const CustomerAddress &address : edit.addresses) {
        if (address.id == 0)
            continue;
        if (!storedIds.contains(address.id))
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("CustomerService", "The address %1 is no longer this "
                                                                              "customer's. Open the customer again.")
                                   .arg(address.oneLine()));
        keptIds.insert(address.id);
    }
    for (const CustomerAddress &address : stored.value()) {
        if (keptIds.contains(address.id))
            continue;
        Result<QVariant> usedBy = connection.scalar(
            u"SELECT order_number FROM orders WHERE shipping_address_id = ? OR billing_address_id = ? ORDER BY id "
            "LIMIT 1"_s,
            {address.id, address.id});
        if (!usedBy)
            return usedBy.error();
        if (!usedBy.value().isNull())
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("CustomerService", "The address %1 is on order %2, so it "
                                                                              "stays. Keep it in the list.")
                                   .arg(address.oneLine(), usedBy.value().toString()));
    }

    // A type with addresses and no default gets its first one as default:
    // checkout and the online shop always find one.
    QList<CustomerAddress> wanted = edit.addresses;
    for (AddressType type : {AddressType::Shipping, AddressType::Billing}) {
        const bool hasDefault = std::any_of(wanted.cbegin(), wanted.cend(), [type](const CustomerAddress &a) {
            return a.type == type && a.isDefault;
        });
        if (hasDefault)
            continue;
        for (CustomerAddress &address : wanted)
            if (address.type == type) {
                address.isDefault = true;
                break;
            }
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (releasedBy)
        if (Status released = connection.run(u"UPDATE users SET email = ?, updated_at = ? WHERE id = ?"_s,
                                             {mergedEmail(*releasedBy), now, *releasedBy});
            !released)
            return released.error();
    if (Status saved = connection.run(u"UPDATE users SET first_name = ?, last_name = ?, email = ?, phone = ?, "
                                      "updated_at = ? WHERE id = ?"_s,
                                      {firstName, lastName, email,
                                       phone.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(phone),
                                       now, edit.customerId});
        !saved)
        return saved.error();
    for (qint64 id : std::as_const(storedIds))
        if (!keptIds.contains(id))
            if (Status removed = connection.run(u"DELETE FROM addresses WHERE id = ?"_s, {id}); !removed)
                return removed.error();
    for (const CustomerAddress &address : std::as_const(wanted)) {
        const QVariantList fields{columnText(address.streetAddress), columnText(address.city),
                                  columnText(address.state),         columnText(address.postalCode),
                                  columnText(address.country),       addressTypeName(address.type),
                                  address.isDefault ? 1 : 0};
        if (address.id == 0) {
            Result<qint64> added = connection.insert(
                u"INSERT INTO addresses (street_address, city, state, postal_code, country, address_type, "
                "is_default, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                QVariantList(fields) << edit.customerId);
            if (!added)
                return added.error();
        } else if (Status changed = connection.run(
                       u"UPDATE addresses SET street_address = ?, city = ?, state = ?, postal_code = ?, country = ?, "
                       "address_type = ?, is_default = ? WHERE id = ?"_s,
                       QVariantList(fields) << address.id);
                   !changed) {
            return changed.error();
        }
    }

    QJsonObject details{{u"addresses"_s, qint64(wanted.size())}};
    if (email != account->customer.email)
        details.insert(u"email"_s, QJsonObject{{u"from"_s, account->customer.email}, {u"to"_s, email}});
    if (releasedBy)
        details.insert(u"email_taken_from"_s, *releasedBy);
    if (Status audited = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"customer.updated"_s, u"user:%1"_s.arg(edit.customerId), details));
        !audited)
        return audited.error();
    return profileInTransaction(connection, edit.customerId);
}

QFuture<Result<QList<CustomerSummary>>> CustomerService::search(const Session &actor, const CustomerQuery &query)
{
    if (Status allowed = requireCustomers(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<CustomerSummary>>(allowed.error()));
    return m_database->read([query](Connection &connection) { return searchInTransaction(connection, query); });
}

QFuture<Result<CustomerProfile>> CustomerService::profile(const Session &actor, qint64 customerId)
{
    if (Status allowed = requireCustomers(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<CustomerProfile>(allowed.error()));
    return m_database->read(
        [customerId](Connection &connection) { return profileInTransaction(connection, customerId); });
}

QFuture<Result<QList<OrderHistoryEntry>>> CustomerService::orders(const Session &actor, const OrderHistoryPage &page)
{
    if (Status allowed = requireCustomers(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<OrderHistoryEntry>>(allowed.error()));
    return m_database->read([page](Connection &connection) { return ordersInTransaction(connection, page); });
}

QFuture<Result<CustomerProfile>> CustomerService::update(const Session &actor, const CustomerEdit &edit)
{
    if (Status allowed = requireCustomers(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<CustomerProfile>(allowed.error()));
    return m_database->write(
        [actor, edit](Connection &connection) { return updateInTransaction(connection, actor, edit); });
}

} // namespace sk
