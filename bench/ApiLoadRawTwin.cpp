#include "ApiLoadRawTwin.h"

#include "CheckoutRawStatements.h"
#include "OversellRegister.h"

#include "catalog/ProductSearchSql.h"

#include <sqlite3.h>

#include <QFile>
#include <QHash>

#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

// The same shares as ApiLoadClient.
constexpr int kSearchShare = 55;
constexpr int kDetailShare = 25;
constexpr int kCancelOneIn = 4;
constexpr int kMaxItemsPerOrder = 3;
constexpr int kPageSize = 20;
constexpr quint64 kSeed = 8;

void fail(const QString &message)
{
    std::fprintf(stderr, "storekeeper-bench api: raw twin: %s\n", qPrintable(message));
}

// Search statements are built per query (ProductSearchSql), so they are
// prepared per call, as Qt's SQL layer does for the API's search too.
bool runDynamic(sqlite3 *db, const SearchStatement &statement, QList<qint64> *firstColumn)
{
    sqlite3_stmt *prepared = nullptr;
    const QByteArray sql = statement.sql.toUtf8();
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &prepared, nullptr) != SQLITE_OK) {
        fail(QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    }
    for (int i = 0; i < statement.values.size(); ++i) {
        const QVariant &value = statement.values.at(i);
        if (value.isNull())
            sqlite3_bind_null(prepared, i + 1);
        else if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
            sqlite3_bind_int64(prepared, i + 1, value.toLongLong());
        else if (value.typeId() == QMetaType::Double)
            sqlite3_bind_double(prepared, i + 1, value.toDouble());
        else {
            const QByteArray text = value.toString().toUtf8();
            sqlite3_bind_text(prepared, i + 1, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        }
    }
    int status;
    while ((status = sqlite3_step(prepared)) == SQLITE_ROW) {
        if (firstColumn)
            firstColumn->append(sqlite3_column_int64(prepared, 0));
        for (int c = 0; c < sqlite3_column_count(prepared); ++c)
            sqlite3_column_text(prepared, c);
    }
    sqlite3_finalize(prepared);
    if (status != SQLITE_DONE) {
        fail(QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    }
    return true;
}

void readAll(sqlite3_stmt *row)
{
    for (int c = 0; c < sqlite3_column_count(row); ++c)
        sqlite3_column_text(row, c);
}

class RawMix {
public:
    RawMix(const QString &path, const ApiLoadPlan &plan, qint64 locationId)
        : m_raw(path), m_plan(plan), m_locationId(locationId), m_random(kSeed)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_reader, SQLITE_OPEN_READONLY, nullptr)
            != SQLITE_OK) {
            fail(QString::fromUtf8(sqlite3_errmsg(m_reader)));
            sqlite3_close(m_reader);
            m_reader = nullptr;
        }
    }
    ~RawMix() { sqlite3_close(m_reader); }

    bool isOpen() const { return m_reader && m_raw.isOpen(); }

    // One visitor's step of the mix; the number of requests it stands for.
    std::optional<int> step()
    {
        const int roll = int(m_random() % 100);
        if (roll < kSearchShare)
            return search() ? std::optional<int>(1) : std::nullopt;
        if (roll < kSearchShare + kDetailShare)
            return detail() ? std::optional<int>(1) : std::nullopt;
        return order();
    }

    // Gives back every unit this twin reserved.
    bool releaseAll()
    {
        if (!m_raw.exec("BEGIN IMMEDIATE"))
            return false;
        for (auto it = m_reserved.cbegin(); it != m_reserved.cend(); ++it)
            if (it.value() > 0
                && !m_raw.run("UPDATE stock_levels SET reserved = reserved - ?1 WHERE variant_id = ?2 "
                              "AND location_id = ?3",
                              {it.value(), it.key(), m_locationId})) {
                m_raw.exec("ROLLBACK");
                return false;
            }
        m_reserved.clear();
        return m_raw.exec("COMMIT");
    }

private:
    bool search()
    {
        static const ProductSort sorts[] = {ProductSort::Relevance, ProductSort::PriceLow, ProductSort::PriceHigh,
                                            ProductSort::Newest, ProductSort::Rating};
        ProductSearchQuery query;
        query.status = ProductStatus::Active;
        if (!m_plan.searchWords.isEmpty() && m_random() % 10 < 7)
            query.text = m_plan.searchWords.at(qsizetype(m_random() % quint64(m_plan.searchWords.size())));
        if (m_random() % 5 == 0) {
            const qint64 low = 1 + qint64(m_random() % 50);
            query.minPriceCents = low * 100;
            query.maxPriceCents = (low + 10 + qint64(m_random() % 90)) * 100 + 99;
        }
        if (!m_plan.categoryIds.isEmpty() && m_random() % 5 == 0)
            query.categoryId = m_plan.categoryIds.at(qsizetype(m_random() % quint64(m_plan.categoryIds.size())));
        query.sort = sorts[m_random() % 5];
        const int page = m_random() % 10 < 7 ? 1 : 2 + int(m_random() % 2);
        const ProductSearchSql sql(false);
        if (!runDynamic(m_reader, sql.count(query, std::nullopt, {}), nullptr))
            return false;
        QList<qint64> ids;
        if (!runDynamic(m_reader,
                        sql.select(query, std::nullopt, {}, std::nullopt, page * kPageSize,
                                   ProductSearchSql::Columns::IdOnly),
                        &ids))
            return false;
        ids = ids.mid((page - 1) * kPageSize);
        return runDynamic(m_reader, ProductSearchSql::rows(ids, std::nullopt), nullptr);
    }

    bool detail()
    {
        if (m_plan.productIds.isEmpty())
            return search();
        const qint64 id = m_plan.productIds.at(qsizetype(m_random() % quint64(m_plan.productIds.size())));
        return m_raw.run("SELECT * FROM products WHERE id = ?1", {id}, readAll)
               && m_raw.run("SELECT * FROM product_variants WHERE product_id = ?1 ORDER BY position, id", {id},
                            readAll)
               && m_raw.run("SELECT v.id, COALESCE(sl.on_hand - sl.reserved, 0) FROM product_variants v "
                            "LEFT JOIN stock_levels sl ON sl.variant_id = v.id AND sl.location_id = ?2 "
                            "WHERE v.product_id = ?1",
                            {id, m_locationId}, readAll);
    }

    // The lines added (a read of each variant's price and stock), the cart
    // read, the order's reservations in one transaction, sometimes released.
    std::optional<int> order()
    {
        if (m_plan.items.isEmpty())
            return search() ? std::optional<int>(1) : std::nullopt;
        const int lines = 1 + int(m_random() % kMaxItemsPerOrder);
        QList<qint64> variants;
        for (int i = 0; i < lines; ++i) {
            const qint64 variantId = m_plan.items.at(qsizetype(m_random() % quint64(m_plan.items.size()))).variantId;
            if (!m_raw.run("SELECT v.price_cents, COALESCE(sl.on_hand - sl.reserved, 0) FROM product_variants v "
                           "LEFT JOIN stock_levels sl ON sl.variant_id = v.id AND sl.location_id = ?2 WHERE v.id = ?1",
                           {variantId, m_locationId}, readAll))
                return std::nullopt;
            variants.append(variantId);
        }
        for (qint64 variantId : std::as_const(variants))
            if (!m_raw.run("SELECT v.price_cents, COALESCE(sl.on_hand - sl.reserved, 0) FROM product_variants v "
                           "LEFT JOIN stock_levels sl ON sl.variant_id = v.id AND sl.location_id = ?2 WHERE v.id = ?1",
                           {variantId, m_locationId}, readAll))
                return std::nullopt;
        if (!m_raw.exec("BEGIN IMMEDIATE"))
            return std::nullopt;
        QList<qint64> taken;
        for (qint64 variantId : std::as_const(variants)) {
            if (!m_raw.run("UPDATE stock_levels SET reserved = reserved + 1 WHERE variant_id = ?1 AND location_id = ?2 "
                           "AND on_hand - reserved >= 1",
                           {variantId, m_locationId})) {
                m_raw.exec("ROLLBACK");
                return std::nullopt;
            }
            if (m_raw.changes() == 1)
                taken.append(variantId);
        }
        if (!m_raw.exec("COMMIT"))
            return std::nullopt;
        for (qint64 variantId : std::as_const(taken))
            ++m_reserved[variantId];
        int requests = lines + 2;
        if (m_random() % kCancelOneIn == 0) {
            ++requests;
            if (!m_raw.exec("BEGIN IMMEDIATE"))
                return std::nullopt;
            for (qint64 variantId : std::as_const(taken)) {
                if (!m_raw.run("UPDATE stock_levels SET reserved = reserved - 1 WHERE variant_id = ?1 "
                               "AND location_id = ?2",
                               {variantId, m_locationId})) {
                    m_raw.exec("ROLLBACK");
                    return std::nullopt;
                }
                --m_reserved[variantId];
            }
            if (!m_raw.exec("COMMIT"))
                return std::nullopt;
        }
        return requests;
    }

    RawStatements m_raw;
    sqlite3 *m_reader = nullptr;
    const ApiLoadPlan &m_plan;
    const qint64 m_locationId;
    std::mt19937_64 m_random;
    QHash<qint64, qint64> m_reserved;
};

} // namespace

std::optional<double> rawMixRate(const QString &sqlitePath, const ApiLoadPlan &plan, qint64 locationId,
                                 double seconds)
{
    RawMix mix(sqlitePath, plan, locationId);
    if (!mix.isOpen())
        return std::nullopt;
    const qint64 startNs = steadyNowNs();
    const qint64 deadlineNs = startNs + qint64(seconds * 1e9);
    qint64 requests = 0;
    while (steadyNowNs() < deadlineNs) {
        const std::optional<int> done = mix.step();
        if (!done) {
            mix.releaseAll();
            return std::nullopt;
        }
        requests += *done;
    }
    const double elapsed = double(steadyNowNs() - startNs) / 1e9;
    if (!mix.releaseAll())
        return std::nullopt;
    return double(requests) / elapsed;
}

} // namespace sk::bench
