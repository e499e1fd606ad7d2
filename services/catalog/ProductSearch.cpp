#include "catalog/ProductSearch.h"

#include "db/Database.h"

#include <QCoreApplication>

namespace sk {

namespace {

Error notYet()
{
    return Error::make(ErrorCode::Internal,
                       QCoreApplication::translate("ProductSearch", "Product search is not available yet."));
}

} // namespace

ProductSearch::ProductSearch(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<ProductPage>> ProductSearch::page(const Session &, const ProductSearchQuery &,
                                                 const std::optional<ProductCursor> &, int)
{
    return QtFuture::makeReadyFuture(Result<ProductPage>(notYet()));
}

QFuture<Result<ProductIdList>> ProductSearch::orderedIds(const Session &, const ProductSearchQuery &)
{
    return QtFuture::makeReadyFuture(Result<ProductIdList>(notYet()));
}

QFuture<Result<QList<ProductRow>>> ProductSearch::rows(const Session &, const QList<qint64> &)
{
    return QtFuture::makeReadyFuture(Result<QList<ProductRow>>(notYet()));
}

QFuture<Result<qint64>> ProductSearch::count(const Session &, const ProductSearchQuery &)
{
    return QtFuture::makeReadyFuture(Result<qint64>(notYet()));
}

} // namespace sk
