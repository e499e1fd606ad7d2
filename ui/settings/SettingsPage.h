#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "core/Result.h"
#include "shop/ShopSettings.h"

#include <QCoro/QCoroTask>
#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace sk {

class InlineMessage;
class ShopDetailsForm;

// The shop's settings: details, currency, default tax rate, idle lock and
// receipt footer. Save writes them with SettingsService (validated and
// audited there); Revert reloads what the database holds.
class SettingsPage : public QWidget {
    Q_OBJECT

public:
    SettingsPage(const Services &services, const Session &session, const ShopSettings &current,
                 QWidget *parent = nullptr);

    const ShopSettings &savedSettings() const { return m_saved; }
    QString message() const;
    bool hasUnsavedChanges() const;

public slots:
    void save();
    void revert();

signals:
    void settingsSaved(const sk::ShopSettings &settings);
    // After save() or revert() finished, successfully or not.
    void operationFinished(bool succeeded);

private:
    QCoro::Task<> store(ShopSettings settings);
    QCoro::Task<> reload();
    void display(const ShopSettings &settings);
    Status read(ShopSettings &settings, QWidget **invalidField = nullptr) const;
    void updateButtons();
    void setBusy(bool busy);

    Services m_services;
    Session m_session;
    ShopSettings m_saved;
    ShopDetailsForm *m_details;
    QSpinBox *m_idleLock;
    QPlainTextEdit *m_receiptFooter;
    InlineMessage *m_message;
    QPushButton *m_revert;
    QPushButton *m_save;
    bool m_busy = false;
};

} // namespace sk
