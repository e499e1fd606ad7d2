#pragma once

#include "auth/PasswordHasher.h"

#include <memory>

namespace sk {

class AuthService;
class CategoryService;
class Database;
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

    static Services create(std::shared_ptr<Database> database);
    static Services create(std::shared_ptr<Database> database, const PasswordHasher &hasher);
};

} // namespace sk
