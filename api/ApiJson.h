#pragma once

#include "ApiTypes.h"
#include "core/Money.h"
#include "core/Result.h"

#include <QFuture>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrlQuery>
#include <QtCore/qfuture.h>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

// Field validation for route handlers: each helper returns the value or a
// 400 ApiReply whose sentence names the field, so a handler reads
//
//     const auto email = requiredString(call.body, u"email"_s, 254);
//     if (!email)
//         return replyNow(email.error());
//
// JSON numbers must be integral and in range (a number written as a string
// is refused, and so is a string written as a number); money travels as a
// decimal string ("12.34") in both directions, never as a double.
namespace sk::api {

template<typename T>
class Field {
public:
    Field(T value) : m_state(std::move(value)) {}
    Field(ApiReply error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_state); }
    const T &operator*() const { return std::get<T>(m_state); }
    const T *operator->() const { return &std::get<T>(m_state); }
    const ApiReply &error() const { return std::get<ApiReply>(m_state); }

private:
    std::variant<T, ApiReply> m_state;
};

// Strings are trimmed unless Exact (passwords); an empty string counts as
// missing for required ones.
enum class TextForm { Trimmed, Exact };
Field<QString> requiredString(const QJsonObject &body, const QString &name, qsizetype maxLength,
                              TextForm form = TextForm::Trimmed);
// Absent or null: nullopt. Empty after trimming: nullopt as well.
Field<std::optional<QString>> optionalString(const QJsonObject &body, const QString &name, qsizetype maxLength,
                                             TextForm form = TextForm::Trimmed);
Field<qint64> requiredInt64(const QJsonObject &body, const QString &name, qint64 min, qint64 max);
Field<std::optional<qint64>> optionalInt64(const QJsonObject &body, const QString &name, qint64 min, qint64 max);
Field<bool> requiredBool(const QJsonObject &body, const QString &name);
Field<std::optional<bool>> optionalBool(const QJsonObject &body, const QString &name);
// A decimal string in the shop's currency ("12.34", at most its minor-unit
// digits), never a JSON number.
Field<Money> requiredMoney(const QJsonObject &body, const QString &name, const QString &currency);
Field<std::optional<Money>> optionalMoney(const QJsonObject &body, const QString &name, const QString &currency);

// Query parameters: absent or empty gives the default.
Field<qint64> queryInt(const QUrlQuery &query, const QString &name, qint64 defaultValue, qint64 min, qint64 max);
Field<std::optional<QString>> queryString(const QUrlQuery &query, const QString &name, qsizetype maxLength);
Field<std::optional<Money>> queryMoney(const QUrlQuery &query, const QString &name,
                                       const QString &currency = QStringLiteral("USD"));
// "true"/"false"/"1"/"0".
Field<std::optional<bool>> queryBool(const QUrlQuery &query, const QString &name);

// Money in JSON: its decimal string, "12.34" (Money::toDecimalString).
QJsonValue moneyJson(const Money &money);
// A timestamp in JSON: ISO 8601 in UTC with a Z, or null.
QJsonValue dateTimeJson(const QDateTime &dateTime);

// An answer that is known already (an early validation error).
QFuture<ApiReply> replyNow(ApiReply reply);

// A service call's future turned into a reply: a failed Result becomes
// ApiReply::fromError, a value goes through map (T → ApiReply; for Status,
// map takes no argument). Runs on whichever thread finishes the call; the
// server writes the reply on its own thread.
template<typename T, typename Map>
QFuture<ApiReply> replyFrom(QFuture<Result<T>> future, Map map)
{
    return future.then(QtFuture::Launch::Sync, [map = std::move(map)](const Result<T> &result) -> ApiReply {
        if (!result.ok())
            return ApiReply::fromError(result.error());
        if constexpr (std::is_void_v<T>)
            return map();
        else
            return map(result.value());
    });
}

} // namespace sk::api
