#include "customers/CustomerService.h"

#include "audit/AuditLog.h"
#include "core/BackgroundPool.h"
#include "customers/CustomerRecords.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using namespace customerrecords;

QJsonValue isoTime(const QVariant &value)
{
    const QDateTime at = timestamp(value);
    return at.isValid() ? QJsonValue(at.toString(Qt::ISODateWithMs)) : QJsonValue();
}

// Rows of one statement as JSON objects: columns named by `names`, amounts
// (names ending in _cents) and ids as numbers, times as ISO 8601 UTC.
Result<QJsonArray> rowsOf(Connection &connection, const QString &sql, const QVariantList &values,
                          const QStringList &names)
{
    Result<QSqlQuery> rows = connection.exec(sql, values);
    if (!rows)
        return rows.error();
    QJsonArray list;
    QSqlQuery &q = rows.value();
    while (q.next()) {
        QJsonObject row;
        for (int i = 0; i < names.size(); ++i) {
            const QString &name = names[i];
            const QVariant value = q.value(i);
            if (name.endsWith(u"_at"_s))
                row.insert(name, isoTime(value));
            else if (value.isNull())
                row.insert(name, QJsonValue());
            else if (name == u"id"_s || name.endsWith(u"_id"_s) || name.endsWith(u"_cents"_s)
                     || name == u"quantity"_s || name == u"refunded_quantity"_s || name == u"rating"_s)
                row.insert(name, value.toLongLong());
            else if (name.startsWith(u"is_"_s))
                row.insert(name, value.toInt() != 0);
            else
                row.insert(name, value.toString());
        }
        list.append(row);
    }
    return list;
}

} // namespace

Result<QJsonObject> CustomerService::exportDocumentInTransaction(Connection &connection, qint64 customerId)
{
    Result<Account> account = customerAccount(connection, customerId);
    if (!account)
        return account.error();
    Result<QJsonArray> customer = rowsOf(
        connection,
        u"SELECT id, first_name, last_name, email, phone, is_active, email_verified, merged_into_id, created_at, "
        "updated_at FROM users WHERE id = ?"_s,
        {customerId},
        {u"id"_s, u"first_name"_s, u"last_name"_s, u"email"_s, u"phone"_s, u"is_active"_s, u"is_email_verified"_s,
         u"merged_into_id"_s, u"created_at"_s, u"updated_at"_s});
    if (!customer)
        return customer.error();
    QJsonObject profile = customer->first().toObject();
    Result<QJsonArray> mergedFrom = rowsOf(connection, u"SELECT id, email FROM users WHERE merged_into_id = ? ORDER BY id"_s,
                                           {customerId}, {u"id"_s, u"email"_s});
    if (!mergedFrom)
        return mergedFrom.error();
    profile.insert(u"merged_accounts"_s, mergedFrom.value());

    Result<QJsonArray> addresses = rowsOf(
        connection,
        u"SELECT id, address_type, is_default, street_address, city, state, postal_code, country FROM addresses "
        "WHERE user_id = ? ORDER BY id"_s,
        {customerId},
        {u"id"_s, u"type"_s, u"is_default"_s, u"street_address"_s, u"city"_s, u"state"_s, u"postal_code"_s,
         u"country"_s});
    if (!addresses)
        return addresses.error();

    Result<QJsonArray> orders = rowsOf(
        connection,
        u"SELECT id, order_number, channel, status, currency, subtotal_cents, discount_cents, tax_cents, "
        "shipping_cents, total_cents, paid_cents, refunded_cents, shipping_address, tracking_carrier, "
        "tracking_number, created_at, updated_at FROM orders WHERE customer_id = ? ORDER BY created_at, id"_s,
        {customerId},
        {u"id"_s, u"order_number"_s, u"channel"_s, u"status"_s, u"currency"_s, u"subtotal_cents"_s,
         u"discount_cents"_s, u"tax_cents"_s, u"shipping_cents"_s, u"total_cents"_s, u"paid_cents"_s,
         u"refunded_cents"_s, u"shipping_address"_s, u"tracking_carrier"_s, u"tracking_number"_s, u"created_at"_s,
         u"updated_at"_s});
    if (!orders)
        return orders.error();
    QJsonArray fullOrders;
    for (const QJsonValue &value : orders.value()) {
        QJsonObject order = value.toObject();
        const qint64 orderId = order.value(u"id"_s).toInteger();
        Result<QJsonArray> lines = rowsOf(
            connection,
            u"SELECT sku, name, quantity, unit_price_cents, subtotal_cents, discount_cents, tax_cents, total_cents, "
            "refunded_quantity FROM order_items WHERE order_id = ? ORDER BY id"_s,
            {orderId},
            {u"sku"_s, u"name"_s, u"quantity"_s, u"unit_price_cents"_s, u"subtotal_cents"_s, u"discount_cents"_s,
             u"tax_cents"_s, u"total_cents"_s, u"refunded_quantity"_s});
        // Card numbers are never stored; the brand and last four digits are
        // all a payment says about a card, and gateway references stay in
        // the shop.
        Result<QJsonArray> payments = rowsOf(
            connection,
            u"SELECT tender, status, amount_cents, refunded_cents, card_brand, card_last4, created_at FROM payments "
            "WHERE order_id = ? ORDER BY id"_s,
            {orderId},
            {u"tender"_s, u"status"_s, u"amount_cents"_s, u"refunded_cents"_s, u"card_brand"_s, u"card_last4"_s,
             u"created_at"_s});
        Result<QJsonArray> refunds = rowsOf(
            connection,
            u"SELECT tender, status, amount_cents, tax_cents, reason, created_at FROM refunds WHERE order_id = ? "
            "ORDER BY id"_s,
            {orderId}, {u"tender"_s, u"status"_s, u"amount_cents"_s, u"tax_cents"_s, u"reason"_s, u"created_at"_s});
        for (const Result<QJsonArray> *part : {&lines, &payments, &refunds})
            if (!*part)
                return part->error();
        order.insert(u"lines"_s, lines.value());
        order.insert(u"payments"_s, payments.value());
        order.insert(u"refunds"_s, refunds.value());
        fullOrders.append(order);
    }

    Result<QJsonArray> reviews = rowsOf(
        connection,
        u"SELECT r.id, p.name, o.order_number, r.rating, r.title, r.body, r.status, r.is_verified, r.created_at "
        "FROM reviews r JOIN products p ON p.id = r.product_id JOIN orders o ON o.id = r.order_id "
        "WHERE r.customer_id = ? ORDER BY r.id"_s,
        {customerId},
        {u"id"_s, u"product"_s, u"order_number"_s, u"rating"_s, u"title"_s, u"body"_s, u"status"_s,
         u"is_verified"_s, u"created_at"_s});
    if (!reviews)
        return reviews.error();

    Result<LifetimeValue> lifetime = lifetimeValueInTransaction(connection, customerId);
    if (!lifetime)
        return lifetime.error();
    const QJsonObject value{{u"currency"_s, lifetime->value.currency()},
                            {u"orders"_s, lifetime->orderCount},
                            {u"paid_cents"_s, lifetime->paid.minorUnits()},
                            {u"refunded_cents"_s, lifetime->refunded.minorUnits()},
                            {u"value_cents"_s, lifetime->value.minorUnits()}};

    return QJsonObject{{u"format"_s, u"storekeeper-customer-data"_s},
                       {u"version"_s, 1},
                       {u"exported_at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                       {u"customer"_s, profile},
                       {u"addresses"_s, addresses.value()},
                       {u"lifetime_value"_s, value},
                       {u"orders"_s, fullOrders},
                       {u"reviews"_s, reviews.value()}};
}

QFuture<Status> CustomerService::exportData(const Session &actor, qint64 customerId, const QString &path)
{
    if (Status allowed = requireCustomers(actor); !allowed)
        return QtFuture::makeReadyFuture(Status(allowed.error()));
    return QtConcurrent::run(&backgroundPool(), [database = m_database, actor, customerId, path]() -> Status {
        const Result<QJsonObject> document = Database::wait(database->read(
            [customerId](Connection &connection) { return exportDocumentInTransaction(connection, customerId); }));
        if (!document)
            return document.error();
        QSaveFile file(path);
        const QByteArray json = QJsonDocument(document.value()).toJson(QJsonDocument::Indented);
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("CustomerService", "The file %1 cannot be written. Choose "
                                                                              "a folder you may write to.")
                                   .arg(path),
                               file.errorString());
        return Database::wait(database->write([actor, customerId, path](Connection &connection) {
            return AuditLog::appendInTransaction(
                connection, AuditEntry::by(actor, u"customer.exported"_s, u"user:%1"_s.arg(customerId),
                                           QJsonObject{{u"file"_s, QFileInfo(path).fileName()}}));
        }));
    });
}

} // namespace sk
