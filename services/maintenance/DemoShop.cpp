#include "maintenance/DemoShop.h"

#include "audit/AuditLog.h"
#include "auth/PasswordHasher.h"
#include "auth/UserRecords.h"
#include "core/BackgroundPool.h"
#include "db/Database.h"
#include "maintenance/DemoCatalog.h"
#include "maintenance/DemoHistory.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

struct Person {
    QString first;
    QString last;
};

const QList<Person> &customerNames()
{
    static const QList<Person> names{
        {u"Ava"_s, u"Thompson"_s},  {u"Liam"_s, u"Garcia"_s},     {u"Mia"_s, u"Schneider"_s},
        {u"Noah"_s, u"Dubois"_s},   {u"Emma"_s, u"Rossi"_s},      {u"Lucas"_s, u"Nowak"_s},
        {u"Sofia"_s, u"Jensen"_s},  {u"Elias"_s, u"Müller"_s},    {u"Chloé"_s, u"Martin"_s},
        {u"Omar"_s, u"Haddad"_s},   {u"Yuki"_s, u"Tanaka"_s},     {u"Priya"_s, u"Sharma"_s},
        {u"Jonas"_s, u"Weber"_s},   {u"Lena"_s, u"Fischer"_s},    {u"Mateo"_s, u"López"_s},
        {u"Zoe"_s, u"Clarke"_s},    {u"Felix"_s, u"Bauer"_s},     {u"Ines"_s, u"Moreau"_s},
        {u"Hugo"_s, u"Lefebvre"_s}, {u"Amara"_s, u"Okafor"_s},    {u"Ben"_s, u"Cohen"_s},
        {u"Clara"_s, u"Wagner"_s},  {u"David"_s, u"Kim"_s},       {u"Eva"_s, u"Novak"_s},
        {u"Finn"_s, u"O'Brien"_s},  {u"Greta"_s, u"Lindqvist"_s}, {u"Hannah"_s, u"Becker"_s},
        {u"Ivan"_s, u"Petrov"_s},   {u"Julia"_s, u"Costa"_s},     {u"Kai"_s, u"Andersen"_s},
    };
    return names;
}

// "Chloé.O'Brien" -> "chloe.obrien": mailbox names as people usually pick them.
QString asciiMailbox(const QString &name)
{
    QString out;
    const QString decomposed = name.normalized(QString::NormalizationForm_KD).toLower();
    for (QChar c : decomposed)
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.')
            out.append(c);
    return out;
}

struct Street {
    QString street;
    QString city;
    QString state;
    QString postcode;
};

const QList<Street> &streets()
{
    static const QList<Street> list{
        {u"12 Market Street"_s, u"Springfield"_s, u"IL"_s, u"62701"_s},
        {u"48 Harbour Road"_s, u"Portland"_s, u"ME"_s, u"04101"_s},
        {u"7 Elm Avenue"_s, u"Madison"_s, u"WI"_s, u"53703"_s},
        {u"230 Oak Lane"_s, u"Austin"_s, u"TX"_s, u"73301"_s},
        {u"5 Lakeview Drive"_s, u"Burlington"_s, u"VT"_s, u"05401"_s},
    };
    return list;
}

struct Staff {
    QString email;
    QString password;
    QString pin;
    Person name;
    Role role;
    QString vendor;
};

QList<Staff> staff()
{
    return {
        {QString::fromLatin1(DemoShop::AdminEmail), QString::fromLatin1(DemoShop::AdminPassword), {},
         {u"Olivia"_s, u"Hart"_s}, Role::Admin, {}},
        {QString::fromLatin1(DemoShop::ClerkEmail), QString::fromLatin1(DemoShop::ClerkPassword),
         QString::fromLatin1(DemoShop::ClerkPin), {u"Sam"_s, u"Rivera"_s}, Role::Clerk, {}},
        {u"clerk2@demo.shop"_s, QString::fromLatin1(DemoShop::ClerkPassword), u"1397"_s, {u"Nadia"_s, u"Khan"_s},
         Role::Clerk, {}},
        {QString::fromLatin1(DemoShop::VendorEmail), QString::fromLatin1(DemoShop::VendorPassword), {},
         {u"Marco"_s, u"Bianchi"_s}, Role::Vendor, u"Bianchi Leather Goods"_s},
        {u"vendor2@demo.shop"_s, QString::fromLatin1(DemoShop::VendorPassword), {}, {u"Aiko"_s, u"Sato"_s},
         Role::Vendor, u"Sato Tea Company"_s},
        {u"vendor3@demo.shop"_s, QString::fromLatin1(DemoShop::VendorPassword), {}, {u"Lars"_s, u"Eriksen"_s},
         Role::Vendor, u"Nordic Outdoor Supply"_s},
    };
}

} // namespace

DemoShop::DemoShop(std::shared_ptr<Database> database) : DemoShop(std::move(database), PasswordHasher()) {}

DemoShop::DemoShop(std::shared_ptr<Database> database, PasswordHasher hasher)
    : m_database(std::move(database)), m_hasher(hasher)
{
}

QFuture<Result<DemoShop::Summary>> DemoShop::fill(Options options)
{
    return QtConcurrent::run(&backgroundPool(), [database = m_database, hasher = m_hasher,
                                                 options]() -> Result<Summary> {
        Result<QVariant> users = Database::wait(
            database->read([](Connection &connection) { return connection.scalar(u"SELECT COUNT(*) FROM users"_s); }));
        if (!users)
            return users.error();
        if (users.value().toLongLong() > 0 && !options.force)
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("DemoShop", "This database already holds a shop. Use another database, or --force to add "
                                  "the demo data beside what is there."));
        // Staff get their own hashes; the demo's customers share one, which
        // keeps filling the demo quick.
        struct HashedStaff {
            Staff person;
            QString passwordHash;
            QString pinHash;
        };
        QList<HashedStaff> hashed;
        const QList<Staff> people = staff();
        // Staff hashes, the customers' hash, the catalog in steps, the end.
        const int historyDays = qMax(0, options.historyDays);
        const int total = int(people.size()) + 2 + DemoCatalog::progressSteps(options.products) + historyDays;
        int done = 0;
        for (const Staff &person : people) {
            Result<QString> hash = hasher.hash(person.password);
            if (!hash)
                return hash.error();
            QString pinHash;
            if (!person.pin.isEmpty()) {
                Result<QString> pin = hasher.hashPin(person.pin);
                if (!pin)
                    return pin.error();
                pinHash = pin.value();
            }
            hashed.append({person, hash.value(), pinHash});
            if (options.progress && !options.progress(++done, total))
                return Error::make(ErrorCode::Cancelled, QCoreApplication::translate("DemoShop", "Filling the demo shop was cancelled; nothing was written."));
        }
        Result<QString> customerHash = hasher.hash(u"Customer-demo-4444"_s);
        if (!customerHash)
            return customerHash.error();
        if (options.progress && !options.progress(++done, total))
            return Error::make(ErrorCode::Cancelled, QCoreApplication::translate("DemoShop", "Filling the demo shop was cancelled; nothing was written."));

        Result<Summary> summary = Database::wait(database->write([hashed, customerHash = customerHash.value(), options,
                                                                  done, total](
                                                                     Connection &connection) -> Result<Summary> {
            Summary result;
            ShopSettings shop;
            shop.shopName = u"Corner Store & Co."_s;
            shop.address = u"1 High Street, Springfield, IL 62701"_s;
            shop.phone = u"+1 217 555 0100"_s;
            shop.email = u"hello@demo.shop"_s;
            shop.receiptFooter = u"Thank you for shopping with us! Returns within 30 days with this receipt."_s;
            // The journal names the demo's administrator as the one who added
            // everything else, also when a forced fill finds it already there.
            Session system;
            for (const HashedStaff &person : hashed) {
                Result<QVariant> exists = connection.scalar(u"SELECT id FROM users WHERE email = ?"_s, {person.person.email});
                if (!exists)
                    return exists.error();
                if (!exists.value().isNull()) {
                    if (!system.isValid() && person.person.role == Role::Admin) {
                        system.userId = exists.value().toLongLong();
                        system.email = person.person.email;
                        system.role = Role::Admin;
                    }
                    continue;
                }
                NewUser user;
                user.email = person.person.email;
                user.firstName = person.person.name.first;
                user.lastName = person.person.name.last;
                user.role = person.person.role;
                user.vendorName = person.person.vendor;
                Result<User> created = userrecords::insert(connection, system, user, person.passwordHash, person.pinHash);
                if (!created)
                    return created.error();
                if (!system.isValid() && created->role == Role::Admin) {
                    system.userId = created->id;
                    system.email = created->email;
                    system.role = Role::Admin;
                }
                ++result.users;
                if (user.role == Role::Vendor)
                    ++result.vendors;
            }
            Result<ShopSettings> existing = SettingsService::loadInTransaction(connection);
            if (!existing)
                return existing.error();
            if (existing->shopName.isEmpty())
                if (Status ok = SettingsService::saveInTransaction(connection, system, shop); !ok)
                    return ok.error();
            const QList<Person> &names = customerNames();
            for (qsizetype i = 0; i < names.size(); ++i) {
                const Person &name = names[i];
                NewUser customer;
                customer.email = asciiMailbox(name.first + u'.' + name.last) + u"@example.com"_s;
                customer.firstName = name.first;
                customer.lastName = name.last;
                customer.phone = u"+1 555 01%1"_s.arg(qlonglong(i), 2, 10, QChar(u'0'));
                customer.role = Role::Customer;
                Result<QVariant> exists = connection.scalar(u"SELECT id FROM users WHERE email = ?"_s, {customer.email});
                if (!exists)
                    return exists.error();
                if (!exists.value().isNull())
                    continue;
                Result<User> created = userrecords::insert(connection, system, customer, customerHash);
                if (!created)
                    return created.error();
                const Street &street = streets()[i % streets().size()];
                if (Status ok = connection.run(u"INSERT INTO addresses (user_id, street_address, city, state, postal_code, "
                                               "country, is_default, address_type) VALUES (?, ?, ?, ?, ?, 'US', 1, 'shipping')"_s,
                                               {created->id, street.street, street.city, street.state, street.postcode});
                    !ok)
                    return ok.error();
                ++result.users;
            }

            // A forced fill does not add the catalog a second time.
            Result<bool> hasCatalog = DemoCatalog::existsInTransaction(connection);
            if (!hasCatalog)
                return hasCatalog.error();
            if (!hasCatalog.value()) {
                DemoCatalog::Vendors vendors;
                Result<QSqlQuery> rows = connection.exec(u"SELECT id, name FROM vendors WHERE name IN (?, ?, ?)"_s,
                                                         {u"Bianchi Leather Goods"_s, u"Sato Tea Company"_s,
                                                          u"Nordic Outdoor Supply"_s});
                if (!rows)
                    return rows.error();
                while (rows.value().next()) {
                    const QString name = rows.value().value(1).toString();
                    qint64 &slot = name == u"Bianchi Leather Goods"_s ? vendors.leather
                                   : name == u"Sato Tea Company"_s    ? vendors.tea
                                                                      : vendors.outdoor;
                    slot = rows.value().value(0).toLongLong();
                }
                Result<QList<qint64>> ids = DemoCatalog::fillInTransaction(
                    connection, system.isValid() ? system : Session::system(), options.products, vendors,
                    [&options, done, total](int step) { return !options.progress || options.progress(done + step, total); });
                if (!ids)
                    return ids.error();
                result.productIds = ids.value();
                result.products = int(ids->size());
                Result<DemoCatalog::Stock> stocked = DemoCatalog::stockInTransaction(
                    connection, system.isValid() ? system : Session::system());
                if (!stocked)
                    return stocked.error();
            }
            return result;
        }));
        if (!summary)
            return summary;
        Summary made = summary.value();
        // The history goes through the services, a transaction per step, so
        // it runs after the shop is committed; a forced fill that found the
        // catalog there adds no second history.
        if (historyDays > 0 && !made.productIds.isEmpty()) {
            const int before = total - historyDays - 1;
            Result<DemoHistory::Summary> history =
                DemoHistory(database).make(historyDays, [&options, before, total](int days) {
                    return !options.progress || options.progress(before + days, total);
                });
            if (!history)
                return history.error();
            made.historyDays = history->days;
            made.sales = history->sales;
            made.returns = history->returns;
            made.onlineOrders = history->onlineOrders;
            made.reviews = history->reviews;
            made.historyCancelled = history->cancelled;
        }
        if (options.progress && !made.historyCancelled)
            options.progress(total, total);
        return made;
    });
}

} // namespace sk
