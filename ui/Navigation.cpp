#include "Navigation.h"

#include "auth/Permissions.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk {

QList<Page> allPages()
{
    return {Page::Register, Page::Catalog,   Page::Inventory, Page::Orders,  Page::Customers,
            Page::Reviews,  Page::Reports,   Page::Users,     Page::Settings, Page::Notifications};
}

bool mayOpenPage(Role role, Page page)
{
    switch (page) {
    case Page::Register: return isAllowed(role, Permission::UseRegister);
    case Page::Catalog: return isAllowed(role, Permission::ViewCatalog);
    case Page::Inventory: return isAllowed(role, Permission::ViewInventory);
    case Page::Orders:
        return isAllowed(role, Permission::ViewAllOrders) || isAllowed(role, Permission::ViewOwnVendorOrders);
    case Page::Customers: return isAllowed(role, Permission::ManageCustomers);
    case Page::Reviews:
        return isAllowed(role, Permission::ModerateReviews) || isAllowed(role, Permission::ReplyToReviews);
    case Page::Reports:
        return isAllowed(role, Permission::ViewAllReports) || isAllowed(role, Permission::ViewOwnVendorReports);
    case Page::Users: return isAllowed(role, Permission::ManageUsers);
    case Page::Notifications: return isAllowed(role, Permission::ManageSettings);
    case Page::Settings: return isAllowed(role, Permission::ManageSettings);
    }
    return false;
}

QList<Page> pagesFor(Role role)
{
    QList<Page> pages;
    for (Page page : allPages())
        if (mayOpenPage(role, page))
            pages.append(page);
    return pages;
}

QString pageKey(Page page)
{
    switch (page) {
    case Page::Register: return u"register"_s;
    case Page::Catalog: return u"catalog"_s;
    case Page::Inventory: return u"inventory"_s;
    case Page::Orders: return u"orders"_s;
    case Page::Customers: return u"customers"_s;
    case Page::Reviews: return u"reviews"_s;
    case Page::Reports: return u"reports"_s;
    case Page::Users: return u"users"_s;
    case Page::Notifications: return u"notifications"_s;
    case Page::Settings: return u"settings"_s;
    }
    return {};
}

QString pageTitle(Page page)
{
    switch (page) {
    case Page::Register: return QCoreApplication::translate("Navigation", "Register");
    case Page::Catalog: return QCoreApplication::translate("Navigation", "Catalog");
    case Page::Inventory: return QCoreApplication::translate("Navigation", "Inventory");
    case Page::Orders: return QCoreApplication::translate("Navigation", "Orders");
    case Page::Customers: return QCoreApplication::translate("Navigation", "Customers");
    case Page::Reviews: return QCoreApplication::translate("Navigation", "Reviews");
    case Page::Reports: return QCoreApplication::translate("Navigation", "Reports");
    case Page::Users: return QCoreApplication::translate("Navigation", "Users");
    case Page::Notifications: return QCoreApplication::translate("Navigation", "Notifications");
    case Page::Settings: return QCoreApplication::translate("Navigation", "Settings");
    }
    return {};
}

QString pageSummary(Page page)
{
    switch (page) {
    case Page::Register:
        return QCoreApplication::translate("Navigation", "Ring up sales with the barcode scanner or the keyboard.");
    case Page::Catalog:
        return QCoreApplication::translate("Navigation",
                                           "Browse and edit products, their variants, categories and prices.");
    case Page::Inventory:
        return QCoreApplication::translate("Navigation",
                                           "See stock on hand, receive deliveries and count the shelves.");
    case Page::Orders:
        return QCoreApplication::translate("Navigation",
                                           "Follow orders from payment to delivery, with returns and refunds.");
    case Page::Customers:
        return QCoreApplication::translate("Navigation",
                                           "Look up customers, their addresses and what they have bought.");
    case Page::Reviews:
        return QCoreApplication::translate("Navigation",
                                           "Read what customers say about the products, reply and moderate.");
    case Page::Reports:
        return QCoreApplication::translate("Navigation",
                                           "Sales, tax and stock figures by day, category, vendor or clerk.");
    case Page::Users:
        return QCoreApplication::translate("Navigation",
                                           "Staff and customer accounts: roles, passwords, PINs and lockouts.");
    case Page::Notifications:
        return QCoreApplication::translate("Navigation",
                                           "E-mails to customers and vendors: what was sent, what failed and why.");
    case Page::Settings:
        return QCoreApplication::translate("Navigation",
                                           "The shop's details, currency, tax rate and register defaults.");
    }
    return {};
}

QString pageTitleWithBadge(Page page, qint64 count)
{
    if (count <= 0)
        return pageTitle(page);
    return QCoreApplication::translate("Navigation", "%1 (%2)").arg(pageTitle(page), QLocale().toString(count));
}

} // namespace sk
