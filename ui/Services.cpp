#include "Services.h"

#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductSearch.h"
#include "catalog/ProductService.h"
#include "customers/CustomerDirectory.h"
#include "customers/CustomerService.h"
#include "notifications/NotificationSender.h"
#include "db/ChangeWatcher.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "inventory/LowStock.h"
#include "inventory/ReservationExpiry.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/Stocktake.h"
#include "orders/OrderService.h"
#include "orders/ReturnService.h"
#include "payments/GatewayClient.h"
#include "payments/GatewaySettingsStore.h"
#include "payments/PaymentService.h"
#include "receipts/ReceiptService.h"
#include "receipts/ReceiptSettingsStore.h"
#include "recommendations/Recommendations.h"
#include "reports/ReportService.h"
#include "reviews/ReviewService.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/RegisterDirectory.h"
#include "sales/ShiftService.h"
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
    services.notificationSender = std::make_shared<NotificationSender>(database);
    services.notificationSender->start();
    services.carts = std::make_shared<CartService>(database);
    services.gatewaySettings = std::make_shared<GatewaySettingsStore>(database);
    // An empty address means cash only, and the card calls say so.
    services.gateway = services.gatewaySettings->makeClient();
    services.payments = std::make_shared<PaymentService>(database, services.gateway.get());
    services.checkout = std::make_shared<CheckoutService>(database, services.payments);
    services.shifts = std::make_shared<ShiftService>(database);
    services.returns = std::make_shared<ReturnService>(database, services.payments);
    services.registers = std::make_shared<RegisterDirectory>(database);
    services.customers = std::make_shared<CustomerDirectory>(database);
    services.customerAccounts = std::make_shared<CustomerService>(database);
    services.receipts = std::make_shared<ReceiptService>(database);
    services.receiptSettings = std::make_shared<ReceiptSettingsStore>(database);
    services.orders = std::make_shared<OrderService>(database, services.payments);
    services.reports = std::make_shared<ReportService>(database);
    services.reviews = std::make_shared<ReviewService>(database);
    services.recommendations = std::make_shared<Recommendations>(database);
    services.database = std::move(database);
    return services;
}

} // namespace sk
