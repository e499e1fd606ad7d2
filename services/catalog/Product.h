#pragma once

#include "catalog/ProductStatus.h"
#include "core/Money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

// What is sold and stocked: every sale, stock level and order line points at
// a variant. A product without options has exactly one, with empty options.
struct Variant {
    qint64 id = 0;
    qint64 productId = 0;
    QString sku;
    QString barcode;                 // empty when the goods carry none
    QJsonObject options;             // {"size": "L", "colour": "Red"}
    Money price;                     // in the shop's currency
    std::optional<Money> compareAt;
    std::optional<Money> cost;
    std::optional<int> weightGrams;
    bool isActive = true;
    int position = 0;
};

struct Product {
    qint64 id = 0;
    std::optional<qint64> vendorId;  // empty: the shop's own product
    std::optional<qint64> categoryId;
    QString name;
    QString slug;
    QString description;
    QString brand;
    ProductStatus status = ProductStatus::Active;
    QString taxClass;
    QJsonObject attributes;
    Money minPrice;                  // lowest active variant price
    int averageRatingHundredths = 0; // 450 = 4.50 stars
    int reviewCount = 0;
    int version = 0;                 // pass back to ProductService::update
    QDateTime createdAt;
    QDateTime updatedAt;
    QList<Variant> variants;         // filled by ProductService::get only
};

// A variant as typed in the editor or read from an import. Amounts are text
// so that the service parses them once, with Money, in the shop's currency.
struct VariantDraft {
    qint64 id = 0;                   // an existing variant of the product; 0 = new
    QString sku;
    QString barcode;
    QJsonObject options;
    QString price;
    QString compareAt;               // empty: none
    QString cost;                    // empty: unknown
    std::optional<int> weightGrams;
    bool isActive = true;
};

struct ProductDraft {
    std::optional<qint64> vendorId;  // vendors: their own or empty; admins: any or none
    std::optional<qint64> categoryId;
    QString name;
    QString slug;                    // empty: made from the name on create, kept on update
    QString description;
    QString brand;
    ProductStatus status = ProductStatus::Active;
    QString taxClass = QStringLiteral("standard");
    QJsonObject attributes;
    QList<VariantDraft> variants;    // in display order
};

// One change applied to many products in one transaction.
struct BulkEdit {
    enum class Kind { PricePercent, PriceAmount, MoveToCategory, SetStatus };
    Kind kind = Kind::SetStatus;
    QList<qint64> productIds;
    qint32 percentBasisPoints = 0;   // PricePercent: 1000 = +10 %, -1500 = -15 %
    QString amount;                  // PriceAmount: "-5.00" lowers every price by 5
    std::optional<qint64> categoryId; // MoveToCategory: empty = no category
    ProductStatus status = ProductStatus::Active;
};

// A simple page in id order; the search slice adds sorting and text search.
struct ProductQuery {
    std::optional<qint64> categoryId;
    std::optional<qint64> vendorId;
    std::optional<ProductStatus> status;
    qint64 afterId = 0;
    int limit = 200;
};

} // namespace sk
