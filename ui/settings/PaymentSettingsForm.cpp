#include "settings/PaymentSettingsForm.h"

#include "common/InlineMessage.h"
#include "payments/GatewaySettingsStore.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// GatewaySettingsStore accepts 1 to 120 seconds.
constexpr int MinTimeoutSeconds = 1;
constexpr int MaxTimeoutSeconds = 120;
constexpr int TerminalIdLength = 32;

int timeoutSeconds(std::chrono::milliseconds timeout)
{
    return std::clamp(int((timeout.count() + 500) / 1000), MinTimeoutSeconds, MaxTimeoutSeconds);
}

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

PaymentSettingsForm::PaymentSettingsForm(QWidget *parent)
    : QWidget(parent),
      m_form(new QFormLayout(this)),
      m_url(new QLineEdit(this)),
      m_apiKey(new QLineEdit(this)),
      m_apiKeyState(hintLabel(QString(), this)),
      m_terminal(new QLineEdit(this)),
      m_timeout(new QSpinBox(this)),
      m_test(new QPushButton(tr("&Test connection"), this)),
      m_message(new InlineMessage(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_url->setObjectName(u"gatewayUrl"_s);
    m_url->setPlaceholderText(tr("https://gateway.example.com"));
    m_apiKey->setObjectName(u"gatewayApiKey"_s);
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_apiKeyState->setObjectName(u"gatewayApiKeyState"_s);
    m_terminal->setObjectName(u"gatewayTerminalId"_s);
    m_terminal->setMaxLength(TerminalIdLength);
    m_terminal->setToolTip(tr("The terminal's id as the payment service knows it, for example R1."));
    m_timeout->setObjectName(u"gatewayTimeout"_s);
    m_timeout->setRange(MinTimeoutSeconds, MaxTimeoutSeconds);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("How long the register waits for each answer before it asks again."));
    m_test->setObjectName(u"testGatewayButton"_s);
    m_test->setAutoDefault(false);
    m_test->setToolTip(tr("Asks the payment service about a payment that does not exist, with the address and key "
                          "above; nothing is charged."));
    m_message->setObjectName(u"gatewayMessage"_s);

    auto *urlColumn = new QVBoxLayout;
    urlColumn->addWidget(m_url);
    urlColumn->addWidget(hintLabel(tr("Leave empty to take cash only: the register then offers no card payments."), this));
    auto *keyColumn = new QVBoxLayout;
    keyColumn->addWidget(m_apiKey);
    keyColumn->addWidget(m_apiKeyState);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch(1);

    m_form->addRow(tr("Gateway &address:"), urlColumn);
    m_form->addRow(tr("API &key:"), keyColumn);
    m_form->addRow(tr("Ter&minal id:"), m_terminal);
    m_form->addRow(tr("Time&out:"), m_timeout);
    m_form->addRow(QString(), testRow);
    m_form->addRow(m_message);
    qobject_cast<QLabel *>(m_form->labelForField(urlColumn))->setBuddy(m_url);
    qobject_cast<QLabel *>(m_form->labelForField(keyColumn))->setBuddy(m_apiKey);

    setTabOrder(m_url, m_apiKey);
    setTabOrder(m_apiKey, m_terminal);
    setTabOrder(m_terminal, m_timeout);
    setTabOrder(m_timeout, m_test);

    for (QLineEdit *edit : {m_url, m_apiKey, m_terminal})
        connect(edit, &QLineEdit::textEdited, this, &PaymentSettingsForm::edited);
    connect(m_timeout, &QSpinBox::valueChanged, this, &PaymentSettingsForm::edited);
    connect(m_test, &QPushButton::clicked, this, &PaymentSettingsForm::testConnection);

    setSettings(GatewaySettings());
}

void PaymentSettingsForm::setSettings(const GatewaySettings &settings)
{
    m_saved = settings;
    const QSignalBlocker blockTimeout(m_timeout);
    m_url->setText(settings.baseUrl.toString());
    m_apiKey->clear();
    m_terminal->setText(settings.terminalId);
    m_timeout->setValue(timeoutSeconds(settings.requestTimeout));
    showSavedKey();
}

void PaymentSettingsForm::showSavedKey()
{
    if (m_saved.apiKey.isEmpty()) {
        m_apiKey->setPlaceholderText(tr("No key saved"));
        m_apiKeyState->setText(tr("The key the payment service gave the shop."));
    } else {
        m_apiKey->setPlaceholderText(tr("A key is saved"));
        m_apiKeyState->setText(tr("A key is saved. Leave the field empty to keep it, or type a new key to replace it."));
    }
}

Status PaymentSettingsForm::read(GatewaySettings &settings, QWidget **invalidField) const
{
    auto refuse = [invalidField](QWidget *field, const Status &status) {
        if (invalidField)
            *invalidField = field;
        return status;
    };
    // Each field is checked on its own against the store's rules, so the
    // sentence comes with the field it is about.
    auto check = [](auto assign) {
        GatewaySettings probe;
        assign(probe);
        return GatewaySettingsStore::validate(probe);
    };
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (Status ok = check([&url](GatewaySettings &s) { s.baseUrl = url; }); !ok)
        return refuse(m_url, ok);
    const QString key = m_apiKey->text();
    if (Status ok = check([&key](GatewaySettings &s) { s.apiKey = key; }); !ok)
        return refuse(m_apiKey, ok);
    const QString terminal = m_terminal->text().trimmed();
    if (Status ok = check([&terminal](GatewaySettings &s) { s.terminalId = terminal; }); !ok)
        return refuse(m_terminal, ok);

    settings = m_saved;
    settings.baseUrl = url;
    if (!key.isEmpty())
        settings.apiKey = key;
    settings.terminalId = terminal;
    // A stored timeout in milliseconds stays as it is unless the seconds shown were changed.
    if (m_timeout->value() != timeoutSeconds(m_saved.requestTimeout))
        settings.requestTimeout = std::chrono::seconds(m_timeout->value());
    return GatewaySettingsStore::validate(settings);
}

void PaymentSettingsForm::showError(const QString &text)
{
    m_message->showError(text);
}

void PaymentSettingsForm::clearMessage()
{
    m_message->clear();
}

QString PaymentSettingsForm::message() const
{
    return m_message->text();
}

QWidget *PaymentSettingsForm::firstField() const
{
    return m_url;
}

QWidget *PaymentSettingsForm::lastField() const
{
    return m_test;
}

void PaymentSettingsForm::testConnection()
{
    if (m_testing)
        return;
    GatewaySettings settings;
    QWidget *invalidField = nullptr;
    if (Status ok = read(settings, &invalidField); !ok) {
        if (invalidField)
            invalidField->setFocus();
        m_message->showError(ok.error().message);
        emit connectionTested(false);
        return;
    }
    if (settings.baseUrl.isEmpty()) {
        m_url->setFocus();
        m_message->showError(tr("Enter the gateway's address first. Without one the register takes cash only."));
        emit connectionTested(false);
        return;
    }
    probe(settings);
}

QCoro::Task<> PaymentSettingsForm::probe(GatewaySettings settings)
{
    m_testing = true;
    m_test->setEnabled(false);
    m_message->showInformation(tr("Asking the payment service…"));
    // One attempt: the administrator wants to know now, and presses again.
    settings.maxAttempts = 1;
    QPointer<PaymentSettingsForm> guard(this);
    // A client of its own, so the register's client keeps the saved settings.
    auto client = std::make_unique<GatewayClient>(settings);
    // No payment has this key: an answer of "not found" means the gateway
    // was reached and took the key.
    QCoro::Task<Result<GatewayPayment>> asking =
        client->lookupPayment(u"storekeeper-connection-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    const Result<GatewayPayment> answer = co_await asking;
    if (!guard)
        co_return;
    m_testing = false;
    m_test->setEnabled(true);
    if (!answer) {
        // The client's sentence sends a clerk to an administrator, who is already here.
        m_message->showError(answer.error().code == ErrorCode::PermissionDenied
                                 ? tr("The payment service refused this API key. Enter the key it gave the shop.")
                                 : answer.error().message);
        emit connectionTested(false);
        co_return;
    }
    m_message->showInformation(tr("The payment service answered and accepted the API key."));
    emit connectionTested(true);
}

} // namespace sk
