#include "catalog/ProductImageService.h"

#include "db/Database.h"

#include <QCoreApplication>

namespace sk {

namespace {

Error notYet()
{
    return Error::make(ErrorCode::Internal,
                       QCoreApplication::translate("ProductImageService", "Product images are not available yet."));
}

} // namespace

ProductImageService::ProductImageService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QFuture<Result<QList<ProductImageInfo>>> ProductImageService::list(const Session &, qint64)
{
    return QtFuture::makeReadyFuture(Result<QList<ProductImageInfo>>(notYet()));
}

QFuture<Result<QByteArray>> ProductImageService::data(const Session &, qint64)
{
    return QtFuture::makeReadyFuture(Result<QByteArray>(notYet()));
}

QFuture<Result<ProductImageInfo>> ProductImageService::add(const Session &, qint64, const NewProductImage &)
{
    return QtFuture::makeReadyFuture(Result<ProductImageInfo>(notYet()));
}

QFuture<Status> ProductImageService::remove(const Session &, qint64)
{
    return QtFuture::makeReadyFuture(Status(notYet()));
}

QFuture<Status> ProductImageService::reorder(const Session &, qint64, const QList<qint64> &)
{
    return QtFuture::makeReadyFuture(Status(notYet()));
}

QFuture<Status> ProductImageService::setThumbnail(const Session &, qint64, const QByteArray &)
{
    return QtFuture::makeReadyFuture(Status(notYet()));
}

Result<ProductImageInfo> ProductImageService::addInTransaction(Connection &, const Session &, qint64,
                                                               const NewProductImage &)
{
    return notYet();
}

Result<QList<ProductImageInfo>> ProductImageService::listInTransaction(Connection &, qint64)
{
    return notYet();
}

Status ProductImageService::removeAllInTransaction(Connection &, qint64)
{
    return notYet();
}

} // namespace sk
