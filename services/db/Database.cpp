#include "db/Database.h"

#include "db/DatabaseWorker.h"
#include "db/Migrator.h"

#include <QCoreApplication>

namespace sk {

Database::Database(const DatabaseUrl &url)
    : m_url(url), m_writerQueue(std::make_unique<JobQueue>()), m_readerQueue(std::make_unique<JobQueue>())
{
}

Database::~Database()
{
    // Jobs already queued still run (a queued sale is never dropped); only
    // then do the workers close their connections and end.
    m_writerQueue->stop();
    m_readerQueue->stop();
    for (auto &worker : m_workers)
        worker->wait();
    m_workers.clear();
}

Error Database::closedError()
{
    return Error::make(ErrorCode::Unavailable,
                       QCoreApplication::translate("Database", "The database is closed."));
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseUrl &url, Options options)
{
    std::shared_ptr<Database> database(new Database(url));
    const bool migrate = options.migrate;
    auto writer = std::make_unique<DatabaseWorker>(
        url, Connection::Role::Writer, *database->m_writerQueue, [migrate](Connection &connection) -> Result<int> {
            Migrator migrator(connection);
            return migrate ? migrator.migrate() : migrator.currentVersion();
        });
    writer->start();
    Result<int> version = writer->waitUntilReady();
    database->m_workers.push_back(std::move(writer));
    if (!version)
        return version.error();
    database->m_schemaVersion = version.value();
    if (!migrate && version.value() > Migrator::latestVersion())
        return Error::make(ErrorCode::SchemaTooNew,
                           QCoreApplication::translate("Database",
                                                       "This database was written by a newer version of "
                                                       "Storekeeper. Install the newer Storekeeper to open it."));

    for (int i = 0; i < std::max(1, options.readers); ++i) {
        auto reader = std::make_unique<DatabaseWorker>(url, Connection::Role::Reader, *database->m_readerQueue);
        reader->start();
        Result<int> ready = reader->waitUntilReady();
        database->m_workers.push_back(std::move(reader));
        if (!ready)
            return ready.error();
    }
    return database;
}

} // namespace sk
