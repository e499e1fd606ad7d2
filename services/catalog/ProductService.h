#pragma once

#include "auth/Session.h"
#include "catalog/Product.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Database;
class Connection;

// Products and their variants. Administrators (ManageAllProducts) manage
// every product; vendors (ManageOwnProducts) see and change only their own,
// and another vendor's product looks to them as if it did not exist. Each
// change runs in one transaction and is audited in it; a refused change
// writes nothing.
class ProductService {
public:
    static constexpr int kMaxNameLength = 255;
    static constexpr int kMaxSkuLength = 64;

    explicit ProductService(std::shared_ptr<Database> database);

    QFuture<Result<Product>> create(const Session &actor, const ProductDraft &draft);
    // With its variants, by position.
    QFuture<Result<Product>> get(const Session &actor, qint64 productId);
    QFuture<Result<QList<Product>>> page(const Session &actor, const ProductQuery &query);
    // Replaces the product's fields and variant list: listed variants with an
    // id are updated, without one added, unlisted ones removed. Refused with
    // a Conflict when the product changed since expectedVersion was read.
    QFuture<Result<Product>> update(const Session &actor, qint64 productId, int expectedVersion,
                                    const ProductDraft &draft);
    QFuture<Status> setStatus(const Session &actor, qint64 productId, ProductStatus status);
    // Allowed while nothing refers to the product (no sales tables exist yet).
    QFuture<Status> remove(const Session &actor, qint64 productId);
    // All or nothing; returns how many products changed.
    QFuture<Result<int>> bulkEdit(const Session &actor, const BulkEdit &edit);

    // For code already inside a write transaction (import, demo).
    static Result<Product> createInTransaction(Connection &connection, const Session &actor,
                                               const ProductDraft &draft);
    static Result<Product> getInTransaction(Connection &connection, qint64 productId);

    // The canonical form of a variant's options stored in option_key: keys
    // and values trimmed and case-folded, sorted by key, as compact JSON.
    static QString optionKey(const QJsonObject &options);
    // Empty when sku is acceptable, else the sentence why not.
    static QString skuProblem(const QString &sku);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
