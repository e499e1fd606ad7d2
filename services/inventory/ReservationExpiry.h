#pragma once

#include <QObject>
#include <QTimer>
#include <memory>

namespace sk {

class Database;

// Gives back the stock of reservations whose time ran out (parked carts,
// unpaid orders), now and then, on the database's writer. Several registers
// may run one each: a reservation is claimed with a conditional UPDATE, so it
// is released once.
class ReservationExpiry : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 60 * 1000;

    explicit ReservationExpiry(std::shared_ptr<Database> database, QObject *parent = nullptr);

    void start(int intervalMs = kDefaultIntervalMs);
    void stop();

signals:
    // After each round that released something; failures are retried on the
    // next round (nothing is half-released: each round is one transaction).
    void released(int count);

private:
    void releaseNow();

    std::shared_ptr<Database> m_database;
    QTimer m_timer;
    bool m_running = false; // a round is in flight; the next tick waits for it
};

} // namespace sk
