#include "Services.h"

#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductSearch.h"
#include "catalog/ProductService.h"
#include "db/Database.h"
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
    services.database = std::move(database);
    return services;
}

} // namespace sk
