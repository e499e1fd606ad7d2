#include "CommandLine.h"
#include "Commands.h"
#include "DemoImages.h"

#include "maintenance/DemoShop.h"

#include <atomic>
#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

class DemoCommand {
    Q_DECLARE_TR_FUNCTIONS(DemoCommand)

public:
    static int run(const QStringList &arguments);
};

constexpr int kMaxDemoProducts = 1'000'000;
constexpr int kMaxHistoryDays = 3660;

// Set by the first Ctrl+C: the progress callback then asks DemoShop to stop,
// and its transaction rolls back, so the database is left as it was. The
// handler resets itself, so a second Ctrl+C ends the program at once.
std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

void catchInterrupt()
{
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}

// "\r"-rewritten progress line on a terminal; nothing when stderr is a file
// or a pipe, so logs stay clean. Called on the database's writer thread.
class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : m_enabled(enabled) {}

    bool update(int done, int total)
    {
        if (m_enabled && total > 0) {
            const int percent = int(qint64(done) * 100 / total);
            if (percent != m_lastPercent) {
                m_lastPercent = percent;
                const QByteArray text =
                    QCoreApplication::translate("DemoCommand", "Creating the demo shop: %1 %")
                        .arg(percent)
                        .toLocal8Bit();
                std::fprintf(stderr, "\r%s", text.constData());
                std::fflush(stderr);
            }
        }
        return !g_interrupted.load();
    }

    void finish()
    {
        if (m_enabled && m_lastPercent >= 0) {
            std::fputc('\n', stderr);
            std::fflush(stderr);
        }
    }

private:
    bool m_enabled;
    int m_lastPercent = -1;
};

int DemoCommand::run(const QStringList &arguments)
{
    CommandLine commandLine(u"demo"_s,
                            tr("Fills the database with a realistic demo shop: vendors, staff, "
                               "customers, and a catalog of products with variants, pictures and categories."));
    commandLine.addOption(QCommandLineOption(
        u"products"_s, tr("How many products to create (default %1).").arg(DemoShop::Options().products),
        tr("N")));
    commandLine.addOption(QCommandLineOption(
        u"history-days"_s,
        tr("How many past days of sales, returns, online orders and reviews to make (default %1; 0 for none).")
            .arg(DemoShop::Options().historyDays),
        tr("N")));
    commandLine.addOption(QCommandLineOption(
        u"force"_s, tr("Add the demo data even though the database already holds a shop.")));
    if (std::optional<int> done = commandLine.parse(arguments, 0, 0))
        return *done;

    DemoShop::Options options;
    if (commandLine.isSet(u"products"_s)) {
        bool isNumber = false;
        const int products = commandLine.value(u"products"_s).toInt(&isNumber);
        if (!isNumber || products < 1 || products > kMaxDemoProducts)
            return commandLine.usageError(
                tr("--products needs a whole number from 1 to %1.").arg(kMaxDemoProducts));
        options.products = products;
    }
    if (commandLine.isSet(u"history-days"_s)) {
        bool isNumber = false;
        const int days = commandLine.value(u"history-days"_s).toInt(&isNumber);
        if (!isNumber || days < 0 || days > kMaxHistoryDays)
            return commandLine.usageError(
                tr("--history-days needs a whole number from 0 to %1.").arg(kMaxHistoryDays));
        options.historyDays = days;
    }
    options.force = commandLine.isSet(u"force"_s);

    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MayCreate, true);
    if (!opening)
        return opening.exitStatus;

    auto progress = std::make_shared<ProgressLine>(stderrIsTerminal());
    options.progress = [progress](int done, int total) { return progress->update(done, total); };
    catchInterrupt();
    const Result<DemoShop::Summary> summary = Database::wait(DemoShop(opening.database).fill(options));
    progress->finish();
    std::signal(SIGINT, SIG_DFL);
    if (!summary) {
        if (summary.error().code == ErrorCode::Cancelled) {
            printError(tr("Stopped: the database was left as it was."));
            return ExitFailed;
        }
        return commandLine.failed(summary.error());
    }
    if (summary->historyCancelled)
        printError(tr("Stopped: the shop is kept with the first %n day(s) of its history.", nullptr,
                      summary->historyDays));
    if (const Result<int> pictures = DemoImages::addTo(opening.database, summary->productIds); !pictures)
        return commandLine.failed(pictures.error());

    printOut(tr("The demo shop is ready in %1: %2 products, %3 vendors and %4 user accounts.")
                 .arg(opening.database->url().displayName())
                 .arg(summary->products)
                 .arg(summary->vendors)
                 .arg(summary->users));
    if (summary->historyDays > 0)
        printOut(tr("Its history: %1 days with %2 sales at the register, %3 returns, %4 online orders and %5 reviews.")
                     .arg(summary->historyDays)
                     .arg(summary->sales)
                     .arg(summary->returns)
                     .arg(summary->onlineOrders)
                     .arg(summary->reviews));
    printOut(QString());
    printOut(tr("Sign in with:"));
    const auto latin1 = [](const char *text) { return QString::fromLatin1(text); };
    const QList<QStringList> accounts{
        {tr("Owner (administrator)"), latin1(DemoShop::AdminEmail),
         tr("password %1").arg(latin1(DemoShop::AdminPassword))},
        {tr("Clerk"), latin1(DemoShop::ClerkEmail),
         tr("password %1, PIN %2").arg(latin1(DemoShop::ClerkPassword), latin1(DemoShop::ClerkPin))},
        {tr("Vendor"), latin1(DemoShop::VendorEmail), tr("password %1").arg(latin1(DemoShop::VendorPassword))},
    };
    qsizetype roleWidth = 0;
    qsizetype emailWidth = 0;
    for (const QStringList &account : accounts) {
        roleWidth = std::max(roleWidth, account.at(0).size());
        emailWidth = std::max(emailWidth, account.at(1).size());
    }
    for (const QStringList &account : accounts)
        printOut(u"  %1  %2  %3"_s.arg(account.at(0).leftJustified(roleWidth), account.at(1).leftJustified(emailWidth),
                                       account.at(2)));
    return ExitOk;
}

} // namespace

int runDemoCommand(const QStringList &arguments)
{
    return DemoCommand::run(arguments);
}

} // namespace sk::cli
