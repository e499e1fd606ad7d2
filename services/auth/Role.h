#pragma once

#include <QString>
#include <optional>

namespace sk {

// The original platform's roles plus the register clerk.
enum class Role { Admin, Vendor, Clerk, Customer };

// "admin", "vendor", "clerk", "customer": the stored and command-line names.
QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
// Translated, for the UI.
QString roleDisplayName(Role role);
QList<Role> allRoles();

} // namespace sk
