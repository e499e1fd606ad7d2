#pragma once

#include "auth/Session.h"
#include "catalog/ImportReport.h"
#include "catalog/ProductCsvFormat.h"
#include "core/Result.h"

#include <QFuture>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace sk {

class Database;
class Connection;

struct ProductImportOptions {
    std::optional<ProductCsvFormat::Kind> format; // empty: told by the header
    // Runs the whole import and rolls it back: the report says exactly what
    // the import would do. It holds the write lock as long as an import would.
    bool dryRun = false;
    // Every rejected row (line, handle, SKU, reason) and every notice is
    // written here as CSV while the import runs; empty: no file.
    QString reportPath;
    // Called on the database's writer thread every kProgressEveryRows rows
    // and at the end, with the bytes read so far and the file's size.
    std::function<void(qint64 done, qint64 total)> progress;
    // Set from any thread to stop; the import then rolls back and fails with
    // ErrorCode::Cancelled.
    std::shared_ptr<std::atomic<bool>> cancel;
};

// Reads products from a Storekeeper or Shopify product CSV (docs/import.md).
// Every row is checked before its product is written; a product with any bad
// row is rejected as a whole, with every row's line number and reason in the
// report. The products that pass go in one write transaction, so a failed or
// cancelled import leaves the database as it was. A product whose handle
// (web name) or SKUs are already in the database is updated, not duplicated.
// The file is streamed: memory grows with the number of SKUs and handles
// (a few dozen bytes each), never with the file's text.
class ProductImport {
public:
    static constexpr int kProgressEveryRows = 500;
    // Rows one handle may have (variants and images); beyond it the product
    // is rejected, which keeps memory bounded for a broken file.
    static constexpr qsizetype kMaxRowsPerProduct = 1000;

    explicit ProductImport(std::shared_ptr<Database> database);

    // Administrators import any product; vendors only their own, under their
    // own vendor, into categories that exist. The command line passes
    // Session::system().
    QFuture<Result<ImportReport>> importFile(const Session &actor, const QString &path,
                                             const ProductImportOptions &options);

    // The same on the writer connection, in a transaction of its own.
    static Result<ImportReport> importFileOn(Connection &connection, const Session &actor, const QString &path,
                                             const ProductImportOptions &options);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
