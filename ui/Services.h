#pragma once

#include "auth/PasswordHasher.h"

#include <memory>

namespace sk {

class AuthService;
class CartService;
class CheckoutService;
class CustomerDirectory;
class CustomerService;
class GatewayClient;
class GatewaySettingsStore;
class PaymentService;
class ReceiptService;
class OrderService;
class ReceiptSettingsStore;
class Recommendations;
class ReportService;
class ReviewService;
class RegisterDirectory;
class ReturnService;
class ShiftService;
class CategoryService;
class ChangeWatcher;
class ReservationExpiry;
class Database;
class InventoryLedger;
class LowStock;
class NotificationSender;
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
    // Delivers the outbox by SMTP once the mail server is set up (every
    // 15 seconds; idle while sending is off).
    std::shared_ptr<NotificationSender> notificationSender;
    // The register: carts, tenders, checkout, shifts and returns. The
    // gateway client lives on the GUI thread (its QNetworkAccessManager
    // belongs to the thread that created it) and is built from the gateway
    // settings.
    std::shared_ptr<CartService> carts;
    std::shared_ptr<GatewaySettingsStore> gatewaySettings;
    std::shared_ptr<GatewayClient> gateway;
    std::shared_ptr<PaymentService> payments;
    std::shared_ptr<CheckoutService> checkout;
    std::shared_ptr<ShiftService> shifts;
    std::shared_ptr<ReturnService> returns;
    std::shared_ptr<RegisterDirectory> registers;
    std::shared_ptr<CustomerDirectory> customers;
    // The back office's customers: profiles, order history, merge, export.
    std::shared_ptr<CustomerService> customerAccounts;
    std::shared_ptr<ReceiptService> receipts;
    std::shared_ptr<ReceiptSettingsStore> receiptSettings;
    // The back office: orders of both channels, reports, reviews, and the
    // suggestions the register and the product detail show.
    std::shared_ptr<OrderService> orders;
    std::shared_ptr<ReportService> reports;
    std::shared_ptr<ReviewService> reviews;
    std::shared_ptr<Recommendations> recommendations;

    static Services create(std::shared_ptr<Database> database);
    static Services create(std::shared_ptr<Database> database, const PasswordHasher &hasher);
};

} // namespace sk
