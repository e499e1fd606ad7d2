#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace sk::api {

// Requests per client address as a token bucket: `perSecond` tokens flow in
// every second up to `burst`; a request takes one. Used only on the
// server's thread, so it needs no lock.
class RateLimiter {
public:
    RateLimiter(int perSecond, int burst);

    struct Decision {
        bool allowed = true;
        int retryAfterSeconds = 0;   // when refused: the wait until a token is there
    };
    Decision take(const QString &client);
    // The same with the clock given, in milliseconds (tests).
    Decision take(const QString &client, qint64 nowMs);

    bool isEnabled() const { return m_perSecond > 0; }

private:
    struct Bucket {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void forgetIdle(qint64 nowMs);

    int m_perSecond;
    int m_burst;
    QElapsedTimer m_clock;
    QHash<QString, Bucket> m_buckets;
};

} // namespace sk::api
