#pragma once

#include <QString>

namespace sk {

// "1 product", "1,234 products" in the user's locale.
QString productCountText(qint64 count);

} // namespace sk
