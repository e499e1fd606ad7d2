#pragma once

#include "ApiTypes.h"

#include <QList>
#include <QStringList>
#include <QString>

namespace sk::api {

// The table of routes: a pattern such as "/api/cart/items/{id}" (each {id}
// a positive 64-bit integer, anything else in its place is a 404), the
// method, who may call it and the handler. ApiServer dispatches through it.
class ApiRouter {
public:
    void add(Method method, const QString &pattern, Access access, ApiHandler handler);

    struct Match {
        const ApiHandler *handler = nullptr;
        Access access = Access::Public;
        QList<qint64> ids;
        bool pathKnown = false;   // the path matched some route, maybe with another method (405)
    };
    Match match(Method method, const QString &path) const;

    // Every route as registered, for the OpenAPI document and its test.
    struct RouteInfo {
        Method method;
        QString pattern;
        Access access;
    };
    QList<RouteInfo> routes() const;

private:
    struct Route {
        Method method;
        QStringList parts;        // "{id}" marks a parameter
        Access access;
        ApiHandler handler;
    };
    QList<Route> m_routes;
};

// "GET", "POST", ...
QString methodName(Method method);

} // namespace sk::api
