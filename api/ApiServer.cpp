#include "ApiServer.h"

#include "OpenApi.h"
#include "RateLimiter.h"
#include "auth/AccessTokens.h"
#include "db/Database.h"

#include <QAbstractHttpServer>
#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtCore/qfuture.h>
#include <exception>

using namespace Qt::StringLiterals;

namespace sk::api {

namespace {

// Marks a connection whose request was refused before its body was read.
constexpr char kRefusedProperty[] = "storekeeperRefused";
// A refused body is read and dropped up to this many times the limit, so the
// client gets to read the 413; beyond that the connection is simply closed.
constexpr qint64 kDrainFactor = 64;
constexpr int kBurstFactor = 2;
constexpr int kSecondsPerMinute = 60;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// Every answer is JSON with its length, so the connection stays open for
// the client's next request unless it asked to close.
void writeReply(QTcpSocket *socket, const ApiReply &reply, const Headers &headers, bool closeAfter)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray body;
    if (reply.body.isObject())
        body = QJsonDocument(reply.body.toObject()).toJson(QJsonDocument::Compact);
    else if (reply.body.isArray())
        body = QJsonDocument(reply.body.toArray()).toJson(QJsonDocument::Compact);
    else if (!reply.body.isUndefined() && !reply.body.isNull())
        body = QJsonDocument(QJsonArray{reply.body}).toJson(QJsonDocument::Compact).chopped(1).sliced(1);
    else
        body = "null";
    QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (closeAfter)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    socket->write(out);
    if (closeAfter)
        socket->disconnectFromHost();
}

ApiReply internalError()
{
    return ApiReply::error(500, QCoreApplication::translate(
                                    "ApiServer", "The shop could not answer this request. Please try again later."));
}

ApiReply tooLarge(qint64 limit)
{
    return ApiReply::error(413, QCoreApplication::translate("ApiServer",
                                                            "The request body is too large: send at most %1 bytes.")
                                    .arg(limit));
}

std::optional<Method> methodOf(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return Method::Get;
    case QHttpServerRequest::Method::Post:
        return Method::Post;
    case QHttpServerRequest::Method::Put:
        return Method::Put;
    case QHttpServerRequest::Method::Delete:
        return Method::Delete;
    default:
        return std::nullopt;
    }
}

// The declared Content-Length of the request whose headers start the
// socket's unread bytes, or -1 when the headers are not all there yet.
qint64 declaredLength(QTcpSocket *socket)
{
    const QByteArray head = socket->peek(16 * 1024);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    const QList<QByteArray> lines = head.first(end).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || line.first(colon).trimmed().toLower() != "content-length")
            continue;
        bool ok = false;
        const qint64 length = line.sliced(colon + 1).trimmed().toLongLong(&ok);
        return ok ? length : -1;
    }
    return 0;
}

} // namespace

// The listening socket: it looks at each request's headers before Qt
// HttpServer reads the body, so an oversized body is refused from its
// Content-Length without being buffered.
class GuardedTcpServer : public QTcpServer {
public:
    GuardedTcpServer(qint64 maxBodyBytes, QObject *parent) : QTcpServer(parent), m_maxBodyBytes(maxBodyBytes) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        // Connected before Qt HttpServer's own slot, so it runs first.
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { inspect(socket); });
        addPendingConnection(socket);
    }

private:
    void inspect(QTcpSocket *socket)
    {
        // An open transaction means Qt is in the middle of a request whose
        // headers were already inspected; only a request's start is checked.
        if (socket->property(kRefusedProperty).toBool() || socket->isTransactionStarted())
            return;
        const qint64 length = declaredLength(socket);
        if (length <= m_maxBodyBytes)
            return;
        socket->setProperty(kRefusedProperty, true);
        disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
        const QByteArray head = socket->peek(16 * 1024);
        const qint64 headLength = head.indexOf("\r\n\r\n") + 4;
        const bool closeAfter = true;
        if (length > m_maxBodyBytes * kDrainFactor) {
            writeReply(socket, tooLarge(m_maxBodyBytes), {}, closeAfter);
            return;
        }
        auto remaining = std::make_shared<qint64>(headLength + length);
        const auto drain = [this, socket, remaining] {
            *remaining -= socket->read(std::min<qint64>(*remaining, socket->bytesAvailable())).size();
            if (*remaining <= 0) {
                disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
                writeReply(socket, tooLarge(m_maxBodyBytes), {}, true);
            }
        };
        connect(socket, &QTcpSocket::readyRead, socket, drain);
        drain();
    }

    qint64 m_maxBodyBytes;
};

class ApiHttpServer : public QAbstractHttpServer {
public:
    explicit ApiHttpServer(ApiServer *owner) : m_owner(owner) {}

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_owner->dispatch(request, socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *socket) override
    {
        writeReply(socket, ApiReply::error(404, QCoreApplication::translate("ApiServer", "There is nothing at this address.")),
                   {}, false);
    }

private:
    ApiServer *m_owner;
};

ApiServer::ApiServer(ApiServices services, ApiLimits limits, QObject *parent)
    : QObject(parent),
      m_services(std::move(services)),
      m_limits(limits),
      m_http(std::make_unique<ApiHttpServer>(this)),
      m_rateLimiter(std::make_unique<RateLimiter>(limits.requestsPerSecond, limits.requestsPerSecond * kBurstFactor)),
      m_tokens(std::make_shared<AccessTokens>())
{
    m_tokens->setLifetimeSeconds(qint64(m_limits.tokenLifetimeMinutes) * kSecondsPerMinute);
    registerAuthRoutes(m_router, m_services, m_tokens);
    registerCatalogRoutes(m_router, m_services);
    registerCartRoutes(m_router, m_services);
    registerOrderRoutes(m_router, m_services);
    registerReviewRoutes(m_router, m_services);
    registerOpenApiRoute(m_router);
}

ApiServer::~ApiServer() = default;

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_tokens->hasSecret()) {
        Result<QByteArray> secret = Database::wait(AccessTokens::loadOrCreateSecret(m_services.database));
        if (!secret)
            return secret.error();
        m_tokens->setSecret(secret.value());
    }
    auto *tcp = new GuardedTcpServer(m_limits.maxBodyBytes, m_http.get());
    if (!tcp->listen(address, port)) {
        const QString reason = tcp->errorString();
        delete tcp;
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("ApiServer",
                                                       "Cannot listen on %1 port %2: %3. Choose another port or address.")
                               .arg(address.toString())
                               .arg(port)
                               .arg(reason));
    }
    m_http->bind(tcp);
    return tcp->serverPort();
}

void ApiServer::close()
{
    for (QTcpServer *server : m_http->servers())
        server->close();
}

void ApiServer::dispatch(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (socket->property(kRefusedProperty).toBool())
        return;
    const bool closeAfter = request.value("connection").trimmed().toLower() == "close";
    const QString clientAddress = request.remoteAddress().toString();

    if (request.body().size() > m_limits.maxBodyBytes) {
        writeReply(socket, tooLarge(m_limits.maxBodyBytes), {}, true);
        return;
    }
    if (const RateLimiter::Decision decision = m_rateLimiter->take(clientAddress); !decision.allowed) {
        writeReply(socket,
                   ApiReply::error(429, QCoreApplication::translate(
                                            "ApiServer", "Too many requests: wait %n second(s) and try again.", nullptr,
                                            decision.retryAfterSeconds)),
                   {{"Retry-After", QByteArray::number(decision.retryAfterSeconds)}}, closeAfter);
        return;
    }

    const QString path = request.url().path();
    const std::optional<Method> method = methodOf(request.method());
    const ApiRouter::Match match = m_router.match(method.value_or(Method::Get), path);
    if (!match.pathKnown) {
        writeReply(socket, ApiReply::error(404, QCoreApplication::translate("ApiServer", "There is nothing at this address.")),
                   {}, closeAfter);
        return;
    }
    if (!method || !match.handler) {
        writeReply(socket,
                   ApiReply::error(405, QCoreApplication::translate("ApiServer",
                                                                    "This address does not take this method.")),
                   {}, closeAfter);
        return;
    }

    ApiCall call;
    call.method = *method;
    call.path = path;
    call.query = request.query();
    call.ids = match.ids;
    call.clientAddress = clientAddress;
    if (*method == Method::Post || *method == Method::Put) {
        const QByteArray body = request.body();
        if (!body.trimmed().isEmpty()) {
            const QByteArray contentType = request.value("content-type").trimmed().toLower();
            if (!contentType.startsWith("application/json")) {
                writeReply(socket,
                           ApiReply::error(400, QCoreApplication::translate(
                                                    "ApiServer", "Send the body as JSON, with the header "
                                                                 "\"Content-Type: application/json\".")),
                           {}, closeAfter);
                return;
            }
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
            if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
                writeReply(socket,
                           ApiReply::error(400, QCoreApplication::translate(
                                                    "ApiServer", "The body must be one JSON object, such as "
                                                                 "{\"email\": \"...\"}. Check its syntax.")),
                           {}, closeAfter);
                return;
            }
            call.body = document.object();
        }
    }

    const ApiHandler &handler = *match.handler;
    if (match.access == Access::Public) {
        runHandler(handler, call, socket, closeAfter);
        return;
    }

    const QByteArray authorization = request.value("authorization").trimmed();
    const qsizetype space = authorization.indexOf(' ');
    const bool bearer = space > 0 && authorization.first(space).toLower() == "bearer";
    const Result<TokenClaims> claims =
        bearer ? m_tokens->verify(authorization.sliced(space + 1).trimmed())
               : Result<TokenClaims>(Error::make(
                     ErrorCode::Unauthenticated,
                     QCoreApplication::translate("ApiServer", "Sign in first and send the access token in the header "
                                                              "\"Authorization: Bearer TOKEN\".")));
    const Headers challenge{{"WWW-Authenticate", "Bearer"}};
    if (!claims) {
        writeReply(socket, ApiReply::error(401, claims.error().message), challenge, closeAfter);
        return;
    }
    QPointer<QTcpSocket> guarded = socket;
    const TokenClaims tokenClaims = claims.value();
    QFuture<Result<Session>> session = m_services.database->read(
        [tokenClaims](Connection &connection) { return AccessTokens::sessionInTransaction(connection, tokenClaims); });
    session
        .then(this,
              [this, &handler, call, guarded, closeAfter, challenge](const Result<Session> &found) mutable {
                  if (!guarded)
                      return;
                  if (!found) {
                      const ApiReply reply = found.error().code == ErrorCode::Unauthenticated
                                                 ? ApiReply::error(401, found.error().message)
                                                 : ApiReply::fromError(found.error());
                      if (reply.status == 500)
                          qWarning("API: session lookup failed: %s", qPrintable(found.error().details));
                      writeReply(guarded, reply, reply.status == 401 ? challenge : Headers{}, closeAfter);
                      return;
                  }
                  call.session = found.value();
                  runHandler(handler, call, guarded, closeAfter);
              })
        .onCanceled(this, [guarded, closeAfter] { writeReply(guarded, internalError(), {}, closeAfter); });
}

void ApiServer::runHandler(const ApiHandler &handler, const ApiCall &call, QTcpSocket *socket, bool closeAfter)
{
    QPointer<QTcpSocket> guarded = socket;
    const QString what = methodName(call.method) + u' ' + call.path;
    QFuture<ApiReply> reply;
    try {
        reply = handler(call);
    } catch (const std::exception &exception) {
        qWarning("API: %s failed: %s", qPrintable(what), exception.what());
        writeReply(guarded, internalError(), {}, closeAfter);
        return;
    } catch (...) {
        qWarning("API: %s failed with an unknown exception", qPrintable(what));
        writeReply(guarded, internalError(), {}, closeAfter);
        return;
    }
    // The handler's future finishes on a database worker; the answer is
    // written here, on the server's thread, which owns the socket.
    reply
        .then(this,
              [guarded, closeAfter, what](QFuture<ApiReply> finished) {
                  ApiReply answer = internalError();
                  try {
                      if (finished.resultCount() > 0)
                          answer = finished.result();
                      else
                          qWarning("API: %s gave no answer", qPrintable(what));
                  } catch (const std::exception &exception) {
                      qWarning("API: %s failed: %s", qPrintable(what), exception.what());
                  } catch (...) {
                      qWarning("API: %s failed with an unknown exception", qPrintable(what));
                  }
                  if (answer.status >= 500)
                      qWarning("API: %s answered %d", qPrintable(what), answer.status);
                  writeReply(guarded, answer, {}, closeAfter);
              })
        .onCanceled(this, [guarded, closeAfter, what] {
            qWarning("API: %s gave no answer", qPrintable(what));
            writeReply(guarded, internalError(), {}, closeAfter);
        });
}

} // namespace sk::api
