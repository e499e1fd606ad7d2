#include "users/NewUserDialog.h"

#include "auth/PasswordPolicy.h"
#include "auth/UserService.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "users/RoleComboBox.h"
#include "users/VendorChooser.h"

#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

NewUserDialog::NewUserDialog(std::shared_ptr<UserService> users, const Session &actor, QWidget *parent)
    : QDialog(parent),
      m_users(users),
      m_actor(actor),
      m_form(new QFormLayout),
      m_firstName(new QLineEdit(this)),
      m_lastName(new QLineEdit(this)),
      m_email(new QLineEdit(this)),
      m_phone(new QLineEdit(this)),
      m_role(new RoleComboBox(this)),
      m_vendor(new VendorChooser(users, actor, this)),
      m_password(new QLineEdit(this)),
      m_confirmPassword(new QLineEdit(this)),
      m_pin(new QLineEdit(this)),
      m_message(new InlineMessage(this)),
      m_buttons(new QDialogButtonBox(this))
{
    setObjectName(u"newUserDialog"_s);
    setWindowTitle(tr("New user"));

    m_firstName->setObjectName(u"firstName"_s);
    m_lastName->setObjectName(u"lastName"_s);
    m_email->setObjectName(u"email"_s);
    m_email->setPlaceholderText(tr("name@example.com"));
    m_phone->setObjectName(u"phone"_s);
    m_phone->setPlaceholderText(tr("Optional"));
    m_role->setObjectName(u"role"_s);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("At least %n characters", nullptr, PasswordPolicy::kMinPasswordLength));
    m_confirmPassword->setObjectName(u"confirmPassword"_s);
    m_confirmPassword->setEchoMode(QLineEdit::Password);
    m_pin->setObjectName(u"pin"_s);
    m_pin->setEchoMode(QLineEdit::Password);
    m_pin->setMaxLength(PasswordPolicy::kMaxPinLength);
    m_pin->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]*"_s), m_pin));
    m_pin->setPlaceholderText(tr("Optional, %1 to %2 digits for the register")
                                  .arg(PasswordPolicy::kMinPinLength)
                                  .arg(PasswordPolicy::kMaxPinLength));
    m_message->setObjectName(u"newUserMessage"_s);

    m_form->addRow(tr("&First name:"), m_firstName);
    m_form->addRow(tr("&Last name:"), m_lastName);
    m_form->addRow(tr("&E-mail:"), m_email);
    m_form->addRow(tr("P&hone:"), m_phone);
    m_form->addRow(tr("&Role:"), m_role);
    m_form->addRow(tr("&Vendor:"), m_vendor);
    m_form->addRow(tr("&Password:"), m_password);
    m_form->addRow(tr("Repea&t password:"), m_confirmPassword);
    m_form->addRow(tr("P&IN:"), m_pin);

    QPushButton *createButton = m_buttons->addButton(tr("&Create user"), QDialogButtonBox::AcceptRole);
    createButton->setObjectName(u"createUserButton"_s);
    createButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewUserDialog::create);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_role, &RoleComboBox::roleChanged, this, &NewUserDialog::updateRoleRows);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    setTabOrder(m_firstName, m_lastName);
    setTabOrder(m_lastName, m_email);
    setTabOrder(m_email, m_phone);
    setTabOrder(m_phone, m_role);
    setTabOrder(m_role, m_vendor->comboBox());
    setTabOrder(m_vendor->comboBox(), m_vendor->newVendorEdit());
    setTabOrder(m_vendor->newVendorEdit(), m_password);
    setTabOrder(m_password, m_confirmPassword);
    setTabOrder(m_confirmPassword, m_pin);

    updateRoleRows();
    m_firstName->setFocus();
    setMinimumWidth(460);
}

QString NewUserDialog::message() const
{
    return m_message->text();
}

void NewUserDialog::updateRoleRows()
{
    const Role role = m_role->role();
    m_form->setRowVisible(m_vendor, role == Role::Vendor);
    m_form->setRowVisible(m_pin, role != Role::Customer);
    adjustSize();
}

void NewUserDialog::create()
{
    if (m_busy)
        return;
    m_message->clear();
    NewUser user;
    user.firstName = m_firstName->text().trimmed();
    user.lastName = m_lastName->text().trimmed();
    user.email = m_email->text().trimmed();
    user.phone = m_phone->text().trimmed();
    user.role = m_role->role();
    user.password = m_password->text();
    const QString pin = user.role == Role::Customer ? QString() : m_pin->text();

    auto refuse = [this](QLineEdit *field, const QString &text) {
        if (field) {
            field->setFocus();
            field->selectAll();
        }
        m_message->showError(text);
    };
    if (user.firstName.isEmpty())
        return refuse(m_firstName, tr("Enter the user's first name."));
    if (user.lastName.isEmpty())
        return refuse(m_lastName, tr("Enter the user's last name."));
    if (user.email.isEmpty())
        return refuse(m_email, tr("Enter the user's e-mail address: it is the name they sign in with."));
    if (user.role == Role::Vendor) {
        if (Status ok = m_vendor->check(); !ok) {
            m_vendor->setFocus();
            return refuse(nullptr, ok.error().message);
        }
        user.vendorId = m_vendor->vendorId();
        user.vendorName = m_vendor->newVendorName();
    }
    if (Status ok = PasswordPolicy().checkPassword(user.password, user.email); !ok)
        return refuse(m_password, ok.error().message);
    if (m_confirmPassword->text() != user.password)
        return refuse(m_confirmPassword, tr("The two passwords are not the same. Type the password again in both fields."));
    if (!pin.isEmpty())
        if (Status ok = PasswordPolicy().checkPin(pin); !ok)
            return refuse(m_pin, ok.error().message);
    submit(user, pin);
}

QCoro::Task<> NewUserDialog::submit(NewUser user, QString pin)
{
    setBusy(true);
    QPointer<NewUserDialog> guard(this);
    const QFuture<Result<User>> creating = m_users->create(m_actor, user);
    const Result<User> created = co_await creating;
    if (!guard)
        co_return;
    if (!created) {
        setBusy(false);
        showErrorMessage(this, tr("New user"), created.error());
        co_return;
    }
    m_created = created.value();
    if (!pin.isEmpty()) {
        const QFuture<Status> settingPin = m_users->setPin(m_actor, m_created.id, pin);
        const Status pinSet = co_await settingPin;
        if (!guard)
            co_return;
        if (!pinSet)
            emit pinNotSet(m_created, pinSet.error().message, pinSet.error().details);
        else
            m_created.hasPin = true;
    }
    setBusy(false);
    accept();
}

void NewUserDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->setEnabled(!busy);
    if (busy)
        m_message->showInformation(tr("Creating the account…"));
    else
        m_message->clear();
}

} // namespace sk
