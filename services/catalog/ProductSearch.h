#pragma once

#include "auth/Session.h"
#include "catalog/ProductStatus.h"
#include "core/Money.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>
#include <memory>
#include <optional>

namespace sk {

class Database;
class Connection;

enum class ProductSort {
    Relevance, // best text match first; by name when there is no text
    PriceLow,
    PriceHigh,
    Newest,
    Rating,    // highest average rating first, then most reviews
    Name,
};

// In stock: some variant has stock available (on hand minus reserved) at
// some location (inventory's stock_levels).
enum class StockFilter { Any, InStock, OutOfStock };

struct ProductSearchQuery {
    QString text;                          // trimmed by the service; empty: no text condition
    std::optional<qint64> categoryId;      // the category and everything below it
    std::optional<qint64> vendorId;        // narrowed to the actor's own for vendors
    std::optional<ProductStatus> status;
    std::optional<qint64> minPriceCents;   // on the product's lowest variant price
    std::optional<qint64> maxPriceCents;
    StockFilter stock = StockFilter::Any;
    QList<QPair<QString, QString>> attributes; // every (key, value) must match
    ProductSort sort = ProductSort::Relevance;

    bool operator==(const ProductSearchQuery &) const = default;
};

// One line of the product table: what a list shows, without the variants.
struct ProductRow {
    qint64 id = 0;
    QString name;
    QString sku;            // the first variant's; "" when none
    QString brand;
    QString vendorName;     // "" for the shop's own products
    QString categoryName;   // "" when uncategorised
    ProductStatus status = ProductStatus::Active;
    Money minPrice;
    int averageRatingHundredths = 0;
    int reviewCount = 0;
    int variantCount = 0;
    QDateTime createdAt;
    QByteArray thumbnail;   // the first image's cached thumbnail; empty when none
};

// Where the next keyset page starts: the sort key of the last row and its id.
struct ProductCursor {
    QVariant sortValue;
    qint64 id = 0;
};

struct ProductPage {
    QList<ProductRow> rows;
    std::optional<ProductCursor> next; // empty at the end
};

// The whole result as ids in display order, for a table that jumps to any
// position: rows are then fetched by id in small windows.
struct ProductIdList {
    QList<qint64> ids;
    // A text search ranks at most kMaxRankedMatches candidates; more matches
    // exist and are not listed (the table says so).
    bool truncated = false;
};

// Search, filters and sorts over the catalog, all in SQL with keyset paging.
// SQLite: FTS5 trigram over name, description, brand, SKUs and barcodes,
// bm25 weights name 3, description 2; queries of one or two characters use
// a folded-name prefix index. PostgreSQL: weighted tsvector plus pg_trgm.
// See docs/search.md for the plan and its bounds.
class ProductSearch {
public:
    static constexpr int kMaxRankedMatches = 5000;
    static constexpr int kMaxPageSize = 1000;

    explicit ProductSearch(std::shared_ptr<Database> database);

    // One keyset page; after is the previous page's next.
    QFuture<Result<ProductPage>> page(const Session &actor, const ProductSearchQuery &query,
                                      const std::optional<ProductCursor> &after, int limit);
    // Every matching id in display order.
    QFuture<Result<ProductIdList>> orderedIds(const Session &actor, const ProductSearchQuery &query);
    // Rows for the ids, in the order given; ids that vanished or are out of
    // the actor's scope are left out.
    QFuture<Result<QList<ProductRow>>> rows(const Session &actor, const QList<qint64> &ids);
    QFuture<Result<qint64>> count(const Session &actor, const ProductSearchQuery &query);

    // The same work for code already on a connection (the API, benchmarks).
    static Result<ProductPage> pageOn(Connection &connection, const Session &actor, const ProductSearchQuery &query,
                                      const std::optional<ProductCursor> &after, int limit);
    static Result<ProductIdList> orderedIdsOn(Connection &connection, const Session &actor,
                                              const ProductSearchQuery &query);
    static Result<QList<ProductRow>> rowsOn(Connection &connection, const Session &actor, const QList<qint64> &ids);
    static Result<qint64> countOn(Connection &connection, const Session &actor, const ProductSearchQuery &query);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
