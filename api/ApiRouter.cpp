#include "ApiRouter.h"

using namespace Qt::StringLiterals;

namespace sk::api {

namespace {

const QString kIdPart = u"{id}"_s;

QStringList splitPath(const QString &path)
{
    // "/api/cart/" and "/api/cart" are the same resource.
    return path.split(u'/', Qt::SkipEmptyParts);
}

std::optional<qint64> positiveId(const QString &part)
{
    // Only plain digits: no sign, no spaces, no leading "+".
    if (part.isEmpty() || part.size() > 19)
        return std::nullopt;
    for (const QChar c : part) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 id = part.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

} // namespace

void ApiRouter::add(Method method, const QString &pattern, Access access, ApiHandler handler)
{
    m_routes.append(Route{method, splitPath(pattern), access, std::move(handler)});
}

ApiRouter::Match ApiRouter::match(Method method, const QString &path) const
{
    const QStringList parts = splitPath(path);
    Match found;
    for (const Route &route : m_routes) {
        if (route.parts.size() != parts.size())
            continue;
        QList<qint64> ids;
        bool matches = true;
        for (qsizetype i = 0; i < parts.size() && matches; ++i) {
            if (route.parts.at(i) == kIdPart) {
                const std::optional<qint64> id = positiveId(parts.at(i));
                if (id)
                    ids.append(*id);
                else
                    matches = false;
            } else {
                matches = route.parts.at(i) == parts.at(i);
            }
        }
        if (!matches)
            continue;
        found.pathKnown = true;
        if (route.method == method) {
            found.handler = &route.handler;
            found.access = route.access;
            found.ids = std::move(ids);
            return found;
        }
    }
    return found;
}

QList<ApiRouter::RouteInfo> ApiRouter::routes() const
{
    QList<RouteInfo> routes;
    routes.reserve(m_routes.size());
    for (const Route &route : m_routes)
        routes.append(RouteInfo{route.method, u"/"_s + route.parts.join(u'/'), route.access});
    return routes;
}

QString methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return u"GET"_s;
    case Method::Post:
        return u"POST"_s;
    case Method::Put:
        return u"PUT"_s;
    case Method::Delete:
        return u"DELETE"_s;
    }
    return {};
}

} // namespace sk::api
