#pragma once

#include "catalog/ProductImageService.h"

#include <QListWidget>

namespace sk {

// A picture as the product editor holds it: one the product has (imageId)
// or a new one to add on save (imageId 0, with its bytes).
struct EditorImage {
    qint64 imageId = 0;
    NewProductImage image;  // thumbnail and alt text always; data for new ones
    qint64 byteSize = 0;
};

// The product's pictures as thumbnails in a row, in their order. Dragging a
// thumbnail to another place does not reorder by itself: it asks with
// reorderRequested(), and the editor's undo command applies the order.
class ImageStrip : public QListWidget {
    Q_OBJECT

public:
    explicit ImageStrip(QWidget *parent = nullptr);

    void setImages(const QList<EditorImage> &images);
    const QList<EditorImage> &images() const { return m_images; }

signals:
    void reorderRequested(const QList<sk::EditorImage> &images);

protected:
    void dropEvent(QDropEvent *event) override;

private:
    QList<EditorImage> m_images;
};

} // namespace sk
