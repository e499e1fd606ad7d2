#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrlQuery>
#include <optional>

namespace sk::sim {

// One HTTP/1.1 request as read off a connection. Header names are lower case.
struct SimHttpRequest {
    QByteArray method;
    QString path;          // decoded, without the query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
    bool keepAlive = true;

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

enum class SimParseState { NeedMore, Ready, Malformed };

// Takes the next request off the front of a connection's buffer (Ready: its
// bytes are consumed). Deliberately minimal (Content-Length bodies only, no
// chunked uploads): it only has to understand Qt's network stack and curl,
// and being raw lets the simulator misbehave.
SimParseState simTakeRequest(QByteArray &buffer, SimHttpRequest &request);

QByteArray simHttpResponse(int status, const QByteArray &jsonBody, bool keepAlive);

} // namespace sk::sim
