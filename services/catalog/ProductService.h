#pragma once

#include "auth/Session.h"
#include "catalog/Product.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <QVariant>
#include <memory>
#include <optional>

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
    // Refused, with a sentence naming the item, while the product or one of
    // its variants has stock movements: discontinue it instead.
    QFuture<Status> remove(const Session &actor, qint64 productId);
    // All or nothing; returns how many products changed.
    QFuture<Result<int>> bulkEdit(const Session &actor, const BulkEdit &edit);

    // A variant as checked by checkDraft, in stored values.
    struct CheckedVariant {
        qint64 id = 0;
        QString sku;
        QVariant barcode;            // SQL NULL when none
        QString options;             // compact JSON object
        QString optionKey;
        Money price;
        std::optional<Money> compareAt;
        std::optional<Money> cost;
        std::optional<int> weightGrams;
        bool isActive = true;
    };
    struct CheckedDraft {
        QString name;
        QString slug;
        QString description;
        QString brand;
        QString taxClass;
        QString attributes;          // compact JSON object
        std::optional<qint64> vendorId;
        std::optional<qint64> categoryId;
        ProductStatus status = ProductStatus::Active;
        QList<CheckedVariant> variants;
    };
    // A variant found by SKU, with the product it belongs to.
    struct VariantRef {
        qint64 variantId = 0;
        qint64 productId = 0;
        QString sku;                 // as stored
    };

    // For code already inside a write transaction (import, demo).
    static Result<Product> createInTransaction(Connection &connection, const Session &actor,
                                               const ProductDraft &draft);
    static Result<Product> getInTransaction(Connection &connection, qint64 productId);
    // Like update. Without expectedVersion there is no version check: an
    // import replaces the product with what the file says.
    static Result<Product> updateInTransaction(Connection &connection, const Session &actor, qint64 productId,
                                               const ProductDraft &draft,
                                               std::optional<int> expectedVersion = std::nullopt);
    // Lookups that ignore the actor's scope; the caller checks ownership.
    static Result<std::optional<qint64>> findBySlugInTransaction(Connection &connection, const QString &slug);
    static Result<std::optional<VariantRef>> findVariantBySkuInTransaction(Connection &connection,
                                                                           const QString &sku);

    // Every check that needs no database, exactly as create and update make
    // them, with the draft converted to stored values. The first problem
    // wins; its sentence names the variant.
    static Result<CheckedDraft> checkDraft(const ProductDraft &draft, const QString &currency);
    // The lowest active price, of all variants when none is active (what
    // products.min_price_cents keeps).
    static qint64 minPriceCents(const QList<CheckedVariant> &variants);

    // The canonical form of a variant's options stored in option_key: keys
    // and values trimmed and case-folded, sorted by key, as compact JSON.
    static QString optionKey(const QJsonObject &options);
    // Empty when sku is acceptable, else the sentence why not.
    static QString skuProblem(const QString &sku);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
