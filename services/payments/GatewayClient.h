#pragma once

#include "core/Result.h"
#include "payments/PaymentTypes.h"

#include <QObject>
#include <QUrl>
#include <chrono>

#include <QCoroTask>

class QNetworkAccessManager;

namespace sk {

struct GatewaySettings {
    QUrl baseUrl;                                        // e.g. http://127.0.0.1:8089
    QString apiKey;                                      // sent as "Authorization: Bearer KEY"
    QString terminalId = QStringLiteral("R1");
    std::chrono::milliseconds requestTimeout{10'000};
    int maxAttempts = 4;                                 // per call, same idempotency key each time
    std::chrono::milliseconds firstBackoff{250};         // doubled after each failed attempt
    std::chrono::milliseconds pendingPollInterval{500};
    std::chrono::milliseconds pendingPollLimit{60'000};  // then the payment stays pending
};

// The payment gateway's HTTP+JSON protocol (docs/payments.md) over one
// long-lived QNetworkAccessManager. Lives on the thread that created it
// (the GUI thread in the desktop app). Every call carries the caller's
// idempotency key and is retried with backoff on timeouts, dropped
// connections and 5xx answers, always with the same key, so the gateway
// charges at most once. Declined is a successful call with outcome Declined;
// Unavailable errors say the gateway could not be reached and what to do.
class GatewayClient : public QObject {
    Q_OBJECT
public:
    explicit GatewayClient(GatewaySettings settings, QObject *parent = nullptr);
    ~GatewayClient() override;

    const GatewaySettings &settings() const { return m_settings; }
    void setSettings(const GatewaySettings &settings) { m_settings = settings; }

    // Creates (or, for a key already seen, returns) the payment; polls while
    // the gateway answers pending, up to pendingPollLimit.
    QCoro::Task<Result<GatewayPayment>> createPayment(QString idempotencyKey, Money amount, QString reference);
    // The payment created with this key, or outcome NotFound.
    QCoro::Task<Result<GatewayPayment>> lookupPayment(QString idempotencyKey);
    // Refunds part or all of a payment; the refund's own key makes it idempotent.
    QCoro::Task<Result<GatewayPayment>> refund(QString paymentReference, QString idempotencyKey, Money amount);
    QCoro::Task<Result<GatewayPayment>> lookupRefund(QString idempotencyKey);

private:
    GatewaySettings m_settings;
    QNetworkAccessManager *m_network = nullptr;
};

} // namespace sk
