#include "settings/SettingsPage.h"

#include "Navigation.h"
#include "auth/Permissions.h"
#include "common/ErrorMessageBox.h"
#include "common/FormLabels.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "payments/GatewaySettingsStore.h"
#include "receipts/ReceiptSettingsStore.h"
#include "register/RegisterPage.h"
#include "sales/RegisterDirectory.h"
#include "settings/PaymentSettingsForm.h"
#include "settings/ReceiptPrinterForm.h"
#include "shop/SettingsService.h"
#include "shop/ShopDetailsForm.h"

#include <QAction>
#include <QCoreApplication>
#include <QCoro/QCoroFuture>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxIdleLockMinutes = 24 * 60; // SettingsService accepts up to a day
constexpr int ReceiptFooterLines = 3;
constexpr int MaxFormWidth = 720;

struct DeviceSettings {
    GatewaySettings gateway;
    ReceiptSettings printer;
    QString registerName;
};

// Touches no page, so it may finish after the page is gone.
QCoro::Task<Result<DeviceSettings>> fetchDeviceSettings(Services services, Session session, qint64 registerId)
{
    DeviceSettings device;
    const QFuture<Result<GatewaySettings>> gatewayLoading = services.gatewaySettings->load();
    const Result<GatewaySettings> gateway = co_await gatewayLoading;
    if (!gateway)
        co_return gateway.error();
    device.gateway = gateway.value();
    const QFuture<Result<ReceiptSettings>> printerLoading = services.receiptSettings->load(registerId);
    const Result<ReceiptSettings> printer = co_await printerLoading;
    if (!printer)
        co_return printer.error();
    device.printer = printer.value();
    device.registerName = QCoreApplication::translate("SettingsPage", "register %1").arg(registerId);
    // The name only helps; without the list the id still says which register it is.
    const QFuture<Result<QList<Register>>> listing = services.registers->list(session);
    const Result<QList<Register>> registers = co_await listing;
    if (registers) {
        for (const Register &till : registers.value()) {
            if (till.id == registerId)
                device.registerName = till.name.isEmpty() || till.name == till.code
                    ? till.code
                    : QCoreApplication::translate("SettingsPage", "%1 (%2)").arg(till.code, till.name);
        }
    }
    co_return device;
}

} // namespace

SettingsPage::SettingsPage(const Services &services, const Session &session, const ShopSettings &current,
                           QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_saved(current),
      m_registerId(RegisterPage::savedRegisterId()),
      m_manages(isAllowed(session.role, Permission::ManageSettings)),
      m_loaded(!m_manages),
      m_details(new ShopDetailsForm(this)),
      m_idleLock(new QSpinBox(this)),
      m_receiptFooter(new QPlainTextEdit(this)),
      m_message(new InlineMessage(this)),
      m_revert(new QPushButton(tr("Re&vert"), this)),
      m_save(new QPushButton(tr("&Save"), this))
{
    setObjectName(u"settingsPage"_s);

    auto *shopBox = new QGroupBox(tr("Shop"), this);
    auto *shopLayout = new QVBoxLayout(shopBox);
    shopLayout->addWidget(m_details);

    m_idleLock->setObjectName(u"idleLockMinutes"_s);
    m_idleLock->setRange(0, MaxIdleLockMinutes);
    m_idleLock->setSpecialValueText(tr("Never"));
    m_idleLock->setSuffix(tr(" min"));
    m_idleLock->setToolTip(tr("Storekeeper locks itself after this many minutes without keyboard or mouse input."));
    m_receiptFooter->setObjectName(u"receiptFooter"_s);
    m_receiptFooter->setTabChangesFocus(true);
    m_receiptFooter->setPlaceholderText(tr("Printed at the bottom of every receipt, e.g. opening hours or the return policy."));
    const QFontMetrics metrics(m_receiptFooter->font());
    m_receiptFooter->setFixedHeight(metrics.lineSpacing() * ReceiptFooterLines + 2 * m_receiptFooter->frameWidth()
                                    + int(m_receiptFooter->document()->documentMargin() * 2));

    auto *registerBox = new QGroupBox(tr("Register"), this);
    auto *registerForm = new QFormLayout(registerBox);
    registerForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    registerForm->addRow(tr("&Lock after idle:"), m_idleLock);
    registerForm->addRow(tr("Receipt &footer:"), m_receiptFooter);
    QList<QFormLayout *> forms{m_details->formLayout(), registerForm};

    // Clerks and vendors never see the gateway's key or change a printer.
    QGroupBox *paymentsBox = nullptr;
    QGroupBox *printerBox = nullptr;
    if (m_manages) {
        m_gateway = new PaymentSettingsForm(this);
        m_printer = new ReceiptPrinterForm(this);
        paymentsBox = new QGroupBox(tr("Payments"), this);
        paymentsBox->setObjectName(u"paymentsGroup"_s);
        (new QVBoxLayout(paymentsBox))->addWidget(m_gateway);
        printerBox = new QGroupBox(tr("Receipt printer"), this);
        printerBox->setObjectName(u"receiptPrinterGroup"_s);
        (new QVBoxLayout(printerBox))->addWidget(m_printer);
        // Editing defaults before the stored values arrive would overwrite them.
        m_gateway->setEnabled(false);
        m_printer->setEnabled(false);
        forms << m_gateway->formLayout() << m_printer->formLayout();
    }
    alignFormLabels(forms);

    m_revert->setObjectName(u"revertSettingsButton"_s);
    m_save->setObjectName(u"saveSettingsButton"_s);
    m_revert->setAutoDefault(false);
    m_save->setAutoDefault(false);
    m_message->setObjectName(u"settingsMessage"_s);

    auto *saveShortcut = new QAction(this);
    saveShortcut->setShortcut(QKeySequence::Save);
    saveShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(saveShortcut);
    m_save->setToolTip(tr("Save (%1)").arg(saveShortcut->shortcut().toString(QKeySequence::NativeText)));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);

    auto *form = new QWidget(this);
    form->setMaximumWidth(MaxFormWidth);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(shopBox);
    formLayout->addWidget(registerBox);
    if (paymentsBox)
        formLayout->addWidget(paymentsBox);
    if (printerBox)
        formLayout->addWidget(printerBox);
    formLayout->addWidget(m_message);
    formLayout->addLayout(buttons);

    // The form scrolls in a short window; the header stays.
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(form);
    contentLayout->addStretch(1);
    m_scroll = new QScrollArea(this);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Settings), pageSummary(Page::Settings), this));
    layout->addSpacing(4);
    layout->addWidget(m_scroll, 1);

    setTabOrder(m_details->lastField(), m_idleLock);
    setTabOrder(m_idleLock, m_receiptFooter);
    QWidget *lastField = m_receiptFooter;
    if (m_manages) {
        setTabOrder(m_receiptFooter, m_gateway->firstField());
        setTabOrder(m_gateway->lastField(), m_printer->firstField());
        lastField = m_printer->lastField();
        connect(m_gateway, &PaymentSettingsForm::edited, this, &SettingsPage::updateButtons);
        connect(m_printer, &ReceiptPrinterForm::edited, this, &SettingsPage::updateButtons);
    }
    setTabOrder(lastField, m_revert);
    setTabOrder(m_revert, m_save);

    connect(m_details, &ShopDetailsForm::edited, this, &SettingsPage::updateButtons);
    connect(m_idleLock, &QSpinBox::valueChanged, this, &SettingsPage::updateButtons);
    connect(m_receiptFooter, &QPlainTextEdit::textChanged, this, &SettingsPage::updateButtons);
    connect(m_save, &QPushButton::clicked, this, &SettingsPage::save);
    connect(saveShortcut, &QAction::triggered, this, &SettingsPage::save);
    connect(m_revert, &QPushButton::clicked, this, &SettingsPage::revert);

    display(m_saved);
    if (m_manages)
        loadDeviceSettings();
}

QString SettingsPage::message() const
{
    return m_message->text();
}

void SettingsPage::display(const ShopSettings &settings)
{
    m_details->setSettings(settings);
    const QSignalBlocker blockIdle(m_idleLock);
    const QSignalBlocker blockFooter(m_receiptFooter);
    m_idleLock->setValue(settings.idleLockMinutes);
    m_receiptFooter->setPlainText(settings.receiptFooter);
    updateButtons();
}

Status SettingsPage::read(Edited &edited, QWidget **invalidField) const
{
    ShopSettings &settings = edited.shop;
    settings = m_saved;
    if (Status ok = m_details->applyTo(settings, invalidField); !ok)
        return ok;
    settings.idleLockMinutes = m_idleLock->value();
    settings.receiptFooter = m_receiptFooter->toPlainText().trimmed();
    if (Status ok = SettingsService::validate(settings); !ok)
        return ok;
    edited.gateway = m_gatewaySaved;
    edited.printer = m_printerSaved;
    if (!m_manages || !m_loaded)
        return Status::success();
    if (Status ok = m_gateway->read(edited.gateway, invalidField); !ok)
        return ok;
    return m_printer->read(edited.printer, invalidField);
}

bool SettingsPage::gatewayChanged(const GatewaySettings &edited) const
{
    // The fields the store keeps; retries and polling are the client's own.
    return edited.baseUrl != m_gatewaySaved.baseUrl || edited.apiKey != m_gatewaySaved.apiKey
        || edited.terminalId != m_gatewaySaved.terminalId || edited.requestTimeout != m_gatewaySaved.requestTimeout;
}

bool SettingsPage::hasUnsavedChanges() const
{
    Edited edited;
    // Input that cannot be read is a change too: Save then says what is wrong.
    return !read(edited).ok() || !(edited.shop == m_saved) || gatewayChanged(edited.gateway)
        || !(edited.printer == m_printerSaved);
}

void SettingsPage::updateButtons()
{
    const bool changed = hasUnsavedChanges();
    m_save->setEnabled(changed && !m_busy);
    m_revert->setEnabled(changed && !m_busy);
    if (changed && m_message->kind() == InlineMessage::Kind::Information)
        m_message->clear();
}

void SettingsPage::save()
{
    if (m_busy)
        return;
    Edited edited;
    QWidget *invalidField = nullptr;
    if (m_gateway) {
        m_gateway->clearMessage();
        m_printer->clearMessage();
    }
    if (Status ok = read(edited, &invalidField); !ok) {
        // The sentence goes beside the group the field is in.
        if (invalidField && m_gateway && m_gateway->isAncestorOf(invalidField)) {
            m_gateway->showError(ok.error().message);
            m_message->clear();
        } else if (invalidField && m_printer && m_printer->isAncestorOf(invalidField)) {
            m_printer->showError(ok.error().message);
            m_message->clear();
        } else {
            m_message->showError(ok.error().message);
        }
        if (invalidField) {
            invalidField->setFocus();
            m_scroll->ensureWidgetVisible(invalidField);
        }
        emit operationFinished(false);
        return;
    }
    store(edited);
}

void SettingsPage::revert()
{
    if (m_busy)
        return;
    reload();
}

QCoro::Task<> SettingsPage::store(Edited edited)
{
    setBusy(true);
    QPointer<SettingsPage> guard(this);
    const QFuture<Status> saving = m_services.settings->save(m_session, edited.shop);
    const Status saved = co_await saving;
    if (!guard)
        co_return;
    if (!saved) {
        setBusy(false);
        showErrorMessage(this, tr("Save settings"), saved.error());
        emit operationFinished(false);
        co_return;
    }
    m_saved = edited.shop;
    display(m_saved);
    emit settingsSaved(m_saved);

    // Each store is its own transaction; the fields were all checked above,
    // so only the database itself can refuse now.
    if (gatewayChanged(edited.gateway)) {
        const QFuture<Status> savingGateway = m_services.gatewaySettings->save(m_session, edited.gateway);
        const Status gatewaySaved = co_await savingGateway;
        if (!guard)
            co_return;
        if (!gatewaySaved) {
            setBusy(false);
            showErrorMessage(this, tr("Save payment settings"), gatewaySaved.error());
            emit operationFinished(false);
            co_return;
        }
        m_gatewaySaved = edited.gateway;
        m_gateway->setSettings(m_gatewaySaved);
        // The register's client keeps its own retry and polling pace.
        if (m_services.gateway) {
            GatewaySettings running = m_services.gateway->settings();
            running.baseUrl = m_gatewaySaved.baseUrl;
            running.apiKey = m_gatewaySaved.apiKey;
            running.terminalId = m_gatewaySaved.terminalId;
            running.requestTimeout = m_gatewaySaved.requestTimeout;
            m_services.gateway->setSettings(running);
        }
    }
    if (!(edited.printer == m_printerSaved)) {
        const QFuture<Status> savingPrinter = m_services.receiptSettings->save(m_session, m_registerId, edited.printer);
        const Status printerSaved = co_await savingPrinter;
        if (!guard)
            co_return;
        if (!printerSaved) {
            setBusy(false);
            showErrorMessage(this, tr("Save receipt printer settings"), printerSaved.error());
            emit operationFinished(false);
            co_return;
        }
        m_printerSaved = edited.printer;
        m_printer->setSettings(m_printerSaved);
    }
    setBusy(false);
    m_message->showInformation(tr("Settings saved."));
    emit operationFinished(true);
}

QCoro::Task<> SettingsPage::reload()
{
    setBusy(true);
    QPointer<SettingsPage> guard(this);
    const QFuture<Result<ShopSettings>> loading = m_services.settings->load();
    const Result<ShopSettings> loaded = co_await loading;
    if (!guard)
        co_return;
    if (!loaded) {
        setBusy(false);
        showErrorMessage(this, tr("Revert settings"), loaded.error());
        emit operationFinished(false);
        co_return;
    }
    m_saved = loaded.value();
    display(m_saved);
    m_message->clear();
    if (m_manages) {
        QCoro::Task<Result<DeviceSettings>> fetching = fetchDeviceSettings(m_services, m_session, m_registerId);
        const Result<DeviceSettings> device = co_await fetching;
        if (!guard)
            co_return;
        if (!device) {
            setBusy(false);
            showErrorMessage(this, tr("Revert settings"), device.error());
            emit operationFinished(false);
            co_return;
        }
        displayDevice(device->gateway, device->printer, device->registerName);
    }
    setBusy(false);
    emit operationFinished(true);
}

QCoro::Task<> SettingsPage::loadDeviceSettings()
{
    QPointer<SettingsPage> guard(this);
    QCoro::Task<Result<DeviceSettings>> fetching = fetchDeviceSettings(m_services, m_session, m_registerId);
    const Result<DeviceSettings> device = co_await fetching;
    if (!guard)
        co_return;
    if (!device) {
        m_message->showError(device.error().message);
        emit loadFinished(false);
        co_return;
    }
    displayDevice(device->gateway, device->printer, device->registerName);
    emit loadFinished(true);
}

void SettingsPage::displayDevice(const GatewaySettings &gateway, const ReceiptSettings &printer,
                                 const QString &registerName)
{
    m_gatewaySaved = gateway;
    m_printerSaved = printer;
    m_gateway->setSettings(gateway);
    m_gateway->clearMessage();
    m_printer->setSettings(printer);
    m_printer->setRegisterName(registerName);
    m_printer->clearMessage();
    m_loaded = true;
    m_gateway->setEnabled(true);
    m_printer->setEnabled(true);
    updateButtons();
}

void SettingsPage::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

} // namespace sk
