#include "CommandLine.h"
#include "Commands.h"

#include "auth/Session.h"
#include "catalog/ProductExport.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

class ExportCommand {
    Q_DECLARE_TR_FUNCTIONS(ExportCommand)

public:
    static int run(const QStringList &arguments);

private:
    static int products(const QStringList &arguments);
};

int ExportCommand::run(const QStringList &arguments)
{
    const QString what = arguments.value(2);
    if (what == u"products"_s)
        return products(arguments);
    if (what == u"-h"_s || what == u"--help"_s) {
        printOut(tr("Usage: storekeeper export products FILE [--format storekeeper|shopify]"));
        printOut(tr("Run \"storekeeper export products --help\" to see its options."));
        return ExitOk;
    }
    printError(what.isEmpty() || what.startsWith(u'-')
                   ? tr("storekeeper export: say what to export, for example: storekeeper export products FILE")
                   : tr("storekeeper export: cannot export \"%1\". Only \"products\" can be exported.").arg(what));
    return ExitUsage;
}

int ExportCommand::products(const QStringList &arguments)
{
    CommandLine commandLine(u"export products"_s,
                            tr("Writes every product, with its variants, category, vendor and image addresses, to "
                               "a CSV file that \"storekeeper import products\" reads back. An existing FILE is "
                               "replaced only once the new one is complete."),
                            tr("FILE"));
    commandLine.addOption(QCommandLineOption(u"format"_s, tr("storekeeper (default) or shopify."), tr("FORMAT")));
    if (std::optional<int> done = commandLine.parse(arguments, 1, 1))
        return *done;

    ProductExportOptions options;
    if (commandLine.isSet(u"format"_s)) {
        const std::optional<ProductCsvFormat::Kind> kind =
            ProductCsvFormat::kindFromName(commandLine.value(u"format"_s).trimmed());
        if (!kind)
            return commandLine.usageError(tr("--format must be storekeeper or shopify."));
        options.format = *kind;
    }
    const QString file = QFileInfo(commandLine.arguments().constFirst()).absoluteFilePath();

    // migrate = false: exporting reads the shop as it is.
    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MustExist, false);
    if (!opening)
        return opening.exitStatus;

    const Result<ProductExportSummary> summary =
        Database::wait(ProductExport(opening.database).exportFile(Session::system(), file, options));
    if (!summary)
        return commandLine.failed(summary.error());
    for (const QString &notice : summary->notices)
        printError(tr("Note: %1").arg(notice));
    printOut(tr("%1 products with %2 variants and %3 images written to %4.")
                 .arg(summary->products)
                 .arg(summary->variants)
                 .arg(summary->images)
                 .arg(file));
    return ExitOk;
}

} // namespace

int runExportCommand(const QStringList &arguments)
{
    return ExportCommand::run(arguments);
}

} // namespace sk::cli
