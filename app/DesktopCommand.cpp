#include "DesktopCommand.h"

#include "CommandLine.h"
#include "Commands.h"
#include "DesktopApp.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

const QString kVersionOption = u"version"_s;
const QString kScreenshotOption = u"screenshot"_s;
const QString kSignInOption = u"sign-in"_s;
const QString kExitAfterFirstPaintOption = u"exit-after-first-paint"_s;
const QString kPasswordVariable = u"STOREKEEPER_PASSWORD"_s;

// Platforms on which nobody would see a message box, and exec() would wait
// for ever.
bool platformIsInteractive()
{
    const QString platform = QGuiApplication::platformName();
    return platform != u"offscreen"_s && platform != u"minimal"_s && platform != u"minimalegl"_s;
}

QString commandSummary()
{
    QStringList lines{DesktopCommand::tr("Commands:")};
    for (const Command &command : commands()) {
        lines.append(u"  storekeeper %1"_s.arg(QString::fromLatin1(command.usage)));
        lines.append(u"      "_s + QCoreApplication::translate("Commands", command.summary));
    }
    lines.append(DesktopCommand::tr("Run \"storekeeper COMMAND --help\" to see a command's options."));
    return lines.join(u'\n');
}

} // namespace

bool DesktopCommand::wantsInformationOnly(const QStringList &arguments)
{
    static const QStringList informationFlags{u"-h"_s, u"--help"_s, u"-?"_s, u"-v"_s, u"--version"_s};
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--"_s)
            return false;
        if (informationFlags.contains(arguments.at(i)))
            return true;
    }
    return false;
}

bool DesktopCommand::displayIsAvailable(const QStringList &arguments)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") || arguments.contains(u"-platform"_s);
#else
    Q_UNUSED(arguments);
    return true;
#endif
}

int DesktopCommand::reportUnknownCommand(const QString &command)
{
    QStringList names;
    for (const Command &known : commands())
        names.append(QString::fromLatin1(known.name));
    printError(tr("storekeeper: unknown command \"%1\". The commands are: %2.").arg(command, names.join(u", "_s)));
    if (command.endsWith(u".db"_s) || QFileInfo(command).isFile())
        printError(tr("To open a database file, use: storekeeper --database %1").arg(command));
    printError(tr("Run \"storekeeper --help\" to see the options."));
    return ExitUsage;
}

int DesktopCommand::run(QCoreApplication &app, qint64 processStartMsecsSinceEpoch)
{
    CommandLine commandLine(QString(),
                            tr("Storekeeper: back office and register for shops. Without a command it "
                               "opens the desktop application.")
                                + u"\n\n"_s + commandSummary());
    commandLine.addOption(QCommandLineOption({u"v"_s, kVersionOption}, tr("Show the version.")));
    commandLine.addOption(QCommandLineOption(
        kScreenshotOption, tr("Save a PNG picture of each screen the application shows in DIR."), tr("DIR")));
    // For tests and benchmarks; the password comes from the environment so
    // that it never appears in a process list.
    QCommandLineOption signIn(kSignInOption,
                              tr("Sign in automatically as EMAIL with the password in STOREKEEPER_PASSWORD."),
                              tr("EMAIL"));
    signIn.setFlags(QCommandLineOption::HiddenFromHelp);
    commandLine.addOption(signIn);
    QCommandLineOption exitAfterFirstPaint(kExitAfterFirstPaintOption,
                                           tr("Print \"first-paint-ms N\" once the first window is painted, "
                                              "then quit."));
    exitAfterFirstPaint.setFlags(QCommandLineOption::HiddenFromHelp);
    commandLine.addOption(exitAfterFirstPaint);

    if (std::optional<int> done = commandLine.parse(app.arguments(), 0, 0))
        return *done;
    if (commandLine.isSet(kVersionOption)) {
        printOut(u"%1 %2"_s.arg(QCoreApplication::applicationName(), QCoreApplication::applicationVersion()));
        return ExitOk;
    }

    DesktopOptions options;
    options.processStartMsecsSinceEpoch = processStartMsecsSinceEpoch;
    options.exitAfterFirstPaint = commandLine.isSet(kExitAfterFirstPaintOption);
    if (commandLine.isSet(kSignInOption)) {
        options.signInEmail = commandLine.value(kSignInOption).trimmed();
        options.signInPassword = qEnvironmentVariable("STOREKEEPER_PASSWORD");
        if (options.signInEmail.isEmpty())
            return commandLine.usageError(tr("--sign-in needs an e-mail address."));
        if (options.signInPassword.isEmpty())
            return commandLine.usageError(
                tr("--sign-in needs the password in the environment variable %1.").arg(kPasswordVariable));
    }
    if (commandLine.isSet(kScreenshotOption)) {
        options.screenshotDir = QFileInfo(commandLine.value(kScreenshotOption)).absoluteFilePath();
        if (!QDir().mkpath(options.screenshotDir))
            return commandLine.failed(Error::make(
                ErrorCode::InvalidInput,
                tr("The folder %1 cannot be created. Choose a folder you can write to.").arg(options.screenshotDir)));
    }

    auto *guiApp = qobject_cast<QApplication *>(&app);
    if (!guiApp) {
        printError(tr("Storekeeper cannot open its window: there is no graphical display. Start it in a "
                      "desktop session, or use the commands that need none (storekeeper --help)."));
        return ExitFailed;
    }

    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MayCreate, true);
    if (!opening) {
        // Started from a desktop menu, nobody reads stderr.
        if (platformIsInteractive() && !options.exitAfterFirstPaint) {
            QMessageBox box(QMessageBox::Critical, QCoreApplication::applicationName(), opening.error.message,
                            QMessageBox::Close);
            box.setDetailedText(opening.error.details);
            box.exec();
        }
        return opening.exitStatus;
    }
    return runDesktop(*guiApp, opening.database, options);
}

} // namespace sk::cli
