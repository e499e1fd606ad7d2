#include "ApiJson.h"
#include "ApiServer.h"

#include "db/Database.h"
#include "orders/CustomerOrders.h"
#include "reviews/ReviewService.h"

#include <QCoreApplication>
#include <limits>

using namespace Qt::StringLiterals;

// A customer's review of a product they received (docs/api.md, "Orders and
// reviews"): the original's rule, only with a delivered order of their own
// that holds the product, one review per product and order.
namespace sk::api {

namespace {

constexpr qint64 kMaxId = std::numeric_limits<qint64>::max();

QJsonObject reviewJson(const Review &review)
{
    return QJsonObject{{u"message"_s, QCoreApplication::translate("ApiReviewRoutes", "Review submitted")},
                       {u"review_id"_s, review.id},
                       {u"product_id"_s, review.productId},
                       {u"order_id"_s, review.orderId},
                       {u"rating"_s, review.rating},
                       {u"title"_s, review.title},
                       {u"comment"_s, review.text},
                       {u"is_verified"_s, review.verified},
                       {u"status"_s, reviewStatusName(review.status)},
                       {u"created_at"_s, dateTimeJson(review.createdAt)}};
}

} // namespace

void registerReviewRoutes(ApiRouter &router, const ApiServices &services)
{
    std::shared_ptr<Database> database = services.database;

    router.add(Method::Post, u"/api/products/{id}/reviews"_s, Access::Customer, [database](const ApiCall &call) {
        const Field<qint64> orderId = requiredInt64(call.body, u"order_id"_s, 1, kMaxId);
        if (!orderId)
            return replyNow(orderId.error());
        const Field<qint64> rating =
            requiredInt64(call.body, u"rating"_s, ReviewService::kMinRating, ReviewService::kMaxRating);
        if (!rating)
            return replyNow(rating.error());
        const Field<std::optional<QString>> title =
            optionalString(call.body, u"title"_s, ReviewService::kMaxTitleLength);
        if (!title)
            return replyNow(title.error());
        const Field<std::optional<QString>> comment =
            optionalString(call.body, u"comment"_s, ReviewService::kMaxTextLength);
        if (!comment)
            return replyNow(comment.error());

        NewReview review;
        review.productId = call.ids.at(0);
        review.orderId = orderId.value();
        review.rating = int(rating.value());
        review.title = title.value().value_or(QString());
        review.text = comment.value().value_or(QString());
        const Session customer = call.session;
        // The delivery rule and the review in one transaction, so the order
        // cannot change in between.
        QFuture<Result<Review>> creating = database->write([customer, review](Connection &connection) -> Result<Review> {
            if (Status ok = CustomerOrders::requireReviewableInTransaction(connection, customer, review.orderId,
                                                                           review.productId);
                !ok)
                return ok.error();
            return ReviewService::createInTransaction(connection, customer, review);
        });
        return replyFrom(creating, [](const Review &created) { return ApiReply::ok(reviewJson(created), 201); });
    });
}

} // namespace sk::api
