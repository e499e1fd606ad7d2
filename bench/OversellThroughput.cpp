#include "OversellThroughput.h"

#include "db/Connection.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>

#include <sqlite3.h>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr int kBusyTimeoutMs = 10000; // as Connection sets it

void fail(const QString &message)
{
    std::fprintf(stderr, "storekeeper-bench oversell: %s\n", qPrintable(message));
}

double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

// The least SQLite needs for one sale: the conditional UPDATE that cannot
// take stock below what is available, and the ledger row, in one
// BEGIN IMMEDIATE transaction, with the application's durability settings.
class RawLedger {
public:
    explicit RawLedger(const QString &path)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK
            || sqlite3_busy_timeout(m_db, kBusyTimeoutMs) != SQLITE_OK
            || !exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON")
            || !prepare("UPDATE stock_levels SET on_hand = on_hand - ?1, updated_at = ?2 "
                        "WHERE variant_id = ?3 AND location_id = ?4 AND on_hand - reserved >= ?1 "
                        "RETURNING on_hand",
                        &m_take)
            || !prepare("INSERT INTO stock_movements (variant_id, location_id, reason, quantity, on_hand_after, "
                        "user_id, created_at) VALUES (?1, ?2, 'sale', ?3, ?4, ?5, ?6)",
                        &m_record)) {
            report();
            close();
        }
    }
    ~RawLedger() { close(); }
    RawLedger(const RawLedger &) = delete;
    RawLedger &operator=(const RawLedger &) = delete;

    bool isOpen() const { return m_db != nullptr; }

    bool sell(const StockedVariant &variant, qint64 userId, qint64 quantity)
    {
        // Bound as the Qt driver binds a QDateTime, so both paths store the same text.
        const QByteArray now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
        if (!exec("BEGIN IMMEDIATE"))
            return false;
        sqlite3_bind_int64(m_take, 1, quantity);
        sqlite3_bind_text(m_take, 2, now.constData(), int(now.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(m_take, 3, variant.variantId);
        sqlite3_bind_int64(m_take, 4, variant.locationId);
        const int taken = sqlite3_step(m_take);
        const qint64 onHandAfter = taken == SQLITE_ROW ? sqlite3_column_int64(m_take, 0) : -1;
        // RETURNING rows are produced before the change is final: step to the end.
        const bool updated = taken == SQLITE_ROW && sqlite3_step(m_take) == SQLITE_DONE;
        sqlite3_reset(m_take);
        if (!updated) {
            if (taken == SQLITE_DONE)
                fail(u"the raw sale found no stock left; give the variant more."_s);
            else
                report();
            exec("ROLLBACK");
            return false;
        }
        sqlite3_bind_int64(m_record, 1, variant.variantId);
        sqlite3_bind_int64(m_record, 2, variant.locationId);
        sqlite3_bind_int64(m_record, 3, -quantity);
        sqlite3_bind_int64(m_record, 4, onHandAfter);
        sqlite3_bind_int64(m_record, 5, userId);
        sqlite3_bind_text(m_record, 6, now.constData(), int(now.size()), SQLITE_TRANSIENT);
        const int recorded = sqlite3_step(m_record);
        sqlite3_reset(m_record);
        if (recorded != SQLITE_DONE) {
            report();
            exec("ROLLBACK");
            return false;
        }
        return exec("COMMIT");
    }

private:
    bool exec(const char *sql)
    {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
            return true;
        report();
        return false;
    }
    bool prepare(const char *sql, sqlite3_stmt **statement)
    {
        return sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr) == SQLITE_OK;
    }
    void report() { fail(u"sqlite3: "_s + QString::fromUtf8(sqlite3_errmsg(m_db))); }
    void close()
    {
        sqlite3_finalize(m_take);
        sqlite3_finalize(m_record);
        m_take = m_record = nullptr;
        sqlite3_close(m_db);
        m_db = nullptr;
    }

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_take = nullptr;
    sqlite3_stmt *m_record = nullptr;
};

} // namespace

std::optional<double> serviceSalesSeconds(Database &database, const Session &clerk, const StockedVariant &variant,
                                          int sales)
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < sales; ++i) {
        const Status sold = Database::wait(database.write([&](Connection &connection) {
            return InventoryLedger::sellInTransaction(connection, clerk, variant.locationId,
                                                      {StockLine{variant.variantId, 1, std::nullopt}},
                                                      StockReference{});
        }));
        if (!sold) {
            fail(sold.error().message + u' ' + sold.error().details);
            return std::nullopt;
        }
    }
    return seconds(timer);
}

std::optional<double> rawSalesSeconds(const QString &sqlitePath, const Session &clerk, const StockedVariant &variant,
                                      int sales)
{
    RawLedger ledger(sqlitePath);
    if (!ledger.isOpen())
        return std::nullopt;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < sales; ++i)
        if (!ledger.sell(variant, clerk.userId, 1))
            return std::nullopt;
    return seconds(timer);
}

} // namespace sk::bench
