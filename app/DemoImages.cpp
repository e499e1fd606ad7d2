#include "DemoImages.h"

#include "ProductImages.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductService.h"
#include "db/Database.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QtConcurrent/QtConcurrentMap>
#include <array>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kGlyphColumns = 5;
constexpr int kGlyphRows = 7;
// PNG quality 0..100 trades size for speed; the pictures are flat colours,
// so little compression already makes them small.
constexpr int kPngQuality = 70;
constexpr int kSecondPictureEvery = 4; // every fourth product gets a second picture

// A 5x7 dot-matrix alphabet: each row is five bits, the highest on the left.
using Glyph = std::array<quint8, kGlyphRows>;

Glyph glyphFor(QChar c)
{
    static const Glyph kLetters[26] = {
        {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}, {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E},
        {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E},
        {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}, {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10},
        {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}, {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11},
        {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}, {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C},
        {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}, {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F},
        {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}, {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11},
        {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10},
        {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}, {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11},
        {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}, {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04},
        {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04},
        {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}, {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11},
        {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F},
    };
    static const Glyph kDigits[10] = {
        {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
        {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
        {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
        {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
        {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},
    };
    const char16_t u = c.toUpper().unicode();
    if (u >= u'A' && u <= u'Z')
        return kLetters[u - u'A'];
    if (u >= u'0' && u <= u'9')
        return kDigits[u - u'0'];
    return {};
}

// Square dots without antialiasing: a rounded, smoothed dot costs more
// than the rest of the picture, and the demo draws thousands.
void drawText(QPainter &painter, const QString &text, const QPointF &centre, qreal dot)
{
    const qreal glyphWidth = kGlyphColumns * dot;
    const qreal gap = dot;
    const qreal width = text.size() * glyphWidth + (text.size() - 1) * gap;
    QPointF origin(centre.x() - width / 2, centre.y() - kGlyphRows * dot / 2);
    for (QChar c : text) {
        const Glyph glyph = glyphFor(c);
        for (int row = 0; row < kGlyphRows; ++row)
            for (int column = 0; column < kGlyphColumns; ++column)
                if (glyph[row] & (1 << (kGlyphColumns - 1 - column)))
                    painter.fillRect(QRectF(origin.x() + column * dot, origin.y() + row * dot, dot * 0.85, dot * 0.85),
                                     Qt::white);
        origin.rx() += glyphWidth + gap;
    }
}

// A few flat colours fit a palette: an 8-bit PNG is written several times
// faster than a true-colour one (the PNG encoder is most of the demo's
// picture time) and is a third of the size.
QByteArray palettePng(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.convertToFormat(QImage::Format_Indexed8, Qt::ThresholdDither | Qt::AvoidDither)
        .save(&buffer, "PNG", kPngQuality);
    return png;
}

struct Picture {
    qint64 productId = 0;
    NewProductImage image;
};

struct Named {
    qint64 id = 0;
    QString name;
};

} // namespace

QString DemoImages::initials(const QString &name)
{
    QString letters;
    const QStringList words = name.normalized(QString::NormalizationForm_KD).split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        for (QChar c : word)
            if (c.unicode() < 0x80 && c.isLetterOrNumber()) {
                letters.append(c.toUpper());
                break;
            }
        if (letters.size() == 2)
            break;
    }
    return letters;
}

NewProductImage DemoImages::render(const QString &name, qint64 productId, int variant)
{
    // Colours follow the name, so every product of a line looks alike.
    const uint hash = qHash(name) ^ uint(variant * 0x9e37);
    const QColor shape = QColor::fromHsv(int(hash % 360), 150 + int(hash / 360 % 80), 190);
    const QColor background = QColor::fromHsv(shape.hue(), 25, 250);
    QImage image(kPictureSize, kPictureSize, QImage::Format_RGB32);
    image.fill(background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(shape);
    const QRectF area(kPictureSize * 0.12, kPictureSize * 0.12, kPictureSize * 0.76, kPictureSize * 0.76);
    switch ((productId + variant) % 3) {
    case 0: painter.drawEllipse(area); break;
    case 1: painter.drawRoundedRect(area, kPictureSize * 0.12, kPictureSize * 0.12); break;
    default: {
        QPainterPath hexagon;
        for (int corner = 0; corner < 6; ++corner) {
            const QPointF point = area.center()
                                  + QPointF(area.width() / 2 * qCos(M_PI / 3 * corner),
                                            area.height() / 2 * qSin(M_PI / 3 * corner));
            corner == 0 ? hexagon.moveTo(point) : hexagon.lineTo(point);
        }
        hexagon.closeSubpath();
        painter.drawPath(hexagon);
    }
    }
    QString text = initials(name);
    if (text.isEmpty())
        text = QString::number(productId % 100);
    painter.setBrush(Qt::white);
    painter.setRenderHint(QPainter::Antialiasing, false);
    drawText(painter, text, area.center(), kPictureSize / (text.size() > 1 ? 18.0 : 12.0));
    painter.end();
    NewProductImage picture;
    picture.mime = u"image/png"_s;
    picture.data = palettePng(image);
    picture.thumbnail = palettePng(image.scaled(ProductImages::kThumbnailSize, ProductImages::kThumbnailSize,
                                                Qt::KeepAspectRatio, Qt::SmoothTransformation));
    picture.altText = name;
    return picture;
}

Result<int> DemoImages::addTo(const std::shared_ptr<Database> &database, const QList<qint64> &productIds)
{
    int added = 0;
    for (qsizetype start = 0; start < productIds.size(); start += kBatch) {
        const QList<qint64> batch = productIds.mid(start, kBatch);
        const Result<QList<Named>> named = Database::wait(database->read([batch](Connection &connection) {
            QList<Named> names;
            for (qint64 id : batch) {
                Result<Product> product = ProductService::getInTransaction(connection, id);
                if (!product)
                    return Result<QList<Named>>(product.error());
                names.append({id, product->name});
            }
            return Result<QList<Named>>(names);
        }));
        if (!named)
            return named.error();
        QList<std::pair<Named, int>> jobs;
        for (const Named &product : named.value()) {
            jobs.append({product, 0});
            if (product.id % kSecondPictureEvery == 0)
                jobs.append({product, 1});
        }
        // Drawing and PNG encoding are the slow part; both cores share it.
        const QList<Picture> pictures =
            QtConcurrent::blockingMapped(jobs, [](const std::pair<Named, int> &job) -> Picture {
                return Picture{job.first.id, render(job.first.name, job.first.id, job.second)};
            });
        const Result<int> written = Database::wait(database->write([pictures](Connection &connection) -> Result<int> {
            for (const Picture &picture : pictures)
                if (Result<ProductImageInfo> ok = ProductImageService::addInTransaction(
                        connection, Session::system(), picture.productId, picture.image);
                    !ok)
                    return ok.error();
            return int(pictures.size());
        }));
        if (!written)
            return written.error();
        added += written.value();
    }
    return added;
}

} // namespace sk
