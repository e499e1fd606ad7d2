#include "payments/GatewayClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <QCoroNetworkReply>
#include <QCoroTimer>

#include <cmath>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// The largest integer a JSON number (a double) holds exactly.
constexpr double MaxExactJsonInteger = 9007199254740992.0;
constexpr int HttpOk = 200;
constexpr int HttpMultipleChoices = 300;
constexpr int HttpBadRequest = 400;
constexpr int HttpUnauthorized = 401;
constexpr int HttpNotFound = 404;
constexpr int HttpConflict = 409;
constexpr int HttpRequestTimeout = 408;
constexpr int HttpTooManyRequests = 429;
constexpr int HttpServerError = 500;

// Why an attempt got no usable answer; the last one decides what the clerk reads.
enum class Failure { NoAnswer, Unreachable, ServerError, Malformed };

// A problem with an answer's content, or nothing when it can be trusted.
using AnswerCheck = std::function<QString(const QJsonObject &)>;

Error failureError(Failure failure, const QString &details)
{
    switch (failure) {
    case Failure::NoAnswer:
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("GatewayClient", "The payment service did not answer in time. Press Retry to ask again: the card will not be charged twice."),
                           details);
    case Failure::Unreachable:
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("GatewayClient", "The payment service cannot be reached. Check the network, or take cash."),
                           details);
    case Failure::ServerError:
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("GatewayClient", "The payment service is not working at the moment. Press Retry in a minute, or take cash."),
                           details);
    case Failure::Malformed:
        break;
    }
    return Error::make(ErrorCode::Unavailable,
                       QCoreApplication::translate("GatewayClient", "The payment service sent an answer Storekeeper does not understand. Press Retry; if it happens again, take another way to pay."),
                       details);
}

Failure classify(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        return Failure::Unreachable;
    default:
        // Timed out, closed by the other side, cancelled: the gateway may
        // have received the request, so it is asked again with the same key.
        return Failure::NoAnswer;
    }
}

// The gateway's own words, for an error's details.
QString gatewayMessage(const QJsonObject &body, const QByteArray &raw)
{
    const QJsonObject error = body.value(u"error"_s).toObject();
    const QString message = error.value(u"message"_s).toString();
    if (!message.isEmpty())
        return error.value(u"code"_s).toString() + u": "_s + message;
    return QString::fromUtf8(raw.left(500));
}

Error refusal(int status, const QString &details)
{
    switch (status) {
    case HttpUnauthorized:
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("GatewayClient", "The payment service refused Storekeeper's API key. Ask an administrator to check the gateway settings."),
                           details);
    case HttpConflict:
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("GatewayClient", "The payment service has already received this payment with another amount. Start the card payment again."),
                           details);
    default:
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("GatewayClient", "The payment service refused the request. Take another way to pay, and ask an administrator to check the gateway settings."),
                           details);
    }
}

Error notFound()
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("GatewayClient", "The payment service does not know this payment."));
}

QUrl endpoint(const GatewaySettings &settings, const QString &path, const QUrlQuery &query)
{
    QUrl url = settings.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);
    return url;
}

// One call: the request, retried with backoff on no answer, a refused
// connection, 5xx and answers that fail `check`, always with the same
// Idempotency-Key. A 2xx JSON object passes; 404 is NotFound; other 4xx are
// final refusals.
QCoro::Task<Result<QJsonObject>> exchange(QNetworkAccessManager *network, GatewaySettings settings, QByteArray method,
                                          QString path, QUrlQuery query, QString idempotencyKey, QByteArray body,
                                          AnswerCheck check)
{
    if (settings.baseUrl.isEmpty() || !settings.baseUrl.isValid() || settings.baseUrl.host().isEmpty())
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("GatewayClient", "No payment service is set up. Ask an administrator to enter the gateway's address in Settings, or take cash."));

    const int attempts = qMax(1, settings.maxAttempts);
    std::chrono::milliseconds backoff = settings.firstBackoff;
    Failure lastFailure = Failure::Unreachable;
    QString lastDetails;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        if (attempt > 1) {
            QCoro::Task<> pause = QCoro::sleepFor(backoff);
            co_await pause;
            backoff *= 2;
        }
        QNetworkRequest request(endpoint(settings, path, query));
        request.setTransferTimeout(static_cast<int>(settings.requestTimeout.count()));
        // A redirected POST would arrive as a GET elsewhere: a 3xx is an answer
        // Storekeeper does not understand, never followed.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setRawHeader("Authorization", "Bearer " + settings.apiKey.toUtf8());
        request.setRawHeader("Accept", "application/json");
        if (!idempotencyKey.isEmpty())
            request.setRawHeader("Idempotency-Key", idempotencyKey.toUtf8());
        QNetworkReply *sent = nullptr;
        if (method == "POST") {
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            sent = network->post(request, body);
        } else {
            sent = network->get(request);
        }
        std::unique_ptr<QNetworkReply, void (*)(QNetworkReply *)> reply(sent, [](QNetworkReply *r) { r->deleteLater(); });
        QNetworkReply *answered = sent;
        co_await answered;

        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // A reply aborted by its timeout is closed; reading it would only warn.
        const QByteArray raw = reply->isOpen() ? reply->readAll() : QByteArray();
        if (status == 0) {
            lastFailure = classify(reply->error());
            lastDetails = reply->errorString();
            continue;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(raw, &parseError);
        const QJsonObject object = document.object();
        if (status >= HttpServerError || status == HttpRequestTimeout || status == HttpTooManyRequests) {
            lastFailure = Failure::ServerError;
            lastDetails = u"HTTP %1 %2"_s.arg(status).arg(gatewayMessage(object, raw));
            continue;
        }
        if (status == HttpNotFound)
            co_return notFound();
        if (status >= HttpBadRequest)
            co_return refusal(status, u"HTTP %1 %2"_s.arg(status).arg(gatewayMessage(object, raw)));
        if (status < HttpOk || status >= HttpMultipleChoices || !document.isObject()) {
            lastFailure = Failure::Malformed;
            lastDetails = u"HTTP %1: %2"_s.arg(status).arg(QString::fromUtf8(raw.left(500)));
            continue;
        }
        if (const QString problem = check ? check(object) : QString(); !problem.isEmpty()) {
            lastFailure = Failure::Malformed;
            lastDetails = problem + u": "_s + QString::fromUtf8(raw.left(500));
            continue;
        }
        co_return object;
    }
    co_return failureError(lastFailure, lastDetails);
}

std::optional<qint64> jsonInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (std::fabs(number) > MaxExactJsonInteger || std::floor(number) != number)
        return std::nullopt;
    return static_cast<qint64>(number);
}

bool isLast4(const QString &text)
{
    if (text.size() != 4)
        return false;
    for (QChar c : text)
        if (!c.isDigit())
            return false;
    return true;
}

enum class Kind { Payment, Refund };

// Checks an answer about a payment or a refund; an empty string when it can
// be trusted. `expected` (when valid) is the amount that was asked for.
QString answerProblem(const QJsonObject &object, Kind kind, const QString &idempotencyKey, const Money &expected)
{
    if (object.value(u"id"_s).toString().isEmpty())
        return u"no id"_s;
    const QString status = object.value(u"status"_s).toString();
    const QStringList statuses = kind == Kind::Payment ? QStringList{u"approved"_s, u"declined"_s, u"pending"_s}
                                                       : QStringList{u"succeeded"_s, u"failed"_s, u"pending"_s};
    if (!statuses.contains(status))
        return u"unknown status"_s;
    const std::optional<qint64> amount = jsonInteger(object.value(u"amount"_s));
    if (!amount || *amount <= 0)
        return u"no amount"_s;
    const QString currency = object.value(u"currency"_s).toString();
    if (!Money::isValidCurrencyCode(currency))
        return u"no currency"_s;
    if (expected.isValid() && (*amount != expected.minorUnits() || currency != expected.currency()))
        return u"another amount"_s;
    // A key in the answer must be ours: anything else belongs to another request.
    const QJsonValue key = object.value(u"idempotency_key"_s);
    if (!idempotencyKey.isEmpty() && !key.isUndefined() && key.toString() != idempotencyKey)
        return u"another idempotency key"_s;
    const QJsonValue card = object.value(u"card"_s);
    if (!card.isUndefined() && !card.isNull()) {
        if (!card.isObject())
            return u"card is not an object"_s;
        const QString last4 = card.toObject().value(u"last4"_s).toString();
        if (!last4.isEmpty() && !isLast4(last4))
            return u"last4 is not four digits"_s;
    }
    return {};
}

GatewayPayment toGatewayPayment(const QJsonObject &object, Kind kind)
{
    GatewayPayment payment;
    const QString status = object.value(u"status"_s).toString();
    if (status == u"approved"_s || status == u"succeeded"_s)
        payment.outcome = GatewayOutcome::Approved;
    else if (status == u"declined"_s || status == u"failed"_s)
        payment.outcome = GatewayOutcome::Declined;
    else
        payment.outcome = GatewayOutcome::Pending;
    payment.reference = object.value(u"id"_s).toString();
    payment.amount = Money(*jsonInteger(object.value(u"amount"_s)), object.value(u"currency"_s).toString());
    const QJsonObject card = object.value(u"card"_s).toObject();
    payment.cardBrand = card.value(u"brand"_s).toString();
    payment.cardLast4 = card.value(u"last4"_s).toString();
    payment.declineReason = object.value(kind == Kind::Payment ? u"decline_reason"_s : u"failure_reason"_s).toString();
    return payment;
}

QString pathSegment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

// Asks again while the answer is pending, up to the poll limit; then the
// last (pending) answer stands.
QCoro::Task<Result<GatewayPayment>> settle(QNetworkAccessManager *network, GatewaySettings settings, Kind kind,
                                           GatewayPayment payment, QString idempotencyKey, Money expected)
{
    QElapsedTimer waited;
    waited.start();
    while (payment.outcome == GatewayOutcome::Pending
           && waited.elapsed() + settings.pendingPollInterval.count() <= settings.pendingPollLimit.count()) {
        QCoro::Task<> pause = QCoro::sleepFor(settings.pendingPollInterval);
        co_await pause;
        const QString path = (kind == Kind::Payment ? u"/v1/payments/"_s : u"/v1/refunds/"_s) + pathSegment(payment.reference);
        AnswerCheck check = [kind, idempotencyKey, expected](const QJsonObject &object) {
            return answerProblem(object, kind, idempotencyKey, expected);
        };
        QCoro::Task<Result<QJsonObject>> polling = exchange(network, settings, "GET", path, {}, {}, {}, check);
        Result<QJsonObject> answer = co_await polling;
        if (!answer)
            co_return answer.error();
        payment = toGatewayPayment(answer.value(), kind);
    }
    co_return payment;
}

} // namespace

GatewayClient::GatewayClient(GatewaySettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_network(new QNetworkAccessManager(this))
{
}

GatewayClient::~GatewayClient() = default;

QCoro::Task<Result<GatewayPayment>> GatewayClient::createPayment(QString idempotencyKey, Money amount, QString reference)
{
    if (!amount.isValid() || amount.minorUnits() <= 0 || amount.minorUnits() > MaxExactJsonInteger)
        co_return Error::make(ErrorCode::InvalidInput,
                              QCoreApplication::translate("GatewayClient", "A card payment must be for more than zero."));
    const QJsonObject body{{u"amount"_s, amount.minorUnits()},
                           {u"currency"_s, amount.currency()},
                           {u"terminal"_s, m_settings.terminalId},
                           {u"reference"_s, reference}};
    AnswerCheck check = [idempotencyKey, amount](const QJsonObject &object) {
        return answerProblem(object, Kind::Payment, idempotencyKey, amount);
    };
    QCoro::Task<Result<QJsonObject>> creating = exchange(m_network, m_settings, "POST", u"/v1/payments"_s, {}, idempotencyKey,
                                                         QJsonDocument(body).toJson(QJsonDocument::Compact), check);
    Result<QJsonObject> answer = co_await creating;
    if (!answer)
        co_return answer.error();
    QCoro::Task<Result<GatewayPayment>> settling =
        settle(m_network, m_settings, Kind::Payment, toGatewayPayment(answer.value(), Kind::Payment), idempotencyKey, amount);
    Result<GatewayPayment> settled = co_await settling;
    co_return settled;
}

QCoro::Task<Result<GatewayPayment>> GatewayClient::lookupPayment(QString idempotencyKey)
{
    QUrlQuery query;
    query.addQueryItem(u"idempotency_key"_s, QString::fromLatin1(QUrl::toPercentEncoding(idempotencyKey)));
    AnswerCheck check = [idempotencyKey](const QJsonObject &object) {
        return answerProblem(object, Kind::Payment, idempotencyKey, Money());
    };
    QCoro::Task<Result<QJsonObject>> looking = exchange(m_network, m_settings, "GET", u"/v1/payments"_s, query, {}, {}, check);
    Result<QJsonObject> answer = co_await looking;
    if (!answer) {
        if (answer.error().code == ErrorCode::NotFound) {
            GatewayPayment unknown;
            unknown.outcome = GatewayOutcome::NotFound;
            co_return unknown;
        }
        co_return answer.error();
    }
    co_return toGatewayPayment(answer.value(), Kind::Payment);
}

QCoro::Task<Result<GatewayPayment>> GatewayClient::refund(QString paymentReference, QString idempotencyKey, Money amount)
{
    if (!amount.isValid() || amount.minorUnits() <= 0 || amount.minorUnits() > MaxExactJsonInteger)
        co_return Error::make(ErrorCode::InvalidInput,
                              QCoreApplication::translate("GatewayClient", "A refund must be for more than zero."));
    if (paymentReference.isEmpty())
        co_return Error::make(ErrorCode::InvalidInput,
                              QCoreApplication::translate("GatewayClient", "This payment has no reference at the payment service, so it cannot be refunded there. Refund it in cash."));
    const QJsonObject body{{u"amount"_s, amount.minorUnits()}};
    // The refund's currency is the payment's, which the client does not
    // know here; the amount is checked.
    AnswerCheck check = [idempotencyKey, amount](const QJsonObject &object) {
        QString problem = answerProblem(object, Kind::Refund, idempotencyKey, Money());
        if (problem.isEmpty() && jsonInteger(object.value(u"amount"_s)) != amount.minorUnits())
            problem = u"another amount"_s;
        return problem;
    };
    QCoro::Task<Result<QJsonObject>> refunding =
        exchange(m_network, m_settings, "POST", u"/v1/payments/"_s + pathSegment(paymentReference) + u"/refunds"_s, {},
                 idempotencyKey, QJsonDocument(body).toJson(QJsonDocument::Compact), check);
    Result<QJsonObject> answer = co_await refunding;
    if (!answer)
        co_return answer.error();
    QCoro::Task<Result<GatewayPayment>> settling =
        settle(m_network, m_settings, Kind::Refund, toGatewayPayment(answer.value(), Kind::Refund), idempotencyKey, Money());
    Result<GatewayPayment> settled = co_await settling;
    co_return settled;
}

QCoro::Task<Result<GatewayPayment>> GatewayClient::lookupRefund(QString idempotencyKey)
{
    QUrlQuery query;
    query.addQueryItem(u"idempotency_key"_s, QString::fromLatin1(QUrl::toPercentEncoding(idempotencyKey)));
    AnswerCheck check = [idempotencyKey](const QJsonObject &object) {
        return answerProblem(object, Kind::Refund, idempotencyKey, Money());
    };
    QCoro::Task<Result<QJsonObject>> looking = exchange(m_network, m_settings, "GET", u"/v1/refunds"_s, query, {}, {}, check);
    Result<QJsonObject> answer = co_await looking;
    if (!answer) {
        if (answer.error().code == ErrorCode::NotFound) {
            GatewayPayment unknown;
            unknown.outcome = GatewayOutcome::NotFound;
            co_return unknown;
        }
        co_return answer.error();
    }
    co_return toGatewayPayment(answer.value(), Kind::Refund);
}

} // namespace sk
