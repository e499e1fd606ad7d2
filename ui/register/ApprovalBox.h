#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include "sales/SalesTypes.h"

#include <QCoroTask>
#include <QFuture>
#include <QWidget>

#include <functional>
#include <optional>

class QLineEdit;

namespace sk {

class AuthService;
class InlineMessage;

// Where an administrator approves what is above a clerk's limit (a large
// discount, a price override) with their e-mail and register PIN or
// password, without signing the clerk out. Hidden until it is needed.
class ApprovalBox : public QWidget {
    Q_OBJECT

public:
    explicit ApprovalBox(QWidget *parent = nullptr);

    bool isFilled() const;
    QLineEdit *emailField() const { return m_email; }
    QLineEdit *secretField() const { return m_secret; }
    // The approver's session: a PIN when the secret is digits only, else a password.
    QFuture<Result<Session>> approve(AuthService &auth) const;
    void ask();

    // Runs a cart change that may need an approver: when the box is filled
    // (and useApprover), the approver is signed in first and handed to the
    // change. A refusal is shown in `message`, and a change above the
    // clerk's limit opens the box. The changed cart, or nothing after a
    // message (or once the dialog is gone).
    using CartChange = std::function<QFuture<Result<Cart>>(const std::optional<Session> &approver)>;
    QCoro::Task<std::optional<Cart>> runCartChange(InlineMessage *message, AuthService &auth, bool useApprover,
                                                   CartChange change);

private:
    QLineEdit *m_email;
    QLineEdit *m_secret;
};

} // namespace sk
