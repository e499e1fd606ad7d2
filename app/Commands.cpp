#include "Commands.h"

#include <QCoreApplication>

namespace sk::cli {

const QList<Command> &commands()
{
    static const QList<Command> all{
        {"demo", "demo [--products N] [--history-days N] [--force]",
         QT_TRANSLATE_NOOP("Commands", "Fill a database with a realistic demo shop."), runDemoCommand},
        {"user", "user add --email E --role R --first-name F --last-name L",
         QT_TRANSLATE_NOOP("Commands", "Create a user account; the password is read from standard input."),
         runUserCommand},
        {"check", "check",
         QT_TRANSLATE_NOOP("Commands", "Check the database's integrity and every rule the shop's data keeps."),
         runCheckCommand},
        {"backup", "backup FILE",
         QT_TRANSLATE_NOOP("Commands", "Write a consistent copy of the database, also while registers sell."),
         runBackupCommand},
        {"import", "import products FILE [--format storekeeper|shopify] [--dry-run] [--report FILE]",
         QT_TRANSLATE_NOOP("Commands", "Import products from a Storekeeper or Shopify CSV file."), runImportCommand},
        {"export", "export products FILE [--format storekeeper|shopify]",
         QT_TRANSLATE_NOOP("Commands", "Export every product to a Storekeeper or Shopify CSV file."), runExportCommand},
        {"report", "report sales --from D --to D [--group-by day|week|month|category|vendor|clerk|tender|channel|product] "
                   "[--format csv|json] [--as EMAIL]",
         QT_TRANSLATE_NOOP("Commands", "Print the sales of a date range, grouped, with totals."), runReportCommand},
        {"serve", "serve [--port P] [--bind ADDR] [--rate-limit N]",
         QT_TRANSLATE_NOOP("Commands", "Serve the online shop's JSON API over HTTP until stopped."), runServeCommand},
    };
    return all;
}

const Command *findCommand(QStringView name)
{
    for (const Command &command : commands()) {
        if (name == QLatin1StringView(command.name))
            return &command;
    }
    return nullptr;
}

} // namespace sk::cli
