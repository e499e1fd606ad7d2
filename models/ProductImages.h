#pragma once

#include "catalog/ProductImageService.h"
#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QString>

namespace sk {

// Turns a picture file, or its bytes, into what ProductImageService stores:
// the bytes as they are, the kind read from the content (never from the file
// name), and a small PNG thumbnail. The services have no QtGui, so everything
// that decodes pictures happens here, on the caller's side.
class ProductImages {
    Q_DECLARE_TR_FUNCTIONS(ProductImages)

public:
    // Thumbnails fit in a square of this many pixels, keeping the aspect ratio.
    static constexpr int kThumbnailSize = 96;

    static Result<NewProductImage> fromFile(const QString &path);
    // A picture that Qt cannot decode here (WebP without its plugin) is
    // still accepted, without a thumbnail.
    static Result<NewProductImage> fromBytes(const QByteArray &bytes);

    static QImage decode(const QByteArray &bytes);
    // PNG of the image scaled to fit kThumbnailSize; empty for a null image.
    static QByteArray thumbnailOf(const QImage &image);
    // File name filter for open dialogs: the kinds the service accepts.
    static QString fileDialogFilter();
};

} // namespace sk
