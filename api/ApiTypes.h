#pragma once

#include "auth/Session.h"
#include "core/Error.h"

#include <QFuture>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrlQuery>
#include <functional>

namespace sk::api {

// Who may call a route. Customer routes need a valid bearer token of an
// active account; the token's user becomes ApiCall::session and the
// services check its role (carts and orders are customers' own).
enum class Access { Public, Customer };

enum class Method { Get, Post, Put, Delete };

// One request as a route handler sees it: already parsed and bounded by the
// router (body size, JSON object, rate limit, token), so handlers only
// validate their own fields.
struct ApiCall {
    Method method = Method::Get;
    QString path;
    QUrlQuery query;
    QJsonObject body;       // the request's JSON object (POST/PUT); empty for GET/DELETE
    QList<qint64> ids;      // the path's {id} parts, in order
    Session session;        // the token's user on Customer routes; invalid on Public ones
    QString clientAddress;
};

// What a handler answers. Errors are {"status": N, "detail": "sentence"}
// (FastAPI's "detail", which the original's clients read).
struct ApiReply {
    int status = 200;
    QJsonValue body;

    static ApiReply ok(const QJsonValue &body, int status = 200);
    static ApiReply error(int status, const QString &message);
    // A service's Error as its status: InvalidInput 400, Unauthenticated 401,
    // PermissionDenied 403, NotFound 404, Conflict 409, Locked 423 (sign-in
    // lockout), Unavailable 503, anything else 500 with a generic sentence
    // (the details go to the server's log, never to the client).
    static ApiReply fromError(const Error &error);
};

using ApiHandler = std::function<QFuture<ApiReply>(const ApiCall &call)>;

} // namespace sk::api
