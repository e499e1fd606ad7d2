#pragma once

#include "auth/PasswordHasher.h"

#include <memory>

namespace sk {

class AuthService;
class CategoryService;
class ChangeWatcher;
class ReservationExpiry;
class Database;
class InventoryLedger;
class LowStock;
class StockLevelSearch;
class StocktakeService;
class ProductImageService;
class ProductSearch;
class ProductService;
class SettingsService;
class UserService;

// The services the desktop windows talk to, created once per database and
// shared by every window. Tests build it with a cheap PasswordHasher so
// signing in and creating users takes milliseconds.
struct Services {
    std::shared_ptr<Database> database;
    std::shared_ptr<AuthService> auth;
    std::shared_ptr<UserService> users;
    std::shared_ptr<SettingsService> settings;
    std::shared_ptr<CategoryService> categories;
    std::shared_ptr<ProductService> products;
    std::shared_ptr<ProductSearch> search;
    std::shared_ptr<ProductImageService> images;
    std::shared_ptr<InventoryLedger> ledger;
    std::shared_ptr<StockLevelSearch> stockLevels;
    std::shared_ptr<StocktakeService> stocktakes;
    std::shared_ptr<LowStock> lowStock;
    // Changes committed by other registers, for the open views to refresh
    // their rows; started by create(), owned by the GUI thread.
    std::shared_ptr<ChangeWatcher> changes;
    // Releases reservations whose time ran out, once a minute.
    std::shared_ptr<ReservationExpiry> reservationExpiry;

    static Services create(std::shared_ptr<Database> database);
    static Services create(std::shared_ptr<Database> database, const PasswordHasher &hasher);
};

} // namespace sk
