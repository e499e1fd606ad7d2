#pragma once

#include "auth/Session.h"
#include "catalog/Product.h"
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

    bool hasData() const { return byteSize > 0; }
};

// One entry of the list the product editor saves: an image the product
// already has (imageId, with its possibly changed alt text), or a new one.
struct ProductImageSlot {
    qint64 imageId = 0;     // 0: add `image`
    NewProductImage image;  // new: everything; existing: only altText is used
};

// Images of products, stored in the database so that one backup holds
// everything; several per product, ordered. Same scope rules as products.
class ProductImageService {
public:
    static constexpr qint64 kMaxImageBytes = 20 * 1024 * 1024;
    static constexpr qint64 kMaxThumbnailBytes = 512 * 1024;
    static constexpr int kMaxAltTextLength = 500;
    static constexpr int kMaxSourceUrlLength = 2048;
    static constexpr int kMaxImagesPerProduct = 50;

    explicit ProductImageService(std::shared_ptr<Database> database);

    QFuture<Result<QList<ProductImageInfo>>> list(const Session &actor, qint64 productId);
    QFuture<Result<QByteArray>> data(const Session &actor, qint64 imageId);
    // Appended after the product's last image.
    QFuture<Result<ProductImageInfo>> add(const Session &actor, qint64 productId, const NewProductImage &image);
    QFuture<Status> remove(const Session &actor, qint64 imageId);
    // orderedImageIds must be exactly the product's images, in the new order.
    QFuture<Status> reorder(const Session &actor, qint64 productId, const QList<qint64> &orderedImageIds);
    QFuture<Status> setThumbnail(const Session &actor, qint64 imageId, const QByteArray &thumbnail);
    QFuture<Status> setAltText(const Session &actor, qint64 imageId, const QString &altText);
    // The editor's save: the product's images become exactly `images`, in
    // that order (existing ones kept, new ones added, unlisted ones removed).
    // expectedImageIds are the ids the editor read; a Conflict when someone
    // else added or removed an image since.
    QFuture<Result<QList<ProductImageInfo>>> replace(const Session &actor, qint64 productId,
                                                     const QList<qint64> &expectedImageIds,
                                                     const QList<ProductImageSlot> &images);
    // A new product and its images in one transaction (the editor's first save).
    QFuture<Result<Product>> createProductWithImages(const Session &actor, const ProductDraft &draft,
                                                     const QList<NewProductImage> &images);
    // The editor's later saves: the product (as ProductService::update,
    // refused with a Conflict when it changed since expectedVersion was read)
    // and its images (as replace) in one transaction.
    QFuture<Result<Product>> updateProductWithImages(const Session &actor, qint64 productId, int expectedVersion,
                                                     const ProductDraft &draft, const QList<qint64> &expectedImageIds,
                                                     const QList<ProductImageSlot> &images);

    // Empty when image can be stored, else the sentence why not. Checks
    // what needs no database: kind, size, alt text, address.
    static QString imageProblem(const NewProductImage &image);
    // "image/png", "image/jpeg", "image/webp" or "image/gif" from the first
    // bytes, or empty when the bytes are none of these.
    static QString mimeFromContent(const QByteArray &bytes);

    // For code already inside a write transaction (import, demo, the editor's save).
    static Result<ProductImageInfo> addInTransaction(Connection &connection, const Session &actor, qint64 productId,
                                                     const NewProductImage &image);
    static Result<QList<ProductImageInfo>> listInTransaction(Connection &connection, qint64 productId);
    static Status removeAllInTransaction(Connection &connection, qint64 productId);
    static Result<QList<ProductImageInfo>> replaceInTransaction(Connection &connection, const Session &actor,
                                                                qint64 productId,
                                                                const QList<qint64> &expectedImageIds,
                                                                const QList<ProductImageSlot> &images);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
