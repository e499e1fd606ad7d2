#pragma once

#include "ApiLoad.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <random>

namespace sk::bench {

// One shopper of the load: a keep-alive HTTP/1.1 connection (a raw
// QTcpSocket, one request at a time, as a browser tab or app does) and the
// weighted mix of ApiLoad. Lives on its worker's thread; writes only its
// worker's tally, so nothing is shared between threads while it runs.
class ApiLoadClient : public QObject {
    Q_OBJECT
public:
    ApiLoadClient(const ApiLoadPlan &plan, int index, qint64 deadlineNs, ApiLoadResult &tally);

    void start();

signals:
    void finished();

private:
    // status 0: no answer (connection lost, timeout); body empty unless JSON.
    using Then = std::function<void(int status, const QJsonObject &body)>;
    enum class Expect { Success, SuccessOrConflict };

    void send(const QByteArray &method, const QString &path, const QJsonObject *body, Expect expect, Then then);
    void writePending();
    void readAnswers();
    void answer(int status, const QByteArray &body);
    void lose(const QString &why);

    void next();
    void search();
    void detail();
    void signUp();
    void addItems(int left);
    void readCartAndOrder();
    void placeOrder(const QList<qint64> &cartItemIds);
    void emptyCart(QList<qint64> cartItemIds);

    const ApiLoadPlan &m_plan;
    const int m_index;
    const qint64 m_deadlineNs;
    ApiLoadResult &m_tally;
    std::mt19937_64 m_random;

    QTcpSocket m_socket;
    QTimer m_timeout;
    QByteArray m_received;
    QByteArray m_outgoing;      // the request waiting for the connection
    QByteArray m_token;
    bool m_signUpFailed = false;
    bool m_closeAfterAnswer = false;

    // The request in flight.
    bool m_waiting = false;
    QString m_what;             // "POST /api/orders", for error samples
    Expect m_expect = Expect::Success;
    qint64 m_sentNs = 0;
    Then m_then;
};

} // namespace sk::bench
