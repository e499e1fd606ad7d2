#include "reviews/ReviewStatus.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

struct StatusEntry {
    ReviewStatus status;
    QStringView name;
};

constexpr StatusEntry kStatuses[] = {
    {ReviewStatus::Pending, u"pending"},
    {ReviewStatus::Approved, u"approved"},
    {ReviewStatus::Rejected, u"rejected"},
    {ReviewStatus::Hidden, u"hidden"},
};

QString quoted(ReviewStatus status)
{
    return QCoreApplication::translate("ReviewStatus", "“%1”").arg(reviewStatusTitle(status));
}

} // namespace

QString reviewStatusName(ReviewStatus status)
{
    for (const StatusEntry &entry : kStatuses)
        if (entry.status == status)
            return entry.name.toString();
    return {};
}

std::optional<ReviewStatus> reviewStatusFromName(const QString &name)
{
    for (const StatusEntry &entry : kStatuses)
        if (entry.name == name)
            return entry.status;
    return std::nullopt;
}

QString reviewStatusTitle(ReviewStatus status)
{
    switch (status) {
    case ReviewStatus::Pending:
        return QCoreApplication::translate("ReviewStatus", "Pending");
    case ReviewStatus::Approved:
        return QCoreApplication::translate("ReviewStatus", "Approved");
    case ReviewStatus::Rejected:
        return QCoreApplication::translate("ReviewStatus", "Rejected");
    case ReviewStatus::Hidden:
        return QCoreApplication::translate("ReviewStatus", "Hidden");
    }
    return {};
}

QList<ReviewStatus> allReviewStatuses()
{
    return {ReviewStatus::Pending, ReviewStatus::Approved, ReviewStatus::Rejected, ReviewStatus::Hidden};
}

QList<ReviewStatus> allowedNextReviewStatuses(ReviewStatus from)
{
    switch (from) {
    case ReviewStatus::Pending:
        return {ReviewStatus::Approved, ReviewStatus::Rejected, ReviewStatus::Hidden};
    case ReviewStatus::Approved:
        return {ReviewStatus::Hidden};
    case ReviewStatus::Hidden:
        return {ReviewStatus::Approved};
    case ReviewStatus::Rejected:
        return {ReviewStatus::Approved};
    }
    return {};
}

bool canMoveReview(ReviewStatus from, ReviewStatus to)
{
    return allowedNextReviewStatuses(from).contains(to);
}

Status checkReviewMove(ReviewStatus from, ReviewStatus to)
{
    if (canMoveReview(from, to))
        return Status::success();
    if (from == to)
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("ReviewStatus", "The review is already %1. Reload the list to "
                                                                       "see its current state.")
                               .arg(quoted(to)));
    QStringList allowed;
    for (ReviewStatus next : allowedNextReviewStatuses(from))
        allowed.append(quoted(next));
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("ReviewStatus", "A review that is %1 cannot become %2; it can "
                                                                   "become %3.")
                           .arg(quoted(from), quoted(to), allowed.join(QCoreApplication::translate("ReviewStatus",
                                                                                                   " or "))));
}

} // namespace sk
