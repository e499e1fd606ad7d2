#include "catalog/ProductCountText.h"

#include <QCoreApplication>
#include <QLocale>

namespace sk {

QString productCountText(qint64 count)
{
    if (count == 1)
        return QCoreApplication::translate("ProductCountText", "1 product");
    return QCoreApplication::translate("ProductCountText", "%1 products").arg(QLocale().toString(count));
}

} // namespace sk
