#include "catalog/ProductImportWriter.h"

#include "db/ChangeLog.h"
#include "db/Connection.h"

#include <QCoreApplication>
#include <QScopeGuard>
#include <QSqlError>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxSlugAttempts = 1000;

QVariant nullableId(std::optional<qint64> value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

QVariant nullableMoney(const std::optional<Money> &value)
{
    return value ? QVariant(value->minorUnits()) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}


constexpr int kProductColumns = 13;
constexpr int kVariantColumns = 13;

const QString kProductInsert = u"INSERT INTO products (id, vendor_id, category_id, name, slug, description, brand, "
                               "status, tax_class, attributes, min_price_cents, created_at, updated_at) VALUES "_s;
const QString kVariantInsert = u"INSERT INTO product_variants (product_id, sku, barcode, options, option_key, "
                               "price_cents, compare_at_cents, cost_cents, weight_grams, is_active, position, "
                               "created_at, updated_at) VALUES "_s;

QString rowsSql(const QString &head, int columns, int rows)
{
    QStringList marks(columns, u"?"_s);
    const QString row = u'(' + marks.join(u", "_s) + u')';
    QStringList all(rows, row);
    return head + all.join(u", "_s);
}

} // namespace

QString ProductImportWriter::sqlOf(Statement statement, bool sqlite)
{
    switch (statement) {
    case BySlug:
        return u"SELECT id, vendor_id FROM products WHERE slug = ?"_s;
    case BySku:
        return u"SELECT id, product_id, sku FROM product_variants WHERE upper(sku) = upper(?)"_s;
    case ByBarcode:
        return u"SELECT product_id FROM product_variants WHERE barcode = ?"_s;
    case InsertProduct:
        return u"INSERT INTO products (vendor_id, category_id, name, slug, description, brand, status, tax_class, "
               "attributes, min_price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s
               // SQLite collects RETURNING rows in a temporary table opened
               // and freed per statement, which costs more than the insert;
               // its last insert rowid is free.
               + (sqlite ? QString() : u" RETURNING id"_s);
    case InsertVariant:
        return u"INSERT INTO product_variants (product_id, sku, barcode, options, option_key, price_cents, "
               "compare_at_cents, cost_cents, weight_grams, is_active, position, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
    case HoldSearch:
        return u"INSERT INTO search_deferred (held) VALUES (1)"_s;
    case ReleaseSearch:
        return u"DELETE FROM search_deferred"_s;
    // What the insert triggers of migration 0003 write, for a range of products.
    case FillProductText:
        return u"INSERT INTO product_text (rowid, name, description, brand) "
               "SELECT id, name, description, brand FROM products WHERE id BETWEEN ? AND ?"_s;
    case FillProductNames:
        return u"INSERT INTO product_names (rowid, name) SELECT id, name FROM products WHERE id BETWEEN ? AND ?"_s;
    case FillProductWords:
        return u"INSERT INTO product_words (rowid, name) SELECT id, name FROM products WHERE id BETWEEN ? AND ?"_s;
    case FillProductCodes:
        return u"INSERT INTO product_codes (rowid, sku, barcode) "
               "SELECT id, sku, barcode FROM product_variants WHERE product_id BETWEEN ? AND ?"_s;
    case StatementCount:
        break;
    }
    return {};
}

ProductImportWriter::ProductImportWriter(Connection &connection, const Session &actor)
    : m_connection(connection), m_actor(actor)
{
}

// Ids for queued products, taken up front so that variants can name their
// product in the same batch. SQLite: the writer holds the only write lock for
// the whole transaction, so the next ids are simply after the largest.
// PostgreSQL: drawn from the identity sequence, which other sessions share.
Result<QList<qint64>> ProductImportWriter::reserveIds(int count)
{
    QList<qint64> ids;
    if (m_connection.isSqlite()) {
        Result<QVariant> largest = m_connection.scalar(u"SELECT COALESCE(MAX(id), 0) FROM products"_s);
        if (!largest)
            return largest.error();
        for (int i = 1; i <= count; ++i)
            ids.append(largest.value().toLongLong() + i);
        return ids;
    }
    Result<QSqlQuery> drawn = m_connection.exec(
        u"SELECT nextval(pg_get_serial_sequence('products', 'id')) FROM generate_series(1, ?)"_s, {count});
    if (!drawn)
        return drawn.error();
    while (drawn.value().next())
        ids.append(drawn.value().value(0).toLongLong());
    return ids;
}

Status ProductImportWriter::insertRows(const QString &head, int columns, const QVariantList &values,
                                       std::optional<QSqlQuery> &fullBatch, int fullBatchRows)
{
    const int rows = int(values.size() / columns);
    if (rows == 0)
        return Status::success();
    if (rows != fullBatchRows)
        return m_connection.run(rowsSql(head, columns, rows), values);
    if (!fullBatch) {
        fullBatch.emplace(m_connection.handle());
        if (!fullBatch->prepare(rowsSql(head, columns, rows))) {
            const Error error = Connection::describe(fullBatch->lastError(), head);
            fullBatch.reset();
            return error;
        }
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        fullBatch->bindValue(int(i), values.at(i));
    if (!fullBatch->exec())
        return Connection::describe(fullBatch->lastError(), head);
    fullBatch->finish();
    return Status::success();
}

Status ProductImportWriter::queue(const ProductService::CheckedDraft &draft, const QString &slug, const QDateTime &now,
                                  const QList<NewProductImage> &images)
{
    m_queue.append({draft, slug, now, images});
    m_queuedSlugs.insert(slug);
    // Pictures read from files can be large: they do not wait for a full batch.
    bool holdsData = false;
    for (const NewProductImage &image : images)
        holdsData = holdsData || !image.data.isEmpty();
    if (m_queue.size() >= kBatchProducts || holdsData)
        return write(false, false);
    return Status::success();
}

Status ProductImportWriter::flush()
{
    return write(true, true);
}

Status ProductImportWriter::flushFor(qint64 productId)
{
    bool written = false;
    for (const auto &[first, last] : std::as_const(m_unsearchable))
        written = written || (productId >= first && productId <= last);
    return write(true, written);
}

// Writes the queued products; their variants go in full batches, so every
// statement but the last is the same prepared one (parsing an INSERT of
// thousands of values costs more than running it). `all` also writes the
// variants that do not fill a batch; `fillNow` makes everything written
// searchable.
Status ProductImportWriter::write(bool all, bool fillNow)
{
    const bool sqlite = m_connection.isSqlite();
    const bool fill = sqlite && (fillNow || m_unsearchableCount + m_queue.size() >= kSearchFillProducts);
    if (!m_queue.isEmpty() || !m_variants.isEmpty()) {
        // SQLite: the search triggers are held only while these INSERTs run,
        // so that every other write in the transaction (an update, a new
        // category) keeps its triggers; released however this returns.
        bool held = false;
        if (sqlite) {
            Result<QSqlQuery *> hold = run(HoldSearch, {});
            if (!hold)
                return hold.error();
            hold.value()->finish();
            held = true;
        }
        auto release = qScopeGuard([this, &held] {
            if (held)
                (void)run(ReleaseSearch, {});
        });
        if (Status ok = writeHeld(all || fill); !ok)
            return ok;
        if (held) {
            held = false;
            Result<QSqlQuery *> released = run(ReleaseSearch, {});
            if (!released)
                return released.error();
            released.value()->finish();
        }
    }
    if (fill)
        return fillSearch();
    return Status::success();
}

Status ProductImportWriter::writeHeld(bool all)
{
    if (Status ok = writeProducts(); !ok)
        return ok;
    const qsizetype batch = qsizetype(kBatchVariants) * kVariantColumns;
    qsizetype start = 0;
    for (; m_variants.size() - start >= batch; start += batch)
        if (Status ok = insertRows(kVariantInsert, kVariantColumns, m_variants.mid(start, batch), m_variantBatch,
                                   kBatchVariants);
            !ok)
            return ok;
    m_variants.remove(0, start);
    if (all && !m_variants.isEmpty()) {
        if (Status ok = insertRows(kVariantInsert, kVariantColumns, m_variants, m_variantBatch, kBatchVariants); !ok)
            return ok;
        m_variants.clear();
    }
    return Status::success();
}

// One statement per search table for every product written since the last
// fill, and their variants (which only this writer inserts, all with their
// product): what the held triggers would have written row by row.
Status ProductImportWriter::fillSearch()
{
    for (const auto &[first, last] : std::as_const(m_unsearchable))
        for (Statement fill : {FillProductText, FillProductNames, FillProductWords, FillProductCodes}) {
            Result<QSqlQuery *> filled = run(fill, {first, last});
            if (!filled)
                return filled.error();
            filled.value()->finish();
        }
    m_unsearchable.clear();
    m_unsearchableCount = 0;
    return Status::success();
}

Status ProductImportWriter::writeProducts()
{
    if (m_queue.isEmpty())
        return Status::success();
    Result<QList<qint64>> ids = reserveIds(int(m_queue.size()));
    if (!ids)
        return ids.error();
    QVariantList products;
    products.reserve(m_queue.size() * kProductColumns);
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        const Queued &queued = m_queue.at(i);
        const ProductService::CheckedDraft &draft = queued.draft;
        products << ids->at(i) << nullableId(draft.vendorId) << nullableId(draft.categoryId) << draft.name
                 << queued.slug << draft.description << draft.brand << productStatusName(draft.status)
                 << draft.taxClass << draft.attributes << ProductService::minPriceCents(draft.variants) << queued.now
                 << queued.now;
    }
    if (Status ok = insertRows(kProductInsert, kProductColumns, products, m_productBatch,
                               ProductImportWriter::kBatchProducts);
        !ok)
        return ok;
    if (m_connection.isSqlite()) {
        // Reserved ids follow each other; a product written in between by
        // another path (with its triggers) starts a new range.
        for (const qint64 id : std::as_const(ids.value())) {
            if (!m_unsearchable.isEmpty() && m_unsearchable.last().second + 1 == id)
                m_unsearchable.last().second = id;
            else
                m_unsearchable.append({id, id});
        }
        m_unsearchableCount += ids->size();
    }
    QVariantList &variants = m_variants;
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        const Queued &queued = m_queue.at(i);
        for (qsizetype v = 0; v < queued.draft.variants.size(); ++v) {
            const ProductService::CheckedVariant &variant = queued.draft.variants.at(v);
            variants << ids->at(i) << variant.sku << variant.barcode << variant.options << variant.optionKey
                     << variant.price.minorUnits() << nullableMoney(variant.compareAt) << nullableMoney(variant.cost)
                     << (variant.weightGrams ? QVariant(*variant.weightGrams)
                                             : QVariant(QMetaType::fromType<int>(), nullptr))
                     << (variant.isActive ? 1 : 0) << int(v) << queued.now << queued.now;
        }
    }
    for (qsizetype i = 0; i < m_queue.size(); ++i)
        for (const NewProductImage &image : std::as_const(m_queue.at(i).images)) {
            Result<ProductImageInfo> added =
                ProductImageService::addInTransaction(m_connection, m_actor, ids->at(i), image);
            if (!added)
                return added.error();
            ++m_imagesAdded;
        }
    // Open catalog views show the new products (a large batch becomes one
    // "reload" announcement).
    if (Status ok = ChangeLog::recordInTransaction(m_connection, ChangeTopic::Products, ids.value()); !ok)
        return ok;
    m_queue.clear();
    m_queuedSlugs.clear();
    return Status::success();
}

Result<QSqlQuery *> ProductImportWriter::run(Statement statement, const QVariantList &values)
{
    std::optional<QSqlQuery> &query = m_statements[statement];
    if (!query) {
        query.emplace(m_connection.handle());
        query->setForwardOnly(true);
        if (!query->prepare(sqlOf(statement, m_connection.isSqlite()))) {
            const Error error = Connection::describe(query->lastError(), sqlOf(statement, m_connection.isSqlite()));
            query.reset();
            return error;
        }
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec())
        return Connection::describe(query->lastError(), sqlOf(statement, m_connection.isSqlite()));
    return &*query;
}

Result<std::optional<ProductImportWriter::ProductRef>> ProductImportWriter::productBySlug(const QString &slug)
{
    if (m_queuedSlugs.contains(slug))
        if (Status ok = flush(); !ok)
            return ok.error();
    Result<QSqlQuery *> query = run(BySlug, {slug});
    if (!query)
        return query.error();
    QSqlQuery &row = *query.value();
    std::optional<ProductRef> found;
    if (row.next()) {
        found = ProductRef{row.value(0).toLongLong(), {}};
        if (!row.value(1).isNull())
            found->vendorId = row.value(1).toLongLong();
    }
    row.finish();
    return found;
}

Result<std::optional<ProductService::VariantRef>> ProductImportWriter::variantBySku(const QString &sku)
{
    Result<QSqlQuery *> query = run(BySku, {sku});
    if (!query)
        return query.error();
    QSqlQuery &row = *query.value();
    std::optional<ProductService::VariantRef> found;
    if (row.next())
        found = ProductService::VariantRef{row.value(0).toLongLong(), row.value(1).toLongLong(),
                                           row.value(2).toString()};
    row.finish();
    return found;
}

Result<std::optional<qint64>> ProductImportWriter::productByBarcode(const QString &barcode)
{
    Result<QSqlQuery *> query = run(ByBarcode, {barcode});
    if (!query)
        return query.error();
    QSqlQuery &row = *query.value();
    std::optional<qint64> found;
    if (row.next())
        found = row.value(0).toLongLong();
    row.finish();
    return found;
}

Result<QString> ProductImportWriter::freeSlug(const QString &wanted)
{
    const QString base = wanted.isEmpty() ? u"product"_s : wanted;
    for (int attempt = 1; attempt <= kMaxSlugAttempts; ++attempt) {
        const QString candidate = attempt == 1 ? base : base + u'-' + QString::number(attempt);
        Result<std::optional<ProductRef>> taken = productBySlug(candidate);
        if (!taken)
            return taken.error();
        if (!taken.value())
            return candidate;
    }
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("ProductService", "Too many products share the web name \"%1\". Enter "
                                                                     "a distinct web name.")
                           .arg(base));
}

Result<qint64> ProductImportWriter::create(const ProductService::CheckedDraft &draft, const QString &slug,
                                           const QDateTime &now)
{
    Result<QSqlQuery *> inserted =
        run(InsertProduct, {nullableId(draft.vendorId), nullableId(draft.categoryId), draft.name, slug,
                            draft.description, draft.brand, productStatusName(draft.status), draft.taxClass,
                            draft.attributes, ProductService::minPriceCents(draft.variants), now, now});
    if (!inserted)
        return inserted.error();
    QSqlQuery &row = *inserted.value();
    const QVariant newId = m_connection.isSqlite() ? row.lastInsertId() : (row.next() ? row.value(0) : QVariant());
    row.finish();
    if (newId.isNull())
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("Connection", "The database did not return the new record's number."));
    const qint64 productId = newId.toLongLong();
    for (qsizetype i = 0; i < draft.variants.size(); ++i) {
        const ProductService::CheckedVariant &variant = draft.variants.at(i);
        Result<QSqlQuery *> written = run(
            InsertVariant,
            {productId, variant.sku, variant.barcode, variant.options, variant.optionKey, variant.price.minorUnits(),
             nullableMoney(variant.compareAt), nullableMoney(variant.cost),
             variant.weightGrams ? QVariant(*variant.weightGrams) : QVariant(QMetaType::fromType<int>(), nullptr),
             variant.isActive ? 1 : 0, int(i), now, now});
        if (!written)
            return written.error();
    }
    return productId;
}

} // namespace sk
