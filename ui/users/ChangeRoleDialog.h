#pragma once

#include "auth/Session.h"
#include "auth/User.h"

#include <QDialog>
#include <memory>
#include <optional>

class QFormLayout;

namespace sk {

class InlineMessage;
class RoleComboBox;
class UserService;
class VendorChooser;

// A user's new role, and for vendors the vendor they belong to.
class ChangeRoleDialog : public QDialog {
    Q_OBJECT

public:
    ChangeRoleDialog(std::shared_ptr<UserService> users, const Session &actor, const User &user,
                     QWidget *parent = nullptr);

    Role role() const;
    std::optional<qint64> vendorId() const;
    QString newVendorName() const;
    QString message() const;

    void accept() override;

private:
    void updateVendorRow();

    User m_user;
    QFormLayout *m_form;
    RoleComboBox *m_role;
    VendorChooser *m_vendor;
    InlineMessage *m_message;
};

} // namespace sk
