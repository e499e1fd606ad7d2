#pragma once

#include "auth/Session.h"
#include "core/Money.h"
#include "core/Result.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace sk {

class Database;
class Connection;

enum class StocktakeStatus { Open, Posted, Cancelled };

// What a count covers: one location, optionally narrowed to a category (with
// its subcategories) or a vendor's products. Vendors may not count.
struct StocktakeScope {
    qint64 locationId = 0;
    std::optional<qint64> categoryId;
    std::optional<qint64> vendorId;
};

struct Stocktake {
    qint64 id = 0;
    qint64 locationId = 0;
    QString locationName;
    std::optional<qint64> categoryId;
    std::optional<qint64> vendorId;
    StocktakeStatus status = StocktakeStatus::Open;
    QString note;
    qint64 lineCount = 0;
    qint64 countedCount = 0;     // lines with a count
    qint64 startedBy = 0;
    QDateTime startedAt;
    QDateTime finishedAt;        // posted or cancelled; null while open
};

// One variant of a count. expected is the on hand when the count started;
// onHandAtCount the on hand at the moment the line was last counted, so
// sales made while the count runs do not show up as a loss: posting applies
// difference() = counted - onHandAtCount to the on hand of the moment of
// posting.
struct StocktakeLine {
    qint64 id = 0;
    qint64 variantId = 0;
    QString productName;
    QString sku;
    QString barcode;
    QString options;
    qint64 expected = 0;
    std::optional<qint64> counted;   // empty: not counted yet
    qint64 onHandAtCount = 0;
    std::optional<Money> unitCost;   // moving average cost, for the value of the difference
    QDateTime countedAt;

    qint64 difference() const { return counted ? *counted - onHandAtCount : 0; }
    // difference x unit cost; empty when the cost is unknown.
    std::optional<Money> differenceValue() const;
};

enum class CountMode {
    Add,     // a scan: adds to what was counted so far
    Replace, // a typed total
};

struct StocktakePosting {
    qint64 linesCorrected = 0;   // count_correction movements written
    qint64 unitsGained = 0;
    qint64 unitsLost = 0;        // positive number
    Money value;                 // signed sum of the corrections' value
};

// A stock count at one location (ManageInventory). start() snapshots the
// expected on hand of every variant in scope (variants never stocked there
// included, at zero); counts are recorded by scanning or choosing a variant;
// post() writes the differences as count_correction movements in one
// transaction; an open count may be cancelled. Uncounted lines are left
// alone when posting (not assumed zero).
class StocktakeService {
public:
    explicit StocktakeService(std::shared_ptr<Database> database);

    QFuture<Result<Stocktake>> start(const Session &actor, const StocktakeScope &scope, const QString &note = {});
    QFuture<Result<Stocktake>> get(const Session &actor, qint64 stocktakeId);
    // Newest first; open ones included.
    QFuture<Result<QList<Stocktake>>> list(const Session &actor, std::optional<qint64> locationId);
    QFuture<Result<QList<StocktakeLine>>> lines(const Session &actor, qint64 stocktakeId);

    // Records a count for a scanned barcode or SKU (exact). A variant outside
    // the count's scope but at its location is added to the count as a new
    // line with its current on hand as expected. Returns the updated line.
    QFuture<Result<StocktakeLine>> countCode(const Session &actor, qint64 stocktakeId, const QString &code,
                                             qint64 quantity, CountMode mode = CountMode::Add);
    QFuture<Result<StocktakeLine>> countVariant(const Session &actor, qint64 stocktakeId, qint64 variantId,
                                                qint64 quantity, CountMode mode = CountMode::Replace);
    // Forgets a line's count (a mistaken scan).
    QFuture<Result<StocktakeLine>> clearCount(const Session &actor, qint64 stocktakeId, qint64 variantId);

    QFuture<Result<StocktakePosting>> post(const Session &actor, qint64 stocktakeId);
    QFuture<Status> cancel(const Session &actor, qint64 stocktakeId);

    static Result<Stocktake> startInTransaction(Connection &connection, const Session &actor,
                                                const StocktakeScope &scope, const QString &note);
    static Result<StocktakeLine> countInTransaction(Connection &connection, const Session &actor,
                                                    qint64 stocktakeId, qint64 variantId, qint64 quantity,
                                                    CountMode mode);
    static Result<StocktakePosting> postInTransaction(Connection &connection, const Session &actor,
                                                      qint64 stocktakeId);

private:
    std::shared_ptr<Database> m_database;
};

QString stocktakeStatusName(StocktakeStatus status);   // "open", "posted", "cancelled"
QString stocktakeStatusText(StocktakeStatus status);   // translated

} // namespace sk
