#include "catalog/ImageStrip.h"

#include "ProductImages.h"

#include <QDropEvent>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QIcon iconFor(const EditorImage &image)
{
    QPixmap pixmap(ProductImages::kThumbnailSize, ProductImages::kThumbnailSize);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    QImage thumbnail;
    thumbnail.loadFromData(image.image.thumbnail);
    if (!thumbnail.isNull()) {
        const QImage fitted = thumbnail.scaled(pixmap.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        painter.drawImage((pixmap.width() - fitted.width()) / 2, (pixmap.height() - fitted.height()) / 2, fitted);
    } else {
        // A picture known only by its address, or one Qt cannot decode here.
        painter.setPen(QPen(Qt::gray, 1, Qt::DashLine));
        painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1));
        painter.drawText(pixmap.rect(), Qt::AlignCenter, image.image.data.isEmpty() && image.byteSize == 0
                                                             ? ImageStrip::tr("web\naddress")
                                                             : ImageStrip::tr("no\npreview"));
    }
    return QIcon(pixmap);
}

} // namespace

ImageStrip::ImageStrip(QWidget *parent) : QListWidget(parent)
{
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setIconSize(QSize(ProductImages::kThumbnailSize, ProductImages::kThumbnailSize));
    setSpacing(6);
    setUniformItemSizes(true);
    setDragDropMode(QAbstractItemView::InternalMove);
    setDefaultDropAction(Qt::MoveAction);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setMinimumHeight(ProductImages::kThumbnailSize + 48);
}

void ImageStrip::setImages(const QList<EditorImage> &images)
{
    const int selected = currentRow();
    m_images = images;
    clear();
    for (qsizetype i = 0; i < m_images.size(); ++i) {
        const EditorImage &image = m_images[i];
        auto *item = new QListWidgetItem(iconFor(image), QString::number(i + 1), this);
        item->setData(Qt::UserRole, int(i));
        const QString alt = image.image.altText.isEmpty() ? tr("No description") : image.image.altText;
        item->setToolTip(image.image.sourceUrl.isEmpty() ? alt : alt + u'\n' + image.image.sourceUrl);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }
    if (count() > 0)
        setCurrentRow(qBound(0, selected, count() - 1));
}

void ImageStrip::dropEvent(QDropEvent *event)
{
    QListWidget::dropEvent(event);
    // Read the order the drop left behind, then put the strip back: the
    // undo command sets the new order.
    QList<EditorImage> reordered;
    bool changed = false;
    for (int row = 0; row < count(); ++row) {
        const int from = item(row)->data(Qt::UserRole).toInt();
        if (from >= 0 && from < m_images.size())
            reordered.append(m_images[from]);
        changed = changed || from != row;
    }
    if (reordered.size() != m_images.size()) {
        QMetaObject::invokeMethod(this, [this] { setImages(m_images); }, Qt::QueuedConnection);
        return;
    }
    if (changed)
        QMetaObject::invokeMethod(this, [this, reordered] { emit reorderRequested(reordered); }, Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(this, [this] { setImages(m_images); }, Qt::QueuedConnection);
}

} // namespace sk
