#include "catalog/ProductStatus.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

QString productStatusName(ProductStatus status)
{
    switch (status) {
    case ProductStatus::Active: return u"active"_s;
    case ProductStatus::Inactive: return u"inactive"_s;
    case ProductStatus::OutOfStock: return u"out_of_stock"_s;
    case ProductStatus::Discontinued: return u"discontinued"_s;
    }
    return u"inactive"_s;
}

std::optional<ProductStatus> productStatusFromName(QStringView name)
{
    for (ProductStatus status : {ProductStatus::Active, ProductStatus::Inactive, ProductStatus::OutOfStock,
                                 ProductStatus::Discontinued})
        if (name == productStatusName(status))
            return status;
    return std::nullopt;
}

QString productStatusDisplayName(ProductStatus status)
{
    switch (status) {
    case ProductStatus::Active: return QCoreApplication::translate("ProductStatus", "Active");
    case ProductStatus::Inactive: return QCoreApplication::translate("ProductStatus", "Inactive");
    case ProductStatus::OutOfStock: return QCoreApplication::translate("ProductStatus", "Out of stock");
    case ProductStatus::Discontinued: return QCoreApplication::translate("ProductStatus", "Discontinued");
    }
    return {};
}

} // namespace sk
