#include "inventory/ReservationExpiry.h"

#include "db/Database.h"
#include "inventory/InventoryLedger.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QPointer>

namespace sk {

ReservationExpiry::ReservationExpiry(std::shared_ptr<Database> database, QObject *parent)
    : QObject(parent), m_database(std::move(database))
{
    connect(&m_timer, &QTimer::timeout, this, &ReservationExpiry::releaseNow);
}

void ReservationExpiry::start(int intervalMs)
{
    m_timer.start(intervalMs);
    releaseNow();
}

void ReservationExpiry::stop()
{
    m_timer.stop();
}

void ReservationExpiry::releaseNow()
{
    if (m_running)
        return;
    m_running = true;
    QFuture<Result<int>> round = m_database->write([](Connection &connection) {
        return InventoryLedger::releaseExpiredInTransaction(connection, QDateTime::currentDateTimeUtc());
    });
    auto *watcher = new QFutureWatcher<Result<int>>(this);
    connect(watcher, &QFutureWatcher<Result<int>>::finished, this, [this, watcher] {
        m_running = false;
        const Result<int> result = watcher->result();
        watcher->deleteLater();
        if (result.ok() && result.value() > 0)
            emit released(result.value());
    });
    watcher->setFuture(round);
}

} // namespace sk
