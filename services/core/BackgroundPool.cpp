#include "core/BackgroundPool.h"

namespace sk {

QThreadPool &backgroundPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(4);
        p->setExpiryTimeout(30000);
        return p;
    }();
    return *pool;
}

} // namespace sk
