#include "SimHttpRequest.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace sk::sim {

namespace {

constexpr qsizetype MaxHeaderBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

} // namespace

SimParseState simTakeRequest(QByteArray &buffer, SimHttpRequest &request)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return buffer.size() > MaxHeaderBytes ? SimParseState::Malformed : SimParseState::NeedMore;

    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return SimParseState::Malformed;

    SimHttpRequest parsed;
    parsed.method = requestLine.at(0);
    const QUrl target(QString::fromLatin1(requestLine.at(1)));
    if (!target.isValid())
        return SimParseState::Malformed;
    parsed.path = target.path();
    parsed.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return SimParseState::Malformed;
        parsed.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    parsed.keepAlive = requestLine.at(2) == "HTTP/1.1"
        ? parsed.header("connection").toLower() != "close"
        : parsed.header("connection").toLower() == "keep-alive";

    bool validLength = true;
    const QByteArray lengthHeader = parsed.header("content-length");
    const qint64 length = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&validLength);
    if (!validLength || length < 0 || length > MaxBodyBytes || !parsed.header("transfer-encoding").isEmpty())
        return SimParseState::Malformed;
    const qsizetype bodyStart = headerEnd + 4;
    if (buffer.size() - bodyStart < length)
        return SimParseState::NeedMore;
    parsed.body = buffer.mid(bodyStart, length);
    buffer.remove(0, bodyStart + length);
    request = std::move(parsed);
    return SimParseState::Ready;
}

QByteArray simHttpResponse(int status, const QByteArray &jsonBody, bool keepAlive)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: application/json\r\n";
    response += "Content-Length: " + QByteArray::number(jsonBody.size()) + "\r\n";
    response += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    response += "\r\n";
    response += jsonBody;
    return response;
}

} // namespace sk::sim
