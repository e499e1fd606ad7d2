#pragma once

#include "KeysetRowModel.h"
#include "reviews/Review.h"

#include <memory>

namespace sk {

class ReviewService;

// Reviews for moderation, newest first, loaded a page at a time from
// ReviewService::page (KeysetTableModel). Filters are applied in SQL.
// Rows changed by moderation or a reply are replaced in place (replaceReview)
// and keep their place until the next query or reload, even when they no
// longer match the filter: a row vanishing under the cursor would be worse.
class ReviewTableModel : public KeysetRowModel<Review, ReviewQuery> {
    Q_OBJECT

public:
    enum Column { RatingColumn, TitleColumn, ProductColumn, CustomerColumn, VerifiedColumn, StatusColumn,
                  DateColumn, ColumnCount };
    enum ItemRole { ReviewIdRole = Qt::UserRole + 1, RatingRole, StatusNameRole };

    static constexpr int DefaultPageSize = 100;

    explicit ReviewTableModel(std::shared_ptr<ReviewService> reviews, QObject *parent = nullptr);
    ~ReviewTableModel() override;

    void setQuery(const ReviewQuery &query);

    const Review &reviewAt(int row) const { return rowAt(row); }
    int rowOfReview(qint64 reviewId) const { return rowWithId(reviewId); }
    void replaceReview(const Review &review);

    // "★★★★☆": the rating as five stars.
    static QString stars(int rating);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PageFuture fetchPage(const ReviewQuery &query) override;
    QFuture<Result<qint64>> fetchCount(const ReviewQuery &query) override;
    bool countsRows() const override { return true; }
    void rewind(ReviewQuery &query) const override;
    qint64 rowId(const Review &row) const override;

    std::shared_ptr<ReviewService> m_reviews;
};

} // namespace sk
