#include "db/DatabaseWorker.h"

#include "db/JobQueue.h"

using namespace Qt::StringLiterals;

namespace sk {

DatabaseWorker::DatabaseWorker(DatabaseUrl url, Connection::Role role, JobQueue &queue, Setup setup)
    : m_url(std::move(url)), m_role(role), m_queue(queue), m_setup(std::move(setup))
{
    setObjectName(m_role == Connection::Role::Reader ? u"db-reader"_s : u"db-writer"_s);
}

DatabaseWorker::~DatabaseWorker()
{
    wait();
}

Result<int> DatabaseWorker::waitUntilReady()
{
    return m_ready.get_future().get();
}

void DatabaseWorker::run()
{
    Result<std::unique_ptr<Connection>> opened = Connection::open(m_url, m_role);
    if (!opened) {
        m_ready.set_value(opened.error());
        return;
    }
    std::unique_ptr<Connection> connection = std::move(opened).value();
    Result<int> setup = m_setup ? m_setup(*connection) : Result<int>(0);
    const bool ready = setup.ok();
    m_ready.set_value(std::move(setup));
    if (!ready)
        return;

    while (JobQueue::Job job = m_queue.take()) {
        if (connection->connectionLost() || !connection->handle().isOpen()) {
            Result<std::unique_ptr<Connection>> reopened = Connection::open(m_url, m_role);
            if (reopened)
                connection = std::move(reopened).value();
        }
        job(connection.get());
    }
}

} // namespace sk
