#include "CommandLine.h"
#include "Commands.h"

#include "ApiServer.h"
#include "notifications/NotificationSender.h"
#include "orders/OrderService.h"

#include <QHostAddress>
#include <QSocketNotifier>
#include <QTimer>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

constexpr quint16 kDefaultPort = 8000;   // the original platform's
constexpr int kMaxRateLimit = 1'000'000;
// Card payments of web orders left without an answer are looked up once a
// minute, when at least two minutes old (longer than a gateway call with its
// retries), so an answer still on its way is never raced.
constexpr std::chrono::minutes kRecoveryInterval{1};
constexpr std::chrono::minutes kRecoveryMinimumAge{2};

// SIGINT and SIGTERM are written into a pipe that the event loop watches:
// the only safe way from a signal handler back into Qt.
int g_signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int signalNumber)
{
    const char byte = static_cast<char>(signalNumber);
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

bool catchStopSignals()
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(SIGINT, &action, nullptr) == 0 && sigaction(SIGTERM, &action, nullptr) == 0;
}

class ServeCommand {
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)

public:
    static int run(const QStringList &arguments);
    static QCoro::Task<> recoverCardPayments(std::shared_ptr<OrderService> orders, std::shared_ptr<bool> busy);
};

QCoro::Task<> ServeCommand::recoverCardPayments(std::shared_ptr<OrderService> orders, std::shared_ptr<bool> busy)
{
    *busy = true;
    QCoro::Task<Result<OnlinePaymentRecovery>> recovering =
        orders->recoverOnlineCardPayments(Session::system(), kRecoveryMinimumAge);
    const Result<OnlinePaymentRecovery> recovered = co_await std::move(recovering);
    *busy = false;
    if (!recovered)
        printError(tr("Settling card payments without an answer failed: %1").arg(recovered.error().message));
    else if (recovered->paid > 0 || recovered->cancelled > 0)
        printError(tr("Card payments without an answer settled: %1 order(s) paid, %2 unpaid order(s) cancelled.")
                       .arg(recovered->paid)
                       .arg(recovered->cancelled));
}

int ServeCommand::run(const QStringList &arguments)
{
    CommandLine commandLine(u"serve"_s,
                            tr("Serves the online shop's JSON API (docs/api.md) over HTTP until stopped "
                               "with Ctrl+C or SIGTERM."));
    commandLine.addOption(QCommandLineOption(u"port"_s, tr("The TCP port to listen on (default %1; 0 for any free one).")
                                                             .arg(kDefaultPort),
                                             tr("P")));
    commandLine.addOption(QCommandLineOption(
        u"bind"_s, tr("The address to listen on (default 127.0.0.1; 0.0.0.0 for every network)."), tr("ADDR")));
    commandLine.addOption(QCommandLineOption(
        u"rate-limit"_s,
        tr("Requests per second allowed from one client address, with bursts of twice as many (default %1; 0 for no "
           "limit).")
            .arg(api::ApiLimits().requestsPerSecond),
        tr("N")));
    if (std::optional<int> done = commandLine.parse(arguments, 0, 0))
        return *done;

    quint16 port = kDefaultPort;
    if (commandLine.isSet(u"port"_s)) {
        bool isNumber = false;
        const uint value = commandLine.value(u"port"_s).toUInt(&isNumber);
        if (!isNumber || value > 65535)
            return commandLine.usageError(tr("--port needs a whole number from 0 to 65535."));
        port = quint16(value);
    }
    QHostAddress address(QHostAddress::LocalHost);
    if (commandLine.isSet(u"bind"_s)) {
        if (!address.setAddress(commandLine.value(u"bind"_s)))
            return commandLine.usageError(
                tr("--bind needs an IP address such as 127.0.0.1 or 0.0.0.0, not \"%1\".").arg(commandLine.value(u"bind"_s)));
    }
    api::ApiLimits limits;
    if (commandLine.isSet(u"rate-limit"_s)) {
        bool isNumber = false;
        const int value = commandLine.value(u"rate-limit"_s).toInt(&isNumber);
        if (!isNumber || value < 0 || value > kMaxRateLimit)
            return commandLine.usageError(tr("--rate-limit needs a whole number from 0 to %1.").arg(kMaxRateLimit));
        limits.requestsPerSecond = value;
    }

    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MayCreate, true);
    if (!opening)
        return opening.exitStatus;

    api::ApiServer server(api::ApiServices::create(opening.database), limits);
    const Result<quint16> bound = server.listen(address, port);
    if (!bound)
        return commandLine.failed(bound.error());
    // The web shop's orders send their e-mails from here when no desktop is
    // open; several senders on one database never send a message twice.
    NotificationSender notifications(opening.database);
    notifications.start();
    const std::shared_ptr<bool> recovering = std::make_shared<bool>(false);
    QTimer recovery;
    recovery.setInterval(kRecoveryInterval);
    QObject::connect(&recovery, &QTimer::timeout, &server, [&server, recovering] {
        if (!*recovering)
            recoverCardPayments(server.services().orders, recovering);
    });
    recovery.start();
    QTimer::singleShot(0, &server, [&server, recovering] { recoverCardPayments(server.services().orders, recovering); });
    if (!catchStopSignals())
        return commandLine.failed(Error::make(ErrorCode::Internal, tr("Cannot watch for Ctrl+C. Try again.")));
    QSocketNotifier stopNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, &server, [&server, &notifications, &recovery] {
        char byte = 0;
        while (::read(g_signalPipe[0], &byte, 1) > 0) {
        }
        printError(tr("Stopping."));
        notifications.stop();
        recovery.stop();
        server.close();
        QCoreApplication::quit();
    });

    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]"_s.arg(address.toString())
                                                                              : address.toString();
    printOut(tr("Listening on http://%1:%2").arg(host).arg(bound.value()));
    const int status = QCoreApplication::exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return status == 0 ? int(ExitOk) : int(ExitFailed);
}

} // namespace

int runServeCommand(const QStringList &arguments)
{
    return ServeCommand::run(arguments);
}

} // namespace sk::cli
