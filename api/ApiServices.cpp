#include "ApiServices.h"

#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductSearch.h"
#include "catalog/ProductService.h"
#include "db/Database.h"
#include "orders/OnlineCartService.h"
#include "orders/OrderService.h"
#include "payments/GatewayClient.h"
#include "payments/GatewaySettingsStore.h"
#include "payments/PaymentService.h"
#include "reviews/ReviewService.h"
#include "shop/SettingsService.h"


namespace sk::api {

ApiServices ApiServices::create(std::shared_ptr<Database> database, const PasswordHasher &hasher)
{
    ApiServices services;
    services.auth = std::make_shared<AuthService>(database, hasher);
    services.users = std::make_shared<UserService>(database, hasher);
    services.settings = std::make_shared<SettingsService>(database);
    services.categories = std::make_shared<CategoryService>(database);
    services.products = std::make_shared<ProductService>(database);
    services.search = std::make_shared<ProductSearch>(database);
    services.gatewaySettings = std::make_shared<GatewaySettingsStore>(database);
    services.gateway = services.gatewaySettings->makeClient();
    services.payments = std::make_shared<PaymentService>(database, services.gateway.get());
    services.carts = std::make_shared<OnlineCartService>(database);
    services.orders = std::make_shared<OrderService>(database, services.payments);
    services.reviews = std::make_shared<ReviewService>(database);
    services.database = std::move(database);
    return services;
}

} // namespace sk::api
