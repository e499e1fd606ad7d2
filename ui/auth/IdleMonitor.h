#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <chrono>

namespace sk {

// Notices when nobody has touched the keyboard, mouse or screen of this
// application for a while. It watches the whole application (an event filter
// on qApp), so typing in a dialog counts as activity too.
class IdleMonitor : public QObject {
    Q_OBJECT

public:
    explicit IdleMonitor(QObject *parent = nullptr);
    ~IdleMonitor() override;

    // Zero switches the monitor off.
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }
    // Counting starts again from now (after unlocking, for example).
    void restart();
    void stop();

signals:
    void idle();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void checkIdle();

    std::chrono::milliseconds m_timeout{0};
    QElapsedTimer m_sinceInput;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace sk
