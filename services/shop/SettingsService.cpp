#include "shop/SettingsService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "auth/UserRecords.h"
#include "db/Database.h"
#include "shop/SettingRows.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxTaxRateBasisPoints = 10000; // 100 %
constexpr int MaxIdleLockMinutes = 24 * 60;

QMap<QString, QString> toRows(const ShopSettings &s)
{
    return {{u"shop.name"_s, s.shopName.trimmed()},
            {u"shop.address"_s, s.address.trimmed()},
            {u"shop.phone"_s, s.phone.trimmed()},
            {u"shop.email"_s, s.email.trimmed()},
            {u"shop.currency"_s, s.currency.trimmed().toUpper()},
            {u"tax.default_rate_bp"_s, QString::number(s.defaultTaxRateBasisPoints)},
            {u"session.idle_lock_minutes"_s, QString::number(s.idleLockMinutes)},
            {u"receipt.footer"_s, s.receiptFooter}};
}

} // namespace

SettingsService::SettingsService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Status SettingsService::validate(const ShopSettings &s)
{
    auto invalid = [](const QString &message) { return Status(Error::make(ErrorCode::InvalidInput, message)); };
    if (s.shopName.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("SettingsService", "Enter the shop's name."));
    if (s.shopName.trimmed().size() > 200)
        return invalid(QCoreApplication::translate("SettingsService", "The shop's name may be at most 200 characters long."));
    static const QRegularExpression currencyPattern(u"^[A-Z]{3}$"_s);
    if (!currencyPattern.match(s.currency.trimmed().toUpper()).hasMatch())
        return invalid(QCoreApplication::translate("SettingsService", "The currency must be a three-letter ISO code such as USD, EUR or GBP."));
    if (s.defaultTaxRateBasisPoints < 0 || s.defaultTaxRateBasisPoints > MaxTaxRateBasisPoints)
        return invalid(QCoreApplication::translate("SettingsService", "The tax rate must be between 0 % and 100 %."));
    if (s.idleLockMinutes < 0 || s.idleLockMinutes > MaxIdleLockMinutes)
        return invalid(QCoreApplication::translate("SettingsService", "The idle lock must be between 0 (never) and 1440 minutes."));
    if (s.receiptFooter.size() > 1000)
        return invalid(QCoreApplication::translate("SettingsService", "The receipt footer may be at most 1000 characters long."));
    // Both are printed on every receipt; the e-mail address may stay empty.
    if (!s.email.trimmed().isEmpty())
        if (Status valid = userrecords::validateEmail(s.email); !valid)
            return valid;
    if (Status valid = userrecords::validatePhone(s.phone); !valid)
        return valid;
    return Status::success();
}

Result<ShopSettings> SettingsService::loadInTransaction(Connection &connection)
{
    Result<QMap<QString, QString>> rows = SettingRows::readInTransaction(
        connection, {u"shop.name"_s, u"shop.address"_s, u"shop.phone"_s, u"shop.email"_s, currencyKey(),
                     u"tax.default_rate_bp"_s, u"session.idle_lock_minutes"_s, u"receipt.footer"_s});
    if (!rows)
        return rows.error();
    const QMap<QString, QString> &values = rows.value();
    ShopSettings s;
    s.shopName = values.value(u"shop.name"_s);
    s.address = values.value(u"shop.address"_s);
    s.phone = values.value(u"shop.phone"_s);
    s.email = values.value(u"shop.email"_s);
    s.currency = values.value(currencyKey(), s.currency);
    s.defaultTaxRateBasisPoints = values.value(u"tax.default_rate_bp"_s, QString::number(s.defaultTaxRateBasisPoints)).toInt();
    s.idleLockMinutes = values.value(u"session.idle_lock_minutes"_s, QString::number(s.idleLockMinutes)).toInt();
    s.receiptFooter = values.value(u"receipt.footer"_s);
    return s;
}

Status SettingsService::saveInTransaction(Connection &connection, const Session &actor, const ShopSettings &settings)
{
    if (Status valid = validate(settings); !valid)
        return valid;
    Result<ShopSettings> before = loadInTransaction(connection);
    if (!before)
        return before.error();
    Result<QVariant> stored = connection.scalar(u"SELECT COUNT(*) FROM settings"_s);
    if (!stored)
        return stored.error();
    SettingRows::Change change;
    change.before = toRows(before.value());
    change.after = toRows(settings);
    // The first save writes every row, so the file holds the whole shop.
    change.writeUnchanged = stored.value().toInt() == 0;
    return SettingRows::writeInTransaction(connection, actor, change);
}

QString SettingsService::currencyKey()
{
    return u"shop.currency"_s;
}

QFuture<Result<ShopSettings>> SettingsService::load()
{
    return m_database->read([](Connection &connection) { return loadInTransaction(connection); });
}

QFuture<Status> SettingsService::save(const Session &actor, const ShopSettings &settings)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    if (Status valid = validate(settings); !valid)
        return QtFuture::makeReadyFuture(valid);
    return m_database->write(
        [actor, settings](Connection &connection) { return saveInTransaction(connection, actor, settings); });
}

} // namespace sk
