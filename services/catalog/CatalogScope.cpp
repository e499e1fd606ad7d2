#include "catalog/CatalogScope.h"

#include "auth/Permissions.h"

#include <QCoreApplication>

namespace sk {

namespace {

bool managesOwnOnly(const Session &actor)
{
    return !isAllowed(actor.role, Permission::ManageAllProducts)
           && isAllowed(actor.role, Permission::ManageOwnProducts);
}

} // namespace

Result<CatalogScope> CatalogScope::toManage(const Session &actor)
{
    if (require(actor, Permission::ManageAllProducts).ok())
        return CatalogScope{};
    if (Status own = require(actor, Permission::ManageOwnProducts); !own)
        return own.error();
    if (!actor.vendorId)
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("ProductService", "Your account is not linked to a vendor. Ask an "
                                                                         "administrator to link it."));
    return CatalogScope{actor.vendorId};
}

Result<CatalogScope> CatalogScope::toView(const Session &actor)
{
    if (managesOwnOnly(actor))
        return toManage(actor);
    if (Status allowed = require(actor, Permission::ViewCatalog); !allowed)
        return allowed.error();
    return CatalogScope{};
}

} // namespace sk
