#include "ApiJson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QtCore/qfuture.h>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sk::api {

namespace {

ApiReply badField(const QString &message)
{
    return ApiReply::error(400, message);
}

ApiReply missing(const QString &name)
{
    return badField(QCoreApplication::translate("ApiJson", "The field \"%1\" is required: add it to the request.")
                        .arg(name));
}

ApiReply notString(const QString &name)
{
    return badField(QCoreApplication::translate("ApiJson", "The field \"%1\" must be a string.").arg(name));
}

ApiReply tooLong(const QString &name, qsizetype maxLength)
{
    return badField(QCoreApplication::translate("ApiJson", "The field \"%1\" must be at most %2 characters long.")
                        .arg(name)
                        .arg(maxLength));
}

ApiReply outOfRange(const QString &name, qint64 min, qint64 max)
{
    return badField(QCoreApplication::translate("ApiJson", "The field \"%1\" must be a whole number from %2 to %3.")
                        .arg(name)
                        .arg(min)
                        .arg(max));
}

ApiReply notMoney(const QString &name)
{
    return badField(QCoreApplication::translate(
                        "ApiJson", "The field \"%1\" must be an amount written as a string, such as \"12.34\".")
                        .arg(name));
}

Field<std::optional<QString>> stringValue(const QJsonValue &value, const QString &name, qsizetype maxLength,
                                          TextForm form)
{
    if (value.isUndefined() || value.isNull())
        return std::optional<QString>();
    if (!value.isString())
        return notString(name);
    const QString text = form == TextForm::Trimmed ? value.toString().trimmed() : value.toString();
    if (text.size() > maxLength)
        return tooLong(name, maxLength);
    if (text.isEmpty())
        return std::optional<QString>();
    return std::optional<QString>(text);
}

Field<std::optional<qint64>> integerValue(const QJsonValue &value, const QString &name, qint64 min, qint64 max)
{
    if (value.isUndefined() || value.isNull())
        return std::optional<qint64>();
    if (!value.isDouble())
        return outOfRange(name, min, max);
    // Integers that fit 64 bits are kept exact by the JSON parser; anything
    // with a fraction or beyond that range differs from its double.
    const double number = value.toDouble();
    const qint64 integer = value.toInteger();
    if (!std::isfinite(number) || std::trunc(number) != number || static_cast<double>(integer) != number)
        return outOfRange(name, min, max);
    if (integer < min || integer > max)
        return outOfRange(name, min, max);
    return std::optional<qint64>(integer);
}

Field<std::optional<Money>> moneyValue(const QJsonValue &value, const QString &name, const QString &currency)
{
    if (value.isUndefined() || value.isNull())
        return std::optional<Money>();
    if (!value.isString())
        return notMoney(name);
    const QString text = value.toString().trimmed();
    const std::optional<Money> money = Money::parseDecimal(text, currency);
    if (!money || money->isNegative())
        return notMoney(name);
    return std::optional<Money>(*money);
}

} // namespace

Field<QString> requiredString(const QJsonObject &body, const QString &name, qsizetype maxLength, TextForm form)
{
    const Field<std::optional<QString>> value = stringValue(body.value(name), name, maxLength, form);
    if (!value)
        return value.error();
    if (!value.value())
        return missing(name);
    return *value.value();
}

Field<std::optional<QString>> optionalString(const QJsonObject &body, const QString &name, qsizetype maxLength,
                                             TextForm form)
{
    return stringValue(body.value(name), name, maxLength, form);
}

Field<qint64> requiredInt64(const QJsonObject &body, const QString &name, qint64 min, qint64 max)
{
    const Field<std::optional<qint64>> value = integerValue(body.value(name), name, min, max);
    if (!value)
        return value.error();
    if (!value.value())
        return missing(name);
    return *value.value();
}

Field<std::optional<qint64>> optionalInt64(const QJsonObject &body, const QString &name, qint64 min, qint64 max)
{
    return integerValue(body.value(name), name, min, max);
}

Field<bool> requiredBool(const QJsonObject &body, const QString &name)
{
    const Field<std::optional<bool>> value = optionalBool(body, name);
    if (!value)
        return value.error();
    if (!value.value())
        return missing(name);
    return *value.value();
}

Field<std::optional<bool>> optionalBool(const QJsonObject &body, const QString &name)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<bool>();
    if (!value.isBool())
        return badField(QCoreApplication::translate("ApiJson", "The field \"%1\" must be true or false.").arg(name));
    return std::optional<bool>(value.toBool());
}

Field<Money> requiredMoney(const QJsonObject &body, const QString &name, const QString &currency)
{
    const Field<std::optional<Money>> value = moneyValue(body.value(name), name, currency);
    if (!value)
        return value.error();
    if (!value.value())
        return missing(name);
    return *value.value();
}

Field<std::optional<Money>> optionalMoney(const QJsonObject &body, const QString &name, const QString &currency)
{
    return moneyValue(body.value(name), name, currency);
}

Field<qint64> queryInt(const QUrlQuery &query, const QString &name, qint64 defaultValue, qint64 min, qint64 max)
{
    const QString text = query.queryItemValue(name, QUrl::FullyDecoded).trimmed();
    if (text.isEmpty())
        return defaultValue;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return badField(QCoreApplication::translate("ApiJson", "The parameter \"%1\" must be a whole number from %2 to %3.")
                            .arg(name)
                            .arg(min)
                            .arg(max));
    return value;
}

Field<std::optional<QString>> queryString(const QUrlQuery &query, const QString &name, qsizetype maxLength)
{
    const QString text = query.queryItemValue(name, QUrl::FullyDecoded).trimmed();
    if (text.size() > maxLength)
        return badField(QCoreApplication::translate("ApiJson", "The parameter \"%1\" must be at most %2 characters long.")
                            .arg(name)
                            .arg(maxLength));
    if (text.isEmpty())
        return std::optional<QString>();
    return std::optional<QString>(text);
}

Field<std::optional<Money>> queryMoney(const QUrlQuery &query, const QString &name, const QString &currency)
{
    const QString text = query.queryItemValue(name, QUrl::FullyDecoded).trimmed();
    if (text.isEmpty())
        return std::optional<Money>();
    const std::optional<Money> money = Money::parseDecimal(text, currency);
    if (!money || money->isNegative())
        return badField(QCoreApplication::translate("ApiJson", "The parameter \"%1\" must be an amount such as 12.34.")
                            .arg(name));
    return std::optional<Money>(*money);
}

Field<std::optional<bool>> queryBool(const QUrlQuery &query, const QString &name)
{
    const QString text = query.queryItemValue(name, QUrl::FullyDecoded).trimmed().toLower();
    if (text.isEmpty())
        return std::optional<bool>();
    if (text == u"true"_s || text == u"1"_s)
        return std::optional<bool>(true);
    if (text == u"false"_s || text == u"0"_s)
        return std::optional<bool>(false);
    return badField(QCoreApplication::translate("ApiJson", "The parameter \"%1\" must be true or false.").arg(name));
}

QJsonValue moneyJson(const Money &money)
{
    if (!money.isValid())
        return QJsonValue(QJsonValue::Null);
    return money.toDecimalString();
}

QJsonValue dateTimeJson(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return QJsonValue(QJsonValue::Null);
    return dateTime.toUTC().toString(Qt::ISODate);
}

QFuture<ApiReply> replyNow(ApiReply reply)
{
    return QtFuture::makeReadyFuture(std::move(reply));
}

} // namespace sk::api
