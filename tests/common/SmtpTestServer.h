#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QTcpServer>

namespace sk::test {

// A small SMTP server on 127.0.0.1 for the tests: records what it receives,
// can offer STARTTLS (or speak TLS from the start) with a throwaway
// self-signed certificate made at startup, can ask for AUTH, and can be told
// to refuse at a chosen step or to drop the connection there.
class SmtpTestServer : public QTcpServer {
    Q_OBJECT
public:
    enum class Step { Greeting, Ehlo, StartTls, Auth, MailFrom, RcptTo, Data, EndOfData };
    enum class Tls { None, StartTls, Implicit };

    struct Received {
        QString from;
        QStringList recipients;
        QByteArray data;        // as the client meant it: dot-stuffing undone, without the final dot
        bool encrypted = false;
        QString user;           // who signed in, if anyone
    };

    explicit SmtpTestServer(QObject *parent = nullptr);

    bool listenOnLoopback();
    quint16 port() const { return serverPort(); }

    void setTls(Tls tls) { m_tls = tls; }
    void setCredentials(const QString &user, const QString &password);
    // Answers `reply` (e.g. "451 4.3.0 Try later") at step, the next `times` times.
    void refuseAt(Step step, const QByteArray &reply, int times = 1'000'000);
    void dropAt(Step step, int times = 1'000'000);
    void behave();              // no more refusals or drops

    const QList<Received> &received() const { return m_received; }
    int connections() const { return m_connections; }
    // The certificate clients must trust.
    const QSslCertificate &certificate() const { return m_certificate; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class SmtpTestSession;
    // The reply to give at step instead of the normal one: empty to go on,
    // "DROP" to close the connection.
    QByteArray misbehaviourAt(Step step);
    void record(const Received &message) { m_received.append(message); }

    Tls m_tls = Tls::StartTls;
    QString m_user;
    QString m_password;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QList<Received> m_received;
    int m_connections = 0;
    struct Misbehaviour {
        Step step;
        QByteArray reply;
        int times;
    };
    QList<Misbehaviour> m_misbehaviours;
};

} // namespace sk::test
