#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <chrono>

#include <QCoroTask>

namespace sk {

// A receipt printer on the network that takes raw ESC/POS on a TCP port
// (9100, "JetDirect"/raw printing). Runs on the thread that calls it, with
// its own socket per receipt; a printer that is off, unplugged or busy is
// a clear sentence after the timeout, never a hang.
class NetworkReceiptPrinter {
public:
    static constexpr quint16 kDefaultPort = 9100;
    static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

    explicit NetworkReceiptPrinter(QString host, quint16 port = kDefaultPort,
                                   std::chrono::milliseconds timeout = kDefaultTimeout);

    const QString &host() const { return m_host; }
    quint16 port() const { return m_port; }

    QCoro::Task<Status> send(QByteArray bytes) const;

private:
    QString m_host;
    quint16 m_port;
    std::chrono::milliseconds m_timeout;
};

} // namespace sk
