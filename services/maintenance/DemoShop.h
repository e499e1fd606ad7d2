#pragma once

#include "auth/PasswordHasher.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <functional>
#include <memory>

namespace sk {

class Database;

// Fills a database with a realistic demo shop. Refuses a database that
// already holds a shop unless forced (then the demo data is added beside it).
class DemoShop {
public:
    // The demo's staff accounts (documented in the README).
    static constexpr const char *AdminEmail = "owner@demo.shop";
    static constexpr const char *AdminPassword = "Storekeeper-demo-1";
    static constexpr const char *ClerkEmail = "clerk@demo.shop";
    static constexpr const char *ClerkPassword = "Register-demo-22";
    static constexpr const char *ClerkPin = "2580";
    static constexpr const char *VendorEmail = "vendor@demo.shop";
    static constexpr const char *VendorPassword = "Catalog-demo-333";

    struct Options {
        int products = 5000;
        bool force = false;
        // Days of trading made before today (DemoHistory); 0 makes none. Only
        // a fill that adds the catalog adds a history.
        int historyDays = 120;
        // Called on worker threads; return false to cancel (everything rolls
        // back, except once the history has begun: the shop and the days
        // already made are kept, and Summary::historyCancelled is set).
        std::function<bool(int done, int total)> progress;
    };
    struct Summary {
        int users = 0;
        int vendors = 0;
        int products = 0;
        // The catalog's new products, in creation order, for whoever adds
        // pictures (the desktop layer, which can draw them). Empty when a
        // forced fill found the demo catalog already there.
        QList<qint64> productIds;
        // The history's days, sales, returns, online orders and reviews.
        int historyDays = 0;
        int sales = 0;
        int returns = 0;
        int onlineOrders = 0;
        int reviews = 0;
        bool historyCancelled = false;
    };

    // Staff passwords and PINs get hashes of the normal strength.
    explicit DemoShop(std::shared_ptr<Database> database);
    // With other hashing parameters (tests and benchmarks, where the normal
    // strength would spend most of the time hashing).
    DemoShop(std::shared_ptr<Database> database, PasswordHasher hasher);
    QFuture<Result<Summary>> fill(Options options);

private:
    std::shared_ptr<Database> m_database;
    PasswordHasher m_hasher;
};

} // namespace sk
