#include "sales/SalesSettings.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "core/Money.h"
#include "db/Database.h"
#include "shop/SettingRows.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxRateBasisPoints = 10000; // 100 %
constexpr int MaxTaxClassNameLength = 40;

const QString TaxClassPrefix = u"tax.class."_s;
const QString RateSuffix = u"_bp"_s;
const QString StandardRateKey = u"tax.default_rate_bp"_s;
const QString LineLimitKey = u"register.max_line_discount_bp"_s;
const QString CartLimitKey = u"register.max_cart_discount_bp"_s;
const QString ReductionLimitKey = u"register.max_price_reduction_bp"_s;

QString taxClassKey(const QString &name)
{
    return TaxClassPrefix + name + RateSuffix;
}

QMap<QString, QString> toRows(const SalesSettings &s)
{
    QMap<QString, QString> rows{{SettingsService::currencyKey(), s.currency.trimmed().toUpper()},
                                {StandardRateKey, QString::number(s.standardTaxRateBasisPoints)},
                                {LineLimitKey, QString::number(s.maxLineDiscountBasisPoints)},
                                {CartLimitKey, QString::number(s.maxCartDiscountBasisPoints)},
                                {ReductionLimitKey, QString::number(s.maxPriceReductionBasisPoints)}};
    for (auto it = s.taxClassRates.cbegin(); it != s.taxClassRates.cend(); ++it)
        rows.insert(taxClassKey(it.key().trimmed().toLower()), QString::number(it.value()));
    return rows;
}

// A stored value that is not a number keeps the default rather than making
// every sale fail; validate() stops such values from being saved.
int intOr(const QMap<QString, QString> &values, const QString &key, int fallback)
{
    bool ok = false;
    const int value = values.value(key).toInt(&ok);
    return ok ? value : fallback;
}

} // namespace

Status SalesSettings::validate(const SalesSettings &s)
{
    auto invalid = [](const QString &message) { return Status(Error::make(ErrorCode::InvalidInput, message)); };
    if (!Money::isValidCurrencyCode(s.currency.trimmed().toUpper()))
        return invalid(QCoreApplication::translate("SalesSettings", "The currency must be a three-letter ISO code "
                                                                    "such as USD, EUR or GBP."));
    if (s.standardTaxRateBasisPoints < 0 || s.standardTaxRateBasisPoints > MaxRateBasisPoints)
        return invalid(QCoreApplication::translate("SalesSettings", "The tax rate must be between 0 % and 100 %."));
    static const QRegularExpression namePattern(u"^[a-z0-9_-]+$"_s);
    for (auto it = s.taxClassRates.cbegin(); it != s.taxClassRates.cend(); ++it) {
        const QString name = it.key().trimmed().toLower();
        if (name.isEmpty() || name.size() > MaxTaxClassNameLength || !namePattern.match(name).hasMatch()
            || name == u"standard"_s)
            return invalid(QCoreApplication::translate("SalesSettings", "\"%1\" cannot name a tax class. Use up to "
                                                                        "40 letters, digits, - or _, other than "
                                                                        "\"standard\".")
                               .arg(it.key()));
        if (it.value() < 0 || it.value() > MaxRateBasisPoints)
            return invalid(QCoreApplication::translate("SalesSettings", "The tax rate of the class \"%1\" must be "
                                                                        "between 0 % and 100 %.")
                               .arg(name));
    }
    for (const int limit : {s.maxLineDiscountBasisPoints, s.maxCartDiscountBasisPoints,
                            s.maxPriceReductionBasisPoints}) {
        if (limit < 0 || limit > MaxRateBasisPoints)
            return invalid(QCoreApplication::translate("SalesSettings", "A clerk's discount limit must be between "
                                                                        "0 % and 100 %."));
    }
    return Status::success();
}

Result<SalesSettings> SalesSettings::loadInTransaction(Connection &connection)
{
    Result<QMap<QString, QString>> rows = SettingRows::readInTransaction(
        connection, {SettingsService::currencyKey(), StandardRateKey, LineLimitKey, CartLimitKey, ReductionLimitKey},
        TaxClassPrefix);
    if (!rows)
        return rows.error();
    QMap<QString, QString> values;
    SalesSettings s;
    for (auto it = rows->cbegin(); it != rows->cend(); ++it) {
        const QString &key = it.key();
        if (key.startsWith(TaxClassPrefix) && key.endsWith(RateSuffix)) {
            bool ok = false;
            const int rate = it.value().toInt(&ok);
            const QString name = key.mid(TaxClassPrefix.size(), key.size() - TaxClassPrefix.size() - RateSuffix.size());
            if (ok && !name.isEmpty())
                s.taxClassRates.insert(name, rate);
            continue;
        }
        values.insert(key, it.value());
    }
    const QString currency = values.value(SettingsService::currencyKey()).trimmed();
    if (!currency.isEmpty())
        s.currency = currency;
    s.standardTaxRateBasisPoints = intOr(values, StandardRateKey, s.standardTaxRateBasisPoints);
    s.maxLineDiscountBasisPoints = intOr(values, LineLimitKey, s.maxLineDiscountBasisPoints);
    s.maxCartDiscountBasisPoints = intOr(values, CartLimitKey, s.maxCartDiscountBasisPoints);
    s.maxPriceReductionBasisPoints = intOr(values, ReductionLimitKey, s.maxPriceReductionBasisPoints);
    return s;
}

Status SalesSettings::saveInTransaction(Connection &connection, const Session &actor, const SalesSettings &settings)
{
    if (Status valid = validate(settings); !valid)
        return valid;
    Result<SalesSettings> before = loadInTransaction(connection);
    if (!before)
        return before.error();
    SettingRows::Change change;
    change.before = toRows(before.value());
    change.after = toRows(settings);
    // A class left out is removed (the built-in "reduced" and "zero" then
    // fall back to their defaults).
    change.removablePrefix = TaxClassPrefix;
    return SettingRows::writeInTransaction(connection, actor, change);
}

QFuture<Result<SalesSettings>> SalesSettings::load(const std::shared_ptr<Database> &database)
{
    return database->read([](Connection &connection) { return loadInTransaction(connection); });
}

QFuture<Status> SalesSettings::save(const std::shared_ptr<Database> &database, const Session &actor,
                                    const SalesSettings &settings)
{
    if (Status allowed = require(actor, Permission::ManageSettings); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    if (Status valid = validate(settings); !valid)
        return QtFuture::makeReadyFuture(valid);
    return database->write(
        [actor, settings](Connection &connection) { return saveInTransaction(connection, actor, settings); });
}

} // namespace sk
