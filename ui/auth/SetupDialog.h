#pragma once

#include "auth/Session.h"
#include "auth/User.h"
#include "shop/ShopSettings.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <memory>

class QDialogButtonBox;
class QLineEdit;

namespace sk {

class AuthService;
class InlineMessage;
class ShopDetailsForm;

// First run: the shop's details and its first administrator, created
// together by AuthService::setUpShop. Accepted once the shop exists; the
// administrator is then signed in (session()).
class SetupDialog : public QDialog {
    Q_OBJECT

public:
    explicit SetupDialog(std::shared_ptr<AuthService> auth, QWidget *parent = nullptr);

    const Session &session() const { return m_session; }
    QString message() const;

public slots:
    void createShop();

private:
    QCoro::Task<> submit(ShopSettings shop, NewUser admin);
    void setBusy(bool busy);

    std::shared_ptr<AuthService> m_auth;
    Session m_session;
    ShopDetailsForm *m_shop;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLineEdit *m_confirmPassword;
    InlineMessage *m_message;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace sk
