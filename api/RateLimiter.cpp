#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace sk::api {

namespace {
// Past this many addresses, the full buckets (idle clients) are dropped.
constexpr qsizetype kMaxTrackedClients = 10'000;
constexpr double kMillisecondsPerSecond = 1000.0;
}

RateLimiter::RateLimiter(int perSecond, int burst) : m_perSecond(perSecond), m_burst(std::max(burst, 1))
{
    m_clock.start();
}

RateLimiter::Decision RateLimiter::take(const QString &client)
{
    return take(client, m_clock.elapsed());
}

RateLimiter::Decision RateLimiter::take(const QString &client, qint64 nowMs)
{
    if (m_perSecond <= 0)
        return {};
    if (m_buckets.size() > kMaxTrackedClients)
        forgetIdle(nowMs);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end())
        it = m_buckets.insert(client, Bucket{double(m_burst), nowMs});
    Bucket &bucket = it.value();
    const qint64 elapsedMs = std::max<qint64>(0, nowMs - bucket.updatedMs);
    bucket.tokens = std::min<double>(m_burst, bucket.tokens + elapsedMs * m_perSecond / kMillisecondsPerSecond);
    bucket.updatedMs = nowMs;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return {};
    }
    const double waitSeconds = (1.0 - bucket.tokens) / m_perSecond;
    return Decision{false, std::max(1, static_cast<int>(std::ceil(waitSeconds)))};
}

void RateLimiter::forgetIdle(qint64 nowMs)
{
    const double fullAfterMs = m_burst * kMillisecondsPerSecond / m_perSecond;
    m_buckets.removeIf([&](const QHash<QString, Bucket>::iterator it) {
        return double(nowMs - it.value().updatedMs) >= fullAfterMs;
    });
}

} // namespace sk::api
