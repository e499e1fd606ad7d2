#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace sk {

// The original platform's product states, stored by their names.
enum class ProductStatus { Active, Inactive, OutOfStock, Discontinued };

QString productStatusName(ProductStatus status);            // "active", "out_of_stock", ...
std::optional<ProductStatus> productStatusFromName(QStringView name);
QString productStatusDisplayName(ProductStatus status);     // translated, for people

} // namespace sk
