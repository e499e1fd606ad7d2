#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace sk {

class Connection;

// Jobs waiting for a database worker thread. A job receives the worker's
// connection, or nullptr when the queue was stopped before the job ran (so
// every promise is still fulfilled).
class JobQueue {
public:
    using Job = std::function<void(Connection *)>;

    void push(Job job);
    // Blocks until a job is there; an empty Job means "stop".
    Job take();
    void stop();
    bool isStopped() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Job> m_jobs;
    bool m_stopped = false;
};

} // namespace sk
