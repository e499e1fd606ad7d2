#pragma once

#include "auth/Role.h"

#include <QList>
#include <QString>

namespace sk {

// The main window's pages, in sidebar order.
enum class Page { Register, Catalog, Inventory, Orders, Customers, Reviews, Reports, Users, Settings, Notifications };

QList<Page> allPages();
// Pages a role may open (Permissions decide; the services enforce them again).
QList<Page> pagesFor(Role role);
bool mayOpenPage(Role role, Page page);

// Stable lower-case name: object names, screenshot files ("main-users.png").
QString pageKey(Page page);
// Translated title for the sidebar and the page heading.
QString pageTitle(Page page);
// One translated sentence saying what the page is for.
QString pageSummary(Page page);
// The sidebar entry with a count that wants attention ("Inventory (3)"):
// the plain title when count is 0 or less.
QString pageTitleWithBadge(Page page, qint64 count);

} // namespace sk
