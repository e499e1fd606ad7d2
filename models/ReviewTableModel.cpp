#include "ReviewTableModel.h"

#include "reviews/ReviewService.h"

#include <QFont>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

ReviewTableModel::ReviewTableModel(std::shared_ptr<ReviewService> reviews, QObject *parent)
    : QAbstractTableModel(parent), m_reviews(std::move(reviews))
{
    m_query.limit = m_pageSize;
}

ReviewTableModel::~ReviewTableModel() = default;

void ReviewTableModel::setSession(const Session &session)
{
    m_session = session;
    restart(m_pageSize);
}

void ReviewTableModel::setQuery(const ReviewQuery &query)
{
    m_query = query;
    restart(m_pageSize);
}

void ReviewTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, ReviewService::kMaxPageSize);
}

void ReviewTableModel::reload()
{
    restart(std::clamp(int(m_rows.size()), m_pageSize, ReviewService::kMaxPageSize));
}

int ReviewTableModel::rowOfReview(qint64 reviewId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == reviewId)
            return row;
    return -1;
}

void ReviewTableModel::replaceReview(const Review &review)
{
    const int row = rowOfReview(review.id);
    if (row < 0)
        return;
    m_rows[row] = review;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString ReviewTableModel::stars(int rating)
{
    const int filled = std::clamp(rating, 0, ReviewService::kMaxRating);
    return QString(filled, QChar(0x2605)) + QString(ReviewService::kMaxRating - filled, QChar(0x2606));
}

int ReviewTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Review &review = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RatingColumn: return stars(review.rating);
        case TitleColumn: return review.title.isEmpty() ? tr("(no title)") : review.title;
        case ProductColumn: return review.productName;
        case CustomerColumn: return review.customerName;
        case VerifiedColumn: return review.verified ? tr("Verified") : QString();
        case StatusColumn: return reviewStatusTitle(review.status);
        case DateColumn: return QLocale().toString(review.createdAt.toLocalTime(), QLocale::ShortFormat);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case RatingColumn: return tr("%1 of 5 stars").arg(review.rating);
        case VerifiedColumn:
            return review.verified ? tr("Order %1 holds this product.").arg(review.orderNumber)
                                   : tr("Order %1 does not hold this product.").arg(review.orderNumber);
        case CustomerColumn: return review.customerEmail;
        case ProductColumn: return review.vendorName.isEmpty() ? QVariant() : QVariant(review.vendorName);
        }
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == RatingColumn)
            return tr("%1 of 5 stars").arg(review.rating);
        return {};
    case Qt::ForegroundRole:
        // What the shop does not show is greyed; without a GUI there is no palette.
        if ((review.status == ReviewStatus::Rejected || review.status == ReviewStatus::Hidden)
            && qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (index.column() == StatusColumn && review.status == ReviewStatus::Pending
            && qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case ReviewIdRole: return review.id;
    case RatingRole: return review.rating;
    case StatusNameRole: return reviewStatusName(review.status);
    default: return {};
    }
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RatingColumn: return tr("Rating");
    case TitleColumn: return tr("Title");
    case ProductColumn: return tr("Product");
    case CustomerColumn: return tr("Customer");
    case VerifiedColumn: return tr("Verified");
    case StatusColumn: return tr("Status");
    case DateColumn: return tr("Date");
    default: return {};
    }
}

bool ReviewTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_session.isValid() && !m_atEnd && !m_pageInFlight;
}

void ReviewTableModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestPage(m_pageSize);
}

void ReviewTableModel::restart(int firstPageRows)
{
    beginResetModel();
    // Whatever is still on its way belongs to the previous query now.
    ++m_generation;
    m_rows.clear();
    m_query.afterCreatedAt = QDateTime();
    m_query.afterId = 0;
    m_atEnd = false;
    m_firstPageLoaded = false;
    m_pageInFlight = false;
    // Asked for before the reset is announced, so a view that calls
    // fetchMore() on modelReset finds the first page already on its way.
    if (m_session.isValid()) {
        requestCount();
        requestPage(firstPageRows);
    }
    endResetModel();
}

void ReviewTableModel::requestPage(int rows)
{
    if (!m_session.isValid() || m_pageInFlight || m_atEnd)
        return;
    ReviewQuery query = m_query;
    query.limit = std::clamp(rows, 1, ReviewService::kMaxPageSize);
    m_pageInFlight = true;
    using Watcher = QFutureWatcher<Result<QList<Review>>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this, [this, watcher, generation = m_generation, requested = query.limit] {
        watcher->deleteLater();
        acceptPage(generation, watcher->result(), requested);
    });
    watcher->setFuture(m_reviews->page(m_session, query));
}

void ReviewTableModel::requestCount()
{
    using Watcher = QFutureWatcher<Result<qint64>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        acceptCount(generation, watcher->result());
    });
    watcher->setFuture(m_reviews->count(m_session, m_query));
}

void ReviewTableModel::acceptPage(quint64 generation, const Result<QList<Review>> &result, int requestedRows)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    m_pageInFlight = false;
    if (!result) {
        // Stop here so a view does not ask again and again; reload() retries.
        m_atEnd = true;
        emit loadFailed(result.error().message, result.error().details);
        return;
    }
    const QList<Review> &reviews = result.value();
    // The keyset moves first: a view may call fetchMore() from its
    // rowsInserted handler, and that page must start after these rows.
    if (reviews.size() < requestedRows)
        m_atEnd = true;
    if (!reviews.isEmpty())
        m_query.continueAfter(reviews.constLast());
    m_firstPageLoaded = true;
    if (!reviews.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + reviews.size() - 1));
        m_rows.append(reviews);
        endInsertRows();
    }
    emit pageLoaded(int(reviews.size()));
}

void ReviewTableModel::acceptCount(quint64 generation, const Result<qint64> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    // The page request reports the same failure; one message is enough.
    if (!result || result.value() == m_totalCount)
        return;
    m_totalCount = result.value();
    emit totalCountChanged(m_totalCount);
}

} // namespace sk
