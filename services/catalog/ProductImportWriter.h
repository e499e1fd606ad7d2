#pragma once

#include "auth/Session.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductService.h"
#include "core/Result.h"

#include <QDateTime>
#include <QSet>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <array>
#include <optional>
#include <utility>

namespace sk {

class Connection;

// The statements an import (or the demo) runs for every product, prepared
// once and reused inside the caller's write transaction: at a million rows,
// preparing the same SQL again for each product would cost more than the
// inserts themselves. Creation skips the per-product audit entry and the
// read-back that ProductService::create makes; the caller audits the batch.
class ProductImportWriter {
public:
    struct ProductRef {
        qint64 id = 0;
        std::optional<qint64> vendorId;
    };

    // Products queued per multi-row INSERT. One statement per product would
    // make SQLite's FTS5 search tables (filled by triggers) flush their
    // in-memory index at every statement, which costs more than the rows.
    static constexpr int kBatchProducts = 100;
    static constexpr int kBatchVariants = 200;
    // SQLite: queued products enter the search tables in runs of this many,
    // one INSERT ... SELECT per search table, while the row-by-row insert
    // triggers are held (migration 0007, docs/search.md). Larger runs write
    // fewer, larger index segments; FTS5 bounds its own memory meanwhile.
    static constexpr qint64 kSearchFillProducts = 20000;

    explicit ProductImportWriter(Connection &connection, const Session &actor = Session::system());
    ProductImportWriter(const ProductImportWriter &) = delete;
    ProductImportWriter &operator=(const ProductImportWriter &) = delete;

    Result<std::optional<ProductRef>> productBySlug(const QString &slug);
    Result<std::optional<ProductService::VariantRef>> variantBySku(const QString &sku);
    // The product that has a variant with this barcode.
    Result<std::optional<qint64>> productByBarcode(const QString &barcode);
    // wanted when free, else wanted-2, wanted-3 ...
    Result<QString> freeSlug(const QString &wanted);

    // Inserts a product checked by ProductService::checkDraft whose
    // references, SKUs, barcodes and slug the caller has checked.
    Result<qint64> create(const ProductService::CheckedDraft &draft, const QString &slug, const QDateTime &now);

    // The same, written with other queued products once kBatchProducts are
    // queued or on flush(); images are added after their product. On SQLite
    // the products are searchable only after a flush: the caller must flush
    // before anything that reads the products back or changes them (their
    // update triggers expect them in the search tables), and before the
    // transaction commits.
    Status queue(const ProductService::CheckedDraft &draft, const QString &slug, const QDateTime &now,
                 const QList<NewProductImage> &images);
    Status flush();
    // Writes the queued products, and makes productId searchable when this
    // writer wrote it: what an update of that product in the same
    // transaction needs, without filling the search tables for every product
    // written so far.
    Status flushFor(qint64 productId);
    qint64 imagesAdded() const { return m_imagesAdded; }

private:
    enum Statement {
        BySlug,
        BySku,
        ByBarcode,
        InsertProduct,
        InsertVariant,
        HoldSearch,
        ReleaseSearch,
        FillProductText,
        FillProductNames,
        FillProductWords,
        FillProductCodes,
        StatementCount
    };

    struct Queued {
        ProductService::CheckedDraft draft;
        QString slug;
        QDateTime now;
        QList<NewProductImage> images;
    };

    static QString sqlOf(Statement statement, bool sqlite);
    Result<QSqlQuery *> run(Statement statement, const QVariantList &values);
    Result<QList<qint64>> reserveIds(int count);
    Status write(bool all, bool fillNow);
    Status writeHeld(bool all);
    Status fillSearch();
    Status writeProducts();
    Status insertRows(const QString &head, int columns, const QVariantList &values,
                      std::optional<QSqlQuery> &fullBatch, int fullBatchRows);

    Connection &m_connection;
    Session m_actor;
    std::array<std::optional<QSqlQuery>, StatementCount> m_statements;
    QList<Queued> m_queue;
    QSet<QString> m_queuedSlugs;
    std::optional<QSqlQuery> m_productBatch;
    std::optional<QSqlQuery> m_variantBatch;
    QVariantList m_variants; // rows of written products' variants not yet in a full batch
    qint64 m_imagesAdded = 0;
    // Ranges of product ids written while the search triggers were held and
    // not yet in the search tables; their variants are exactly the ones
    // written the same way.
    QList<std::pair<qint64, qint64>> m_unsearchable;
    qint64 m_unsearchableCount = 0;
};

} // namespace sk
