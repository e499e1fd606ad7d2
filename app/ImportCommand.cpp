#include "CommandLine.h"
#include "Commands.h"

#include "auth/Session.h"
#include "catalog/ProductImport.h"

#include <QFileInfo>

#include <atomic>
#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

class ImportCommand {
    Q_DECLARE_TR_FUNCTIONS(ImportCommand)

public:
    static int run(const QStringList &arguments);

private:
    static int products(const QStringList &arguments);
};

// Rejected rows printed on stderr; the report file (--report) has them all.
constexpr qsizetype kMaxPrintedRejections = 20;

// The first Ctrl+C asks the import to stop; it then rolls back. The handler
// resets itself, so a second Ctrl+C ends the program at once.
std::shared_ptr<std::atomic<bool>> g_cancel = std::make_shared<std::atomic<bool>>(false);

extern "C" void onImportInterrupt(int)
{
    g_cancel->store(true);
}

int ImportCommand::run(const QStringList &arguments)
{
    const QString what = arguments.value(2);
    if (what == u"products"_s)
        return products(arguments);
    if (what == u"-h"_s || what == u"--help"_s) {
        printOut(tr("Usage: storekeeper import products FILE [--format storekeeper|shopify] [--dry-run] "
                    "[--report FILE]"));
        printOut(tr("Run \"storekeeper import products --help\" to see its options."));
        return ExitOk;
    }
    printError(what.isEmpty() || what.startsWith(u'-')
                   ? tr("storekeeper import: say what to import, for example: storekeeper import products FILE")
                   : tr("storekeeper import: cannot import \"%1\". Only \"products\" can be imported.").arg(what));
    return ExitUsage;
}

int ImportCommand::products(const QStringList &arguments)
{
    CommandLine commandLine(
        u"import products"_s,
        tr("Imports products from a CSV file in Storekeeper's own format or Shopify's product export. Every row is "
           "checked first; the products whose rows are all valid are imported in one transaction, the others are "
           "listed with their line numbers. A product whose handle or SKUs exist is updated. Exit status 1 when any "
           "row was rejected."),
        tr("FILE"));
    commandLine.addOption(QCommandLineOption(
        u"format"_s, tr("storekeeper or shopify (default: told by the file's first line)."), tr("FORMAT")));
    commandLine.addOption(QCommandLineOption(
        u"dry-run"_s, tr("Check the file and say what would change, without changing anything.")));
    commandLine.addOption(QCommandLineOption(
        u"report"_s, tr("Write every rejected row (line, handle, SKU, reason) to this CSV file."), tr("FILE")));
    if (std::optional<int> done = commandLine.parse(arguments, 1, 1))
        return *done;

    ProductImportOptions options;
    if (commandLine.isSet(u"format"_s)) {
        options.format = ProductCsvFormat::kindFromName(commandLine.value(u"format"_s).trimmed());
        if (!options.format)
            return commandLine.usageError(tr("--format must be storekeeper or shopify."));
    }
    options.dryRun = commandLine.isSet(u"dry-run"_s);
    if (commandLine.isSet(u"report"_s)) {
        options.reportPath = QFileInfo(commandLine.value(u"report"_s)).absoluteFilePath();
        if (options.reportPath.isEmpty())
            return commandLine.usageError(tr("--report needs a file name."));
    }
    const QString file = QFileInfo(commandLine.arguments().constFirst()).absoluteFilePath();
    if (!QFileInfo(file).isFile()) {
        printError(tr("The file %1 does not exist. Check the name.").arg(file));
        return ExitFailed;
    }

    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MustExist, true);
    if (!opening)
        return opening.exitStatus;

    const bool showProgress = stderrIsTerminal();
    auto lastPercent = std::make_shared<int>(-1);
    options.progress = [showProgress, lastPercent](qint64 done, qint64 total) {
        if (!showProgress || total <= 0)
            return;
        const int percent = int(done * 100 / total);
        if (percent == *lastPercent)
            return;
        *lastPercent = percent;
        const QByteArray text =
            QCoreApplication::translate("ImportCommand", "Importing: %1 %").arg(percent).toLocal8Bit();
        std::fprintf(stderr, "\r%s", text.constData());
        std::fflush(stderr);
    };
    options.cancel = g_cancel;
    struct sigaction action = {};
    action.sa_handler = onImportInterrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);

    const Result<ImportReport> report =
        Database::wait(ProductImport(opening.database).importFile(Session::system(), file, options));
    std::signal(SIGINT, SIG_DFL);
    if (showProgress && *lastPercent >= 0)
        std::fputc('\n', stderr);
    if (!report) {
        if (report.error().code == ErrorCode::Cancelled) {
            printError(tr("Stopped: the database was left as it was."));
            return ExitFailed;
        }
        return commandLine.failed(report.error());
    }

    for (const QString &notice : report->notices)
        printError(tr("Note: %1").arg(notice));
    const qsizetype printed = std::min(report->rejections.size(), kMaxPrintedRejections);
    for (qsizetype i = 0; i < printed; ++i) {
        const ImportRejection &rejection = report->rejections.at(i);
        printError(tr("Line %1: %2").arg(rejection.line).arg(rejection.reason));
    }
    if (report->rowsRejected > printed)
        printError(options.reportPath.isEmpty()
                       ? tr("... and %1 more rejected rows. Use --report FILE to list them all.")
                             .arg(report->rowsRejected - printed)
                       : tr("... and %1 more rejected rows, all listed in %2.")
                             .arg(report->rowsRejected - printed)
                             .arg(options.reportPath));
    printOut(tr("%1 (%2 rows, %3 format)").arg(report->summary()).arg(report->rows).arg(report->format));
    return report->hasRejections() ? ExitFailed : ExitOk;
}

} // namespace

int runImportCommand(const QStringList &arguments)
{
    return ImportCommand::run(arguments);
}

} // namespace sk::cli
