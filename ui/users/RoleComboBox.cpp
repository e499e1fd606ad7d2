#include "users/RoleComboBox.h"

namespace sk {

RoleComboBox::RoleComboBox(QWidget *parent) : QComboBox(parent)
{
    for (Role role : {Role::Clerk, Role::Vendor, Role::Admin, Role::Customer})
        addItem(roleDisplayName(role), roleName(role));
    connect(this, &QComboBox::currentIndexChanged, this, [this] { emit roleChanged(role()); });
}

Role RoleComboBox::role() const
{
    return roleFromName(currentData().toString()).value_or(Role::Clerk);
}

void RoleComboBox::setRole(Role role)
{
    const int index = findData(roleName(role));
    if (index >= 0)
        setCurrentIndex(index);
}

} // namespace sk
