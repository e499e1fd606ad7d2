#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <chrono>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace sk {

namespace sim {
struct SimHttpRequest;
}

// A card payment gateway on loopback that speaks the protocol of
// docs/payments.md and misbehaves on command (POST /sim/behaviour, or
// setBehaviour in-process): it answers slowly, drops the connection after
// charging, answers twice, keeps a payment pending or refuses with 503.
// It plays the card terminal too, so it invents the brand and last four
// digits from the amount. Single-threaded: it lives on its creator's thread.
class GatewaySimulator : public QObject {
    Q_OBJECT
public:
    enum class Mode { Approve, Decline, Slow, Drop, Twice, Pending, Unavailable };

    // Applies to the next `count` requests under /v1/ (any of them; only the
    // requests that create a payment or a refund are approved, declined or
    // left pending by it).
    struct Behaviour {
        Mode mode = Mode::Approve;
        int count = 1;
        std::chrono::milliseconds delay{0};  // Slow
        int polls = 1;                       // Pending: GETs answered pending before the final status
    };

    struct SimulatedPayment {
        QString id;
        QString idempotencyKey;
        QString status;                      // approved, declined, pending
        qint64 amount = 0;
        QString currency;
        QString terminal;
        QString reference;
        QString cardBrand;
        QString cardLast4;
        QString declineReason;
        qint64 refunded = 0;
        int pollsLeft = 0;
        QDateTime createdAt;
    };

    struct SimulatedRefund {
        QString id;
        QString paymentId;
        QString idempotencyKey;
        QString status;                      // succeeded, failed, pending
        qint64 amount = 0;
        QString currency;
        QString failureReason;
        int pollsLeft = 0;
        QDateTime createdAt;
    };

    explicit GatewaySimulator(QObject *parent = nullptr);
    ~GatewaySimulator() override;

    // On 127.0.0.1 only; port 0 picks a free one.
    bool listen(quint16 port = 0);
    void close();
    quint16 port() const;
    QUrl url() const;
    QString errorString() const;

    // Empty accepts any key.
    void setApiKey(const QString &apiKey) { m_apiKey = apiKey; }
    // Loads the file when it exists, and rewrites it after every change.
    bool setStateFile(const QString &path, QString *problem = nullptr);

    void setBehaviour(const Behaviour &behaviour) { m_behaviour = behaviour; }
    void setBehaviour(Mode mode, int count = 1, std::chrono::milliseconds delay = {}, int polls = 1)
    {
        setBehaviour(Behaviour{mode, count, delay, polls});
    }
    static std::optional<Mode> modeFromName(const QString &name);

    // Forgets every payment, refund and behaviour.
    void reset();
    QList<SimulatedPayment> payments() const { return m_payments; }
    QList<SimulatedRefund> refunds() const { return m_refunds; }
    // Requests received under /v1/ (answered or not).
    int requestsReceived() const { return m_requestsReceived; }

private:
    struct Answer {
        int status = 200;
        QByteArray body;
    };

    void acceptConnections();
    void readRequests(QTcpSocket *socket);
    void handle(QTcpSocket *socket, const sim::SimHttpRequest &request);
    Answer route(const sim::SimHttpRequest &request, Mode mode, int polls);
    Answer control(const sim::SimHttpRequest &request);
    Answer createPayment(const sim::SimHttpRequest &request, Mode mode, int polls);
    Answer createRefund(const sim::SimHttpRequest &request, const QString &paymentId, Mode mode, int polls);
    Answer paymentAnswer(int status, SimulatedPayment &payment);
    Answer refundAnswer(int status, SimulatedRefund &refund);
    SimulatedPayment *findPayment(const QString &id, const QString &idempotencyKey);
    SimulatedRefund *findRefund(const QString &id, const QString &idempotencyKey);
    void settleRefund(SimulatedRefund &refund);
    QString nextId(const QString &prefix);
    void saveState();

    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;  // what each connection sent and is not yet handled
    QString m_apiKey;
    QString m_stateFile;
    Behaviour m_behaviour{Mode::Approve, 0};
    QList<SimulatedPayment> m_payments;
    QList<SimulatedRefund> m_refunds;
    qint64 m_lastId = 0;
    int m_requestsReceived = 0;
};

} // namespace sk
