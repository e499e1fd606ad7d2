#include "Services.h"

#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductSearch.h"
#include "catalog/ProductService.h"
#include "db/ChangeWatcher.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "inventory/ReservationExpiry.h"
#include "inventory/LowStock.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/Stocktake.h"
#include "shop/SettingsService.h"

namespace sk {

Services Services::create(std::shared_ptr<Database> database)
{
    return create(std::move(database), PasswordHasher());
}

Services Services::create(std::shared_ptr<Database> database, const PasswordHasher &hasher)
{
    Services services;
    services.auth = std::make_shared<AuthService>(database, hasher);
    services.users = std::make_shared<UserService>(database, hasher);
    services.settings = std::make_shared<SettingsService>(database);
    services.categories = std::make_shared<CategoryService>(database);
    services.products = std::make_shared<ProductService>(database);
    services.search = std::make_shared<ProductSearch>(database);
    services.images = std::make_shared<ProductImageService>(database);
    services.ledger = std::make_shared<InventoryLedger>(database);
    services.stockLevels = std::make_shared<StockLevelSearch>(database);
    services.stocktakes = std::make_shared<StocktakeService>(database);
    services.lowStock = std::make_shared<LowStock>(database);
    services.changes = std::make_shared<ChangeWatcher>(database->url());
    services.changes->start();
    services.reservationExpiry = std::make_shared<ReservationExpiry>(database);
    services.reservationExpiry->start();
    services.database = std::move(database);
    return services;
}

} // namespace sk
