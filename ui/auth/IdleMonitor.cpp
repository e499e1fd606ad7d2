#include "auth/IdleMonitor.h"

#include <QCoreApplication>
#include <QEvent>

namespace sk {

IdleMonitor::IdleMonitor(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleMonitor::checkIdle);
    QCoreApplication::instance()->installEventFilter(this);
}

IdleMonitor::~IdleMonitor()
{
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeEventFilter(this);
}

void IdleMonitor::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
    if (m_running)
        restart();
}

void IdleMonitor::restart()
{
    m_running = true;
    m_sinceInput.start();
    if (m_timeout.count() > 0)
        m_timer.start(m_timeout);
    else
        m_timer.stop();
}

void IdleMonitor::stop()
{
    m_running = false;
    m_timer.stop();
}

bool IdleMonitor::eventFilter(QObject *watched, QEvent *event)
{
    // Every input event passes here, so this only notes the time: the timer
    // is not restarted per mouse move, checkIdle() works out what is left.
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
        if (m_running)
            m_sinceInput.start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void IdleMonitor::checkIdle()
{
    if (!m_running || m_timeout.count() <= 0)
        return;
    const std::chrono::milliseconds quiet(m_sinceInput.elapsed());
    if (quiet >= m_timeout) {
        stop();
        emit idle();
        return;
    }
    m_timer.start(m_timeout - quiet);
}

} // namespace sk
