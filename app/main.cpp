#include "Commands.h"
#include "DesktopCommand.h"
#include "Localization.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDateTime>
#include <memory>

using namespace Qt::StringLiterals;
using namespace sk::cli;

int main(int argc, char *argv[])
{
    // The first statement: "first-paint-ms" counts from here (docs/benchmarks.md).
    const qint64 processStart = QDateTime::currentMSecsSinceEpoch();

    // Before anything asks for a path: the default database lives in the
    // application data folder these names select.
    QCoreApplication::setOrganizationName(u"Storekeeper"_s);
    QCoreApplication::setApplicationName(u"Storekeeper"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(STOREKEEPER_VERSION));

    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments.append(QString::fromLocal8Bit(argv[i]));
    const QString first = rawArguments.value(1);
    const Command *command = findCommand(first);
    const bool isOption = first.isEmpty() || first.startsWith(u'-');

    // Commands run headless: no display needed, no GUI libraries initialised.
    const bool opensWindow = !command && isOption && !DesktopCommand::wantsInformationOnly(rawArguments)
        && DesktopCommand::displayIsAvailable(rawArguments);
    std::unique_ptr<QCoreApplication> app = opensWindow ? std::make_unique<QApplication>(argc, argv)
                                                        : std::make_unique<QCoreApplication>(argc, argv);

    const QString language = Localization::requestedLanguage(app->arguments());
    if (!Localization::install(*app, language))
        return Localization::reportUnsupported(language);

    if (command)
        return command->run(app->arguments());
    if (!isOption)
        return DesktopCommand::reportUnknownCommand(first);
    return DesktopCommand::run(*app, processStart);
}
