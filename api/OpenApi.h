#pragma once

#include "ApiRouter.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QStringList>

namespace sk::api {

// The API's OpenAPI 3.0 document, served at GET /api/openapi.json: the
// resource api/openapi-base.json merged with every other
// api/openapi-*.json fragment (each with "paths" and optionally
// "components"), so each area documents its own routes in its own file.
class OpenApi {
public:
    // Built once and kept; an error names the fragment that is not valid.
    static const Result<QJsonObject> &document();
    // The fragments merged, base first (for tests and error messages).
    static QStringList fragmentFiles();
    static Result<QJsonObject> merge(const QStringList &files);
};

void registerOpenApiRoute(ApiRouter &router);

} // namespace sk::api
