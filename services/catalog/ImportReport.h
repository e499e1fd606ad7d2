#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sk {

// One rejected row of an import file.
struct ImportRejection {
    qint64 line = 0;   // physical line where the row starts (the header is line 1)
    QString handle;
    QString sku;
    QString reason;    // a translated sentence that says what to fix
};

// What an import did, or would do in a dry run. Counts are exact for any
// file; the rejected rows themselves are kept only up to kMaxKeptRejections
// (the report file written during the import lists every one).
class ImportReport {
public:
    static constexpr qsizetype kMaxKeptRejections = 1000;

    QString format;            // "storekeeper" or "shopify"
    bool dryRun = false;
    qint64 rows = 0;           // data rows read, the header not counted
    qint64 productsCreated = 0;
    qint64 productsUpdated = 0;
    qint64 productsUnchanged = 0;
    qint64 productsRejected = 0;
    qint64 rowsRejected = 0;
    qint64 variantsWritten = 0;
    qint64 imagesAdded = 0;
    qint64 categoriesCreated = 0;
    qint64 vendorsCreated = 0;
    QStringList notices;       // unknown columns, ignored columns, images not stored...
    QList<ImportRejection> rejections;

    void addRejection(const ImportRejection &rejection);
    bool hasRejections() const { return rowsRejected > 0; }
    // Rejected line numbers among the kept rejections, in file order.
    QList<qint64> rejectedLines() const;
    // One or two sentences for people: what was (or would be) done.
    QString summary() const;
};

} // namespace sk
