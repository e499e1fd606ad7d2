#pragma once

#include "core/Result.h"
#include "notifications/SmtpSettings.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSslCertificate>

#include <QCoroTask>

namespace sk {

struct SmtpMessage {
    QString fromAddress;
    QString fromName;
    QString to;
    QString subject;
    QString body;                   // plain text, any line ends
    QString messageId;              // without the angle brackets
    QDateTime date;
};

// Hands one message to an SMTP server (RFC 5321): EHLO, STARTTLS or implicit
// TLS, AUTH PLAIN or LOGIN when a user is set, MAIL FROM, RCPT TO, DATA with
// dot-stuffing, QUIT. Asynchronous on the thread that owns it (the GUI
// thread may call it); every step has the settings' timeout. A refusal
// becomes an error sentence with the server's reply in its details: a 5xx
// reply is InvalidInput (sending it again will not help), everything else
// Unavailable (try again later).
class SmtpClient : public QObject {
    Q_OBJECT
public:
    explicit SmtpClient(SmtpSettings settings, QObject *parent = nullptr);

    const SmtpSettings &settings() const { return m_settings; }
    void setSettings(const SmtpSettings &settings) { m_settings = settings; }
    // Trusted besides the system's certificates (a shop's own mail server
    // certificate authority; the tests' throwaway one).
    void setExtraCaCertificates(const QList<QSslCertificate> &certificates) { m_extraCas = certificates; }

    // Success once the server answered 250 to the message's data.
    QCoro::Task<Status> send(SmtpMessage message);

    // The message as sent between DATA and the final dot, before dot-stuffing.
    static QByteArray compose(const SmtpMessage &message, bool eightBit);
    // Lines starting with '.' get a second one (RFC 5321 4.5.2).
    static QByteArray dotStuffed(const QByteArray &data);
    // A header value: as is when printable ASCII, else RFC 2047 encoded words.
    static QByteArray headerText(const QString &text);

private:
    SmtpSettings m_settings;
    QList<QSslCertificate> m_extraCas;
};

} // namespace sk
