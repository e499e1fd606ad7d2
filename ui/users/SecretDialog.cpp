#include "users/SecretDialog.h"

#include "auth/PasswordPolicy.h"
#include "common/InlineMessage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

SecretDialog::SecretDialog(Kind kind, const QString &accountName, const QString &accountEmail, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_email(accountEmail), m_secret(new QLineEdit(this)),
      m_confirm(new QLineEdit(this)), m_message(new InlineMessage(this))
{
    const bool pin = kind == Kind::Pin;
    setObjectName(pin ? u"pinDialog"_s : u"passwordDialog"_s);
    setWindowTitle(pin ? tr("Set register PIN") : tr("Reset password"));

    auto *intro = new QLabel(pin ? tr("The PIN lets %1 (%2) sign in quickly at the register. Choose %3 to %4 digits.")
                                       .arg(accountName, accountEmail)
                                       .arg(PasswordPolicy::kMinPinLength)
                                       .arg(PasswordPolicy::kMaxPinLength)
                                 : tr("Choose a new password for %1 (%2) and give it to them in person. Failed "
                                      "sign-ins are forgotten and the account is unlocked.")
                                       .arg(accountName, accountEmail),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    for (QLineEdit *edit : {m_secret, m_confirm}) {
        edit->setEchoMode(QLineEdit::Password);
        if (pin) {
            edit->setMaxLength(PasswordPolicy::kMaxPinLength);
            edit->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]*"_s), edit));
        } else {
            edit->setMaxLength(PasswordPolicy::kMaxPasswordLength);
        }
    }
    m_secret->setObjectName(u"newSecret"_s);
    m_confirm->setObjectName(u"confirmSecret"_s);
    m_message->setObjectName(u"secretMessage"_s);

    auto *form = new QFormLayout;
    form->addRow(pin ? tr("New &PIN:") : tr("New &password:"), m_secret);
    form->addRow(pin ? tr("&Repeat PIN:") : tr("&Repeat password:"), m_confirm);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *ok = buttons->addButton(pin ? tr("&Set PIN") : tr("Reset pass&word"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(u"okButton"_s);
    ok->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SecretDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(420);
    m_secret->setFocus();
}

QString SecretDialog::secret() const
{
    return m_secret->text();
}

QString SecretDialog::message() const
{
    return m_message->text();
}

void SecretDialog::accept()
{
    const PasswordPolicy policy;
    const Status ok = m_kind == Kind::Pin ? policy.checkPin(m_secret->text())
                                          : policy.checkPassword(m_secret->text(), m_email);
    if (!ok) {
        m_message->showError(ok.error().message);
        m_secret->setFocus();
        m_secret->selectAll();
        return;
    }
    if (m_confirm->text() != m_secret->text()) {
        m_message->showError(m_kind == Kind::Pin ? tr("The two PINs are not the same. Type the PIN again in both fields.")
                                                 : tr("The two passwords are not the same. Type the password again in "
                                                      "both fields."));
        m_confirm->setFocus();
        m_confirm->selectAll();
        return;
    }
    QDialog::accept();
}

} // namespace sk
