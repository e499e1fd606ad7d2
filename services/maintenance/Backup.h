#pragma once

#include "core/Result.h"

#include <QFuture>
#include <QString>
#include <memory>

namespace sk {

class Database;

// A consistent copy while registers keep selling: SQLite's VACUUM INTO reads
// one snapshot; PostgreSQL goes through pg_dump (custom format).
class Backup {
public:
    explicit Backup(std::shared_ptr<Database> database);
    // Refuses to overwrite an existing file.
    QFuture<Status> writeTo(const QString &filePath);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
