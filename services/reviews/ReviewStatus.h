#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <optional>

namespace sk {

// A review's moderation state (docs/reviews.md):
//   pending  -> approved | rejected | hidden
//   approved -> hidden;  hidden -> approved;  rejected -> approved.
// Nothing goes back to pending, and an approved review is hidden rather than
// rejected, so what the shop once published stays on record as published.
// Only approved reviews count in products.average_rating and review_count.
enum class ReviewStatus { Pending, Approved, Rejected, Hidden };

QString reviewStatusName(ReviewStatus status);                // stable identifier, e.g. "approved"
std::optional<ReviewStatus> reviewStatusFromName(const QString &name);
QString reviewStatusTitle(ReviewStatus status);               // translated
QList<ReviewStatus> allReviewStatuses();
QList<ReviewStatus> allowedNextReviewStatuses(ReviewStatus from);
bool canMoveReview(ReviewStatus from, ReviewStatus to);
// Ok, or a Conflict whose sentence names the moves that are allowed.
Status checkReviewMove(ReviewStatus from, ReviewStatus to);

} // namespace sk
