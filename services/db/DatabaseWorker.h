#pragma once

#include "core/Result.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"

#include <QThread>
#include <functional>
#include <future>
#include <memory>

namespace sk {

class JobQueue;

// A thread that owns one Connection for its whole life and runs the jobs of
// its queue on it. If the connection to a server is lost, it reopens it
// before the next job.
class DatabaseWorker : public QThread {
public:
    // setup runs once on the new thread right after the connection opened
    // (the writer applies migrations there); its result is what started() reports.
    using Setup = std::function<Result<int>(Connection &)>;

    DatabaseWorker(DatabaseUrl url, Connection::Role role, JobQueue &queue, Setup setup = {});
    ~DatabaseWorker() override;

    // Blocks until the connection is open (and setup done) or has failed.
    Result<int> waitUntilReady();

protected:
    void run() override;

private:
    DatabaseUrl m_url;
    Connection::Role m_role;
    JobQueue &m_queue;
    Setup m_setup;
    std::promise<Result<int>> m_ready;
};

} // namespace sk
