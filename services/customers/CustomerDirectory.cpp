#include "customers/CustomerDirectory.h"

#include "auth/Permissions.h"
#include "auth/User.h"
#include "auth/UserRecords.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxSearchLength = 100;

Status requireDirectory(const Session &actor)
{
    if (actor.isValid()
        && (isAllowed(actor.role, Permission::UseRegister) || isAllowed(actor.role, Permission::ManageCustomers)))
        return Status::success();
    return require(actor, Permission::ManageCustomers);
}

// SQLite's lower() folds ASCII letters only, and the indexes are on lower();
// folding the typed text the same way keeps "Élo" finding "Élodie" there.
QString foldedLike(const Connection &connection, const QString &text)
{
    if (connection.isPostgres())
        return text.toLower();
    QString folded = text;
    for (QChar &c : folded)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return folded;
}

// The first string after every string that starts with prefix, in byte
// (C collation) order: [prefix, end) is the prefix as an index range.
QString prefixEnd(const QString &prefix)
{
    QString end = prefix;
    const char16_t last = end.back().unicode();
    if (last < 0xFFFF)
        end.back() = QChar(char16_t(last + 1));
    else
        end.append(QChar(char16_t(0xFFFF)));
    return end;
}

// One index range probe of at most kSearchLimit customers.
struct Probe {
    QString index;        // SQLite: the index the probe must use
    QString indexed;      // the indexed expression
    QString prefix;
    QString alsoIndexed;  // optional second condition (first + last name)
    QString alsoPrefix;
};

Customer customerFrom(const QSqlQuery &q)
{
    Customer c;
    c.id = q.value(0).toLongLong();
    c.firstName = q.value(1).toString();
    c.lastName = q.value(2).toString();
    c.email = q.value(3).toString();
    c.phone = q.value(4).toString();
    c.createdAt = q.value(5).toDateTime().toUTC();
    c.canSignIn = q.value(6).toString() != CustomerDirectory::unusablePasswordHash();
    return c;
}

constexpr auto kColumns = "id, first_name, last_name, email, phone, created_at, password_hash";

} // namespace

CustomerDirectory::CustomerDirectory(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QString CustomerDirectory::unusablePasswordHash()
{
    // Neither a PHC scrypt string nor a bcrypt one: PasswordHasher::verify
    // refuses it for every password.
    return u"!register"_s;
}

Result<QList<Customer>> CustomerDirectory::searchInTransaction(Connection &connection, const QString &rawText)
{
    const QString text = rawText.simplified().left(kMaxSearchLength);
    if (text.isEmpty())
        return QList<Customer>();
    const bool postgres = connection.isPostgres();
    // PostgreSQL compares in the database's collation unless told otherwise;
    // the indexes of 0011 are in "C" order, which is what a prefix range needs.
    const auto keyed = [postgres](const QString &expression) {
        return postgres ? expression + u" COLLATE \"C\""_s : expression;
    };
    const QString lastName = keyed(u"lower(last_name)"_s);
    const QString firstName = keyed(u"lower(first_name)"_s);
    const QString folded = foldedLike(connection, text);

    const QString byLastName = u"users_customer_last_name"_s;
    const QString byFirstName = u"users_customer_first_name"_s;
    QList<Probe> probes{{byLastName, lastName, folded, {}, {}},
                        {byFirstName, firstName, folded, {}, {}},
                        {u"users_email"_s, keyed(u"email"_s), text.toLower(), {}, {}},
                        {u"users_customer_phone"_s, keyed(u"phone"_s), text, {}, {}}};
    const qsizetype space = folded.indexOf(u' ');
    if (space > 0) {
        const QString first = folded.left(space);
        const QString rest = folded.mid(space + 1);
        probes.append({byFirstName, firstName, first, lastName, rest});
        probes.append({byLastName, lastName, first, firstName, rest});
    }

    QStringList parts;
    QVariantList values;
    int n = 0;
    for (const Probe &probe : probes) {
        QString where = u"role = 'customer' AND is_active = 1 AND %1 >= ? AND %1 < ?"_s.arg(probe.indexed);
        values << probe.prefix << prefixEnd(probe.prefix);
        if (!probe.alsoIndexed.isEmpty()) {
            where += u" AND %1 >= ? AND %1 < ?"_s.arg(probe.alsoIndexed);
            values << probe.alsoPrefix << prefixEnd(probe.alsoPrefix);
        }
        // SQLite's planner may prefer users_role (every customer) when its
        // statistics say little about the range; the range is the point.
        const QString table = postgres ? u"users"_s : u"users INDEXED BY "_s + probe.index;
        parts << u"SELECT * FROM (SELECT %1 FROM %2 WHERE %3 ORDER BY %4 LIMIT %5) AS probe%6"_s.arg(
            QLatin1StringView(kColumns), table, where, probe.indexed)
                     .arg(kSearchLimit)
                     .arg(++n);
    }
    const QString sql = u"SELECT %1 FROM (%2) AS found ORDER BY lower(last_name), lower(first_name), id LIMIT %3"_s
                            .arg(QLatin1StringView(kColumns), parts.join(u" UNION "_s))
                            .arg(kSearchLimit);
    Result<QSqlQuery> rows = connection.exec(sql, values);
    if (!rows)
        return rows.error();
    QList<Customer> customers;
    while (rows.value().next())
        customers.append(customerFrom(rows.value()));
    return customers;
}

Result<Customer> CustomerDirectory::quickCreateInTransaction(Connection &connection, const Session &actor,
                                                             const NewCustomer &customer)
{
    if (Status allowed = requireDirectory(actor); !allowed)
        return allowed.error();
    if (Status valid = userrecords::validateProfile(customer.email, customer.firstName, customer.lastName,
                                                    customer.phone);
        !valid)
        return valid.error();
    const QString email = userrecords::normalisedEmail(customer.email);
    Result<QVariant> taken = connection.scalar(u"SELECT id FROM users WHERE email = ?"_s, {email});
    if (!taken)
        return taken.error();
    if (!taken.value().isNull())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("CustomerDirectory", "There is already an account with the "
                                                                            "e-mail address %1. Search for it "
                                                                            "instead.")
                               .arg(email));
    NewUser user;
    user.email = email;
    user.firstName = customer.firstName;
    user.lastName = customer.lastName;
    user.phone = customer.phone;
    user.role = Role::Customer;
    Result<User> created = userrecords::insert(connection, actor, user, unusablePasswordHash());
    if (!created)
        return created.error();
    Result<QSqlQuery> row = connection.exec(u"SELECT %1 FROM users WHERE id = ?"_s.arg(QLatin1StringView(kColumns)),
                                            {created->id});
    if (!row)
        return row.error();
    if (!row.value().next())
        return Error::make(ErrorCode::Internal, QCoreApplication::translate("CustomerDirectory", "The new customer "
                                                                                                 "could not be read "
                                                                                                 "back. Try again."));
    return customerFrom(row.value());
}

QFuture<Result<QList<Customer>>> CustomerDirectory::search(const Session &actor, const QString &text)
{
    if (Status allowed = requireDirectory(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<Customer>>(allowed.error()));
    return m_database->read([text](Connection &connection) { return searchInTransaction(connection, text); });
}

QFuture<Result<Customer>> CustomerDirectory::quickCreate(const Session &actor, const NewCustomer &customer)
{
    if (Status allowed = requireDirectory(actor); !allowed)
        return QtFuture::makeReadyFuture(Result<Customer>(allowed.error()));
    return m_database->write([actor, customer](Connection &connection) {
        return quickCreateInTransaction(connection, actor, customer);
    });
}

} // namespace sk
