#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <optional>

namespace sk {

// Whose products an actor may see or change: every product, or one vendor's.
// Vendors see only their own products even where their role may view the
// catalog; another vendor's product looks to them as if it did not exist.
struct CatalogScope {
    std::optional<qint64> vendorId; // empty: every product

    // ManageAllProducts: all; ManageOwnProducts: the actor's vendor.
    static Result<CatalogScope> toManage(const Session &actor);
    // ViewCatalog, narrowed to the actor's vendor for vendors.
    static Result<CatalogScope> toView(const Session &actor);
};

} // namespace sk
