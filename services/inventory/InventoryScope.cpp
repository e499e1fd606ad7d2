#include "inventory/InventoryScope.h"

#include <QCoreApplication>

namespace sk {

Result<InventoryScope> InventoryScope::require(const Session &actor, Permission permission)
{
    if (actor.isSystem())
        return InventoryScope{};
    if (Status allowed = sk::require(actor, permission); !allowed)
        return allowed.error();
    if (actor.role != Role::Vendor)
        return InventoryScope{};
    if (!actor.vendorId)
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("InventoryLedger", "Your account is not linked to a vendor. Ask "
                                                                          "an administrator to link it."));
    return InventoryScope{actor.vendorId};
}

} // namespace sk
