#include "catalog/ImportReport.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

void ImportReport::addRejection(const ImportRejection &rejection)
{
    ++rowsRejected;
    if (rejections.size() < kMaxKeptRejections)
        rejections.append(rejection);
}

QList<qint64> ImportReport::rejectedLines() const
{
    QList<qint64> lines;
    lines.reserve(rejections.size());
    for (const ImportRejection &rejection : rejections)
        lines.append(rejection.line);
    return lines;
}

QString ImportReport::summary() const
{
    QString text =
        dryRun ? QCoreApplication::translate("ImportReport", "Dry run, nothing was written: %1 products would be "
                                                             "created, %2 updated and %3 left unchanged.")
                     .arg(productsCreated)
                     .arg(productsUpdated)
                     .arg(productsUnchanged)
               : QCoreApplication::translate("ImportReport", "%1 products created, %2 updated, %3 unchanged.")
                     .arg(productsCreated)
                     .arg(productsUpdated)
                     .arg(productsUnchanged);
    if (categoriesCreated > 0 || vendorsCreated > 0)
        text += u' '
                + (dryRun ? QCoreApplication::translate("ImportReport", "%1 categories and %2 vendors would be added.")
                          : QCoreApplication::translate("ImportReport", "%1 categories and %2 vendors added."))
                      .arg(categoriesCreated)
                      .arg(vendorsCreated);
    if (rowsRejected > 0)
        text += u' '
                + QCoreApplication::translate("ImportReport", "%1 rows (%2 products) were rejected and not imported; "
                                                              "fix them and import the file again.")
                      .arg(rowsRejected)
                      .arg(productsRejected);
    return text;
}

} // namespace sk
