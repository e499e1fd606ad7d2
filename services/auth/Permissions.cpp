#include "auth/Permissions.h"

#include <QCoreApplication>
#include <QList>

using namespace Qt::StringLiterals;

namespace sk {

bool isAllowed(Role role, Permission permission)
{
    using P = Permission;
    switch (role) {
    case Role::Admin:
        return permission != P::ManageOwnProducts && permission != P::ViewOwnVendorOrders
               && permission != P::ViewOwnVendorReports && permission != P::PlaceOnlineOrders;
    case Role::Vendor:
        switch (permission) {
        case P::ViewCatalog:
        case P::ManageOwnProducts:
        case P::ViewInventory:
        case P::ViewOwnVendorOrders:
        case P::ReplyToReviews:
        case P::ViewOwnVendorReports:
            return true;
        default:
            return false;
        }
    case Role::Clerk:
        switch (permission) {
        case P::UseRegister:
        case P::ViewCatalog:
        case P::ViewInventory:
        case P::ManageCustomers:
            return true;
        default:
            return false;
        }
    case Role::Customer:
        return permission == P::PlaceOnlineOrders;
    }
    return false;
}

Status require(const Session &session, Permission permission)
{
    if (!session.isValid())
        return Error::make(ErrorCode::Unauthenticated,
                           QCoreApplication::translate("Permissions", "Sign in first."));
    if (isAllowed(session.role, permission))
        return Status::success();
    return Error::make(ErrorCode::PermissionDenied,
                       QCoreApplication::translate("Permissions",
                                                   "Your role (%1) may not do this (%2). Ask an "
                                                   "administrator.")
                           .arg(roleDisplayName(session.role), permissionName(permission)));
}

QList<Permission> allPermissions()
{
    QList<Permission> all;
    for (int p = 0; p <= int(Permission::PlaceOnlineOrders); ++p)
        all.append(Permission(p));
    return all;
}

QString permissionName(Permission permission)
{
    switch (permission) {
    case Permission::UseRegister: return u"use_register"_s;
    case Permission::ViewCatalog: return u"view_catalog"_s;
    case Permission::ManageAllProducts: return u"manage_all_products"_s;
    case Permission::ManageOwnProducts: return u"manage_own_products"_s;
    case Permission::ViewInventory: return u"view_inventory"_s;
    case Permission::ManageInventory: return u"manage_inventory"_s;
    case Permission::ViewAllOrders: return u"view_all_orders"_s;
    case Permission::ViewOwnVendorOrders: return u"view_own_vendor_orders"_s;
    case Permission::ManageOrders: return u"manage_orders"_s;
    case Permission::ManageCustomers: return u"manage_customers"_s;
    case Permission::ModerateReviews: return u"moderate_reviews"_s;
    case Permission::ReplyToReviews: return u"reply_to_reviews"_s;
    case Permission::ViewAllReports: return u"view_all_reports"_s;
    case Permission::ViewOwnVendorReports: return u"view_own_vendor_reports"_s;
    case Permission::ManageUsers: return u"manage_users"_s;
    case Permission::ManageSettings: return u"manage_settings"_s;
    case Permission::ViewAuditLog: return u"view_audit_log"_s;
    case Permission::ApproveDiscounts: return u"approve_discounts"_s;
    case Permission::PlaceOnlineOrders: return u"place_online_orders"_s;
    }
    return {};
}

} // namespace sk
