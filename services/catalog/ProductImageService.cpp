#include "catalog/ProductImageService.h"

#include "audit/AuditLog.h"
#include "catalog/CatalogScope.h"
#include "catalog/ProductService.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString kInfoColumns =
    u"id, product_id, position, mime, COALESCE(length(data), 0), alt_text, source_url, thumbnail, created_at"_s;

const QStringList kAllowedMimes{u"image/png"_s, u"image/jpeg"_s, u"image/webp"_s, u"image/gif"_s};

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Error productNotFound(qint64 productId)
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("ProductImageService", "The product no longer exists (number %1), "
                                                                          "or it belongs to another vendor. Refresh "
                                                                          "the list.")
                           .arg(productId));
}

Error imageNotFound(qint64 imageId)
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("ProductImageService", "The picture no longer exists (number %1). "
                                                                          "Reopen the product.")
                           .arg(imageId));
}

Error picturesChanged()
{
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("ProductImageService", "Someone else changed the pictures of this "
                                                                          "product after you opened it. Reopen the "
                                                                          "product to see their changes, then make "
                                                                          "yours again."));
}

QVariant nullableBytes(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>(), nullptr) : QVariant(bytes);
}

QString megabytes(qint64 bytes)
{
    return QLocale().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

QString normalisedMime(const QString &mime)
{
    const QString lower = mime.trimmed().toLower();
    return lower == u"image/jpg"_s || lower == u"image/pjpeg"_s ? u"image/jpeg"_s : lower;
}

// A null QString binds as SQL NULL; the text columns are NOT NULL DEFAULT ''.
QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

// The image as stored: trimmed texts, the mime the bytes really have.
NewProductImage cleaned(const NewProductImage &image)
{
    NewProductImage clean = image;
    clean.altText = notNull(image.altText.trimmed());
    clean.sourceUrl = notNull(image.sourceUrl.trimmed());
    clean.mime = notNull(image.data.isEmpty() ? normalisedMime(image.mime)
                                              : ProductImageService::mimeFromContent(image.data));
    return clean;
}

Result<CatalogScope> scopeToManage(const Session &actor)
{
    // Trusted callers (import, demo) act as the system; a signed-in actor
    // is held to its own scope.
    if (actor.isSystem())
        return CatalogScope{};
    return CatalogScope::toManage(actor);
}

// The product exists and is the actor's; on PostgreSQL its row is locked, so
// two sessions adding pictures to one product take positions one after the
// other (SQLite's BEGIN IMMEDIATE already serialises writers).
Status lockProductInScope(Connection &connection, const CatalogScope &scope, qint64 productId)
{
    const QString lock = connection.isPostgres() ? u" FOR UPDATE"_s : QString();
    Result<QSqlQuery> row = connection.exec(u"SELECT vendor_id FROM products WHERE id = ?"_s + lock, {productId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return productNotFound(productId);
    const QVariant vendor = row.value().value(0);
    if (scope.vendorId && (vendor.isNull() || vendor.toLongLong() != *scope.vendorId))
        return productNotFound(productId);
    return Status::success();
}

Status viewProductInScope(Connection &connection, const CatalogScope &scope, qint64 productId)
{
    Result<QSqlQuery> row = connection.exec(u"SELECT vendor_id FROM products WHERE id = ?"_s, {productId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return productNotFound(productId);
    const QVariant vendor = row.value().value(0);
    if (scope.vendorId && (vendor.isNull() || vendor.toLongLong() != *scope.vendorId))
        return productNotFound(productId);
    return Status::success();
}

// The product an image belongs to, checked against the scope. Another
// vendor's picture is reported as missing, like their products.
Result<qint64> productOfImage(Connection &connection, const CatalogScope &scope, qint64 imageId)
{
    Result<QSqlQuery> row = connection.exec(u"SELECT i.product_id, p.vendor_id FROM product_images i "
                                            "JOIN products p ON p.id = i.product_id WHERE i.id = ?"_s,
                                            {imageId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return imageNotFound(imageId);
    const QVariant vendor = row.value().value(1);
    if (scope.vendorId && (vendor.isNull() || vendor.toLongLong() != *scope.vendorId))
        return imageNotFound(imageId);
    return row.value().value(0).toLongLong();
}

ProductImageInfo infoFromRow(const QSqlQuery &row)
{
    ProductImageInfo info;
    info.id = row.value(0).toLongLong();
    info.productId = row.value(1).toLongLong();
    info.position = row.value(2).toInt();
    info.mime = row.value(3).toString();
    info.byteSize = row.value(4).toLongLong();
    info.altText = row.value(5).toString();
    info.sourceUrl = row.value(6).toString();
    info.thumbnail = row.value(7).toByteArray();
    info.createdAt = row.value(8).toDateTime().toUTC();
    return info;
}

Result<ProductImageInfo> infoInTransaction(Connection &connection, qint64 imageId)
{
    Result<QSqlQuery> row =
        connection.exec(u"SELECT "_s + kInfoColumns + u" FROM product_images WHERE id = ?"_s, {imageId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return imageNotFound(imageId);
    return infoFromRow(row.value());
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 productId,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection,
                                         AuditEntry::by(actor, action, u"product:%1"_s.arg(productId), details));
}

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(QString::number(id));
    return array;
}

// Appends a checked image after the product's last one; the caller holds the
// product's lock and audits.
Result<qint64> appendImage(Connection &connection, qint64 productId, const NewProductImage &image)
{
    Result<QVariant> count =
        connection.scalar(u"SELECT COUNT(*) FROM product_images WHERE product_id = ?"_s, {productId});
    if (!count)
        return count.error();
    if (count.value().toInt() >= ProductImageService::kMaxImagesPerProduct)
        return invalid(QCoreApplication::translate("ProductImageService", "A product may have at most %1 pictures. "
                                                                          "Remove one before adding another.")
                           .arg(ProductImageService::kMaxImagesPerProduct));
    return connection.insert(u"INSERT INTO product_images (product_id, position, mime, data, thumbnail, alt_text, "
                             "source_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                             {productId, count.value().toInt(), image.mime, nullableBytes(image.data),
                              nullableBytes(image.thumbnail), image.altText, image.sourceUrl,
                              QDateTime::currentDateTimeUtc()});
}

Result<QList<qint64>> imageIds(Connection &connection, qint64 productId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT id FROM product_images WHERE product_id = ? ORDER BY position, id"_s, {productId});
    if (!rows)
        return rows.error();
    QList<qint64> ids;
    while (rows.value().next())
        ids.append(rows.value().value(0).toLongLong());
    return ids;
}

// Positions 0..n-1 in the given order.
Status writePositions(Connection &connection, const QList<qint64> &orderedIds)
{
    for (qsizetype i = 0; i < orderedIds.size(); ++i)
        if (Status ok =
                connection.run(u"UPDATE product_images SET position = ? WHERE id = ?"_s, {int(i), orderedIds[i]});
            !ok)
            return ok;
    return Status::success();
}

bool sameSet(QList<qint64> a, QList<qint64> b)
{
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

} // namespace

ProductImageService::ProductImageService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QString ProductImageService::mimeFromContent(const QByteArray &bytes)
{
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        return u"image/png"_s;
    if (bytes.startsWith("\xff\xd8\xff"))
        return u"image/jpeg"_s;
    if (bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a"))
        return u"image/gif"_s;
    if (bytes.size() >= 12 && bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP")
        return u"image/webp"_s;
    return {};
}

QString ProductImageService::imageProblem(const NewProductImage &image)
{
    const QString sourceUrl = image.sourceUrl.trimmed();
    if (image.data.isEmpty() && sourceUrl.isEmpty())
        return QCoreApplication::translate("ProductImageService", "Choose a picture file (PNG, JPEG, WebP or GIF).");
    if (image.data.size() > kMaxImageBytes)
        return QCoreApplication::translate("ProductImageService", "The picture is too large (%1 MB). Pictures may "
                                                                  "have at most %2 MB; save it smaller and add it "
                                                                  "again.")
            .arg(megabytes(image.data.size()), megabytes(kMaxImageBytes));
    const QString declared = normalisedMime(image.mime);
    if (!image.data.isEmpty()) {
        const QString actual = mimeFromContent(image.data);
        if (actual.isEmpty())
            return QCoreApplication::translate("ProductImageService", "The file is not a picture Storekeeper can "
                                                                      "store. Use a PNG, JPEG, WebP or GIF file.");
        if (!declared.isEmpty() && declared != actual)
            return QCoreApplication::translate("ProductImageService", "The picture is marked as %1 but its content is "
                                                                      "%2. Save it again as a PNG, JPEG, WebP or GIF "
                                                                      "file and add it again.")
                .arg(declared, actual);
    } else if (!declared.isEmpty() && !kAllowedMimes.contains(declared)) {
        return QCoreApplication::translate("ProductImageService", "Pictures of type %1 cannot be stored. Use a PNG, "
                                                                  "JPEG, WebP or GIF file.")
            .arg(declared);
    }
    if (image.thumbnail.size() > kMaxThumbnailBytes)
        return QCoreApplication::translate("ProductImageService", "The preview of the picture is too large. Add the "
                                                                  "picture again.");
    if (!image.thumbnail.isEmpty() && mimeFromContent(image.thumbnail).isEmpty())
        return QCoreApplication::translate("ProductImageService", "The preview of the picture is not a picture. Add "
                                                                  "the picture again.");
    if (image.altText.trimmed().size() > kMaxAltTextLength)
        return QCoreApplication::translate("ProductImageService", "A picture's description may have at most %1 "
                                                                  "characters (this one has %2).")
            .arg(kMaxAltTextLength)
            .arg(image.altText.trimmed().size());
    if (sourceUrl.size() > kMaxSourceUrlLength)
        return QCoreApplication::translate("ProductImageService", "A picture's web address may have at most %1 "
                                                                  "characters.")
            .arg(kMaxSourceUrlLength);
    return {};
}

Result<ProductImageInfo> ProductImageService::addInTransaction(Connection &connection, const Session &actor,
                                                               qint64 productId, const NewProductImage &image)
{
    Result<CatalogScope> scope = scopeToManage(actor);
    if (!scope)
        return scope.error();
    if (const QString problem = imageProblem(image); !problem.isEmpty())
        return invalid(problem);
    if (Status ok = lockProductInScope(connection, scope.value(), productId); !ok)
        return ok.error();
    const NewProductImage clean = cleaned(image);
    Result<qint64> id = appendImage(connection, productId, clean);
    if (!id)
        return id.error();
    if (Status ok = audit(connection, actor, u"product.image_added"_s, productId,
                          {{u"image_id"_s, QString::number(id.value())},
                           {u"mime"_s, clean.mime},
                           {u"bytes"_s, QString::number(clean.data.size())}});
        !ok)
        return ok.error();
    return infoInTransaction(connection, id.value());
}

Result<QList<ProductImageInfo>> ProductImageService::listInTransaction(Connection &connection, qint64 productId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT "_s + kInfoColumns + u" FROM product_images WHERE product_id = ? ORDER BY position, id"_s,
        {productId});
    if (!rows)
        return rows.error();
    QList<ProductImageInfo> images;
    while (rows.value().next())
        images.append(infoFromRow(rows.value()));
    return images;
}

Status ProductImageService::removeAllInTransaction(Connection &connection, qint64 productId)
{
    return connection.run(u"DELETE FROM product_images WHERE product_id = ?"_s, {productId});
}

Result<QList<ProductImageInfo>> ProductImageService::replaceInTransaction(Connection &connection, const Session &actor,
                                                                          qint64 productId,
                                                                          const QList<qint64> &expectedImageIds,
                                                                          const QList<ProductImageSlot> &images)
{
    Result<CatalogScope> scope = scopeToManage(actor);
    if (!scope)
        return scope.error();
    if (images.size() > kMaxImagesPerProduct)
        return invalid(QCoreApplication::translate("ProductImageService", "A product may have at most %1 pictures. "
                                                                          "Remove one before adding another.")
                           .arg(kMaxImagesPerProduct));
    QSet<qint64> listed;
    for (const ProductImageSlot &slot : images) {
        const QString problem = slot.imageId == 0 ? imageProblem(slot.image) : QString();
        if (!problem.isEmpty())
            return invalid(problem);
        if (slot.image.altText.trimmed().size() > kMaxAltTextLength)
            return invalid(QCoreApplication::translate("ProductImageService", "A picture's description may have at "
                                                                              "most %1 characters (this one has %2).")
                               .arg(kMaxAltTextLength)
                               .arg(slot.image.altText.trimmed().size()));
        if (slot.imageId != 0 && listed.contains(slot.imageId))
            return invalid(QCoreApplication::translate("ProductImageService", "The same picture is listed twice. "
                                                                              "Reopen the product."));
        listed.insert(slot.imageId);
    }
    if (Status ok = lockProductInScope(connection, scope.value(), productId); !ok)
        return ok.error();
    Result<QList<qint64>> current = imageIds(connection, productId);
    if (!current)
        return current.error();
    if (!sameSet(current.value(), expectedImageIds))
        return picturesChanged();
    for (const ProductImageSlot &slot : images)
        if (slot.imageId != 0 && !current->contains(slot.imageId))
            return picturesChanged();

    QList<qint64> removed;
    for (qint64 id : current.value())
        if (!listed.contains(id))
            removed.append(id);
    for (qint64 id : std::as_const(removed))
        if (Status ok = connection.run(u"DELETE FROM product_images WHERE id = ?"_s, {id}); !ok)
            return ok.error();

    QList<qint64> order;
    QList<qint64> kept;
    int added = 0;
    int described = 0;
    for (const ProductImageSlot &slot : images) {
        if (slot.imageId == 0) {
            Result<qint64> id = appendImage(connection, productId, cleaned(slot.image));
            if (!id)
                return id.error();
            order.append(id.value());
            ++added;
            continue;
        }
        Result<QSqlQuery> changed = connection.exec(
            u"UPDATE product_images SET alt_text = ? WHERE id = ? AND alt_text <> ?"_s,
            {notNull(slot.image.altText.trimmed()), slot.imageId, notNull(slot.image.altText.trimmed())});
        if (!changed)
            return changed.error();
        described += changed.value().numRowsAffected() > 0 ? 1 : 0;
        order.append(slot.imageId);
        kept.append(slot.imageId);
    }
    const bool reordered = [&] {
        QList<qint64> before = current.value();
        before.removeIf([&](qint64 id) { return !listed.contains(id); });
        return before != kept || added > 0 || !removed.isEmpty();
    }();
    if (reordered)
        if (Status ok = writePositions(connection, order); !ok)
            return ok.error();
    if (reordered || described > 0) {
        QJsonObject details{{u"images"_s, idArray(order)}};
        if (added > 0)
            details.insert(u"added"_s, added);
        if (!removed.isEmpty())
            details.insert(u"removed"_s, idArray(removed));
        if (described > 0)
            details.insert(u"descriptions_changed"_s, described);
        if (Status ok = audit(connection, actor, u"product.images_changed"_s, productId, details); !ok)
            return ok.error();
    }
    return listInTransaction(connection, productId);
}

QFuture<Result<QList<ProductImageInfo>>> ProductImageService::list(const Session &actor, qint64 productId)
{
    Result<CatalogScope> scope = CatalogScope::toView(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<QList<ProductImageInfo>>(scope.error()));
    return m_database->read(
        [scope = scope.value(), productId](Connection &connection) -> Result<QList<ProductImageInfo>> {
            if (Status ok = viewProductInScope(connection, scope, productId); !ok)
                return ok.error();
            return listInTransaction(connection, productId);
        });
}

QFuture<Result<QByteArray>> ProductImageService::data(const Session &actor, qint64 imageId)
{
    Result<CatalogScope> scope = CatalogScope::toView(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<QByteArray>(scope.error()));
    return m_database->read([scope = scope.value(), imageId](Connection &connection) -> Result<QByteArray> {
        if (Result<qint64> product = productOfImage(connection, scope, imageId); !product)
            return product.error();
        Result<QVariant> bytes = connection.scalar(u"SELECT data FROM product_images WHERE id = ?"_s, {imageId});
        if (!bytes)
            return bytes.error();
        return bytes.value().toByteArray();
    });
}

QFuture<Result<ProductImageInfo>> ProductImageService::add(const Session &actor, qint64 productId,
                                                           const NewProductImage &image)
{
    if (Result<CatalogScope> scope = CatalogScope::toManage(actor); !scope)
        return QtFuture::makeReadyFuture(Result<ProductImageInfo>(scope.error()));
    return m_database->write([actor, productId, image](Connection &connection) {
        return addInTransaction(connection, actor, productId, image);
    });
}

QFuture<Status> ProductImageService::remove(const Session &actor, qint64 imageId)
{
    Result<CatalogScope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    return m_database->write([actor, scope = scope.value(), imageId](Connection &connection) -> Status {
        Result<qint64> product = productOfImage(connection, scope, imageId);
        if (!product)
            return product.error();
        if (Status ok = lockProductInScope(connection, scope, product.value()); !ok)
            return ok;
        if (Status ok = connection.run(u"DELETE FROM product_images WHERE id = ?"_s, {imageId}); !ok)
            return ok;
        Result<QList<qint64>> rest = imageIds(connection, product.value());
        if (!rest)
            return rest.error();
        if (Status ok = writePositions(connection, rest.value()); !ok)
            return ok;
        return audit(connection, actor, u"product.image_removed"_s, product.value(),
                     {{u"image_id"_s, QString::number(imageId)}});
    });
}

QFuture<Status> ProductImageService::reorder(const Session &actor, qint64 productId,
                                             const QList<qint64> &orderedImageIds)
{
    Result<CatalogScope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    return m_database->write([actor, scope = scope.value(), productId,
                              orderedImageIds](Connection &connection) -> Status {
        if (Status ok = lockProductInScope(connection, scope, productId); !ok)
            return ok;
        Result<QList<qint64>> current = imageIds(connection, productId);
        if (!current)
            return current.error();
        if (QSet<qint64>(orderedImageIds.begin(), orderedImageIds.end()).size() != orderedImageIds.size()
            || !sameSet(current.value(), orderedImageIds))
            return picturesChanged();
        if (current.value() == orderedImageIds)
            return Status::success();
        if (Status ok = writePositions(connection, orderedImageIds); !ok)
            return ok;
        return audit(connection, actor, u"product.images_reordered"_s, productId,
                     {{u"images"_s, idArray(orderedImageIds)}});
    });
}

QFuture<Status> ProductImageService::setThumbnail(const Session &actor, qint64 imageId, const QByteArray &thumbnail)
{
    Result<CatalogScope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    if (thumbnail.size() > kMaxThumbnailBytes || (!thumbnail.isEmpty() && mimeFromContent(thumbnail).isEmpty()))
        return QtFuture::makeReadyFuture(Status(invalid(QCoreApplication::translate(
            "ProductImageService", "The preview of the picture is not a small picture. Add the picture again."))));
    // A thumbnail is a cache of the picture, not a change to the catalog:
    // not audited.
    return m_database->write([scope = scope.value(), imageId, thumbnail](Connection &connection) -> Status {
        if (Result<qint64> product = productOfImage(connection, scope, imageId); !product)
            return product.error();
        return connection.run(u"UPDATE product_images SET thumbnail = ? WHERE id = ?"_s,
                              {nullableBytes(thumbnail), imageId});
    });
}

QFuture<Status> ProductImageService::setAltText(const Session &actor, qint64 imageId, const QString &altText)
{
    Result<CatalogScope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    const QString text = notNull(altText.trimmed());
    if (text.size() > kMaxAltTextLength)
        return QtFuture::makeReadyFuture(Status(invalid(
            QCoreApplication::translate("ProductImageService", "A picture's description may have at most %1 characters "
                                                               "(this one has %2).")
                .arg(kMaxAltTextLength)
                .arg(text.size()))));
    return m_database->write([actor, scope = scope.value(), imageId, text](Connection &connection) -> Status {
        Result<qint64> product = productOfImage(connection, scope, imageId);
        if (!product)
            return product.error();
        if (Status ok = connection.run(u"UPDATE product_images SET alt_text = ? WHERE id = ?"_s, {text, imageId}); !ok)
            return ok;
        return audit(connection, actor, u"product.image_changed"_s, product.value(),
                     {{u"image_id"_s, QString::number(imageId)}});
    });
}

QFuture<Result<QList<ProductImageInfo>>> ProductImageService::replace(const Session &actor, qint64 productId,
                                                                      const QList<qint64> &expectedImageIds,
                                                                      const QList<ProductImageSlot> &images)
{
    if (Result<CatalogScope> scope = CatalogScope::toManage(actor); !scope)
        return QtFuture::makeReadyFuture(Result<QList<ProductImageInfo>>(scope.error()));
    return m_database->write([actor, productId, expectedImageIds, images](Connection &connection) {
        return replaceInTransaction(connection, actor, productId, expectedImageIds, images);
    });
}

QFuture<Result<Product>> ProductImageService::createProductWithImages(const Session &actor, const ProductDraft &draft,
                                                                      const QList<NewProductImage> &images)
{
    if (Result<CatalogScope> scope = CatalogScope::toManage(actor); !scope)
        return QtFuture::makeReadyFuture(Result<Product>(scope.error()));
    for (const NewProductImage &image : images)
        if (const QString problem = imageProblem(image); !problem.isEmpty())
            return QtFuture::makeReadyFuture(Result<Product>(invalid(problem)));
    return m_database->write([actor, draft, images](Connection &connection) -> Result<Product> {
        Result<Product> product = ProductService::createInTransaction(connection, actor, draft);
        if (!product)
            return product;
        for (const NewProductImage &image : images)
            if (Result<ProductImageInfo> added = addInTransaction(connection, actor, product->id, image); !added)
                return added.error();
        return product;
    });
}

QFuture<Result<Product>> ProductImageService::updateProductWithImages(const Session &actor, qint64 productId,
                                                                      int expectedVersion, const ProductDraft &draft,
                                                                      const QList<qint64> &expectedImageIds,
                                                                      const QList<ProductImageSlot> &images)
{
    Result<CatalogScope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<Product>(scope.error()));
    return m_database->write([actor, productId, expectedVersion, draft, expectedImageIds,
                              images](Connection &connection) -> Result<Product> {
        // The product is checked against the version and the actor's scope
        // by updateInTransaction, under the lock it takes until the commit.
        Result<Product> product =
            ProductService::updateInTransaction(connection, actor, productId, draft, expectedVersion);
        if (!product)
            return product;
        if (Result<QList<ProductImageInfo>> saved =
                replaceInTransaction(connection, actor, productId, expectedImageIds, images);
            !saved)
            return saved.error();
        return product;
    });
}

} // namespace sk
