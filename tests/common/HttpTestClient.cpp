#include "HttpTestClient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sk::test {

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpTestClient::HttpTestClient(quint16 port, const QString &host)
    : m_baseUrl(u"http://%1:%2"_s.arg(host).arg(port))
{
}

void HttpTestClient::setHeader(const QByteArray &name, const QByteArray &value)
{
    m_headers.append({name, value});
}

HttpReply HttpTestClient::request(const QByteArray &method, const QString &path, const QJsonValue &body,
                                  const QByteArray &token)
{
    if (body.isUndefined())
        return send(method, path, {}, false, token, {});
    QByteArray bytes;
    if (body.isObject())
        bytes = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    else if (body.isArray())
        bytes = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    else
        bytes = QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact).chopped(1).sliced(1);
    return send(method, path, bytes, true, token, "application/json");
}

HttpReply HttpTestClient::request(const QByteArray &method, const QString &path, const QByteArray &rawBody,
                                  const QByteArray &token, const QByteArray &contentType)
{
    return send(method, path, rawBody, true, token, contentType);
}

HttpReply HttpTestClient::send(const QByteArray &method, const QString &path, const QByteArray &body, bool hasBody,
                               const QByteArray &token, const QByteArray &contentType)
{
    QNetworkRequest request(QUrl(m_baseUrl + path));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    for (const auto &[name, value] : m_headers)
        request.setRawHeader(name, value);

    QNetworkReply *reply = hasBody ? m_network.sendCustomRequest(request, method, body)
                                   : m_network.sendCustomRequest(request, method);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(m_timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    HttpReply answer;
    if (!reply->isFinished()) {
        reply->abort();
        answer.error = u"No answer within %1 ms"_s.arg(m_timeoutMs);
        reply->deleteLater();
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    if (answer.status == 0)
        answer.error = reply->errorString();
    QJsonParseError parseError;
    const QByteArray wrapped = "[" + answer.body + "]";
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.array().size() == 1)
        answer.json = document.array().at(0);
    reply->deleteLater();
    return answer;
}

} // namespace sk::test
