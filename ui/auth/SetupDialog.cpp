#include "auth/SetupDialog.h"

#include "auth/AuthService.h"
#include "auth/PasswordPolicy.h"
#include "common/FormLabels.h"
#include "common/InlineMessage.h"
#include "shop/SettingsService.h"
#include "shop/ShopDetailsForm.h"

#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

SetupDialog::SetupDialog(std::shared_ptr<AuthService> auth, QWidget *parent)
    : QDialog(parent),
      m_auth(std::move(auth)),
      m_shop(new ShopDetailsForm(this)),
      m_firstName(new QLineEdit(this)),
      m_lastName(new QLineEdit(this)),
      m_email(new QLineEdit(this)),
      m_password(new QLineEdit(this)),
      m_confirmPassword(new QLineEdit(this)),
      m_message(new InlineMessage(this)),
      m_buttons(new QDialogButtonBox(this))
{
    setObjectName(u"setupDialog"_s);
    setWindowTitle(tr("Set up your shop"));

    auto *intro = new QLabel(tr("Welcome to Storekeeper. Enter your shop's details and create the administrator "
                                "account you will sign in with. Everything can be changed later in Settings."),
                             this);
    intro->setWordWrap(true);

    ShopSettings defaults;
    const QString localCurrency = QLocale().currencySymbol(QLocale::CurrencyIsoCode);
    if (!localCurrency.isEmpty())
        defaults.currency = localCurrency;
    m_shop->setSettings(defaults);

    auto *shopBox = new QGroupBox(tr("Shop"), this);
    auto *shopLayout = new QVBoxLayout(shopBox);
    shopLayout->addWidget(m_shop);

    m_firstName->setObjectName(u"adminFirstName"_s);
    m_lastName->setObjectName(u"adminLastName"_s);
    m_email->setObjectName(u"adminEmail"_s);
    m_email->setPlaceholderText(tr("name@example.com"));
    m_password->setObjectName(u"adminPassword"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("At least %n characters", nullptr, PasswordPolicy::kMinPasswordLength));
    m_confirmPassword->setObjectName(u"adminConfirmPassword"_s);
    m_confirmPassword->setEchoMode(QLineEdit::Password);

    auto *adminBox = new QGroupBox(tr("First administrator"), this);
    auto *adminForm = new QFormLayout(adminBox);
    adminForm->addRow(tr("&First name:"), m_firstName);
    adminForm->addRow(tr("&Last name:"), m_lastName);
    adminForm->addRow(tr("&E-mail:"), m_email);
    adminForm->addRow(tr("Pass&word:"), m_password);
    adminForm->addRow(tr("&Repeat password:"), m_confirmPassword);

    alignFormLabels({m_shop->formLayout(), adminForm});

    QPushButton *create = m_buttons->addButton(tr("Create &shop"), QDialogButtonBox::AcceptRole);
    create->setObjectName(u"createShopButton"_s);
    create->setDefault(true);
    QPushButton *quit = m_buttons->addButton(tr("&Quit"), QDialogButtonBox::RejectRole);
    quit->setObjectName(u"quitButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SetupDialog::createShop);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_message->setObjectName(u"setupMessage"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addWidget(shopBox);
    layout->addWidget(adminBox);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    setTabOrder(m_shop->lastField(), m_firstName);
    setTabOrder(m_firstName, m_lastName);
    setTabOrder(m_lastName, m_email);
    setTabOrder(m_email, m_password);
    setTabOrder(m_password, m_confirmPassword);
    m_shop->firstField()->setFocus();
    setMinimumWidth(520);
}

QString SetupDialog::message() const
{
    return m_message->isVisible() || !m_message->text().isEmpty() ? m_message->text() : QString();
}

void SetupDialog::createShop()
{
    if (m_busy)
        return;
    m_message->clear();
    ShopSettings shop;
    QWidget *invalidField = nullptr;
    if (Status ok = m_shop->applyTo(shop, &invalidField); !ok) {
        if (invalidField)
            invalidField->setFocus();
        m_message->showError(ok.error().message);
        return;
    }
    if (Status ok = SettingsService::validate(shop); !ok) {
        m_message->showError(ok.error().message);
        return;
    }
    NewUser admin;
    admin.role = Role::Admin;
    admin.firstName = m_firstName->text().trimmed();
    admin.lastName = m_lastName->text().trimmed();
    admin.email = m_email->text().trimmed();
    admin.password = m_password->text();
    if (admin.firstName.isEmpty() || admin.lastName.isEmpty()) {
        (admin.firstName.isEmpty() ? m_firstName : m_lastName)->setFocus();
        m_message->showError(tr("Enter the administrator's first and last name."));
        return;
    }
    if (admin.email.isEmpty()) {
        m_email->setFocus();
        m_message->showError(tr("Enter the administrator's e-mail address: it is the name you sign in with."));
        return;
    }
    if (Status ok = PasswordPolicy().checkPassword(admin.password, admin.email); !ok) {
        m_password->setFocus();
        m_password->selectAll();
        m_message->showError(ok.error().message);
        return;
    }
    if (m_confirmPassword->text() != admin.password) {
        m_confirmPassword->setFocus();
        m_confirmPassword->selectAll();
        m_message->showError(tr("The two passwords are not the same. Type the password again in both fields."));
        return;
    }
    submit(shop, admin);
}

QCoro::Task<> SetupDialog::submit(ShopSettings shop, NewUser admin)
{
    setBusy(true);
    QPointer<SetupDialog> guard(this);
    const QFuture<Result<Session>> settingUp = m_auth->setUpShop(shop, admin);
    const Result<Session> session = co_await settingUp;
    if (!guard)
        co_return;
    setBusy(false);
    if (!session) {
        m_message->showError(session.error().message);
        co_return;
    }
    m_session = session.value();
    accept();
}

void SetupDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->setEnabled(!busy);
    if (busy)
        m_message->showInformation(tr("Creating the shop…"));
    else
        m_message->clear();
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace sk
