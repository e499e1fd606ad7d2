#pragma once

#include "catalog/ProductImageService.h"
#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>

namespace sk {

class Database;

// Pictures for the demo catalog: a coloured shape with the product's
// initials, one or two per product, stored like any product picture (PNG
// plus thumbnail). Drawn here because the services have no QtGui; drawn
// without fonts (a small dot-matrix alphabet), because the command line runs
// without a QGuiApplication.
class DemoImages {
public:
    static constexpr int kPictureSize = 200;
    // Products whose pictures are drawn and written together.
    static constexpr int kBatch = 500;

    // Returns how many pictures were added.
    static Result<int> addTo(const std::shared_ptr<Database> &database, const QList<qint64> &productIds);

    // One picture of a product (variant 0 or 1: other shape and colours),
    // with its thumbnail and the name as its description.
    static NewProductImage render(const QString &name, qint64 productId, int variant);
    // Up to two letters or digits from the name ("Merino Sweater" -> "MS"),
    // accents dropped; empty when the name has none (Japanese names).
    static QString initials(const QString &name);
};

} // namespace sk
