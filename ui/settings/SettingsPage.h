#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "core/Result.h"
#include "payments/GatewayClient.h"
#include "receipts/ReceiptSettings.h"
#include "shop/ShopSettings.h"

#include <QCoro/QCoroTask>
#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace sk {

class InlineMessage;
class PaymentSettingsForm;
class ReceiptPrinterForm;
class ShopDetailsForm;

// The shop's settings: details, currency, default tax rate, idle lock and
// receipt footer; for administrators also the card gateway and this
// register's receipt printer, loaded when the page opens. Save checks every
// field first and writes nothing while one is wrong, then writes what
// changed with SettingsService, GatewaySettingsStore and ReceiptSettingsStore
// (validated and audited there); Revert reloads what the database holds.
class SettingsPage : public QWidget {
    Q_OBJECT

public:
    SettingsPage(const Services &services, const Session &session, const ShopSettings &current,
                 QWidget *parent = nullptr);

    const ShopSettings &savedSettings() const { return m_saved; }
    QString message() const;
    bool hasUnsavedChanges() const;
    // The gateway and printer settings arrived (at once for those who may
    // not change them).
    bool isLoaded() const { return m_loaded; }
    qint64 registerId() const { return m_registerId; }

public slots:
    void save();
    void revert();

signals:
    void settingsSaved(const sk::ShopSettings &settings);
    // After save() or revert() finished, successfully or not.
    void operationFinished(bool succeeded);
    void loadFinished(bool succeeded);

private:
    struct Edited {
        ShopSettings shop;
        GatewaySettings gateway;
        ReceiptSettings printer;
    };

    QCoro::Task<> store(Edited edited);
    QCoro::Task<> reload();
    QCoro::Task<> loadDeviceSettings();
    void display(const ShopSettings &settings);
    void displayDevice(const GatewaySettings &gateway, const ReceiptSettings &printer, const QString &registerName);
    Status read(Edited &edited, QWidget **invalidField = nullptr) const;
    bool gatewayChanged(const GatewaySettings &edited) const;
    void updateButtons();
    void setBusy(bool busy);

    Services m_services;
    Session m_session;
    ShopSettings m_saved;
    GatewaySettings m_gatewaySaved;
    ReceiptSettings m_printerSaved;
    qint64 m_registerId;
    bool m_manages;
    bool m_loaded;
    ShopDetailsForm *m_details;
    QSpinBox *m_idleLock;
    QPlainTextEdit *m_receiptFooter;
    PaymentSettingsForm *m_gateway = nullptr;
    ReceiptPrinterForm *m_printer = nullptr;
    QScrollArea *m_scroll = nullptr;
    InlineMessage *m_message;
    QPushButton *m_revert;
    QPushButton *m_save;
    bool m_busy = false;
};

} // namespace sk
