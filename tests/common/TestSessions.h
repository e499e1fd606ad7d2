#pragma once

#include "auth/Session.h"

#include <optional>

namespace sk::test {

// A signed-in actor for service calls, without a sign-in: the services
// check the role and vendor it carries, which is what these tests exercise.
Session sessionFor(qint64 userId, Role role, std::optional<qint64> vendorId = {});

} // namespace sk::test
