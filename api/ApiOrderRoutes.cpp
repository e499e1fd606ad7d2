#include "ApiJson.h"
#include "ApiServer.h"

#include "orders/CustomerOrders.h"
#include "orders/OrderService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPromise>
#include <limits>
#include <memory>

#include <QCoroTask>

using namespace Qt::StringLiterals;

// The signed-in customer's orders (docs/api.md, "Orders and reviews"), with
// the original platform's paths and fields. OrderService and CustomerOrders
// keep every rule; these handlers check the fields' types and sizes.
namespace sk::api {

namespace {

constexpr qint64 kMaxId = std::numeric_limits<qint64>::max();
// As OnlineOrderWriter bounds an address, so a long field is refused here
// with the field's JSON name.
constexpr qsizetype kMaxStreetLength = 200;
constexpr qsizetype kMaxCityLength = 100;
constexpr qsizetype kMaxStateLength = 100;
constexpr qsizetype kMaxPostalCodeLength = 20;
constexpr qsizetype kMaxCountryLength = 100;
constexpr qsizetype kMaxNoteLength = 500;
constexpr qsizetype kMaxReasonLength = 500;
constexpr qsizetype kMaxPaymentMethodLength = 20;
constexpr qsizetype kMaxPaymentTokenLength = 255;
constexpr int kPaymentRequired = 402;

QJsonObject message(const QString &text)
{
    return QJsonObject{{u"message"_s, text}};
}

// A coroutine's result as the future a handler returns. The task runs on
// the server's thread, where the gateway client lives.
template<typename T, typename Map>
QCoro::Task<> deliver(QCoro::Task<T> task, std::shared_ptr<QPromise<ApiReply>> promise, Map map)
{
    const T result = co_await std::move(task);
    promise->addResult(map(result));
    promise->finish();
}

template<typename T, typename Map>
QFuture<ApiReply> replyFromTask(QCoro::Task<T> task, Map map)
{
    auto promise = std::make_shared<QPromise<ApiReply>>();
    promise->start();
    QFuture<ApiReply> future = promise->future();
    deliver(std::move(task), promise, std::move(map));
    return future;
}

QJsonValue addressJson(const std::optional<OrderAddress> &address)
{
    if (!address)
        return QJsonValue::Null;
    return QJsonObject{{u"street_address"_s, address->streetAddress},
                       {u"city"_s, address->city},
                       {u"state"_s, address->state},
                       {u"postal_code"_s, address->postalCode},
                       {u"country"_s, address->country}};
}

QJsonObject summaryJson(const CustomerOrderSummary &order)
{
    return QJsonObject{{u"order_id"_s, order.id},
                       {u"order_number"_s, order.orderNumber},
                       {u"channel"_s, order.channel},
                       {u"status"_s, orderStatusName(order.status)},
                       {u"currency"_s, order.total.currency()},
                       {u"subtotal"_s, moneyJson(order.subtotal)},
                       {u"discount_amount"_s, moneyJson(order.discount)},
                       {u"tax_amount"_s, moneyJson(order.tax)},
                       {u"shipping_amount"_s, moneyJson(order.shipping)},
                       {u"total_amount"_s, moneyJson(order.total)},
                       {u"paid_amount"_s, moneyJson(order.paid)},
                       {u"refunded_amount"_s, moneyJson(order.refunded)},
                       {u"total_items"_s, order.itemCount},
                       {u"created_at"_s, dateTimeJson(order.createdAt)},
                       {u"updated_at"_s, dateTimeJson(order.updatedAt)}};
}

QJsonObject orderJson(const CustomerOrder &order)
{
    QJsonObject header = summaryJson(order.summary);
    header.insert(u"shipping_address"_s, addressJson(order.shipping));
    header.insert(u"billing_address"_s, addressJson(order.billing));
    header.insert(u"tracking"_s, order.trackingNumber.isEmpty()
                                     ? QJsonValue(QJsonValue::Null)
                                     : QJsonValue(QJsonObject{{u"carrier"_s, order.trackingCarrier},
                                                              {u"tracking_number"_s, order.trackingNumber}}));
    header.insert(u"note"_s, order.note);
    header.insert(u"can_cancel"_s, order.cancellable);

    QJsonArray items;
    for (const CustomerOrderLine &line : order.lines)
        items.append(QJsonObject{{u"order_item_id"_s, line.id},
                                 {u"product_id"_s, line.productId},
                                 {u"variant_id"_s, line.variantId},
                                 {u"sku"_s, line.sku},
                                 {u"product_name"_s, line.name},
                                 {u"quantity"_s, line.quantity},
                                 {u"refunded_quantity"_s, line.refundedQuantity},
                                 {u"unit_price"_s, moneyJson(line.unitPrice)},
                                 {u"discount_amount"_s, moneyJson(line.discount)},
                                 {u"tax_amount"_s, moneyJson(line.tax)},
                                 {u"total_price"_s, moneyJson(line.total)}});
    QJsonArray payments;
    for (const CustomerOrderPayment &payment : order.payments)
        payments.append(QJsonObject{{u"payment_id"_s, payment.id},
                                    {u"payment_method"_s, payment.tender},
                                    {u"status"_s, payment.status},
                                    {u"amount"_s, moneyJson(payment.amount)},
                                    {u"refunded_amount"_s, moneyJson(payment.refunded)},
                                    {u"card_brand"_s, payment.cardBrand},
                                    {u"card_last4"_s, payment.cardLast4},
                                    {u"created_at"_s, dateTimeJson(payment.createdAt)}});
    QJsonArray refunds;
    for (const CustomerOrderRefund &refund : order.refunds)
        refunds.append(QJsonObject{{u"refund_id"_s, refund.id},
                                   {u"payment_method"_s, refund.tender},
                                   {u"status"_s, refund.status},
                                   {u"amount"_s, moneyJson(refund.amount)},
                                   {u"created_at"_s, dateTimeJson(refund.createdAt)}});
    QJsonArray history;
    for (const CustomerStatusChange &change : order.history)
        history.append(QJsonObject{{u"from_status"_s, change.from ? QJsonValue(orderStatusName(*change.from))
                                                                  : QJsonValue(QJsonValue::Null)},
                                   {u"status"_s, orderStatusName(change.to)},
                                   {u"changed_at"_s, dateTimeJson(change.at)}});
    return QJsonObject{{u"order"_s, header},
                       {u"items"_s, items},
                       {u"payments"_s, payments},
                       {u"refunds"_s, refunds},
                       {u"status_history"_s, history}};
}

// The inline shipping_address object, every field checked with its name.
Field<OrderAddress> inlineAddress(const QJsonObject &body, const QString &name)
{
    const QJsonValue value = body.value(name);
    if (!value.isObject())
        return ApiReply::error(400, QCoreApplication::translate("ApiOrderRoutes", "The field \"%1\" must be an object "
                                                                                  "with street_address, city, state, "
                                                                                  "postal_code and country.")
                                        .arg(name));
    const QJsonObject address = value.toObject();
    const Field<QString> street = requiredString(address, u"street_address"_s, kMaxStreetLength);
    if (!street)
        return street.error();
    const Field<QString> city = requiredString(address, u"city"_s, kMaxCityLength);
    if (!city)
        return city.error();
    const Field<QString> state = requiredString(address, u"state"_s, kMaxStateLength);
    if (!state)
        return state.error();
    const Field<QString> postalCode = requiredString(address, u"postal_code"_s, kMaxPostalCodeLength);
    if (!postalCode)
        return postalCode.error();
    const Field<QString> country = requiredString(address, u"country"_s, kMaxCountryLength);
    if (!country)
        return country.error();
    return OrderAddress{street.value(), city.value(), state.value(), postalCode.value(), country.value()};
}

// The request of POST /api/orders, or the 400 that names its first bad field.
Field<OnlineCheckout> checkoutFrom(const QJsonObject &body)
{
    OnlineCheckout checkout;
    const Field<std::optional<qint64>> shippingId = optionalInt64(body, u"shipping_address_id"_s, 1, kMaxId);
    if (!shippingId)
        return shippingId.error();
    const Field<std::optional<qint64>> billingId = optionalInt64(body, u"billing_address_id"_s, 1, kMaxId);
    if (!billingId)
        return billingId.error();
    const bool inlineShipping = body.contains(u"shipping_address"_s) && !body.value(u"shipping_address"_s).isNull();
    if (shippingId.value() && inlineShipping)
        return ApiReply::error(400, QCoreApplication::translate("ApiOrderRoutes", "Send either shipping_address_id or "
                                                                                  "shipping_address, not both."));
    if (!shippingId.value() && !inlineShipping)
        return ApiReply::error(400, QCoreApplication::translate("ApiOrderRoutes", "Add the shipping address: "
                                                                                  "shipping_address_id of a saved "
                                                                                  "address, or a shipping_address "
                                                                                  "object."));
    checkout.shippingAddressId = shippingId.value();
    if (inlineShipping) {
        const Field<OrderAddress> shipping = inlineAddress(body, u"shipping_address"_s);
        if (!shipping)
            return shipping.error();
        checkout.order.shipping = shipping.value();
    }
    // The original sends a billing address id; the same address as the
    // shipping one is no second address.
    if (billingId.value() != shippingId.value())
        checkout.billingAddressId = billingId.value();
    if (body.contains(u"billing_address"_s) && !body.value(u"billing_address"_s).isNull()) {
        if (billingId.value())
            return ApiReply::error(400, QCoreApplication::translate("ApiOrderRoutes", "Send either billing_address_id "
                                                                                      "or billing_address, not both."));
        const Field<OrderAddress> billing = inlineAddress(body, u"billing_address"_s);
        if (!billing)
            return billing.error();
        checkout.order.billing = billing.value();
    }

    const Field<QString> method = requiredString(body, u"payment_method"_s, kMaxPaymentMethodLength);
    if (!method)
        return method.error();
    if (method.value() != u"card"_s)
        return ApiReply::error(400, QCoreApplication::translate("ApiOrderRoutes", "The shop takes online payments by "
                                                                                  "card: set payment_method to "
                                                                                  "\"card\"."));
    const Field<QString> token = requiredString(body, u"payment_token"_s, kMaxPaymentTokenLength);
    if (!token)
        return token.error();
    checkout.paymentToken = token.value();
    const Field<std::optional<QString>> note = optionalString(body, u"note"_s, kMaxNoteLength);
    if (!note)
        return note.error();
    checkout.order.note = note.value().value_or(QString());
    return checkout;
}

// The reason from the JSON body, or (as the original took it) the query.
Field<QString> cancelReason(const ApiCall &call)
{
    if (call.body.contains(u"reason"_s)) {
        const Field<std::optional<QString>> reason = optionalString(call.body, u"reason"_s, kMaxReasonLength);
        if (!reason)
            return reason.error();
        return reason.value().value_or(QString());
    }
    const Field<std::optional<QString>> reason = queryString(call.query, u"reason"_s, kMaxReasonLength);
    if (!reason)
        return reason.error();
    return reason.value().value_or(QString());
}

} // namespace

void registerOrderRoutes(ApiRouter &router, const ApiServices &services)
{
    std::shared_ptr<OrderService> orders = services.orders;
    auto customerOrders = std::make_shared<CustomerOrders>(services.database);

    router.add(Method::Post, u"/api/orders"_s, Access::Customer, [orders](const ApiCall &call) {
        const Field<OnlineCheckout> checkout = checkoutFrom(call.body);
        if (!checkout)
            return replyNow(checkout.error());
        return replyFromTask(orders->placeOnlineByCard(call.session, checkout.value()),
                             [](const Result<PlacedOrder> &placed) {
                                 if (!placed) {
                                     if (OrderService::isCardDeclined(placed.error()))
                                         return ApiReply::error(kPaymentRequired, placed.error().message);
                                     return ApiReply::fromError(placed.error());
                                 }
                                 QJsonObject body = message(QCoreApplication::translate("ApiOrderRoutes",
                                                                                        "Order created successfully"));
                                 body.insert(u"order_id"_s, placed->orderId);
                                 body.insert(u"order_number"_s, placed->orderNumber);
                                 body.insert(u"currency"_s, placed->total.currency());
                                 body.insert(u"total"_s, moneyJson(placed->total));
                                 body.insert(u"status"_s, orderStatusName(OrderStatus::Pending));
                                 return ApiReply::ok(body, 201);
                             });
    });

    router.add(Method::Get, u"/api/orders"_s, Access::Customer, [customerOrders](const ApiCall &call) {
        const Field<qint64> page = queryInt(call.query, u"page"_s, 1, 1, std::numeric_limits<int>::max());
        if (!page)
            return replyNow(page.error());
        const Field<qint64> pageSize = queryInt(call.query, u"page_size"_s, CustomerOrders::kDefaultPageSize, 1,
                                                CustomerOrders::kMaxPageSize);
        if (!pageSize)
            return replyNow(pageSize.error());
        return replyFrom(customerOrders->page(call.session, int(page.value()), int(pageSize.value())),
                         [](const CustomerOrderPage &found) {
                             QJsonArray list;
                             for (const CustomerOrderSummary &order : found.orders)
                                 list.append(summaryJson(order));
                             return ApiReply::ok(QJsonObject{{u"orders"_s, list},
                                                             {u"total"_s, found.total},
                                                             {u"page"_s, found.page},
                                                             {u"page_size"_s, found.pageSize},
                                                             {u"total_pages"_s, found.totalPages}});
                         });
    });

    router.add(Method::Get, u"/api/orders/{id}"_s, Access::Customer, [customerOrders](const ApiCall &call) {
        return replyFrom(customerOrders->order(call.session, call.ids.at(0)),
                         [](const CustomerOrder &order) { return ApiReply::ok(orderJson(order)); });
    });

    router.add(Method::Post, u"/api/orders/{id}/cancel"_s, Access::Customer, [orders](const ApiCall &call) {
        const Field<QString> reason = cancelReason(call);
        if (!reason)
            return replyNow(reason.error());
        return replyFromTask(orders->cancelOwn(call.session, call.ids.at(0), reason.value()), [](const Status &done) {
            if (!done)
                return ApiReply::fromError(done.error());
            return ApiReply::ok(message(QCoreApplication::translate("ApiOrderRoutes", "Order cancelled successfully")));
        });
    });
}

} // namespace sk::api
