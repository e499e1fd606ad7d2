#pragma once

#include "ApiRouter.h"
#include "ApiServices.h"
#include "core/Result.h"

#include <QHostAddress>
#include <QObject>
#include <memory>

class QHttpServerRequest;
class QTcpSocket;

namespace sk {
class AccessTokens;
}

namespace sk::api {

class ApiHttpServer;
class RateLimiter;

struct ApiLimits {
    qint64 maxBodyBytes = 64 * 1024;     // larger bodies: 413, nothing read into a service
    int requestsPerSecond = 50;          // per client address, with a burst of twice that: 429 beyond
    int tokenLifetimeMinutes = 60;
};

// `storekeeper serve`: the original platform's JSON API over Qt HttpServer
// on the shared services (docs/api.md). Routes are registered by
// registerAuthRoutes, registerCatalogRoutes, registerCartRoutes,
// registerOrderRoutes and registerReviewRoutes (one file each); the server
// parses, bounds, rate-limits and authenticates before a handler runs, and
// turns every reply into JSON.
class ApiServer : public QObject {
    Q_OBJECT
public:
    ApiServer(ApiServices services, ApiLimits limits = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    // Loads (or creates at first start) the token secret, then listens.
    // Returns the port bound (useful with port 0), or an error sentence.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    // Closes the listening socket; answers in flight are still written.
    void close();

    const ApiServices &services() const { return m_services; }
    const ApiRouter &router() const { return m_router; }
    // Before listen() only: tests add routes of their own.
    ApiRouter &router() { return m_router; }
    const ApiLimits &limits() const { return m_limits; }

private:
    friend class ApiHttpServer;
    void dispatch(const QHttpServerRequest &request, QTcpSocket *socket);
    void runHandler(const ApiHandler &handler, const ApiCall &call, QTcpSocket *socket, bool closeAfter);

    ApiServices m_services;
    ApiLimits m_limits;
    ApiRouter m_router;
    std::unique_ptr<ApiHttpServer> m_http;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    std::shared_ptr<AccessTokens> m_tokens;
};

// One registration function per area; each adds its routes to the router.
void registerAuthRoutes(ApiRouter &router, const ApiServices &services, std::shared_ptr<AccessTokens> tokens);
void registerCatalogRoutes(ApiRouter &router, const ApiServices &services);
void registerCartRoutes(ApiRouter &router, const ApiServices &services);
void registerOrderRoutes(ApiRouter &router, const ApiServices &services);
void registerReviewRoutes(ApiRouter &router, const ApiServices &services);

} // namespace sk::api
