#include "ProductImages.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>

using namespace Qt::StringLiterals;

namespace sk {

Result<NewProductImage> ProductImages::fromFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.size() > ProductImageService::kMaxImageBytes)
        return Error::make(ErrorCode::InvalidInput,
                           tr("%1 is too large: pictures may have at most %2 MB. Save it smaller and add it again.")
                               .arg(info.fileName())
                               .arg(ProductImageService::kMaxImageBytes / (1024 * 1024)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::InvalidInput,
                           tr("Storekeeper cannot read %1. Check that the file exists and that you may open it.")
                               .arg(info.fileName()),
                           file.errorString());
    return fromBytes(file.readAll());
}

Result<NewProductImage> ProductImages::fromBytes(const QByteArray &bytes)
{
    NewProductImage image;
    image.data = bytes;
    image.mime = ProductImageService::mimeFromContent(bytes);
    if (const QString problem = ProductImageService::imageProblem(image); !problem.isEmpty())
        return Error::make(ErrorCode::InvalidInput, problem);
    const QImage decoded = decode(bytes);
    if (decoded.isNull() && image.mime != u"image/webp"_s)
        return Error::make(ErrorCode::InvalidInput,
                           tr("The picture cannot be read; the file may be damaged. Save it again and add it again."));
    image.thumbnail = thumbnailOf(decoded);
    return image;
}

QImage ProductImages::decode(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true); // JPEG photos carry their rotation in EXIF
    return reader.read();
}

QByteArray ProductImages::thumbnailOf(const QImage &image)
{
    if (image.isNull())
        return {};
    const bool large = image.width() > kThumbnailSize || image.height() > kThumbnailSize;
    const QImage small =
        large ? image.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation) : image;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    small.save(&buffer, "PNG");
    return png;
}

QString ProductImages::fileDialogFilter()
{
    return tr("Pictures (*.png *.jpg *.jpeg *.webp *.gif)");
}

} // namespace sk
