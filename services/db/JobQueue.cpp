#include "db/JobQueue.h"

namespace sk {

void JobQueue::push(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopped) {
            m_jobs.push_back(std::move(job));
            m_ready.notify_one();
            return;
        }
    }
    job(nullptr);
}

JobQueue::Job JobQueue::take()
{
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return m_stopped || !m_jobs.empty(); });
    if (m_jobs.empty())
        return {};
    Job job = std::move(m_jobs.front());
    m_jobs.pop_front();
    return job;
}

void JobQueue::stop()
{
    std::lock_guard lock(m_mutex);
    m_stopped = true;
    m_ready.notify_all();
}

bool JobQueue::isStopped() const
{
    std::lock_guard lock(m_mutex);
    return m_stopped;
}

} // namespace sk
