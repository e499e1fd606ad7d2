#pragma once

#include "core/Result.h"

#include <functional>
#include <memory>

namespace sk {

class Database;

// Months of trading for the demo shop, made through the real services so
// every figure agrees with every other: for each past day, oldest first, a
// shift at register R1 with in-store cash sales (some to known customers)
// and a few returns, online orders taken through their whole life (a few
// cancelled), and reviews of delivered online orders. The services stamp
// now(), so each day's new rows are then moved back to their day, the
// register's sales spread over its opening hours and the online orders over
// the evening (seeded, so every demo has the same times); the audit log is left as written (its time is inside
// its hash chain). At the end the report and recommendation summaries are
// rebuilt from the aged rows.
//
// Each service call is its own transaction: cancelling stops after the day
// in progress and keeps the days already made (Summary::cancelled).
class DemoHistory {
public:
    struct Summary {
        int days = 0;
        int sales = 0;
        int returns = 0;
        int onlineOrders = 0;
        int cancelledOrders = 0;
        int reviews = 0;
        bool cancelled = false;
    };

    explicit DemoHistory(std::shared_ptr<Database> database);
    // Runs on the calling (worker) thread and waits for each service call.
    // dayDone is called after each day with the number of days made; false
    // stops there. The history ends early when the stock runs out.
    Result<Summary> make(int days, const std::function<bool(int daysDone)> &dayDone);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
