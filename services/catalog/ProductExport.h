#pragma once

#include "auth/Session.h"
#include "catalog/ProductCsvFormat.h"
#include "core/Result.h"

#include <QFuture>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace sk {

class Database;
class Connection;

struct ProductExportOptions {
    ProductCsvFormat::Kind format = ProductCsvFormat::Kind::Storekeeper;
    // Called on a reader thread every page of products and at the end, with
    // the products written so far and how many there are.
    std::function<void(qint64 done, qint64 total)> progress;
    // Set from any thread to stop; no file is left behind.
    std::shared_ptr<std::atomic<bool>> cancel;
};

struct ProductExportSummary {
    qint64 products = 0;
    qint64 variants = 0;
    qint64 images = 0;
    QStringList notices; // what the file could not hold
};

// Writes the catalog as a Storekeeper or Shopify product CSV that
// ProductImport reads back into the same catalog (docs/import.md). Products
// are read in keyset pages from one snapshot and streamed to a QSaveFile, so
// memory stays flat and a failure or cancel leaves no half-written file.
// Vendors export their own products; everyone else who may view the catalog,
// every product.
class ProductExport {
public:
    static constexpr int kPageSize = 500;

    explicit ProductExport(std::shared_ptr<Database> database);

    QFuture<Result<ProductExportSummary>> exportFile(const Session &actor, const QString &path,
                                                     const ProductExportOptions &options);
    // The same on a connection already in a read transaction.
    static Result<ProductExportSummary> exportFileOn(Connection &connection, const Session &actor, const QString &path,
                                                     const ProductExportOptions &options);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
