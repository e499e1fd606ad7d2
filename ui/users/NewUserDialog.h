#pragma once

#include "auth/Session.h"
#include "auth/User.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <memory>

class QDialogButtonBox;
class QFormLayout;
class QLineEdit;

namespace sk {

class InlineMessage;
class RoleComboBox;
class UserService;
class VendorChooser;

// A new staff or customer account. Checks what it can as the user types
// (names, matching passwords, password and PIN rules), then creates the
// account through UserService; a refusal from the service is shown in a
// message box and the dialog stays open with everything still filled in.
class NewUserDialog : public QDialog {
    Q_OBJECT

public:
    NewUserDialog(std::shared_ptr<UserService> users, const Session &actor, QWidget *parent = nullptr);

    // Valid once the dialog was accepted.
    const User &createdUser() const { return m_created; }
    QString message() const;

public slots:
    void create();

signals:
    // The account exists but its PIN could not be set (the message says why).
    void pinNotSet(const sk::User &user, const QString &message, const QString &details);

private:
    QCoro::Task<> submit(NewUser user, QString pin);
    void updateRoleRows();
    void setBusy(bool busy);

    std::shared_ptr<UserService> m_users;
    Session m_actor;
    User m_created;
    QFormLayout *m_form;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QLineEdit *m_email;
    QLineEdit *m_phone;
    RoleComboBox *m_role;
    VendorChooser *m_vendor;
    QLineEdit *m_password;
    QLineEdit *m_confirmPassword;
    QLineEdit *m_pin;
    InlineMessage *m_message;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace sk
