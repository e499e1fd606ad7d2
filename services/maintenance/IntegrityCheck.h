#pragma once

#include "core/Result.h"

#include <QFuture>
#include <QStringList>
#include <memory>

namespace sk {

class Database;

// `storekeeper check`: the database's own integrity check plus every
// invariant the shop's data must keep. Later areas add their checks here.
class IntegrityCheck {
public:
    struct Finding {
        QString check;    // e.g. "sqlite.integrity", "audit.chain"
        bool passed = true;
        QString message;  // what was checked, or the first problem found
    };
    struct Report {
        QList<Finding> findings;
        bool passed() const;
    };

    explicit IntegrityCheck(std::shared_ptr<Database> database);
    QFuture<Result<Report>> run();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
