#include "CommandLine.h"

#include "Commands.h"

#include "db/DatabaseUrl.h"

#include <QFileInfo>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

void printLine(std::FILE *stream, const QString &line)
{
    const QByteArray bytes = line.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

const QString kDatabaseOption = u"database"_s;
const QString kLanguageOption = u"lang"_s;
const QString kVerboseOption = u"verbose"_s;
const QString kHelpOption = u"help"_s;

} // namespace

void printOut(const QString &line)
{
    printLine(stdout, line);
}

void printError(const QString &line)
{
    printLine(stderr, line);
}

bool stdinIsTerminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}

bool stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

CommandLine::CommandLine(QString command, QString description, QString syntax)
    : m_command(std::move(command)), m_syntax(std::move(syntax))
{
    m_parser.setApplicationDescription(description);
}

void CommandLine::addCommonOptions()
{
    // Added last so that --help lists the command's own options first.
    m_parser.addOption(QCommandLineOption(
        kDatabaseOption,
        tr("The shop's database: a file path, sqlite:///path or postgresql://user:password@host:port/name. "
           "Default: the STOREKEEPER_DATABASE environment variable, else %1.")
            .arg(DatabaseUrl::defaultSqlitePath()),
        tr("URL")));
    m_parser.addOption(QCommandLineOption(kLanguageOption, tr("Language of messages: en, de or fr."), tr("LANG")));
    m_parser.addOption(QCommandLineOption(kVerboseOption, tr("Also print the technical details of a failure.")));
    m_parser.addOption(QCommandLineOption({u"h"_s, kHelpOption}, tr("Show this help.")));
}

std::optional<int> CommandLine::parse(const QStringList &arguments, int minArguments, int maxArguments)
{
    addCommonOptions();
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(kHelpOption)) {
        printOut(helpText());
        return ExitOk;
    }
    const qsizetype commandWords = m_command.split(u' ', Qt::SkipEmptyParts).size();
    m_arguments = m_parser.positionalArguments().mid(commandWords);
    if (m_arguments.size() > maxArguments) {
        const QString unexpected = m_arguments.at(maxArguments);
        if (m_command.isEmpty() && findCommand(unexpected))
            return usageError(tr("Put the command first: storekeeper %1 [options]").arg(unexpected));
        return usageError(tr("Unexpected argument \"%1\".").arg(unexpected));
    }
    if (m_arguments.size() < minArguments)
        return usageError(tr("Missing argument: %1.").arg(m_syntax));
    return std::nullopt;
}

int CommandLine::usageError(const QString &message) const
{
    const QString program = m_command.isEmpty() ? u"storekeeper"_s : u"storekeeper "_s + m_command;
    printError(u"%1: %2"_s.arg(program, message));
    printError(tr("Run \"%1 --help\" to see the options.").arg(program));
    return ExitUsage;
}

int CommandLine::failed(const Error &error) const
{
    printError(error.message);
    if (m_parser.isSet(kVerboseOption) && !error.details.isEmpty())
        printError(tr("Details: %1").arg(error.details));
    return ExitFailed;
}

DatabaseOpening CommandLine::openDatabase(DatabaseFile file, bool migrate) const
{
    const Result<DatabaseUrl> url = DatabaseUrl::resolve(m_parser.value(kDatabaseOption));
    if (!url)
        return {nullptr, usageError(url.error().message), url.error()};
    if (file == DatabaseFile::MustExist && url->isSqlite() && !QFileInfo::exists(url->path)) {
        const Error missing = Error::make(ErrorCode::NotFound,
                                          tr("There is no database file %1. Name the shop's database with "
                                             "--database FILE or the STOREKEEPER_DATABASE environment variable.")
                                              .arg(url->path));
        return {nullptr, failed(missing), missing};
    }
    // Commands need one reader at most; the desktop application reads more.
    const Database::Options options{.readers = m_command.isEmpty() ? Database::Options().readers : 1,
                                    .migrate = migrate};
    Result<std::shared_ptr<Database>> database = Database::open(url.value(), options);
    if (!database)
        return {nullptr, failed(database.error()), database.error()};
    return {database.value(), ExitOk, {}};
}

QString CommandLine::helpText() const
{
    // QCommandLineParser's own usage line names neither the command nor its
    // arguments, so it is replaced.
    QString text = m_parser.helpText();
    const qsizetype endOfUsage = text.indexOf(u'\n');
    QString usage = m_command.isEmpty() ? tr("Usage: storekeeper [options]")
                                        : tr("Usage: storekeeper %1 [options]").arg(m_command);
    if (!m_syntax.isEmpty())
        usage += u' ' + m_syntax;
    return usage + u"\n\n"_s + text.mid(endOfUsage).trimmed();
}

} // namespace sk::cli
