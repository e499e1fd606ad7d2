#include "ApiLoad.h"

#include "ApiLoadClient.h"
#include "OversellRegister.h"

#include <QEventLoop>
#include <QThread>

#include <algorithm>
#include <ctime>
#include <vector>

namespace sk::bench {

namespace {

double threadCpuSeconds()
{
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    return double(cpu.tv_sec) + double(cpu.tv_nsec) / 1e9;
}

} // namespace

// One worker thread and its clients. The clients are created, run and
// destroyed on the thread (their sockets belong to it); the tally is read
// only after the thread has ended.
class ApiLoadWorker {
public:
    ApiLoadWorker(const ApiLoadPlan &plan, QList<int> clientIndexes, qint64 deadlineNs)
        : m_plan(plan), m_clientIndexes(std::move(clientIndexes)), m_deadlineNs(deadlineNs)
    {
    }

    void start()
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->start();
    }

    const ApiLoadResult &wait()
    {
        m_thread->wait();
        return m_tally;
    }

    double cpuSeconds() const { return m_cpuSeconds; }

private:
    void run()
    {
        const double cpuAtStart = threadCpuSeconds();
        QEventLoop loop;
        std::vector<std::unique_ptr<ApiLoadClient>> clients;
        int running = int(m_clientIndexes.size());
        for (int index : std::as_const(m_clientIndexes)) {
            clients.push_back(std::make_unique<ApiLoadClient>(m_plan, index, m_deadlineNs, m_tally));
            QObject::connect(clients.back().get(), &ApiLoadClient::finished, &loop, [&running, &loop] {
                if (--running == 0)
                    loop.quit();
            });
        }
        for (auto &client : clients)
            client->start();
        if (running > 0)
            loop.exec();
        clients.clear();
        m_cpuSeconds = threadCpuSeconds() - cpuAtStart;
    }

    const ApiLoadPlan &m_plan;
    const QList<int> m_clientIndexes;
    const qint64 m_deadlineNs;
    std::unique_ptr<QThread> m_thread;
    ApiLoadResult m_tally;
    double m_cpuSeconds = 0;
};

ApiLoad::ApiLoad(ApiLoadPlan plan) : m_plan(std::move(plan)) {}

ApiLoad::~ApiLoad()
{
    if (!m_workers.isEmpty())
        wait();
}

void ApiLoad::start()
{
    m_startNs = steadyNowNs();
    const qint64 deadlineNs = m_startNs + qint64(m_plan.seconds * 1e9);
    const int threads = std::clamp(m_plan.threads, 1, std::max(1, m_plan.clients));
    QList<QList<int>> indexes(threads);
    for (int i = 0; i < m_plan.clients; ++i)
        indexes[i % threads].append(i);
    for (const QList<int> &clientIndexes : std::as_const(indexes))
        m_workers.append(std::make_shared<ApiLoadWorker>(m_plan, clientIndexes, deadlineNs));
    for (const auto &worker : std::as_const(m_workers))
        worker->start();
}

ApiLoadResult ApiLoad::wait()
{
    ApiLoadResult total;
    for (const auto &worker : std::as_const(m_workers)) {
        const ApiLoadResult &tally = worker->wait();
        total.requests += tally.requests;
        total.errors += tally.errors;
        total.conflicts += tally.conflicts;
        total.ordersPlaced += tally.ordersPlaced;
        total.ordersCancelled += tally.ordersCancelled;
        total.searches += tally.searches;
        total.details += tally.details;
        total.latencyMs += tally.latencyMs;
        total.errorSamples += tally.errorSamples;
        total.clientCpuSeconds += worker->cpuSeconds();
    }
    total.seconds = double(steadyNowNs() - m_startNs) / 1e9;
    m_workers.clear();
    return total;
}

} // namespace sk::bench
