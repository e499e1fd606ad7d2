#include "catalog/Slug.h"

using namespace Qt::StringLiterals;

namespace sk {

QString Slug::fromName(const QString &name)
{
    QString slug;
    slug.reserve(name.size());
    bool pendingHyphen = false;
    const QString folded = name.normalized(QString::NormalizationForm_KC).toLower();
    for (QChar c : folded) {
        if (c.isLetterOrNumber()) {
            if (pendingHyphen && !slug.isEmpty())
                slug += u'-';
            pendingHyphen = false;
            slug += c;
        } else {
            pendingHyphen = true;
        }
        if (slug.size() >= kMaxLength)
            break;
    }
    while (slug.endsWith(u'-'))
        slug.chop(1);
    return slug;
}

bool Slug::isCanonical(const QString &slug)
{
    return !slug.isEmpty() && fromName(slug) == slug;
}

} // namespace sk
