#include "settings/SettingsPage.h"

#include "Navigation.h"
#include "common/ErrorMessageBox.h"
#include "common/FormLabels.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "shop/SettingsService.h"
#include "shop/ShopDetailsForm.h"

#include <QAction>
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

} // namespace

SettingsPage::SettingsPage(const Services &services, const Session &session, const ShopSettings &current,
                           QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_saved(current),
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
    alignFormLabels({m_details->formLayout(), registerForm});

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
    formLayout->addWidget(m_message);
    formLayout->addLayout(buttons);

    // The form scrolls in a short window; the header stays.
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(form);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Settings), pageSummary(Page::Settings), this));
    layout->addSpacing(4);
    layout->addWidget(scroll, 1);

    setTabOrder(m_details->lastField(), m_idleLock);
    setTabOrder(m_idleLock, m_receiptFooter);
    setTabOrder(m_receiptFooter, m_revert);
    setTabOrder(m_revert, m_save);

    connect(m_details, &ShopDetailsForm::edited, this, &SettingsPage::updateButtons);
    connect(m_idleLock, &QSpinBox::valueChanged, this, &SettingsPage::updateButtons);
    connect(m_receiptFooter, &QPlainTextEdit::textChanged, this, &SettingsPage::updateButtons);
    connect(m_save, &QPushButton::clicked, this, &SettingsPage::save);
    connect(saveShortcut, &QAction::triggered, this, &SettingsPage::save);
    connect(m_revert, &QPushButton::clicked, this, &SettingsPage::revert);

    display(m_saved);
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

Status SettingsPage::read(ShopSettings &settings, QWidget **invalidField) const
{
    settings = m_saved;
    if (Status ok = m_details->applyTo(settings, invalidField); !ok)
        return ok;
    settings.idleLockMinutes = m_idleLock->value();
    settings.receiptFooter = m_receiptFooter->toPlainText().trimmed();
    return SettingsService::validate(settings);
}

bool SettingsPage::hasUnsavedChanges() const
{
    ShopSettings edited;
    // Input that cannot be read is a change too: Save then says what is wrong.
    return !read(edited).ok() || !(edited == m_saved);
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
    ShopSettings settings;
    QWidget *invalidField = nullptr;
    if (Status ok = read(settings, &invalidField); !ok) {
        if (invalidField)
            invalidField->setFocus();
        m_message->showError(ok.error().message);
        emit operationFinished(false);
        return;
    }
    store(settings);
}

void SettingsPage::revert()
{
    if (m_busy)
        return;
    reload();
}

QCoro::Task<> SettingsPage::store(ShopSettings settings)
{
    setBusy(true);
    QPointer<SettingsPage> guard(this);
    const QFuture<Status> saving = m_services.settings->save(m_session, settings);
    const Status saved = co_await saving;
    if (!guard)
        co_return;
    setBusy(false);
    if (!saved) {
        showErrorMessage(this, tr("Save settings"), saved.error());
        emit operationFinished(false);
        co_return;
    }
    m_saved = settings;
    display(m_saved);
    m_message->showInformation(tr("Settings saved."));
    emit settingsSaved(m_saved);
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
    setBusy(false);
    if (!loaded) {
        showErrorMessage(this, tr("Revert settings"), loaded.error());
        emit operationFinished(false);
        co_return;
    }
    m_saved = loaded.value();
    display(m_saved);
    m_message->clear();
    emit operationFinished(true);
}

void SettingsPage::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

} // namespace sk
