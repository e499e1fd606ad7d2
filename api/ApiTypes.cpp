#include "ApiTypes.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace sk::api {

ApiReply ApiReply::ok(const QJsonValue &body, int status)
{
    return ApiReply{status, body};
}

ApiReply ApiReply::error(int status, const QString &message)
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), status);
    body.insert(QStringLiteral("detail"), message);
    return ApiReply{status, body};
}

ApiReply ApiReply::fromError(const Error &error)
{
    switch (error.code) {
    case ErrorCode::InvalidInput:
        return ApiReply::error(400, error.message);
    case ErrorCode::Unauthenticated:
        return ApiReply::error(401, error.message);
    case ErrorCode::PermissionDenied:
        return ApiReply::error(403, error.message);
    case ErrorCode::NotFound:
        return ApiReply::error(404, error.message);
    case ErrorCode::Conflict:
        return ApiReply::error(409, error.message);
    case ErrorCode::Locked:
        return ApiReply::error(423, error.message);
    case ErrorCode::Unavailable:
        return ApiReply::error(503, error.message);
    case ErrorCode::Cancelled:
    case ErrorCode::Internal:
    case ErrorCode::SchemaTooNew:
    case ErrorCode::Database:
        break;
    }
    // The details are for the server's log, never for the client.
    qWarning("API: %s %s", qPrintable(error.message), qPrintable(error.details));
    return ApiReply::error(500, QCoreApplication::translate(
        "ApiReply", "The shop could not answer this request. Please try again later."));
}

} // namespace sk::api
