#include "notifications/SmtpClient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFuture>
#include <QLocale>
#include <QPromise>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QSysInfo>
#include <QTimer>

#include <QCoroFuture>

#include <memory>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr qint64 MaxReplyLine = 4096;
constexpr int MaxReplyLines = 100;
constexpr qsizetype MaxLineBytes = 998;          // RFC 5322 2.1.1
constexpr qsizetype EncodedWordBytes = 45;       // 60 base64 characters, under 75 with the wrapping
constexpr qsizetype Base64LineLength = 76;
constexpr int ReplyServiceReady = 220;
constexpr int ReplyAuthenticated = 235;
constexpr int ReplyOk = 250;
constexpr int ReplyForwarded = 251;
constexpr int ReplyChallenge = 334;
constexpr int ReplyStartData = 354;
constexpr int FirstPermanentReply = 500;

struct Reply {
    int code = 0;
    QStringList lines;
    QString text() const { return u"%1 %2"_s.arg(code).arg(lines.join(u" / "_s)); }
};

// Resolves true when `signal` fires; false when the socket fails, closes or
// the time runs out. Watching all of them at once ends a wait as soon as the
// server drops the connection instead of at the timeout.
template<typename Signal>
QFuture<bool> whenSignalled(QSslSocket *socket, Signal signal, std::chrono::milliseconds timeout)
{
    auto promise = std::make_shared<QPromise<bool>>();
    promise->start();
    auto settled = std::make_shared<bool>(false);
    auto *watch = new QObject(socket);
    auto settle = [promise, settled, watch](bool ok) {
        if (*settled)
            return;
        *settled = true;
        promise->addResult(ok);
        promise->finish();
        watch->deleteLater();
    };
    QObject::connect(socket, signal, watch, [settle] { settle(true); });
    QObject::connect(socket, &QAbstractSocket::disconnected, watch, [settle] { settle(false); });
    QObject::connect(socket, &QAbstractSocket::errorOccurred, watch, [settle] { settle(false); });
    QTimer::singleShot(timeout, watch, [settle] { settle(false); });
    return promise->future();
}

QString ehloName()
{
    static const QRegularExpression hostName(u"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$"_s);
    const QString name = QSysInfo::machineHostName();
    return hostName.match(name).hasMatch() ? name : u"localhost"_s;
}

bool isSafeAddress(const QString &address)
{
    static const QRegularExpression pattern(u"^[^\\s<>@]+@[^\\s<>@]+$"_s);
    return pattern.match(address).hasMatch();
}

// One SMTP session over one socket.
class Conversation {
public:
    Conversation(QSslSocket *socket, const SmtpSettings &settings) : m_socket(socket), m_settings(settings)
    {
        m_sslWatch = QObject::connect(socket, &QSslSocket::sslErrors, socket, [this](const QList<QSslError> &errors) {
            for (const QSslError &error : errors)
                m_sslProblems.append(error.errorString());
        });
    }
    // The socket may outlive the conversation (it closes after QUIT).
    ~Conversation() { QObject::disconnect(m_sslWatch); }
    Conversation(const Conversation &) = delete;
    Conversation &operator=(const Conversation &) = delete;

    Error unavailable(const QString &message, const QString &details) const
    {
        return Error::make(ErrorCode::Unavailable, message, details);
    }

    Error refused(const QString &message, const Reply &reply) const
    {
        return Error::make(reply.code >= FirstPermanentReply ? ErrorCode::InvalidInput : ErrorCode::Unavailable,
                           message, reply.text());
    }

    Error endedEarly(const QString &step) const
    {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return unavailable(QCoreApplication::translate("SmtpClient", "The mail server closed the connection. "
                                                                         "Sending will be tried again."),
                               u"%1: %2"_s.arg(step, m_socket->errorString()));
        return unavailable(QCoreApplication::translate("SmtpClient", "The mail server did not answer in time. "
                                                                     "Sending will be tried again."),
                           u"%1: no answer within %2 ms"_s.arg(step).arg(m_settings.timeout.count()));
    }

    QCoro::Task<Status> connect()
    {
        const QString host = m_settings.host.trimmed();
        const auto port = static_cast<quint16>(m_settings.port);
        QFuture<bool> ready;
        if (m_settings.security == SmtpSettings::Security::Tls) {
            ready = whenSignalled(m_socket, &QSslSocket::encrypted, m_settings.timeout);
            m_socket->connectToHostEncrypted(host, port);
        } else {
            ready = whenSignalled(m_socket, &QAbstractSocket::connected, m_settings.timeout);
            m_socket->connectToHost(host, port);
        }
        const bool done = co_await ready;
        if (done)
            co_return Status::success();
        if (!m_sslProblems.isEmpty() || m_socket->error() == QAbstractSocket::SslHandshakeFailedError)
            co_return tlsFailed();
        co_return unavailable(QCoreApplication::translate("SmtpClient", "The mail server %1 cannot be reached on "
                                                                        "port %2. Check the server's name and port "
                                                                        "in the mail settings.")
                                  .arg(host)
                                  .arg(port),
                              m_socket->errorString());
    }

    Error tlsFailed() const
    {
        return unavailable(QCoreApplication::translate("SmtpClient", "A secure connection to the mail server could "
                                                                     "not be made. Check the server's name and the "
                                                                     "security setting in the mail settings."),
                           m_sslProblems.isEmpty() ? m_socket->errorString() : m_sslProblems.join(u"; "_s));
    }

    QCoro::Task<Status> startTls()
    {
        QFuture<bool> ready = whenSignalled(m_socket, &QSslSocket::encrypted, m_settings.timeout);
        m_socket->startClientEncryption();
        const bool done = co_await ready;
        if (!done)
            co_return tlsFailed();
        co_return Status::success();
    }

    QCoro::Task<Result<Reply>> readReply(QString step)
    {
        QDeadlineTimer deadline(m_settings.timeout);
        Reply reply;
        for (;;) {
            while (!m_socket->canReadLine()) {
                if (m_socket->state() != QAbstractSocket::ConnectedState || deadline.hasExpired())
                    co_return endedEarly(step);
                QFuture<bool> arrived = whenSignalled(m_socket, &QIODevice::readyRead,
                                                      std::chrono::milliseconds(deadline.remainingTime()));
                const bool more = co_await arrived;
                if (!more && !m_socket->canReadLine())
                    co_return endedEarly(step);
            }
            const QByteArray line = m_socket->readLine(MaxReplyLine).trimmed();
            bool isNumber = false;
            const int code = line.left(3).toInt(&isNumber);
            if (line.size() < 3 || !isNumber || (line.size() > 3 && line.at(3) != ' ' && line.at(3) != '-')
                || reply.lines.size() >= MaxReplyLines)
                co_return unavailable(QCoreApplication::translate("SmtpClient", "The mail server sent an answer "
                                                                                "Storekeeper does not understand. "
                                                                                "Check the server's name and port."),
                                      u"%1: %2"_s.arg(step, QString::fromUtf8(line.left(200))));
            reply.code = code;
            reply.lines.append(QString::fromUtf8(line.mid(4)));
            if (line.size() == 3 || line.at(3) == ' ')
                co_return reply;
        }
    }

    QCoro::Task<Result<Reply>> command(QByteArray line, QString step)
    {
        m_socket->write(line + "\r\n");
        QCoro::Task<Result<Reply>> answer = readReply(step);
        Result<Reply> reply = co_await answer;
        co_return reply;
    }

private:
    QSslSocket *m_socket;
    const SmtpSettings &m_settings;
    QStringList m_sslProblems;
    QMetaObject::Connection m_sslWatch;
};

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < encoded.size(); i += Base64LineLength)
        out += encoded.mid(i, Base64LineLength) + "\r\n";
    return out;
}

QByteArray crlfText(const QString &text)
{
    QString normalized = text;
    normalized.remove(u'\r');
    return normalized.toUtf8().replace("\n", "\r\n");
}

bool hasLongLine(const QByteArray &crlf)
{
    for (const QByteArray &line : crlf.split('\n'))
        if (line.size() > MaxLineBytes)
            return true;
    return false;
}

} // namespace

SmtpClient::SmtpClient(SmtpSettings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings)) {}

QByteArray SmtpClient::headerText(const QString &text)
{
    bool plain = true;
    for (QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            plain = false;
    if (plain)
        return text.toLatin1();
    // Encoded words hold whole characters: split between code points, never
    // inside a UTF-8 sequence or a surrogate pair.
    QList<QByteArray> words;
    QByteArray current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        qsizetype length = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QByteArray character = text.mid(i, length).toUtf8();
        i += length - 1;
        if (current.size() + character.size() > EncodedWordBytes) {
            words.append(current);
            current.clear();
        }
        current += character;
    }
    if (!current.isEmpty())
        words.append(current);
    QByteArray out;
    for (const QByteArray &word : std::as_const(words)) {
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + word.toBase64() + "?=";
    }
    return out;
}

QByteArray SmtpClient::compose(const SmtpMessage &message, bool eightBit)
{
    const QByteArray body = crlfText(message.body);
    const bool asIs = eightBit && !hasLongLine(body);
    QByteArray from = "<" + message.fromAddress.toLatin1() + ">";
    if (!message.fromName.trimmed().isEmpty()) {
        QString name = message.fromName.trimmed();
        const QByteArray encoded = headerText(name);
        from = (encoded.startsWith("=?") ? encoded : "\"" + name.remove(u'"').remove(u'\\').toLatin1() + "\"") + " "
               + from;
    }
    const QDateTime date = (message.date.isValid() ? message.date : QDateTime::currentDateTimeUtc()).toUTC();
    QByteArray out;
    out += "Date: " + QLocale::c().toString(date, u"ddd, dd MMM yyyy hh:mm:ss"_s).toLatin1() + " +0000\r\n";
    out += "From: " + from + "\r\n";
    out += "To: <" + message.to.toLatin1() + ">\r\n";
    out += "Subject: " + headerText(message.subject) + "\r\n";
    out += "Message-ID: <" + message.messageId.toLatin1() + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += QByteArray("Content-Transfer-Encoding: ") + (asIs ? "8bit" : "base64") + "\r\n";
    out += "\r\n";
    out += asIs ? body : base64Lines(message.body.toUtf8());
    if (!out.endsWith("\r\n"))
        out += "\r\n";
    return out;
}

QByteArray SmtpClient::dotStuffed(const QByteArray &data)
{
    QByteArray out;
    out.reserve(data.size() + data.size() / 40);
    bool lineStart = true;
    for (char c : data) {
        if (lineStart && c == '.')
            out += '.';
        out += c;
        lineStart = c == '\n';
    }
    return out;
}

QCoro::Task<Status> SmtpClient::send(SmtpMessage message)
{
    const SmtpSettings settings = m_settings;
    if (settings.host.trimmed().isEmpty())
        co_return Error::make(ErrorCode::Unavailable,
                              QCoreApplication::translate("SmtpClient", "No mail server is set up. Enter one in the "
                                                                        "mail settings on the Notifications page."));
    if (!isSafeAddress(message.to))
        co_return Error::make(ErrorCode::InvalidInput,
                              QCoreApplication::translate("SmtpClient", "%1 is not an e-mail address mail can be "
                                                                        "sent to.")
                                  .arg(message.to));
    if (!isSafeAddress(message.fromAddress))
        co_return Error::make(ErrorCode::InvalidInput,
                              QCoreApplication::translate("SmtpClient", "Enter the address the shop's mail comes "
                                                                        "from in the mail settings."));

    // Owned here and deleted later: signals already queued for it must not
    // reach a deleted object.
    std::unique_ptr<QSslSocket, void (*)(QSslSocket *)> socket(new QSslSocket(), [](QSslSocket *s) {
        s->abort();
        s->deleteLater();
    });
    QSslConfiguration tls = socket->sslConfiguration();
    if (!m_extraCas.isEmpty())
        tls.addCaCertificates(m_extraCas);
    socket->setSslConfiguration(tls);
    socket->setPeerVerifyName(settings.host.trimmed());
    Conversation talk(socket.get(), settings);

    QCoro::Task<Status> connecting = talk.connect();
    if (Status connected = co_await connecting; !connected)
        co_return connected;
    QCoro::Task<Result<Reply>> greeting = talk.readReply(u"greeting"_s);
    Result<Reply> greeted = co_await greeting;
    if (!greeted)
        co_return greeted.error();
    if (greeted->code != ReplyServiceReady)
        co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server is not taking mail at "
                                                                         "the moment."),
                               greeted.value());

    const QByteArray ehlo = "EHLO " + ehloName().toLatin1();
    QCoro::Task<Result<Reply>> hello = talk.command(ehlo, u"EHLO"_s);
    Result<Reply> capabilities = co_await hello;
    if (!capabilities)
        co_return capabilities.error();
    if (capabilities->code != ReplyOk)
        co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused to talk to "
                                                                         "Storekeeper (EHLO)."),
                               capabilities.value());

    if (settings.security == SmtpSettings::Security::StartTls) {
        if (!capabilities->lines.contains(u"STARTTLS"_s, Qt::CaseInsensitive))
            co_return Error::make(ErrorCode::InvalidInput,
                                  QCoreApplication::translate("SmtpClient", "The mail server does not offer "
                                                                            "STARTTLS. Choose TLS or no security "
                                                                            "in the mail settings."),
                                  capabilities->text());
        QCoro::Task<Result<Reply>> asking = talk.command("STARTTLS", u"STARTTLS"_s);
        Result<Reply> go = co_await asking;
        if (!go)
            co_return go.error();
        if (go->code != ReplyServiceReady)
            co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused to start a "
                                                                             "secure connection."),
                                   go.value());
        QCoro::Task<Status> securing = talk.startTls();
        if (Status secured = co_await securing; !secured)
            co_return secured;
        // Capabilities before TLS are not to be trusted (RFC 3207 4.2).
        QCoro::Task<Result<Reply>> again = talk.command(ehlo, u"EHLO"_s);
        capabilities = co_await again;
        if (!capabilities)
            co_return capabilities.error();
        if (capabilities->code != ReplyOk)
            co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused to talk to "
                                                                             "Storekeeper (EHLO)."),
                                   capabilities.value());
    }

    QStringList mechanisms;
    bool eightBit = false;
    for (const QString &line : std::as_const(capabilities->lines)) {
        const QStringList words = line.toUpper().split(u' ', Qt::SkipEmptyParts);
        if (!words.isEmpty() && words.first() == u"AUTH"_s)
            mechanisms += words.mid(1);
        if (!words.isEmpty() && words.first() == u"8BITMIME"_s)
            eightBit = true;
    }

    if (!settings.user.isEmpty()) {
        const Error authRefused = Error::make(
            ErrorCode::PermissionDenied,
            QCoreApplication::translate("SmtpClient", "The mail server refused the user name or password. Check "
                                                      "them in the mail settings."));
        if (mechanisms.contains(u"PLAIN"_s)) {
            const QByteArray token = ('\0' + settings.user.toUtf8() + '\0' + settings.password.toUtf8()).toBase64();
            QCoro::Task<Result<Reply>> signingIn = talk.command("AUTH PLAIN " + token, u"AUTH PLAIN"_s);
            Result<Reply> signedIn = co_await signingIn;
            if (!signedIn)
                co_return signedIn.error();
            if (signedIn->code != ReplyAuthenticated)
                co_return Error::make(authRefused.code, authRefused.message, signedIn->text());
        } else if (mechanisms.contains(u"LOGIN"_s)) {
            QCoro::Task<Result<Reply>> starting = talk.command("AUTH LOGIN", u"AUTH LOGIN"_s);
            Result<Reply> step = co_await starting;
            if (step && step->code == ReplyChallenge) {
                QCoro::Task<Result<Reply>> naming = talk.command(settings.user.toUtf8().toBase64(), u"AUTH LOGIN"_s);
                step = co_await naming;
            }
            if (step && step->code == ReplyChallenge) {
                QCoro::Task<Result<Reply>> proving =
                    talk.command(settings.password.toUtf8().toBase64(), u"AUTH LOGIN"_s);
                step = co_await proving;
            }
            if (!step)
                co_return step.error();
            if (step->code != ReplyAuthenticated)
                co_return Error::make(authRefused.code, authRefused.message, step->text());
        } else {
            co_return Error::make(ErrorCode::InvalidInput,
                                  QCoreApplication::translate("SmtpClient", "The mail server offers no sign-in "
                                                                            "Storekeeper knows (PLAIN or LOGIN). "
                                                                            "Check the security setting, or clear "
                                                                            "the user name."),
                                  capabilities->text());
        }
    }

    QCoro::Task<Result<Reply>> mailing = talk.command(
        "MAIL FROM:<" + message.fromAddress.toLatin1() + ">" + (eightBit ? " BODY=8BITMIME" : ""), u"MAIL FROM"_s);
    Result<Reply> sender = co_await mailing;
    if (!sender)
        co_return sender.error();
    if (sender->code != ReplyOk)
        co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused the sender "
                                                                         "address %1. Check the sender address in "
                                                                         "the mail settings.")
                                   .arg(message.fromAddress),
                               sender.value());

    QCoro::Task<Result<Reply>> addressing = talk.command("RCPT TO:<" + message.to.toUtf8() + ">", u"RCPT TO"_s);
    Result<Reply> recipient = co_await addressing;
    if (!recipient)
        co_return recipient.error();
    if (recipient->code != ReplyOk && recipient->code != ReplyForwarded)
        co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused the recipient "
                                                                         "%1.")
                                   .arg(message.to),
                               recipient.value());

    QCoro::Task<Result<Reply>> opening = talk.command("DATA", u"DATA"_s);
    Result<Reply> open = co_await opening;
    if (!open)
        co_return open.error();
    if (open->code != ReplyStartData)
        co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused the message."),
                               open.value());
    socket->write(dotStuffed(compose(message, eightBit)));
    QCoro::Task<Result<Reply>> ending = talk.command(".", u"end of data"_s);
    Result<Reply> accepted = co_await ending;
    if (!accepted)
        co_return accepted.error();
    if (accepted->code != ReplyOk)
        co_return talk.refused(QCoreApplication::translate("SmtpClient", "The mail server refused the message."),
                               accepted.value());

    // The message is delivered and the caller marks it sent at once, so the
    // QUIT is not waited for: the socket says goodbye and deletes itself.
    QSslSocket *closing = socket.release();
    QObject::connect(closing, &QAbstractSocket::disconnected, closing, &QObject::deleteLater);
    QTimer::singleShot(settings.timeout, closing, &QObject::deleteLater);
    closing->write("QUIT\r\n");
    closing->disconnectFromHost();
    co_return Status::success();
}

} // namespace sk
