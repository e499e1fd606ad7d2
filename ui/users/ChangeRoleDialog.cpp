#include "users/ChangeRoleDialog.h"

#include "common/InlineMessage.h"
#include "users/RoleComboBox.h"
#include "users/VendorChooser.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ChangeRoleDialog::ChangeRoleDialog(std::shared_ptr<UserService> users, const Session &actor, const User &user,
                                   QWidget *parent)
    : QDialog(parent), m_user(user), m_form(new QFormLayout), m_role(new RoleComboBox(this)),
      m_vendor(new VendorChooser(std::move(users), actor, this)), m_message(new InlineMessage(this))
{
    setObjectName(u"changeRoleDialog"_s);
    setWindowTitle(tr("Change role"));

    auto *intro = new QLabel(tr("What may %1 (%2) do in Storekeeper? The change applies from their next sign-in.")
                                 .arg(user.displayName(), user.email),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    m_role->setObjectName(u"role"_s);
    m_role->setRole(user.role);
    m_vendor->setCurrentVendor(user.vendorId);
    m_message->setObjectName(u"changeRoleMessage"_s);
    m_form->addRow(tr("&Role:"), m_role);
    m_form->addRow(tr("&Vendor:"), m_vendor);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *ok = buttons->addButton(tr("&Change role"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(u"okButton"_s);
    ok->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChangeRoleDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_role, &RoleComboBox::roleChanged, this, &ChangeRoleDialog::updateVendorRow);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(m_form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    updateVendorRow();
    setMinimumWidth(420);
    m_role->setFocus();
}

Role ChangeRoleDialog::role() const
{
    return m_role->role();
}

std::optional<qint64> ChangeRoleDialog::vendorId() const
{
    return role() == Role::Vendor ? m_vendor->vendorId() : std::nullopt;
}

QString ChangeRoleDialog::newVendorName() const
{
    return role() == Role::Vendor ? m_vendor->newVendorName() : QString();
}

QString ChangeRoleDialog::message() const
{
    return m_message->text();
}

void ChangeRoleDialog::accept()
{
    if (role() == Role::Vendor) {
        if (Status ok = m_vendor->check(); !ok) {
            m_message->showError(ok.error().message);
            m_vendor->setFocus();
            return;
        }
    }
    if (role() == m_user.role && (role() != Role::Vendor || vendorId() == m_user.vendorId)) {
        QDialog::reject();
        return;
    }
    QDialog::accept();
}

void ChangeRoleDialog::updateVendorRow()
{
    m_form->setRowVisible(m_vendor, m_role->role() == Role::Vendor);
    adjustSize();
}

} // namespace sk
