#include "SmtpTestServer.h"

#include <QSslConfiguration>
#include <QSslSocket>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace sk::test {

namespace {

constexpr long CertificateSeconds = 24L * 60 * 60;

QByteArray pemOf(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

// A P-256 key and a self-signed certificate for localhost and 127.0.0.1.
std::pair<QSslCertificate, QSslKey> makeCertificate()
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -CertificateSeconds);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), CertificateSeconds);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        X509_add_ext(cert.get(), extension, -1);
        X509_EXTENSION_free(extension);
    }
    X509_sign(cert.get(), key.get(), EVP_sha256());

    std::unique_ptr<BIO, decltype(&BIO_free)> certPem(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(certPem.get(), cert.get());
    std::unique_ptr<BIO, decltype(&BIO_free)> keyPem(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return {QSslCertificate(pemOf(certPem.get()), QSsl::Pem), QSslKey(pemOf(keyPem.get()), QSsl::Ec, QSsl::Pem)};
}

} // namespace

// One client's conversation, line by line.
class SmtpTestSession : public QObject {
public:
    SmtpTestSession(SmtpTestServer *server, QSslSocket *socket) : QObject(socket), m_server(server), m_socket(socket)
    {
        connect(socket, &QIODevice::readyRead, this, [this] { readLines(); });
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    }

    void greet()
    {
        if (m_server->m_tls == SmtpTestServer::Tls::Implicit) {
            connect(m_socket, &QSslSocket::encrypted, this, [this] { answer(SmtpTestServer::Step::Greeting, "220 test.smtp ready"); });
            m_socket->startServerEncryption();
            return;
        }
        answer(SmtpTestServer::Step::Greeting, "220 test.smtp ready");
    }

private:
    // False when the server misbehaved instead (the reply was given or the
    // connection dropped).
    bool answer(SmtpTestServer::Step step, const QByteArray &normal)
    {
        const QByteArray instead = m_server->misbehaviourAt(step);
        if (instead == "DROP") {
            m_socket->abort();
            return false;
        }
        m_socket->write((instead.isEmpty() ? normal : instead) + "\r\n");
        return instead.isEmpty();
    }

    void readLines()
    {
        while (m_socket->canReadLine()) {
            QByteArray line = m_socket->readLine();
            if (line.endsWith("\r\n"))
                line.chop(2);
            else if (line.endsWith('\n'))
                line.chop(1);
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                return;
            handle(line);
        }
    }

    void handle(const QByteArray &line)
    {
        using Step = SmtpTestServer::Step;
        if (m_inData) {
            if (line == ".") {
                m_inData = false;
                if (answer(Step::EndOfData, "250 2.0.0 queued as " + QByteArray::number(m_server->m_received.size() + 1))) {
                    m_message.encrypted = m_socket->isEncrypted();
                    m_message.user = m_user;
                    m_server->record(m_message);
                }
                m_message = {};
                return;
            }
            m_message.data += (line.startsWith('.') ? line.mid(1) : line) + "\r\n";
            return;
        }
        if (m_authStep > 0) {
            if (m_authStep == 1) {
                m_authUser = QString::fromUtf8(QByteArray::fromBase64(line));
                m_authStep = 2;
                m_socket->write("334 UGFzc3dvcmQ6\r\n");
            } else {
                m_authStep = 0;
                checkCredentials(m_authUser, QString::fromUtf8(QByteArray::fromBase64(line)));
            }
            return;
        }
        const QByteArray verb = line.left(line.indexOf(' ') < 0 ? line.size() : line.indexOf(' ')).toUpper();
        if (verb == "EHLO" || verb == "HELO") {
            QByteArray reply = "250-test.smtp\r\n250-8BITMIME\r\n";
            if (m_server->m_tls == SmtpTestServer::Tls::StartTls && !m_socket->isEncrypted())
                reply += "250-STARTTLS\r\n";
            if (!m_server->m_user.isEmpty())
                reply += "250-AUTH PLAIN LOGIN\r\n";
            reply += "250 SIZE 10485760";
            answer(Step::Ehlo, reply);
        } else if (verb == "STARTTLS") {
            if (answer(Step::StartTls, "220 2.0.0 go ahead"))
                m_socket->startServerEncryption();
        } else if (verb == "AUTH") {
            const QList<QByteArray> words = line.split(' ');
            if (words.value(1).toUpper() == "PLAIN") {
                const QList<QByteArray> parts = QByteArray::fromBase64(words.value(2)).split('\0');
                checkCredentials(QString::fromUtf8(parts.value(1)), QString::fromUtf8(parts.value(2)));
            } else if (words.value(1).toUpper() == "LOGIN") {
                if (answer(Step::Auth, "334 VXNlcm5hbWU6"))
                    m_authStep = 1;
            } else {
                m_socket->write("504 5.5.4 unknown mechanism\r\n");
            }
        } else if (verb == "MAIL") {
            if (!m_server->m_user.isEmpty() && m_user.isEmpty()) {
                m_socket->write("530 5.7.0 authentication required\r\n");
                return;
            }
            if (answer(Step::MailFrom, "250 2.1.0 ok"))
                m_message.from = QString::fromUtf8(addressIn(line));
        } else if (verb == "RCPT") {
            if (answer(Step::RcptTo, "250 2.1.5 ok"))
                m_message.recipients.append(QString::fromUtf8(addressIn(line)));
        } else if (verb == "DATA") {
            if (answer(Step::Data, "354 end with <CRLF>.<CRLF>"))
                m_inData = true;
        } else if (verb == "RSET") {
            m_message = {};
            m_socket->write("250 2.0.0 ok\r\n");
        } else if (verb == "QUIT") {
            m_socket->write("221 2.0.0 bye\r\n");
            m_socket->disconnectFromHost();
        } else {
            m_socket->write("502 5.5.2 unknown command\r\n");
        }
    }

    void checkCredentials(const QString &user, const QString &password)
    {
        const bool good = user == m_server->m_user && password == m_server->m_password;
        if (!good) {
            m_socket->write("535 5.7.8 bad credentials\r\n");
            return;
        }
        if (answer(SmtpTestServer::Step::Auth, "235 2.7.0 ok"))
            m_user = user;
    }

    static QByteArray addressIn(const QByteArray &line)
    {
        const qsizetype open = line.indexOf('<');
        const qsizetype close = line.indexOf('>', open);
        return open < 0 || close < 0 ? QByteArray() : line.mid(open + 1, close - open - 1);
    }

    SmtpTestServer *m_server;
    QSslSocket *m_socket;
    SmtpTestServer::Received m_message;
    bool m_inData = false;
    int m_authStep = 0;
    QString m_authUser;
    QString m_user;
};

SmtpTestServer::SmtpTestServer(QObject *parent) : QTcpServer(parent)
{
    std::tie(m_certificate, m_key) = makeCertificate();
}

bool SmtpTestServer::listenOnLoopback()
{
    return listen(QHostAddress::LocalHost, 0);
}

void SmtpTestServer::setCredentials(const QString &user, const QString &password)
{
    m_user = user;
    m_password = password;
}

void SmtpTestServer::refuseAt(Step step, const QByteArray &reply, int times)
{
    m_misbehaviours.append({step, reply, times});
}

void SmtpTestServer::dropAt(Step step, int times)
{
    m_misbehaviours.append({step, "DROP", times});
}

void SmtpTestServer::behave()
{
    m_misbehaviours.clear();
}

QByteArray SmtpTestServer::misbehaviourAt(Step step)
{
    for (Misbehaviour &m : m_misbehaviours) {
        if (m.step != step || m.times <= 0)
            continue;
        --m.times;
        return m.reply;
    }
    return {};
}

void SmtpTestServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    ++m_connections;
    socket->setLocalCertificate(m_certificate);
    socket->setPrivateKey(m_key);
    auto *session = new SmtpTestSession(this, socket);
    session->greet();
}

} // namespace sk::test
