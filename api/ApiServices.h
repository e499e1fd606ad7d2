#pragma once

#include "auth/PasswordHasher.h"

#include <memory>

namespace sk {
class AuthService;
class CartService;
class CategoryService;
class Database;
class GatewayClient;
class OnlineCartService;
class GatewaySettingsStore;
class OrderService;
class PaymentService;
class ProductSearch;
class ProductService;
class ReviewService;
class SettingsService;
class UserService;
}

namespace sk::api {

// The services the API talks to, built once per server on the server's
// thread (the gateway client's network manager belongs to it).
struct ApiServices {
    std::shared_ptr<Database> database;
    std::shared_ptr<AuthService> auth;
    std::shared_ptr<UserService> users;
    std::shared_ptr<SettingsService> settings;
    std::shared_ptr<CategoryService> categories;
    std::shared_ptr<ProductService> products;
    std::shared_ptr<ProductSearch> search;
    std::shared_ptr<GatewaySettingsStore> gatewaySettings;
    std::shared_ptr<GatewayClient> gateway;
    std::shared_ptr<PaymentService> payments;
    std::shared_ptr<OnlineCartService> carts;   // customers' online carts
    std::shared_ptr<OrderService> orders;
    std::shared_ptr<ReviewService> reviews;

    static ApiServices create(std::shared_ptr<Database> database, const PasswordHasher &hasher = PasswordHasher());
};

} // namespace sk::api
