// catalog: a million products loaded through the service path, then what the
// Catalog page asks of them: search as a clerk types, a category with a sort,
// every id in order for the lazy table, and windows of rows while scrolling.
// Each figure is compared with the same SQL through the raw sqlite3 C API.
#include "CatalogGenerator.h"
#include "MetricWriter.h"
#include "Scenario.h"
#include "ScenarioOutput.h"
#include "Statistics.h"
#include "ProductTableModel.h"

#include "catalog/ProductSearch.h"
#include "catalog/ProductSearchSql.h"
#include "catalog/ProductService.h"
#include "catalog/Slug.h"
#include "db/Connection.h"
#include "db/Database.h"
#include "db/DatabaseUrl.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr ScenarioOutput kOutput{"catalog"};

constexpr qint64 kDefaultRows = 1'000'000;
constexpr qint64 kMaxRows = 1'000'000'000;
constexpr int kProductsPerTransaction = 5000;
constexpr int kQueries = 200;
constexpr int kPageRows = 60;        // the first screen of the table
constexpr int kWindowRows = 100;     // what the lazy table fetches per window
constexpr int kMaxTypedLength = 6;
constexpr int kWarmUpQueries = 10;
constexpr double kPercentile = 0.95;
constexpr quint64 kQuerySeed = 7;

void addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(u"rows"_s, u"Products to load (default %1)."_s.arg(kDefaultRows), u"N"_s));
    parser.addOption(QCommandLineOption(
        u"load-rows"_s, u"Products that load_s compares (default: all of --rows). The rest are filled by "
                        u"prepared inserts, so that the queries can run on a large catalog sooner."_s,
        u"N"_s));
    parser.addOption(QCommandLineOption(
        u"database"_s, u"An empty database to load into (default: a temporary SQLite file). With PostgreSQL "
                       u"there is no raw twin."_s,
        u"URL"_s));
    parser.addOption(QCommandLineOption(
        u"reuse"_s, u"Measure the queries on a database this scenario filled before (named by --database, kept "
                    u"with --keep) instead of loading one; load_s is left out."_s));
}

double percentile(QList<double> samples, double fraction)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min(samples.size() - 1, qsizetype(std::ceil(fraction * double(samples.size())) - 1));
    return samples[std::max<qsizetype>(0, index)];
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

Session benchAdmin()
{
    Session session;
    session.userId = 1;
    session.email = u"bench@storekeeper.test"_s;
    session.role = Role::Admin;
    return session;
}

// ---- raw sqlite3 side -------------------------------------------------------

class RawDatabase {
public:
    explicit RawDatabase(const QString &path, bool readOnly)
    {
        const int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, flags, nullptr) != SQLITE_OK) {
            kOutput.fail(u"sqlite3_open_v2: "_s + QString::fromUtf8(sqlite3_errmsg(m_db)));
            sqlite3_close(m_db);
            m_db = nullptr;
        }
    }
    ~RawDatabase() { sqlite3_close(m_db); }
    RawDatabase(const RawDatabase &) = delete;
    RawDatabase &operator=(const RawDatabase &) = delete;

    sqlite3 *handle() const { return m_db; }
    bool exec(const char *sql)
    {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
            return true;
        kOutput.fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }

private:
    sqlite3 *m_db = nullptr;
};

bool bindValue(sqlite3_stmt *statement, int index, const QVariant &value)
{
    if (value.isNull())
        return sqlite3_bind_null(statement, index) == SQLITE_OK;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong()) == SQLITE_OK;
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble()) == SQLITE_OK;
    default: {
        const QByteArray text = value.toString().toUtf8();
        return sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_TRANSIENT) == SQLITE_OK;
    }
    }
}

sqlite3_stmt *prepare(sqlite3 *db, const SearchStatement &statement)
{
    sqlite3_stmt *prepared = nullptr;
    const QByteArray sql = statement.sql.toUtf8();
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &prepared, nullptr) != SQLITE_OK) {
        kOutput.fail(u"prepare: "_s + QString::fromUtf8(sqlite3_errmsg(db)));
        return nullptr;
    }
    for (int i = 0; i < statement.values.size(); ++i)
        if (!bindValue(prepared, i + 1, statement.values[i])) {
            sqlite3_finalize(prepared);
            return nullptr;
        }
    return prepared;
}

// Column 0 of every row.
std::optional<QList<qint64>> rawIds(sqlite3 *db, const SearchStatement &statement)
{
    sqlite3_stmt *prepared = prepare(db, statement);
    if (!prepared)
        return std::nullopt;
    QList<qint64> ids;
    int status;
    while ((status = sqlite3_step(prepared)) == SQLITE_ROW)
        ids.append(sqlite3_column_int64(prepared, 0));
    sqlite3_finalize(prepared);
    if (status != SQLITE_DONE) {
        kOutput.fail(u"step: "_s + QString::fromUtf8(sqlite3_errmsg(db)));
        return std::nullopt;
    }
    return ids;
}

// Reads every column of every row, as a table would.
bool rawRows(sqlite3 *db, const SearchStatement &statement)
{
    sqlite3_stmt *prepared = prepare(db, statement);
    if (!prepared)
        return false;
    int status;
    qint64 bytes = 0;
    while ((status = sqlite3_step(prepared)) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count(prepared); ++c) {
            sqlite3_column_text(prepared, c);
            bytes += sqlite3_column_bytes(prepared, c);
        }
    sqlite3_finalize(prepared);
    return status == SQLITE_DONE;
}

// The raw twin of ProductSearch::page: the ids (the category's subtree in
// the same statement), then the rows.
bool rawPage(sqlite3 *db, const ProductSearchQuery &query)
{
    std::optional<QList<qint64>> ids =
        rawIds(db, ProductSearchSql(false).select(query, std::nullopt, {}, std::nullopt, kPageRows + 1));
    if (!ids)
        return false;
    return ids->isEmpty() || rawRows(db, ProductSearchSql::rows(ids->mid(0, kPageRows), std::nullopt));
}

// ---- loading -----------------------------------------------------------------

struct Shop {
    QList<qint64> categoryIds;
    QList<qint64> vendorIds;
};

// The vendors and categories of a database filled earlier, in the order
// setUpShop made them, so that the same seed picks the same queries.
Result<Shop> existingShop(Database &database)
{
    return Database::wait(database.read([](Connection &connection) -> Result<Shop> {
        Shop shop;
        Result<QSqlQuery> vendors = connection.exec(u"SELECT id FROM vendors ORDER BY id"_s);
        if (!vendors)
            return vendors.error();
        while (vendors.value().next())
            shop.vendorIds.append(vendors.value().value(0).toLongLong());
        Result<QSqlQuery> categories = connection.exec(u"SELECT id FROM categories ORDER BY id"_s);
        if (!categories)
            return categories.error();
        while (categories.value().next())
            shop.categoryIds.append(categories.value().value(0).toLongLong());
        return shop;
    }));
}

Result<Shop> setUpShop(Database &database)
{
    return Database::wait(database.write([](Connection &connection) -> Result<Shop> {
        Shop shop;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const QString &name : CatalogGenerator::vendorNames()) {
            Result<qint64> id = connection.insert(
                u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s, {name, now});
            if (!id)
                return id.error();
            shop.vendorIds.append(id.value());
        }
        const QList<GeneratedCategory> categories = CatalogGenerator::categories();
        QList<int> positions(categories.size() + 1, 0);
        for (const GeneratedCategory &category : categories) {
            const QVariant parent = category.parentIndex < 0
                                        ? QVariant(QMetaType::fromType<qint64>(), nullptr)
                                        : QVariant(shop.categoryIds[category.parentIndex]);
            int &position = positions[category.parentIndex + 1];
            Result<qint64> id = connection.insert(
                u"INSERT INTO categories (parent_id, name, slug, position, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s,
                {parent, category.name, Slug::fromName(category.name), position++, now, now});
            if (!id)
                return id.error();
            shop.categoryIds.append(id.value());
        }
        return shop;
    }));
}

// Storekeeper's path: ProductService::createInTransaction (validation, SKU
// and barcode checks, slug, audit entry) in transactions of a few thousand.
std::optional<double> loadThroughService(Database &database, const Shop &shop, qint64 rows)
{
    CatalogGenerator generator;
    double seconds = 0;
    for (qint64 start = 0; start < rows; start += kProductsPerTransaction) {
        const qint64 end = std::min(rows, start + kProductsPerTransaction);
        QList<ProductDraft> drafts;
        for (qint64 i = start; i < end; ++i)
            drafts.append(generator.product(i, shop.categoryIds, shop.vendorIds));
        QElapsedTimer timer;
        timer.start();
        Result<int> created = Database::wait(database.write([drafts = std::move(drafts)](Connection &connection) {
            for (const ProductDraft &draft : drafts)
                if (Result<Product> product = ProductService::createInTransaction(connection, Session::system(), draft);
                    !product)
                    return Result<int>(product.error());
            return Result<int>(int(drafts.size()));
        }));
        seconds += double(timer.nsecsElapsed()) / 1e9;
        if (!created) {
            kOutput.fail(created.error().message + u" "_s + created.error().details);
            return std::nullopt;
        }
        if ((end / kProductsPerTransaction) % 20 == 0 || end == rows)
            kOutput.progress(
                u"service load %1 / %2 (%3 s)"_s.arg(qlonglong(end)).arg(qlonglong(rows)).arg(seconds, 0, 'f', 1));
    }
    return seconds;
}

struct RawVariant {
    QByteArray sku, barcode, options, optionKey;
    qint64 priceCents = 0;
    int weightGrams = 0;
};

struct RawProduct {
    std::optional<qint64> vendorId, categoryId;
    QByteArray name, slug, description, brand, status, attributes;
    qint64 minPriceCents = 0;
    QList<RawVariant> variants;
};

RawProduct rawProduct(const ProductDraft &draft, qint64 index)
{
    RawProduct raw;
    raw.vendorId = draft.vendorId;
    raw.categoryId = draft.categoryId;
    raw.name = draft.name.toUtf8();
    raw.slug = (Slug::fromName(draft.name) + u'-' + QString::number(index)).toUtf8();
    raw.description = draft.description.toUtf8();
    raw.brand = draft.brand.toUtf8();
    raw.status = productStatusName(draft.status).toUtf8();
    raw.attributes = QJsonDocument(draft.attributes).toJson(QJsonDocument::Compact);
    raw.minPriceCents = std::numeric_limits<qint64>::max();
    for (const VariantDraft &variant : draft.variants) {
        RawVariant out;
        out.sku = variant.sku.toUtf8();
        out.barcode = variant.barcode.toUtf8();
        out.options = QJsonDocument(variant.options).toJson(QJsonDocument::Compact);
        out.optionKey = ProductService::optionKey(variant.options).toUtf8();
        out.priceCents = Money::parseDecimal(variant.price, u"USD")->minorUnits();
        out.weightGrams = variant.weightGrams.value_or(0);
        raw.minPriceCents = std::min(raw.minPriceCents, out.priceCents);
        raw.variants.append(out);
    }
    return raw;
}

void bindText(sqlite3_stmt *statement, int index, const QByteArray &text)
{
    sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_STATIC);
}

void bindOptional(sqlite3_stmt *statement, int index, std::optional<qint64> value)
{
    if (value)
        sqlite3_bind_int64(statement, index, *value);
    else
        sqlite3_bind_null(statement, index);
}

// The least SQLite needs for the same rows: prepared inserts into the same
// schema (with its indexes and search triggers), same transaction size and
// durability settings, ids and lowest prices computed in C++.
enum class RawLoad { Measured, Fill };

std::optional<double> loadRaw(const QString &path, const Shop &shop, qint64 first, qint64 rows, quint64 seed,
                              RawLoad kind)
{
    RawDatabase raw(path, false);
    if (!raw.handle() || !raw.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"))
        return std::nullopt;
    // The unmeasured fill keeps statement journals in memory: with FTS5 in
    // the transaction (SQLite 3.40 flushes its pending terms at every
    // statement savepoint) the journal files are written ten times over.
    if (kind == RawLoad::Fill && !raw.exec("PRAGMA temp_store=MEMORY"))
        return std::nullopt;
    sqlite3_stmt *insertProduct = nullptr;
    sqlite3_stmt *insertVariant = nullptr;
    sqlite3_prepare_v2(raw.handle(),
                       "INSERT INTO products (vendor_id, category_id, name, slug, description, brand, status, "
                       "attributes, min_price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &insertProduct, nullptr);
    sqlite3_prepare_v2(raw.handle(),
                       "INSERT INTO product_variants (product_id, sku, barcode, options, option_key, price_cents, "
                       "weight_grams, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &insertVariant, nullptr);
    if (!insertProduct || !insertVariant) {
        kOutput.fail(QString::fromUtf8(sqlite3_errmsg(raw.handle())));
        return std::nullopt;
    }
    CatalogGenerator generator(seed, first);
    double seconds = 0;
    bool ok = true;
    for (qint64 start = first; ok && start < rows; start += kProductsPerTransaction) {
        const qint64 end = std::min(rows, start + kProductsPerTransaction);
        QList<RawProduct> batch;
        for (qint64 i = start; i < end; ++i)
            batch.append(rawProduct(generator.product(i, shop.categoryIds, shop.vendorIds), i));
        QElapsedTimer timer;
        timer.start();
        const QByteArray now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
        ok = raw.exec("BEGIN IMMEDIATE");
        for (const RawProduct &product : std::as_const(batch)) {
            if (!ok)
                break;
            bindOptional(insertProduct, 1, product.vendorId);
            bindOptional(insertProduct, 2, product.categoryId);
            bindText(insertProduct, 3, product.name);
            bindText(insertProduct, 4, product.slug);
            bindText(insertProduct, 5, product.description);
            bindText(insertProduct, 6, product.brand);
            bindText(insertProduct, 7, product.status);
            bindText(insertProduct, 8, product.attributes);
            sqlite3_bind_int64(insertProduct, 9, product.minPriceCents);
            bindText(insertProduct, 10, now);
            bindText(insertProduct, 11, now);
            ok = sqlite3_step(insertProduct) == SQLITE_DONE;
            sqlite3_reset(insertProduct);
            const qint64 productId = sqlite3_last_insert_rowid(raw.handle());
            for (int v = 0; ok && v < product.variants.size(); ++v) {
                const RawVariant &variant = product.variants[v];
                sqlite3_bind_int64(insertVariant, 1, productId);
                bindText(insertVariant, 2, variant.sku);
                if (variant.barcode.isEmpty())
                    sqlite3_bind_null(insertVariant, 3);
                else
                    bindText(insertVariant, 3, variant.barcode);
                bindText(insertVariant, 4, variant.options);
                bindText(insertVariant, 5, variant.optionKey);
                sqlite3_bind_int64(insertVariant, 6, variant.priceCents);
                sqlite3_bind_int(insertVariant, 7, variant.weightGrams);
                sqlite3_bind_int(insertVariant, 8, v);
                bindText(insertVariant, 9, now);
                bindText(insertVariant, 10, now);
                ok = sqlite3_step(insertVariant) == SQLITE_DONE;
                sqlite3_reset(insertVariant);
            }
        }
        if (!ok)
            kOutput.fail(QString::fromUtf8(sqlite3_errmsg(raw.handle())));
        ok = ok && raw.exec("COMMIT");
        seconds += double(timer.nsecsElapsed()) / 1e9;
        if ((end / kProductsPerTransaction) % 20 == 0 || end == rows)
            kOutput.progress(
                u"raw load %1 / %2 (%3 s)"_s.arg(qlonglong(end)).arg(qlonglong(rows)).arg(seconds, 0, 'f', 1));
    }
    sqlite3_finalize(insertProduct);
    sqlite3_finalize(insertVariant);
    if (!ok)
        return std::nullopt;
    return seconds;
}

// ---- queries -------------------------------------------------------------------

// What a clerk types: each word one letter at a time, up to six.
QStringList typedQueries(int count)
{
    CatalogGenerator generator(kQuerySeed);
    QStringList queries;
    while (queries.size() < count) {
        const QList<uint> letters = generator.searchWords(1).constFirst().toUcs4();
        for (qsizetype n = 1; n <= std::min<qsizetype>(kMaxTypedLength, letters.size()) && queries.size() < count; ++n)
            queries.append(QString::fromUcs4(reinterpret_cast<const char32_t *>(letters.constData()), n));
    }
    return queries;
}

QList<ProductSearchQuery> filterSortQueries(const Shop &shop, int count)
{
    std::mt19937_64 random(kQuerySeed);
    const QList<ProductSort> sorts{ProductSort::PriceLow, ProductSort::PriceHigh, ProductSort::Newest,
                                   ProductSort::Rating, ProductSort::Name};
    QList<ProductSearchQuery> queries;
    for (int i = 0; i < count; ++i) {
        ProductSearchQuery query;
        query.categoryId = shop.categoryIds[qsizetype(random() % quint64(shop.categoryIds.size()))];
        query.sort = sorts[qsizetype(random() % quint64(sorts.size()))];
        queries.append(query);
    }
    return queries;
}

struct Samples {
    QList<double> ours;
    QList<double> raw;
};

// Runs each query through ProductSearch (the reader thread, as the Catalog
// page does) and through the raw C API on the same file. Whichever runs
// second finds the pages the first one read in the operating system's cache
// (about half the time of a cold 60-row page at a million products), so the
// two take turns going first.
std::optional<Samples> measurePages(ProductSearch &search, sqlite3 *raw, const QList<ProductSearchQuery> &queries)
{
    Samples samples;
    const Session admin = benchAdmin();
    for (qsizetype i = -kWarmUpQueries; i < queries.size(); ++i) {
        const ProductSearchQuery &query = queries[i < 0 ? i + kWarmUpQueries : i];
        double ours = 0;
        double rawMs = 0;
        auto runOurs = [&] {
            QElapsedTimer timer;
            timer.start();
            Result<ProductPage> page = Database::wait(search.page(admin, query, std::nullopt, kPageRows));
            ours = elapsedMs(timer);
            if (!page)
                kOutput.fail(u"\"%1\": %2 %3"_s.arg(query.text, page.error().message, page.error().details));
            return page.ok();
        };
        auto runRaw = [&] {
            if (!raw)
                return true;
            QElapsedTimer timer;
            timer.start();
            const bool done = rawPage(raw, query);
            rawMs = elapsedMs(timer);
            return done;
        };
        const bool done = i % 2 == 0 ? runOurs() && runRaw() : runRaw() && runOurs();
        if (!done)
            return std::nullopt;
        if (i < 0)
            continue;
        samples.ours.append(ours);
        samples.raw.append(rawMs);
    }
    return samples;
}

// Waits in an event loop (the model's answers arrive as queued calls)
// until the signal fires or the model reports a failure.
template <typename Signal>
bool waitForModel(ProductTableModel &model, Signal signal)
{
    QEventLoop loop;
    bool failed = false;
    QObject::connect(&model, signal, &loop, &QEventLoop::quit);
    QObject::connect(&model, &ProductTableModel::loadFailed, &loop, [&](const QString &message) {
        kOutput.fail(message);
        failed = true;
        loop.quit();
    });
    QTimer::singleShot(std::chrono::seconds(60), &loop, [&] {
        kOutput.fail(u"the product table did not load within a minute."_s);
        failed = true;
        loop.quit();
    });
    loop.exec();
    return !failed;
}

std::optional<double> modelFirstScreenMs(const std::shared_ptr<Database> &database)
{
    QElapsedTimer timer;
    timer.start();
    ProductTableModel model(std::make_shared<ProductSearch>(database));
    model.setQuery(ProductSearchQuery{});
    model.setSession(benchAdmin());
    if (!model.hasFirstScreen() && !waitForModel(model, &ProductTableModel::firstScreenLoaded))
        return std::nullopt;
    return elapsedMs(timer);
}

std::optional<QList<double>> modelScrollMs(const std::shared_ptr<Database> &database, int jumps)
{
    ProductTableModel model(std::make_shared<ProductSearch>(database));
    model.setQuery(ProductSearchQuery{});
    model.setSession(benchAdmin());
    if (!model.hasIds() && !waitForModel(model, &ProductTableModel::idsLoaded))
        return std::nullopt;
    const int rowCount = model.rowCount();
    std::mt19937_64 random(kQuerySeed + 1);
    QList<double> times;
    for (int i = -kWarmUpQueries; i < jumps && rowCount > 0; ++i) {
        const int row = int(random() % quint64(rowCount));
        QElapsedTimer timer;
        timer.start();
        // Asking for the row's data is what a view scrolled there does.
        (void)model.data(model.index(row, ProductTableModel::NameColumn));
        while (!model.isRowLoaded(row))
            if (!waitForModel(model, &ProductTableModel::windowLoaded))
                return std::nullopt;
        if (i >= 0)
            times.append(elapsedMs(timer));
    }
    return times;
}

void writePercentile(MetricWriter &out, const QString &name, const Samples &samples, bool hasRaw)
{
    out.write({name, percentile(samples.ours, kPercentile), u"ms"_s,
               hasRaw ? std::optional<double>(percentile(samples.raw, kPercentile)) : std::nullopt, Metric::Kind::Time,
               int(samples.ours.size())});
}

double residentMegabytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    return 0;
}

// load_s: the first loadRows products both ways. Returns the exit status
// (0 when loaded).
int load(const BenchContext &context, MetricWriter &out, Database &database, const Shop &shop,
         const DatabaseUrl &url, const QTemporaryDir &folder, qint64 loadRows)
{
    const bool hasRaw = url.isSqlite();
    // load_s: the raw twin first, into its own file with the same schema.
    std::optional<double> rawLoad;
    if (hasRaw) {
        const QString rawPath = folder.filePath(u"catalog-raw.db"_s);
        Result<DatabaseUrl> rawUrl = DatabaseUrl::parse(rawPath);
        Result<std::shared_ptr<Database>> schema = Database::open(rawUrl.value());
        if (!schema) {
            kOutput.fail(schema.error().message);
            return 1;
        }
        Result<Shop> rawShop = setUpShop(*schema.value());
        schema.value().reset();
        if (!rawShop)
            return 1;
        rawLoad = loadRaw(rawPath, rawShop.value(), 0, loadRows, CatalogGenerator::kDefaultSeed, RawLoad::Measured);
        if (!rawLoad)
            return 1;
        if (!context.keepFiles) {
            QFile::remove(rawPath);
            QFile::remove(rawPath + u"-wal"_s);
            QFile::remove(rawPath + u"-shm"_s);
        }
    }
    const std::optional<double> seconds = loadThroughService(database, shop, loadRows);
    if (!seconds)
        return 1;
    out.write({u"load_s"_s, *seconds, u"s"_s, rawLoad, Metric::Kind::Time, 1});
    return 0;
}

int run(const BenchContext &context, MetricWriter &out)
{
    const std::optional<qint64> rowsOption =
        kOutput.numberOption(*context.parser, u"rows"_s, kDefaultRows, 1, kMaxRows);
    if (!rowsOption)
        return 2;
    const qint64 rows = *rowsOption;
    const std::optional<qint64> loadRowsOption = kOutput.numberOption(*context.parser, u"load-rows"_s, rows, 1, rows);
    if (!loadRowsOption)
        return 2;
    const qint64 loadRows = *loadRowsOption;
    QTemporaryDir folder;
    folder.setAutoRemove(!context.keepFiles);
    QString databaseText = context.parser->value(u"database"_s);
    if (databaseText.isEmpty())
        databaseText = folder.filePath(u"catalog.db"_s);
    Result<DatabaseUrl> url = DatabaseUrl::parse(databaseText);
    if (!url) {
        kOutput.fail(url.error().message);
        return 2;
    }
    const bool hasRaw = url->isSqlite();
    if (context.keepFiles)
        kOutput.progress(u"databases kept in "_s + folder.path());

    Result<std::shared_ptr<Database>> opened = Database::open(url.value());
    if (!opened) {
        kOutput.fail(opened.error().message);
        return 1;
    }
    std::shared_ptr<Database> database = opened.value();
    const bool reuse = context.parser->isSet(u"reuse"_s);
    Result<QVariant> existing = Database::wait(
        database->read([](Connection &connection) { return connection.scalar(u"SELECT COUNT(*) FROM products"_s); }));
    if (!existing) {
        kOutput.fail(existing.error().message);
        return 1;
    }
    Result<Shop> shop = Shop{};
    if (reuse) {
        if (existing->toLongLong() == 0) {
            kOutput.fail(u"--reuse needs a database this scenario filled before; this one has no products."_s);
            return 1;
        }
        kOutput.progress(u"measuring the %1 products already in the database"_s.arg(existing->toLongLong()));
        shop = existingShop(*database);
        if (!shop) {
            kOutput.fail(shop.error().message);
            return 1;
        }
    } else {
        if (existing->toLongLong() != 0) {
            kOutput.fail(u"the database must be empty of products; name a new one with --database, or add --reuse."_s);
            return 1;
        }
        shop = setUpShop(*database);
        if (!shop) {
            kOutput.fail(shop.error().message);
            return 1;
        }
        if (const int loaded = load(context, out, *database, shop.value(), url.value(), folder, loadRows); loaded != 0)
            return loaded;
    }
    // Readers see the loaded file from here on; the raw twin reads it too.
    database.reset();
    if (!reuse && loadRows < rows) {
        if (!hasRaw) {
            kOutput.fail(u"--load-rows below --rows needs SQLite (the rest is filled through sqlite3)."_s);
            return 2;
        }
        if (!loadRaw(url->path, shop.value(), loadRows, rows, CatalogGenerator::kDefaultSeed + 1, RawLoad::Fill))
            return 1;
    }
    opened = Database::open(url.value());
    if (!opened) {
        kOutput.fail(opened.error().message);
        return 1;
    }
    database = opened.value();
    ProductSearch search(database);
    std::unique_ptr<RawDatabase> raw;
    if (hasRaw) {
        raw = std::make_unique<RawDatabase>(url->path, true);
        if (!raw->handle())
            return 1;
    }
    sqlite3 *rawHandle = raw ? raw->handle() : nullptr;

    // first_page_ms: the lazy table model created to its first screen of
    // rows; raw twin: the same first-page SQL through sqlite3.
    {
        QList<double> ours;
        QList<double> rawTimes;
        for (int i = 0; i < context.runs; ++i) {
            std::optional<double> firstScreen = modelFirstScreenMs(database);
            if (!firstScreen)
                return 1;
            ours.append(*firstScreen);
            if (rawHandle) {
                QElapsedTimer timer;
                timer.start();
                if (!rawPage(rawHandle, ProductSearchQuery{}))
                    return 1;
                rawTimes.append(elapsedMs(timer));
            }
        }
        out.write({u"first_page_ms"_s, median(ours), u"ms"_s,
                   hasRaw ? std::optional<double>(median(rawTimes)) : std::nullopt, Metric::Kind::Time, context.runs});
    }
    // scroll_p95_ms: the model asked for a row at a random position until
    // that row's window has landed (no raw twin: the window's SQL is
    // rows_window_p95_ms below).
    {
        std::optional<QList<double>> jumps = modelScrollMs(database, kQueries);
        if (!jumps)
            return 1;
        out.write({u"scroll_p95_ms"_s, percentile(*jumps, kPercentile), u"ms"_s, std::nullopt, Metric::Kind::Time,
                   int(jumps->size())});
    }

    QList<ProductSearchQuery> searches;
    for (const QString &text : typedQueries(kQueries)) {
        ProductSearchQuery query;
        query.text = text;
        searches.append(query);
    }
    std::optional<Samples> searchSamples = measurePages(search, rawHandle, searches);
    if (!searchSamples)
        return 1;
    writePercentile(out, u"search_p95_ms"_s, *searchSamples, hasRaw);

    std::optional<Samples> filterSamples = measurePages(search, rawHandle, filterSortQueries(shop.value(), kQueries));
    if (!filterSamples)
        return 1;
    writePercentile(out, u"filter_sort_p95_ms"_s, *filterSamples, hasRaw);

    // What the lazy table needs: every id in display order (no text, sorted
    // by name), then windows of rows at random positions.
    const Session admin = benchAdmin();
    const ProductSearchQuery everything;
    QList<double> idsOurs;
    QList<double> idsRaw;
    QList<qint64> ordered;
    for (int i = 0; i < context.runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        Result<ProductIdList> ids = Database::wait(search.orderedIds(admin, everything));
        idsOurs.append(elapsedMs(timer));
        if (!ids) {
            kOutput.fail(ids.error().message);
            return 1;
        }
        ordered = ids->ids;
        if (rawHandle) {
            timer.start();
            std::optional<QList<qint64>> rawList =
                rawIds(rawHandle, ProductSearchSql(false).select(everything, std::nullopt, {}, std::nullopt,
                                                                   std::nullopt, ProductSearchSql::Columns::IdOnly));
            idsRaw.append(elapsedMs(timer));
            if (!rawList || *rawList != ordered) {
                kOutput.fail(u"the raw ordered ids differ from Storekeeper's."_s);
                return 1;
            }
        }
    }
    out.write({u"ordered_ids_ms"_s, median(idsOurs), u"ms"_s,
               hasRaw ? std::optional<double>(median(idsRaw)) : std::nullopt, Metric::Kind::Time, context.runs});

    std::mt19937_64 random(kQuerySeed);
    Samples windows;
    for (int i = -kWarmUpQueries; i < kQueries; ++i) {
        const qsizetype start = qsizetype(random() % quint64(std::max<qsizetype>(1, ordered.size())));
        const QList<qint64> window = ordered.mid(start, kWindowRows);
        double ours = 0;
        double rawMs = 0;
        // Taking turns to go first, as measurePages does.
        auto runOurs = [&] {
            QElapsedTimer timer;
            timer.start();
            Result<QList<ProductRow>> fetched = Database::wait(search.rows(admin, window));
            ours = elapsedMs(timer);
            if (!fetched)
                kOutput.fail(fetched.error().message);
            return fetched.ok();
        };
        auto runRaw = [&] {
            if (!rawHandle)
                return true;
            QElapsedTimer timer;
            timer.start();
            const bool done = rawRows(rawHandle, ProductSearchSql::rows(window, std::nullopt));
            rawMs = elapsedMs(timer);
            return done;
        };
        if (!(i % 2 == 0 ? runOurs() && runRaw() : runRaw() && runOurs()))
            return 1;
        if (i < 0)
            continue;
        windows.ours.append(ours);
        windows.raw.append(rawMs);
    }
    writePercentile(out, u"rows_window_p95_ms"_s, windows, hasRaw);

    out.write({u"rss_mb"_s, residentMegabytes(), u"MB"_s, std::nullopt, Metric::Kind::Time, 1});
    return 0;
}

} // namespace

Scenario catalogScenario()
{
    return {"catalog",
            "A million products loaded through the service path, then search as a clerk types, category filters "
            "with sorts, ordered ids and row windows for the lazy table, against the same SQL through sqlite3.",
            addOptions, run};
}

} // namespace sk::bench
