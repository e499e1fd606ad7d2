#include "CommandLine.h"
#include "Commands.h"
#include "PasswordInput.h"

#include "auth/AuthService.h"
#include "auth/PasswordHasher.h"
#include "auth/PasswordPolicy.h"
#include "auth/Role.h"
#include "auth/UserService.h"
#include "shop/ShopSettings.h"

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

class UserCommand {
    Q_DECLARE_TR_FUNCTIONS(UserCommand)

public:
    static int run(const QStringList &arguments);

private:
    static int add(const QStringList &arguments);
    static QString roleNames();
};

QString UserCommand::roleNames()
{
    QStringList names;
    const QList<Role> roles = allRoles();
    for (Role role : roles)
        names.append(roleName(role));
    return names.join(u", "_s);
}

int UserCommand::run(const QStringList &arguments)
{
    const QString action = arguments.value(2);
    if (action == u"add"_s)
        return add(arguments);
    if (action == u"-h"_s || action == u"--help"_s) {
        printOut(tr("Usage: storekeeper user add --email E --role R --first-name F --last-name L [options]"));
        printOut(tr("Run \"storekeeper user add --help\" to see its options."));
        return ExitOk;
    }
    printError(action.isEmpty() || action.startsWith(u'-')
                   ? tr("storekeeper user: say what to do, for example: storekeeper user add --email E "
                        "--role R --first-name F --last-name L")
                   : tr("storekeeper user: unknown action \"%1\". The only action is \"add\".").arg(action));
    return ExitUsage;
}

int UserCommand::add(const QStringList &arguments)
{
    CommandLine commandLine(
        u"user add"_s,
        tr("Creates a user account. The password is read from standard input: typed twice "
           "without echo on a terminal, else the first line. On a database without a shop, "
           "the first administrator also creates the shop."));
    commandLine.addOption(QCommandLineOption(u"email"_s, tr("The user's e-mail address, used to sign in."), tr("E")));
    commandLine.addOption(QCommandLineOption(u"role"_s, tr("One of: %1.").arg(roleNames()), tr("R")));
    commandLine.addOption(QCommandLineOption(u"first-name"_s, tr("The user's first name."), tr("F")));
    commandLine.addOption(QCommandLineOption(u"last-name"_s, tr("The user's last name."), tr("L")));
    commandLine.addOption(QCommandLineOption(
        u"vendor"_s, tr("For a vendor: the name of the vendor the user works for."), tr("NAME")));
    commandLine.addOption(QCommandLineOption(
        u"shop-name"_s, tr("When this creates the shop: its name (default \"%1\").").arg(tr("My shop")), tr("NAME")));
    if (std::optional<int> done = commandLine.parse(arguments, 0, 0))
        return *done;

    const QString email = commandLine.value(u"email"_s).trimmed();
    if (email.isEmpty())
        return commandLine.usageError(tr("--email is required."));
    if (!commandLine.isSet(u"role"_s))
        return commandLine.usageError(tr("--role is required: one of %1.").arg(roleNames()));
    const QString roleText = commandLine.value(u"role"_s).trimmed().toLower();
    const std::optional<Role> role = roleFromName(roleText);
    if (!role)
        return commandLine.usageError(
            tr("\"%1\" is not a role. Choose one of: %2.").arg(commandLine.value(u"role"_s), roleNames()));
    // The shop keeps a first and a last name for every account (receipts,
    // order history); asking here beats a refusal after the password prompt.
    if (commandLine.value(u"first-name"_s).trimmed().isEmpty()
        || commandLine.value(u"last-name"_s).trimmed().isEmpty())
        return commandLine.usageError(tr("--first-name and --last-name are required."));
    const QString vendorName = commandLine.value(u"vendor"_s).trimmed();
    if (*role == Role::Vendor && vendorName.isEmpty())
        return commandLine.usageError(tr("A vendor account needs --vendor NAME."));
    if (*role != Role::Vendor && !vendorName.isEmpty())
        return commandLine.usageError(tr("--vendor is only for the role vendor."));

    NewUser user;
    user.email = email;
    user.role = *role;
    user.firstName = commandLine.value(u"first-name"_s).trimmed();
    user.lastName = commandLine.value(u"last-name"_s).trimmed();
    user.vendorName = vendorName;

    // The database is opened and asked about before the password is read, so
    // a wrong --database or option is reported before anyone types it twice.
    const DatabaseOpening opening = commandLine.openDatabase(CommandLine::DatabaseFile::MayCreate, true);
    if (!opening)
        return opening.exitStatus;

    const PasswordHasher hasher;
    AuthService auth(opening.database, hasher);
    const Result<bool> needsSetup = Database::wait(auth.needsSetup());
    if (!needsSetup)
        return commandLine.failed(needsSetup.error());
    const bool createsShop = needsSetup.value() && user.role == Role::Admin;
    if (commandLine.isSet(u"shop-name"_s) && !createsShop)
        return commandLine.usageError(
            tr("--shop-name only applies to the first administrator of a database without a shop."));

    const PasswordInput::Reading reading = PasswordInput::readNewPassword(email);
    switch (reading.outcome) {
    case PasswordInput::Outcome::NoInput:
        return commandLine.usageError(tr("Give the password on standard input, for example: "
                                         "storekeeper user add ... < password.txt"));
    case PasswordInput::Outcome::Mismatch:
        return commandLine.failed(Error::make(ErrorCode::InvalidInput,
                                              tr("The two passwords differ. Nothing was changed; try again.")));
    case PasswordInput::Outcome::Read:
        break;
    }
    // Checked here as well as in the service so that a refused password costs
    // no hashing and names the rule at once.
    if (Status acceptable = PasswordPolicy().checkPassword(reading.password, email); !acceptable)
        return commandLine.failed(acceptable.error());
    user.password = reading.password;

    if (createsShop) {
        ShopSettings shop;
        shop.shopName = commandLine.isSet(u"shop-name"_s) ? commandLine.value(u"shop-name"_s).trimmed() : tr("My shop");
        const Result<Session> session = Database::wait(auth.setUpShop(shop, user));
        if (!session)
            return commandLine.failed(session.error());
        printOut(tr("Created the shop \"%1\" and its administrator %2 (user %3).")
                     .arg(shop.shopName, session->email)
                     .arg(session->userId));
        return ExitOk;
    }
    // Whoever can run this command can read and write the database file
    // itself, so the command acts as the system rather than as a signed-in
    // user; the audit journal records it as such (actor 0, "system").
    const Session system = Session::system();
    const Result<User> created = Database::wait(opening.database->write([hasher, system, user](Connection &connection) {
        return UserService::createInTransaction(connection, hasher, system, user);
    }));
    if (!created)
        return commandLine.failed(created.error());
    printOut(tr("Created the account %1 (%2, user %3).")
                 .arg(created->email, roleDisplayName(created->role))
                 .arg(created->id));
    return ExitOk;
}

} // namespace

int runUserCommand(const QStringList &arguments)
{
    return UserCommand::run(arguments);
}

} // namespace sk::cli
