#include "ApiJson.h"
#include "ApiServer.h"

#include "orders/OnlineCartService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <limits>

using namespace Qt::StringLiterals;

// The signed-in customer's cart (docs/api.md, "Catalog and cart"), with the
// original platform's paths, fields and messages. OnlineCartService keeps
// every rule; these handlers check the fields' types and ranges.
namespace sk::api {

namespace {

constexpr qint64 kMaxId = std::numeric_limits<qint64>::max();

QJsonObject itemJson(const OnlineCartItem &item)
{
    return QJsonObject{{u"cart_item_id"_s, item.cartItemId},
                       {u"product_id"_s, item.productId},
                       {u"variant_id"_s, item.variantId},
                       {u"product_name"_s, item.name},
                       {u"variant_name"_s, item.options},
                       {u"sku"_s, item.sku},
                       {u"quantity"_s, item.quantity},
                       {u"price"_s, moneyJson(item.unitPrice)},
                       {u"total_price"_s, moneyJson(item.lineTotal)},
                       {u"available_stock"_s, item.availableQuantity},
                       {u"is_available"_s, item.available}};
}

QJsonObject summaryJson(const OnlineCartSummary &summary)
{
    QJsonArray items;
    for (const OnlineCartItem &item : summary.items)
        items.append(itemJson(item));
    return QJsonObject{{u"items"_s, items},
                       {u"total_items"_s, summary.totalItems},
                       {u"currency"_s, summary.total.currency()},
                       {u"subtotal"_s, moneyJson(summary.subtotal)},
                       {u"tax_amount"_s, moneyJson(summary.tax)},
                       {u"shipping_amount"_s, moneyJson(summary.shipping)},
                       {u"total_amount"_s, moneyJson(summary.total)}};
}

QJsonObject message(const QString &text)
{
    return QJsonObject{{u"message"_s, text}};
}

// The JSON body's quantity first; the original took it as a query
// parameter, which its clients still send.
Field<qint64> updatedQuantity(const ApiCall &call)
{
    if (call.body.contains(u"quantity"_s))
        return requiredInt64(call.body, u"quantity"_s, 0, OnlineCartService::kMaxLineQuantity);
    if (call.query.hasQueryItem(u"quantity"_s)
        && !call.query.queryItemValue(u"quantity"_s, QUrl::FullyDecoded).trimmed().isEmpty())
        return queryInt(call.query, u"quantity"_s, 0, 0, OnlineCartService::kMaxLineQuantity);
    return ApiReply::error(400, QCoreApplication::translate("ApiCartRoutes", "The field \"quantity\" is required: "
                                                                             "add it to the request."));
}

} // namespace

void registerCartRoutes(ApiRouter &router, const ApiServices &services)
{
    std::shared_ptr<OnlineCartService> carts = services.carts;

    router.add(Method::Post, u"/api/cart/items"_s, Access::Customer, [carts](const ApiCall &call) {
        const Field<qint64> productId = requiredInt64(call.body, u"product_id"_s, 1, kMaxId);
        if (!productId)
            return replyNow(productId.error());
        const Field<std::optional<qint64>> variantId = optionalInt64(call.body, u"variant_id"_s, 1, kMaxId);
        if (!variantId)
            return replyNow(variantId.error());
        const Field<std::optional<qint64>> quantity =
            optionalInt64(call.body, u"quantity"_s, 1, OnlineCartService::kMaxLineQuantity);
        if (!quantity)
            return replyNow(quantity.error());
        return replyFrom(carts->add(call.session, productId.value(), variantId.value(), quantity.value().value_or(1)),
                         [](qint64 cartItemId) {
                             QJsonObject body = message(QCoreApplication::translate("ApiCartRoutes", "Item added to "
                                                                                                     "cart"));
                             body.insert(u"cart_item_id"_s, cartItemId);
                             return ApiReply::ok(body, 201);
                         });
    });

    router.add(Method::Get, u"/api/cart"_s, Access::Customer, [carts](const ApiCall &call) {
        return replyFrom(carts->summary(call.session),
                         [](const OnlineCartSummary &summary) { return ApiReply::ok(summaryJson(summary)); });
    });

    router.add(Method::Put, u"/api/cart/items/{id}"_s, Access::Customer, [carts](const ApiCall &call) {
        const Field<qint64> quantity = updatedQuantity(call);
        if (!quantity)
            return replyNow(quantity.error());
        return replyFrom(carts->update(call.session, call.ids.at(0), quantity.value()), [] {
            return ApiReply::ok(message(QCoreApplication::translate("ApiCartRoutes", "Cart item updated")));
        });
    });

    router.add(Method::Delete, u"/api/cart/items/{id}"_s, Access::Customer, [carts](const ApiCall &call) {
        return replyFrom(carts->remove(call.session, call.ids.at(0)), [] {
            return ApiReply::ok(message(QCoreApplication::translate("ApiCartRoutes", "Item removed from cart")));
        });
    });
}

} // namespace sk::api
