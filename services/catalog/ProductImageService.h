#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <memory>

namespace sk {

class Database;
class Connection;

// An image as handed to the service. The services layer has no QtGui: the
// caller (ui, app) decodes the picture and renders the thumbnail.
struct NewProductImage {
    QString mime;          // "image/png", "image/jpeg", ...
    QByteArray data;       // empty when only sourceUrl is known (an import of a web address)
    QByteArray thumbnail;  // small PNG for tables; may be empty
    QString altText;
    QString sourceUrl;     // where it came from (Shopify "Image Src"), kept for export
};

// What a list of images shows, without the full picture.
struct ProductImageInfo {
    qint64 id = 0;
    qint64 productId = 0;
    int position = 0;
    QString mime;
    qint64 byteSize = 0;
    QString altText;
    QString sourceUrl;
    QByteArray thumbnail;
    QDateTime createdAt;
};

// Images of products, stored in the database so that one backup holds
// everything; several per product, ordered. Same scope rules as products.
class ProductImageService {
public:
    static constexpr qint64 kMaxImageBytes = 20 * 1024 * 1024;

    explicit ProductImageService(std::shared_ptr<Database> database);

    QFuture<Result<QList<ProductImageInfo>>> list(const Session &actor, qint64 productId);
    QFuture<Result<QByteArray>> data(const Session &actor, qint64 imageId);
    // Appended after the product's last image.
    QFuture<Result<ProductImageInfo>> add(const Session &actor, qint64 productId, const NewProductImage &image);
    QFuture<Status> remove(const Session &actor, qint64 imageId);
    // orderedImageIds must be exactly the product's images, in the new order.
    QFuture<Status> reorder(const Session &actor, qint64 productId, const QList<qint64> &orderedImageIds);
    QFuture<Status> setThumbnail(const Session &actor, qint64 imageId, const QByteArray &thumbnail);

    // For code already inside a write transaction (import, demo, the editor's save).
    static Result<ProductImageInfo> addInTransaction(Connection &connection, const Session &actor, qint64 productId,
                                                     const NewProductImage &image);
    static Result<QList<ProductImageInfo>> listInTransaction(Connection &connection, qint64 productId);
    static Status removeAllInTransaction(Connection &connection, qint64 productId);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
