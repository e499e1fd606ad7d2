#pragma once

#include "core/Result.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "db/JobQueue.h"
#include "db/Transaction.h"

#include <QFuture>
#include <QPromise>
#include <QThread>
#include <memory>
#include <type_traits>
#include <vector>

namespace sk {

class DatabaseWorker;

// The shop's database, reached only through worker threads: one writer (all
// writes are serialised through it, so SQLite never sees two writers from one
// process) and a few readers beside it (WAL lets them read while it writes).
// Callers post a job and get a QFuture; the GUI thread never runs SQL.
class Database {
public:
    struct Options {
        int readers = 2;
        bool migrate = true;
    };

    // Opens the writer, applies migrations, then opens the readers. Blocks
    // until the database is usable or has failed with a clear Error.
    static Result<std::shared_ptr<Database>> open(const DatabaseUrl &url, Options options);
    static Result<std::shared_ptr<Database>> open(const DatabaseUrl &url) { return open(url, Options{}); }
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    const DatabaseUrl &url() const { return m_url; }
    int schemaVersion() const { return m_schemaVersion; }

    // Runs job(Connection&) on the writer inside one write transaction: it is
    // committed when the job returns a successful Result and rolled back when
    // it returns an error.
    template<typename Job>
    auto write(Job &&job) -> QFuture<std::invoke_result_t<Job, Connection &>>
    {
        using R = std::invoke_result_t<Job, Connection &>;
        return post<R>(*m_writerQueue, [job = std::forward<Job>(job)](Connection &connection) mutable -> R {
            return runInTransaction<R>(connection, Transaction::Mode::Write, job);
        });
    }

    // Runs job(Connection&) on a reader inside a read transaction (one
    // consistent snapshot for everything the job reads).
    template<typename Job>
    auto read(Job &&job) -> QFuture<std::invoke_result_t<Job, Connection &>>
    {
        using R = std::invoke_result_t<Job, Connection &>;
        return post<R>(*m_readerQueue, [job = std::forward<Job>(job)](Connection &connection) mutable -> R {
            return runInTransaction<R>(connection, Transaction::Mode::Read, job);
        });
    }

    // Runs job(Connection&) on the writer without a transaction, for work that
    // manages its own (backup, VACUUM, bulk import in batches).
    template<typename Job>
    auto maintain(Job &&job) -> QFuture<std::invoke_result_t<Job, Connection &>>
    {
        using R = std::invoke_result_t<Job, Connection &>;
        return post<R>(*m_writerQueue, std::forward<Job>(job));
    }

    // Waits for a future from a non-GUI thread (command line, tests, benchmarks).
    template<typename T>
    static T wait(QFuture<T> future)
    {
        future.waitForFinished();
        return future.result();
    }

private:
    explicit Database(const DatabaseUrl &url);

    template<typename R, typename Job>
    static R runInTransaction(Connection &connection, Transaction::Mode mode, Job &job)
    {
        Transaction transaction(connection, mode);
        if (Status begun = transaction.begin(); !begun)
            return R(begun.error());
        R result = job(connection);
        if (!result.ok())
            return result;
        if (Status committed = transaction.commit(); !committed)
            return R(committed.error());
        return result;
    }

    template<typename R, typename Job>
    QFuture<R> post(JobQueue &queue, Job &&job)
    {
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        queue.push([promise, job = std::forward<Job>(job)](Connection *connection) mutable {
            if (connection)
                promise->addResult(job(*connection));
            else
                promise->addResult(R(closedError()));
            promise->finish();
        });
        return future;
    }

    static Error closedError();

    DatabaseUrl m_url;
    int m_schemaVersion = 0;
    std::unique_ptr<JobQueue> m_writerQueue;
    std::unique_ptr<JobQueue> m_readerQueue;
    std::vector<std::unique_ptr<DatabaseWorker>> m_workers;
};

} // namespace sk
