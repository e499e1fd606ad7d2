#include "TestSessions.h"

using namespace Qt::StringLiterals;

namespace sk::test {

Session sessionFor(qint64 userId, Role role, std::optional<qint64> vendorId)
{
    Session session;
    session.userId = userId;
    session.email = u"user%1@shop.test"_s.arg(userId);
    session.role = role;
    session.vendorId = vendorId;
    return session;
}

} // namespace sk::test
