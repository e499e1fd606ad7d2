#include "receipts/NetworkReceiptPrinter.h"

#include <QCoreApplication>
#include <QTcpSocket>

#include <QCoroAbstractSocket>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error printerSilent(const QString &host, const QString &details)
{
    return Error::make(ErrorCode::Unavailable,
                       QCoreApplication::translate("NetworkReceiptPrinter",
                                                   "The receipt printer at %1 does not answer. Check that it is "
                                                   "switched on, has paper and is connected to the network, then "
                                                   "print the receipt again.")
                           .arg(host),
                       details);
}

} // namespace

NetworkReceiptPrinter::NetworkReceiptPrinter(QString host, quint16 port, std::chrono::milliseconds timeout)
    : m_host(std::move(host)), m_port(port), m_timeout(timeout)
{
}

QCoro::Task<Status> NetworkReceiptPrinter::send(QByteArray bytes) const
{
    const QString host = m_host.trimmed();
    if (host.isEmpty())
        co_return Error::make(ErrorCode::InvalidInput,
                              QCoreApplication::translate("NetworkReceiptPrinter",
                                                          "No receipt printer is set up for this register. Enter "
                                                          "its address in Settings, or print through the system "
                                                          "print dialog."));
    const std::chrono::milliseconds timeout = m_timeout;
    QTcpSocket socket;
    // The wrapper is kept for the whole call: its awaitables point into it.
    auto awaitable = qCoro(socket);
    QCoro::Task<bool> connecting =
        awaitable.connectToHost(host, m_port, QIODevice::ReadWrite, QAbstractSocket::AnyIPProtocol, timeout);
    const bool connected = co_await std::move(connecting);
    if (!connected)
        co_return printerSilent(host, socket.errorString());

    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 now = socket.write(bytes.constData() + written, bytes.size() - written);
        if (now < 0)
            co_return printerSilent(host, socket.errorString());
        written += now;
    }
    while (socket.bytesToWrite() > 0) {
        QCoro::Task<std::optional<qint64>> flushing = awaitable.waitForBytesWritten(timeout);
        const std::optional<qint64> flushed = co_await std::move(flushing);
        if (!flushed || *flushed <= 0)
            co_return printerSilent(host, socket.errorString());
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState) {
        QCoro::Task<bool> closing = awaitable.waitForDisconnected(timeout);
        const bool closed = co_await std::move(closing);
        if (!closed)
            socket.abort();  // every byte was handed over; the printer just keeps the line open
    }
    co_return Status::success();
}

} // namespace sk
