#include "ApiJson.h"
#include "ApiServer.h"

#include "catalog/ProductSearch.h"
#include "catalog/ProductSearchSql.h"
#include "catalog/ProductService.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <limits>

using namespace Qt::StringLiterals;

// The public catalog of the online shop (docs/api.md, "Catalog and cart"):
// search, one product with its variants, a category's products. Only
// active products are visible; anything else is 404 like an unknown id.
namespace sk::api {

namespace {

constexpr qint64 kDefaultPageSize = 20;
constexpr qint64 kMaxPageSize = 100;
// Pages are numbered, the search pages by keyset: page N reads the ids of
// the first N pages (ids only) and the rows of the last. Bounding how deep
// that goes keeps every page cheap; it is Elasticsearch's default result
// window, which the original's clients already live with.
constexpr qint64 kMaxResultWindow = 10000;
constexpr qsizetype kMaxTextLength = 200;
constexpr qsizetype kMaxAttributeFilters = 10;
constexpr qsizetype kMaxAttributeNameLength = 64;
constexpr qsizetype kMaxAttributeValueLength = 200;
const QString AttributePrefix = u"attr."_s;

// Who the public catalog reads as: a viewer of every vendor's products. The
// search is narrowed to active products by its own query; nothing here
// writes or is audited, and this session never leaves this file.
Session storefront()
{
    Session session;
    session.userId = std::numeric_limits<qint64>::max();
    session.email = u"storefront"_s;
    session.role = Role::Clerk;
    return session;
}

ApiReply badParameter(const QString &message)
{
    return ApiReply::error(400, message);
}

struct SearchRequest {
    ProductSearchQuery query;
    std::optional<QString> minPrice;
    std::optional<QString> maxPrice;
    qint64 page = 1;
    qint64 pageSize = kDefaultPageSize;
};

Field<ProductSort> sortFrom(const QUrlQuery &query)
{
    static const QHash<QString, ProductSort> sorts{{u"relevance"_s, ProductSort::Relevance},
                                                   {u"price_low"_s, ProductSort::PriceLow},
                                                   {u"price_high"_s, ProductSort::PriceHigh},
                                                   {u"newest"_s, ProductSort::Newest},
                                                   {u"rating"_s, ProductSort::Rating}};
    const QString text = query.queryItemValue(u"sort_by"_s, QUrl::FullyDecoded).trimmed();
    if (text.isEmpty())
        return ProductSort::Relevance;
    const auto found = sorts.constFind(text);
    if (found == sorts.constEnd())
        return badParameter(QCoreApplication::translate("ApiCatalogRoutes", "The parameter \"sort_by\" must be one of "
                                                                            "relevance, price_low, price_high, newest "
                                                                            "or rating."));
    return found.value();
}

// attr.<name>=<value>, each once at most: every pair must match.
Field<QList<QPair<QString, QString>>> attributesFrom(const QUrlQuery &query)
{
    QList<QPair<QString, QString>> attributes;
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    for (const QPair<QString, QString> &item : items) {
        if (!item.first.startsWith(AttributePrefix))
            continue;
        const QString name = item.first.mid(AttributePrefix.size()).trimmed();
        const QString value = item.second.trimmed();
        if (name.isEmpty() || name.size() > kMaxAttributeNameLength || value.isEmpty()
            || value.size() > kMaxAttributeValueLength)
            return badParameter(QCoreApplication::translate("ApiCatalogRoutes", "An attribute filter is written "
                                                                                "attr.NAME=VALUE, with a name of at "
                                                                                "most %1 and a value of at most %2 "
                                                                                "characters.")
                                    .arg(kMaxAttributeNameLength)
                                    .arg(kMaxAttributeValueLength));
        attributes.append({name, value});
    }
    if (attributes.size() > kMaxAttributeFilters)
        return badParameter(QCoreApplication::translate("ApiCatalogRoutes", "Use at most %1 attribute filters.")
                                .arg(kMaxAttributeFilters));
    return attributes;
}

Field<SearchRequest> pagingFrom(const QUrlQuery &query, SearchRequest request)
{
    const Field<qint64> page = queryInt(query, u"page"_s, 1, 1, kMaxResultWindow);
    if (!page)
        return page.error();
    const Field<qint64> pageSize = queryInt(query, u"page_size"_s, kDefaultPageSize, 1, kMaxPageSize);
    if (!pageSize)
        return pageSize.error();
    if (page.value() * pageSize.value() > kMaxResultWindow)
        return badParameter(QCoreApplication::translate("ApiCatalogRoutes", "Only the first %1 results can be paged "
                                                                            "through (page x page_size). Narrow the "
                                                                            "search instead.")
                                .arg(kMaxResultWindow));
    request.page = page.value();
    request.pageSize = pageSize.value();
    return request;
}

Field<SearchRequest> searchRequestFrom(const QUrlQuery &query)
{
    SearchRequest request;
    const Field<std::optional<QString>> text = queryString(query, u"q"_s, kMaxTextLength);
    if (!text)
        return text.error();
    request.query.text = text.value().value_or(QString());
    const Field<qint64> category = queryInt(query, u"category_id"_s, 0, 1, std::numeric_limits<qint64>::max());
    if (!category)
        return category.error();
    if (category.value() > 0)
        request.query.categoryId = category.value();
    for (const QString &name : {u"min_price"_s, u"max_price"_s}) {
        const Field<std::optional<QString>> price = queryString(query, name, 32);
        if (!price)
            return price.error();
        (name == u"min_price"_s ? request.minPrice : request.maxPrice) = price.value();
    }
    const Field<ProductSort> sort = sortFrom(query);
    if (!sort)
        return sort.error();
    request.query.sort = sort.value();
    const Field<QList<QPair<QString, QString>>> attributes = attributesFrom(query);
    if (!attributes)
        return attributes.error();
    request.query.attributes = attributes.value();
    return pagingFrom(query, request);
}

// The amounts are read in the shop's currency, which lives in the database.
Field<std::optional<qint64>> centsOn(Connection &connection, const std::optional<QString> &text, const QString &name,
                                     QString &currency)
{
    if (!text)
        return std::optional<qint64>();
    if (currency.isEmpty()) {
        Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
        if (!settings)
            return ApiReply::fromError(settings.error());
        currency = settings->currency;
    }
    const std::optional<Money> money = Money::parseDecimal(*text, currency);
    if (!money || money->isNegative())
        return badParameter(QCoreApplication::translate("ApiCatalogRoutes", "The parameter \"%1\" must be an amount "
                                                                            "such as 12.34.")
                                .arg(name));
    return std::optional<qint64>(money->minorUnits());
}

// Stars as a number (4.5); only approved reviews count (docs/reviews.md).
double ratingAverage(int hundredths)
{
    return hundredths / 100.0;
}

QJsonObject productRowJson(const ProductRow &row)
{
    return QJsonObject{{u"product_id"_s, row.id},
                       {u"name"_s, row.name},
                       {u"sku"_s, row.sku},
                       {u"brand"_s, row.brand},
                       {u"vendor_name"_s, row.vendorName},
                       {u"category_name"_s, row.categoryName},
                       {u"price"_s, moneyJson(row.minPrice)},
                       {u"rating_average"_s, ratingAverage(row.averageRatingHundredths)},
                       {u"review_count"_s, row.reviewCount},
                       {u"variant_count"_s, row.variantCount},
                       {u"created_at"_s, dateTimeJson(row.createdAt)}};
}

// The category and everything below it, where the statements want the ids
// as values (ProductSearchSql::subtreeInStatement).
Result<QList<qint64>> subtreeOn(Connection &connection, const ProductSearchQuery &query)
{
    QList<qint64> ids;
    if (!query.categoryId || ProductSearchSql(connection.isPostgres()).subtreeInStatement())
        return ids;
    Result<QSqlQuery> tree = connection.exec(ProductSearchSql::categorySubtreeSql(), {*query.categoryId});
    if (!tree)
        return tree.error();
    while (tree.value().next())
        ids.append(tree.value().value(0).toLongLong());
    return ids;
}

ApiReply searchOn(Connection &connection, SearchRequest request)
{
    QString currency;
    const Field<std::optional<qint64>> minCents = centsOn(connection, request.minPrice, u"min_price"_s, currency);
    if (!minCents)
        return minCents.error();
    const Field<std::optional<qint64>> maxCents = centsOn(connection, request.maxPrice, u"max_price"_s, currency);
    if (!maxCents)
        return maxCents.error();
    if (minCents.value() && maxCents.value() && *minCents.value() > *maxCents.value())
        return badParameter(QCoreApplication::translate("ApiCatalogRoutes", "The parameter \"min_price\" must not be "
                                                                            "above \"max_price\"."));
    ProductSearchQuery &query = request.query;
    query.minPriceCents = minCents.value();
    query.maxPriceCents = maxCents.value();
    query.status = ProductStatus::Active;

    const Session viewer = storefront();
    Result<qint64> total = ProductSearch::countOn(connection, viewer, query);
    if (!total)
        return ApiReply::fromError(total.error());
    const qint64 offset = (request.page - 1) * request.pageSize;
    QList<qint64> ids;
    if (offset < total.value() && !ProductSearchSql::matchesNothing(query)) {
        Result<QList<qint64>> subtree = subtreeOn(connection, query);
        if (!subtree)
            return ApiReply::fromError(subtree.error());
        const SearchStatement statement = ProductSearchSql(connection.isPostgres())
                                              .select(query, std::nullopt, subtree.value(), std::nullopt,
                                                      int(offset + request.pageSize),
                                                      ProductSearchSql::Columns::IdOnly);
        Result<QSqlQuery> rows = connection.exec(statement.sql, statement.values);
        if (!rows)
            return ApiReply::fromError(rows.error());
        for (qint64 position = 0; rows.value().next(); ++position)
            if (position >= offset)
                ids.append(rows.value().value(0).toLongLong());
    }
    Result<QList<ProductRow>> rows = ProductSearch::rowsOn(connection, viewer, ids);
    if (!rows)
        return ApiReply::fromError(rows.error());
    QJsonArray products;
    for (const ProductRow &row : rows.value())
        products.append(productRowJson(row));
    return ApiReply::ok(QJsonObject{{u"products"_s, products},
                                    {u"total"_s, total.value()},
                                    {u"page"_s, request.page},
                                    {u"page_size"_s, request.pageSize},
                                    {u"total_pages"_s, (total.value() + request.pageSize - 1) / request.pageSize}});
}

ApiReply productNotFound()
{
    return ApiReply::error(404, QCoreApplication::translate("ApiCatalogRoutes", "Product not found. It may no longer "
                                                                                "be sold; search the catalog again."));
}

ApiReply productOn(Connection &connection, qint64 productId)
{
    Result<Product> product = ProductService::getInTransaction(connection, productId);
    if (!product)
        return product.error().code == ErrorCode::NotFound ? productNotFound() : ApiReply::fromError(product.error());
    if (product->status != ProductStatus::Active)
        return productNotFound();
    // Stock for the online shop: the default location's, on hand - reserved.
    Result<CachedQuery> stock = connection.prepared(
        u"SELECT v.id, COALESCE(sl.on_hand - sl.reserved, 0) FROM product_variants v "
        "LEFT JOIN stock_levels sl ON sl.variant_id = v.id "
        "AND sl.location_id = (SELECT MIN(id) FROM locations WHERE is_active = 1) WHERE v.product_id = ?"_s,
        {productId});
    if (!stock)
        return ApiReply::fromError(stock.error());
    QHash<qint64, qint64> available;
    while (stock.value().next())
        available.insert(stock.value().value(0).toLongLong(), std::max<qint64>(stock.value().value(1).toLongLong(), 0));
    stock.value().finish();

    QJsonArray variants;
    qint64 productAvailable = 0;
    QString firstSku;
    for (const Variant &variant : product->variants) {
        if (!variant.isActive)
            continue;
        if (firstSku.isEmpty())
            firstSku = variant.sku;
        const qint64 quantity = available.value(variant.id);
        productAvailable += quantity;
        QStringList optionValues;
        for (auto it = variant.options.constBegin(); it != variant.options.constEnd(); ++it)
            optionValues.append(it.value().toString());
        variants.append(QJsonObject{{u"variant_id"_s, variant.id},
                                    {u"product_id"_s, product->id},
                                    {u"name"_s, optionValues.join(u" / "_s)},
                                    {u"sku"_s, variant.sku},
                                    {u"price"_s, moneyJson(variant.price)},
                                    {u"compare_at_price"_s, variant.compareAt ? moneyJson(*variant.compareAt)
                                                                              : QJsonValue(QJsonValue::Null)},
                                    {u"attributes"_s, variant.options},
                                    {u"stock_quantity"_s, quantity},
                                    {u"is_available"_s, quantity > 0}});
    }
    return ApiReply::ok(QJsonObject{
        {u"product_id"_s, product->id},
        {u"name"_s, product->name},
        {u"slug"_s, product->slug},
        {u"description"_s, product->description},
        {u"brand"_s, product->brand},
        {u"price"_s, moneyJson(product->minPrice)},
        {u"sku"_s, firstSku},
        {u"category_id"_s, product->categoryId ? QJsonValue(*product->categoryId) : QJsonValue(QJsonValue::Null)},
        {u"vendor_id"_s, product->vendorId ? QJsonValue(*product->vendorId) : QJsonValue(QJsonValue::Null)},
        {u"attributes"_s, product->attributes},
        {u"status"_s, u"active"_s},
        {u"rating_average"_s, ratingAverage(product->averageRatingHundredths)},
        {u"review_count"_s, product->reviewCount},
        {u"stock_quantity"_s, productAvailable},
        {u"is_available"_s, productAvailable > 0},
        {u"variants"_s, variants},
        {u"created_at"_s, dateTimeJson(product->createdAt)},
        {u"updated_at"_s, dateTimeJson(product->updatedAt)}});
}

ApiReply categoryProductsOn(Connection &connection, qint64 categoryId, SearchRequest request)
{
    Result<CachedQuery> category =
        connection.prepared(u"SELECT is_active FROM categories WHERE id = ?"_s, {categoryId});
    if (!category)
        return ApiReply::fromError(category.error());
    const bool visible = category.value().next() && category.value().value(0).toBool();
    category.value().finish();
    if (!visible)
        return ApiReply::error(404, QCoreApplication::translate("ApiCatalogRoutes", "Category not found. Choose a "
                                                                                    "category of the shop."));
    request.query.categoryId = categoryId;
    return searchOn(connection, request);
}

// The reads answer with a whole reply; only a database that cannot be
// reached at all comes back as an error.
QFuture<ApiReply> answered(QFuture<Result<ApiReply>> future)
{
    return replyFrom(std::move(future), [](const ApiReply &reply) { return reply; });
}

} // namespace

void registerCatalogRoutes(ApiRouter &router, const ApiServices &services)
{
    std::shared_ptr<Database> database = services.database;

    router.add(Method::Get, u"/api/products/search"_s, Access::Public, [database](const ApiCall &call) {
        const Field<SearchRequest> request = searchRequestFrom(call.query);
        if (!request)
            return replyNow(request.error());
        return answered(database->read([request = request.value()](Connection &connection) {
            return Result<ApiReply>(searchOn(connection, request));
        }));
    });

    router.add(Method::Get, u"/api/products/{id}"_s, Access::Public, [database](const ApiCall &call) {
        return answered(database->read([productId = call.ids.at(0)](Connection &connection) {
            return Result<ApiReply>(productOn(connection, productId));
        }));
    });

    router.add(Method::Get, u"/api/categories/{id}/products"_s, Access::Public, [database](const ApiCall &call) {
        const Field<SearchRequest> request = pagingFrom(call.query, SearchRequest{});
        if (!request)
            return replyNow(request.error());
        return answered(database->read([categoryId = call.ids.at(0), request = request.value()](Connection &connection) {
            return Result<ApiReply>(categoryProductsOn(connection, categoryId, request));
        }));
    });
}

} // namespace sk::api
