#pragma once

#include "auth/Role.h"
#include "auth/Session.h"
#include "core/Result.h"

namespace sk {

// What a role may do. The matrix lives here and services enforce it; the UI
// only uses it to decide what to show.
enum class Permission {
    UseRegister,          // ring up sales, returns, open/close own shift
    ViewCatalog,
    ManageAllProducts,    // create/edit any vendor's products, categories
    ManageOwnProducts,    // a vendor's own products
    ViewInventory,
    ManageInventory,      // receive, transfer, adjust, stocktake
    ViewAllOrders,
    ViewOwnVendorOrders,  // lines of a vendor's own products
    ManageOrders,         // status changes, refunds
    ManageCustomers,
    ModerateReviews,
    ReplyToReviews,
    ViewAllReports,
    ViewOwnVendorReports,
    ManageUsers,
    ManageSettings,
    ViewAuditLog,
    ApproveDiscounts,     // above a clerk's limit
    PlaceOnlineOrders,    // customers through the API
};

bool isAllowed(Role role, Permission permission);
// Ok, or a PermissionDenied error with a sentence naming what is missing.
Status require(const Session &session, Permission permission);
QList<Permission> allPermissions();
QString permissionName(Permission permission); // stable identifier, e.g. "manage_users"

} // namespace sk
