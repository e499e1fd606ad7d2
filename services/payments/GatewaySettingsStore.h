#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "payments/GatewayClient.h"

#include <QFuture>
#include <memory>

namespace sk {

class Connection;
class Database;

// The card gateway's address, API key, terminal id and request timeout, kept
// in the `settings` table (docs/payments.md, "Settings"). An empty address
// means no card gateway: the register takes cash only.
class GatewaySettingsStore {
public:
    explicit GatewaySettingsStore(std::shared_ptr<Database> database);

    // Any signed-in user's register needs them, so loading is not restricted.
    QFuture<Result<GatewaySettings>> load();
    // Admins only (ManageSettings); audits each changed key, the API key
    // only as changed, never its value.
    QFuture<Status> save(const Session &actor, const GatewaySettings &settings);

    // A client on the calling thread with no address (cash only) until the
    // stored settings are read, then with them, unless a gateway was chosen
    // meanwhile (tests point it at their simulator). Every register call and
    // web order has a client from the start.
    std::shared_ptr<GatewayClient> makeClient();

    static Status validate(const GatewaySettings &settings);
    static Result<GatewaySettings> loadInTransaction(Connection &connection);
    static Status saveInTransaction(Connection &connection, const Session &actor, const GatewaySettings &settings);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
