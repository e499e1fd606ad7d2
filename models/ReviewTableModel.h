#pragma once

#include "auth/Session.h"
#include "core/Error.h"
#include "reviews/Review.h"

#include <QAbstractTableModel>
#include <QList>
#include <memory>

namespace sk {

class ReviewService;

// Reviews for moderation, newest first, loaded a page at a time from
// ReviewService::page on a reader thread as the view scrolls (keyset paging:
// each page starts after the last row already loaded). Filters are applied
// in SQL. A generation counter drops answers that arrive for an older query.
// Rows changed by moderation or a reply are replaced in place (replaceReview)
// and keep their place until the next query or reload, even when they no
// longer match the filter: a row vanishing under the cursor would be worse.
class ReviewTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { RatingColumn, TitleColumn, ProductColumn, CustomerColumn, VerifiedColumn, StatusColumn,
                  DateColumn, ColumnCount };
    enum ItemRole { ReviewIdRole = Qt::UserRole + 1, RatingRole, StatusNameRole };

    static constexpr int DefaultPageSize = 100;

    explicit ReviewTableModel(std::shared_ptr<ReviewService> reviews, QObject *parent = nullptr);
    ~ReviewTableModel() override;

    // Who is asking; setting it starts loading.
    void setSession(const Session &session);
    void setQuery(const ReviewQuery &query);
    const ReviewQuery &query() const { return m_query; }
    void setPageSize(int rows);
    // From the first row again, with at least as many rows as are loaded.
    void reload();

    qint64 totalCount() const { return m_totalCount; }
    bool isLoading() const { return m_pageInFlight; }
    bool hasLoadedFirstPage() const { return m_firstPageLoaded; }
    int droppedStaleResults() const { return m_droppedStaleResults; }

    const Review &reviewAt(int row) const { return m_rows.at(row); }
    int rowOfReview(qint64 reviewId) const;
    void replaceReview(const Review &review);

    // "★★★★☆": the rating as five stars.
    static QString stars(int rating);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void totalCountChanged(qint64 count);
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message, const QString &details);

private:
    void restart(int firstPageRows);
    void requestPage(int rows);
    void requestCount();
    void acceptPage(quint64 generation, const Result<QList<Review>> &result, int requestedRows);
    void acceptCount(quint64 generation, const Result<qint64> &result);

    std::shared_ptr<ReviewService> m_reviews;
    Session m_session;
    ReviewQuery m_query;
    int m_pageSize = DefaultPageSize;
    QList<Review> m_rows;
    qint64 m_totalCount = -1;
    quint64 m_generation = 0;
    bool m_pageInFlight = false;
    bool m_atEnd = false;
    bool m_firstPageLoaded = false;
    int m_droppedStaleResults = 0;
};

} // namespace sk
