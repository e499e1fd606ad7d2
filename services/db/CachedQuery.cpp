#include "db/CachedQuery.h"

#include <utility>

namespace sk {

CachedQuery::CachedQuery(CachedQuery &&other) noexcept
    : m_query(std::exchange(other.m_query, nullptr)),
      m_own(std::move(other.m_own)),
      m_lentFlag(std::exchange(other.m_lentFlag, nullptr))
{
}

CachedQuery &CachedQuery::operator=(CachedQuery &&other) noexcept
{
    if (this != &other) {
        release();
        m_query = std::exchange(other.m_query, nullptr);
        m_own = std::move(other.m_own);
        m_lentFlag = std::exchange(other.m_lentFlag, nullptr);
    }
    return *this;
}

CachedQuery::~CachedQuery()
{
    release();
}

void CachedQuery::release()
{
    if (m_query && !m_own)
        m_query->finish();
    if (m_lentFlag)
        *m_lentFlag = false;
    m_query = nullptr;
    m_own.reset();
    m_lentFlag = nullptr;
}

} // namespace sk
