#pragma once

#include "auth/Session.h"
#include "core/Result.h"
#include "reviews/Review.h"

#include <QFuture>
#include <QList>
#include <memory>

namespace sk {

class Connection;
class Database;

// Reviews and their moderation (docs/reviews.md). A review is unique per
// product, customer and order; it is verified when that order holds the
// product. products.average_rating (hundredths, rounded half up) and
// products.review_count count approved reviews only and are recounted for
// the one product in the same transaction as every change that moves a
// review into or out of "approved". Every change is audited.
//
// Permissions: create, PlaceOnlineOrders (a customer, on their own order);
// import, moderate and remove, ModerateReviews; reply, ReplyToReviews (a
// vendor on reviews of their own products only; administrators on any);
// page, count and get, ModerateReviews or ReplyToReviews (vendors see the
// reviews of their own products only; another vendor's review "no longer
// exists" for them, as in the catalog).
class ReviewService {
public:
    static constexpr int kMinRating = 1;
    static constexpr int kMaxRating = 5;
    static constexpr int kMaxTitleLength = 200;
    static constexpr int kMaxTextLength = 5000;
    static constexpr int kMaxReplyLength = 2000;
    static constexpr int kMaxNoteLength = 1000;
    static constexpr int kMaxPageSize = 500;

    explicit ReviewService(std::shared_ptr<Database> database);

    // A customer's review of a product on one of their own orders; pending
    // until moderated.
    QFuture<Result<Review>> create(const Session &actor, const NewReview &review);
    // An administrator brings in a review (from the original platform): the
    // order must be that customer's; the status may already be decided.
    QFuture<Result<Review>> import(const Session &actor, const NewReview &review);
    // One move of the status machine (ReviewStatus) with an optional note.
    QFuture<Result<Review>> moderate(const Session &actor, qint64 reviewId, ReviewStatus to, const QString &note);
    // One transaction per review, so one refusal leaves the others moved;
    // an outcome per review, in the order given.
    QFuture<Result<QList<ReviewOutcome>>> moderateMany(const Session &actor, const QList<qint64> &reviewIds, ReviewStatus to,
                                               const QString &note);
    // Sets or replaces the vendor's reply; an empty reply removes it.
    QFuture<Result<Review>> reply(const Session &actor, qint64 reviewId, const QString &reply);
    QFuture<Status> remove(const Session &actor, qint64 reviewId);

    QFuture<Result<QList<Review>>> page(const Session &actor, const ReviewQuery &query);
    QFuture<Result<qint64>> count(const Session &actor, const ReviewQuery &query);
    QFuture<Result<Review>> get(const Session &actor, qint64 reviewId);

    static Result<Review> createInTransaction(Connection &connection, const Session &actor, const NewReview &review);
    static Result<Review> importInTransaction(Connection &connection, const Session &actor, const NewReview &review);
    static Result<Review> moderateInTransaction(Connection &connection, const Session &actor, qint64 reviewId,
                                                ReviewStatus to, const QString &note);
    static Result<Review> replyInTransaction(Connection &connection, const Session &actor, qint64 reviewId,
                                             const QString &reply);
    static Status removeInTransaction(Connection &connection, const Session &actor, qint64 reviewId);
    static Result<QList<Review>> pageInTransaction(Connection &connection, const Session &actor,
                                                   const ReviewQuery &query);
    static Result<qint64> countInTransaction(Connection &connection, const Session &actor, const ReviewQuery &query);
    static Result<Review> getInTransaction(Connection &connection, const Session &actor, qint64 reviewId);

    // Recounts products.average_rating and review_count of one product from
    // its approved reviews. For any write that adds, removes or moves
    // reviews outside this service (a customer merge deleting a duplicate's
    // review): call it in that write's transaction, once per product touched.
    static Status recountProductInTransaction(Connection &connection, qint64 productId);
    // Round half up of 100 × sum / count, in integers: what average_rating holds.
    static qint64 averageHundredths(qint64 ratingSum, qint64 count);

    // The sentence for bad input, or ok: rating, title and text bounds.
    static Status validate(const NewReview &review);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
