#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QNetworkAccessManager>
#include <QString>
#include <utility>

namespace sk::test {

// One answer as the client saw it.
struct HttpReply {
    int status = 0;                 // 0 when no answer came (see error)
    QJsonValue json;                // the body parsed, undefined when it is not JSON
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QString error;                  // transport problem or timeout; empty otherwise

    QJsonObject object() const { return json.toObject(); }
    QJsonArray array() const { return json.toArray(); }
    // Case-insensitive; empty when absent.
    QByteArray header(const QByteArray &name) const;
    // The error sentence of an API error ({"detail": ...}).
    QString detail() const { return object().value(QStringLiteral("detail")).toString(); }
};

// A small HTTP client for the API tests: real requests over loopback that
// look synchronous. Each call runs an event loop until the answer is in (the
// server may live on the same thread) or the timeout passes. Connections
// are kept alive between calls, as real clients do.
class HttpTestClient {
public:
    explicit HttpTestClient(quint16 port, const QString &host = QStringLiteral("127.0.0.1"));

    // method: "GET", "POST", "PUT", "DELETE" (any verb); path with its query.
    // A JSON body is sent as application/json; an undefined one sends none.
    HttpReply request(const QByteArray &method, const QString &path, const QJsonValue &body = QJsonValue::Undefined,
                      const QByteArray &token = {});
    // A raw body with the given Content-Type (empty: no such header).
    HttpReply request(const QByteArray &method, const QString &path, const QByteArray &rawBody,
                      const QByteArray &token, const QByteArray &contentType = "application/json");

    HttpReply get(const QString &path, const QByteArray &token = {}) { return request("GET", path, QJsonValue::Undefined, token); }
    HttpReply post(const QString &path, const QJsonValue &body, const QByteArray &token = {}) { return request("POST", path, body, token); }
    HttpReply put(const QString &path, const QJsonValue &body, const QByteArray &token = {}) { return request("PUT", path, body, token); }
    HttpReply del(const QString &path, const QByteArray &token = {}) { return request("DELETE", path, QJsonValue::Undefined, token); }

    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    // Extra headers for every following request.
    void setHeader(const QByteArray &name, const QByteArray &value);

    QString baseUrl() const { return m_baseUrl; }

private:
    HttpReply send(const QByteArray &method, const QString &path, const QByteArray &body, bool hasBody,
                   const QByteArray &token, const QByteArray &contentType);

    QString m_baseUrl;
    int m_timeoutMs = 10'000;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    QNetworkAccessManager m_network;
};

} // namespace sk::test
