#pragma once

#include <QString>

namespace sk {

// URL-friendly names for categories and products ("Men's T-Shirts" ->
// "men-s-t-shirts"). Letters and digits of any script are kept (lower-cased);
// everything else becomes a single hyphen, so two databases and the CSV
// export agree on the same slug without a locale-dependent transliteration.
class Slug {
public:
    static constexpr int kMaxLength = 120;
    static QString fromName(const QString &name);
    // True for what fromName() could have produced (non-empty, canonical).
    static bool isCanonical(const QString &slug);
};

} // namespace sk
