#include "ReviewTableModel.h"

#include "reviews/ReviewService.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

ReviewTableModel::ReviewTableModel(std::shared_ptr<ReviewService> reviews, QObject *parent)
    : KeysetRowModel(ColumnCount, DefaultPageSize, ReviewService::kMaxPageSize, parent), m_reviews(std::move(reviews))
{
    m_query.limit = DefaultPageSize;
}

ReviewTableModel::~ReviewTableModel() = default;

void ReviewTableModel::setQuery(const ReviewQuery &query)
{
    m_query = query;
    restart();
}

void ReviewTableModel::replaceReview(const Review &review)
{
    const int row = rowOfReview(review.id);
    if (row < 0)
        return;
    replaceRow(row, review);
}

QString ReviewTableModel::stars(int rating)
{
    const int filled = std::clamp(rating, 0, ReviewService::kMaxRating);
    return QString(filled, QChar(0x2605)) + QString(ReviewService::kMaxRating - filled, QChar(0x2606));
}

QVariant ReviewTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Review &review = rowAt(index.row());
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

ReviewTableModel::PageFuture ReviewTableModel::fetchPage(const ReviewQuery &query)
{
    return m_reviews->page(session(), query);
}

QFuture<Result<qint64>> ReviewTableModel::fetchCount(const ReviewQuery &query)
{
    return m_reviews->count(session(), query);
}

void ReviewTableModel::rewind(ReviewQuery &query) const
{
    query.afterCreatedAt = QDateTime();
    query.afterId = 0;
}

qint64 ReviewTableModel::rowId(const Review &row) const
{
    return row.id;
}

} // namespace sk
