#pragma once

#include "core/Result.h"

namespace sk {

class Connection;

// Unit of work: begin() opens it, commit() makes it durable, and leaving the
// scope without commit() rolls everything back, so an operation that fails
// half-way leaves the database as it was.
class Transaction {
public:
    enum class Mode { Read, Write };

    Transaction(Connection &connection, Mode mode);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Status begin();
    Status commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    Connection &m_connection;
    Mode m_mode;
    bool m_active = false;
};

} // namespace sk
