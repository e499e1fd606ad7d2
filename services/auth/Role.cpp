#include "auth/Role.h"

#include <QCoreApplication>
#include <QList>

using namespace Qt::StringLiterals;

namespace sk {

QString roleName(Role role)
{
    switch (role) {
    case Role::Admin: return u"admin"_s;
    case Role::Vendor: return u"vendor"_s;
    case Role::Clerk: return u"clerk"_s;
    case Role::Customer: return u"customer"_s;
    }
    return u"customer"_s;
}

std::optional<Role> roleFromName(const QString &name)
{
    const QString key = name.trimmed().toLower();
    for (Role role : allRoles())
        if (roleName(role) == key)
            return role;
    return std::nullopt;
}

QString roleDisplayName(Role role)
{
    switch (role) {
    case Role::Admin: return QCoreApplication::translate("Role", "Administrator");
    case Role::Vendor: return QCoreApplication::translate("Role", "Vendor");
    case Role::Clerk: return QCoreApplication::translate("Role", "Clerk");
    case Role::Customer: return QCoreApplication::translate("Role", "Customer");
    }
    return {};
}

QList<Role> allRoles()
{
    return {Role::Admin, Role::Vendor, Role::Clerk, Role::Customer};
}

} // namespace sk
