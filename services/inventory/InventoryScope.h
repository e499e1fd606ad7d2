#pragma once

#include "auth/Permissions.h"
#include "auth/Session.h"
#include "core/Result.h"

#include <optional>

namespace sk {

// Whose stock an actor may see or change: every variant's, or one vendor's.
// A vendor's view of another vendor's variant is "not found".
struct InventoryScope {
    std::optional<qint64> vendorId; // empty: every variant

    // The permission, narrowed to the actor's vendor for vendors. The system
    // actor (command line, demo) may do everything.
    static Result<InventoryScope> require(const Session &actor, Permission permission);
    bool includes(std::optional<qint64> productVendorId) const { return !vendorId || productVendorId == vendorId; }
};

} // namespace sk
