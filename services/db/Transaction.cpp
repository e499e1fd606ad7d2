#include "db/Transaction.h"

#include "db/Connection.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace sk {

Transaction::Transaction(Connection &connection, Mode mode) : m_connection(connection), m_mode(mode) {}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

Status Transaction::begin()
{
    const SqlDialect &dialect = m_connection.dialect();
    Status begun = m_connection.run(m_mode == Mode::Write ? dialect.beginWrite() : dialect.beginRead());
    if (!begun)
        return begun;
    m_active = true;
    return Status::success();
}

Status Transaction::commit()
{
    if (!m_active)
        return Error::make(ErrorCode::Internal, u"commit() without begin()"_s);
    Status committed = m_connection.run(u"COMMIT"_s);
    if (!committed) {
        rollback();
        return committed;
    }
    m_active = false;
    return Status::success();
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    // A failed ROLLBACK means the connection is gone; the server discards the
    // transaction on its own, so there is nothing more to do here.
    (void)m_connection.run(u"ROLLBACK"_s);
}

} // namespace sk
