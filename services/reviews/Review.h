#pragma once

#include "core/Result.h"
#include "reviews/ReviewStatus.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace sk {

// One review as the Reviews page shows it: the reviews row with the names of
// its product, vendor, customer and order.
struct Review {
    qint64 id = 0;
    qint64 productId = 0;
    QString productName;
    std::optional<qint64> vendorId;          // none for the shop's own products
    QString vendorName;
    qint64 customerId = 0;
    QString customerName;
    QString customerEmail;
    qint64 orderId = 0;
    QString orderNumber;
    int rating = 0;                          // 1..5
    QString title;
    QString text;
    bool verified = false;                   // the order holds the product
    ReviewStatus status = ReviewStatus::Pending;
    qint64 moderatedBy = 0;                  // 0 until moderated
    QString moderatedByName;
    QDateTime moderatedAt;
    QString moderationNote;
    QString vendorReply;                     // empty when there is none
    qint64 repliedBy = 0;
    QString repliedByName;
    QDateTime repliedAt;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// What a customer writes about a product they ordered; an administrator's
// import also names the customer and may carry the original status and date.
struct NewReview {
    qint64 productId = 0;
    qint64 orderId = 0;
    int rating = 0;
    QString title;
    QString text;

    // Import only (ReviewService::import); a customer's own review is theirs.
    qint64 customerId = 0;
    ReviewStatus status = ReviewStatus::Pending;
    QDateTime createdAt;                     // now when not valid
};

// Which reviews, newest first. Paging is by key, never OFFSET: the next page
// starts after the last row of the previous one (created_at, then id).
struct ReviewQuery {
    std::optional<int> rating;
    std::optional<qint64> productId;
    QString productText;                     // part of the product's name, any case
    std::optional<qint64> vendorId;          // administrators only; vendors always see their own
    std::optional<ReviewStatus> status;
    std::optional<bool> verified;
    int limit = 100;

    QDateTime afterCreatedAt;
    qint64 afterId = 0;

    // Moves the keyset past `last`, the final row of the page just received.
    void continueAfter(const Review &last)
    {
        afterCreatedAt = last.createdAt;
        afterId = last.id;
    }
};

// What a moderation of many reviews did to one of them.
struct ReviewOutcome {
    qint64 reviewId = 0;
    Status result;                           // ok, or why this review kept its status
};

} // namespace sk
