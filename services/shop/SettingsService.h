#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "shop/ShopSettings.h"

#include <QFuture>
#include <memory>

namespace sk {

class Database;
class Connection;

class SettingsService {
public:
    explicit SettingsService(std::shared_ptr<Database> database);

    // Any signed-in user may read the shop's settings.
    QFuture<Result<ShopSettings>> load();
    // Admins only; validates every field and audits each changed key.
    QFuture<Status> save(const Session &actor, const ShopSettings &settings);

    static Status validate(const ShopSettings &settings);
    static Result<ShopSettings> loadInTransaction(Connection &connection);
    static Status saveInTransaction(Connection &connection, const Session &actor, const ShopSettings &settings);
    // The key of the shop's currency in `settings`, for statements that read
    // it together with what they price (so it is never a stale copy).
    static QString currencyKey();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
